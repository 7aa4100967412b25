#!/usr/bin/env python3
"""Converts the phone number specs of Microsoft Recognizers-Text (MIT) into the score format of
`cargo xtask scan --score` (see README.md beside this file, "recognizers-text", for the source,
the rules and every correction):

    {"set": "recognizers-text", "locale": "US", "text": "...",
     "expect": [{"start": b, "end": b, "e164": "+1..."}], "source": "..."}

`start`/`end` are UTF-8 byte offsets into `text` (the specs give character offsets, or none);
`source` names the spec file and the case's index in it (from 0).

Usage, with a checkout of https://github.com/microsoft/Recognizers-Text or a bare git directory
of it (then the files are read with `git show REV:path`):

    python3 tests/data/outside/recognizers.py RECOGNIZERS [--rev REV] [--out FILE] [--check]

Standard library only: the numbers are read with the numbering plans of
xtask/libphonenumber/PhoneNumberMetadata.xml (libphonenumber's own metadata, as the finder's
tables are made from it): a mark without "+" is read in the country whose plan it is written in
(PLAN below), and every expected number must be valid there. `--check` also parses every
expected number with the Python `phonenumbers` package, if installed, and fails where it gives
another E.164 or calls the number invalid.

Every text the specs mark as a phone number is judged here, by its text: PLAN (a number, read in
that country), DROP (the case is left out, and why) or NOT_A_NUMBER (the mark is wrong: not a
phone number). CORRECT replaces the marks of whole cases. The script fails on a mark it has no
judgement for, so a newer spec cannot slip in unjudged.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
METADATA = os.path.join(HERE, "..", "..", "..", "xtask", "libphonenumber", "PhoneNumberMetadata.xml")
SET = "recognizers-text"
SPEC = "Specs/Sequence/{}/PhoneNumberModel.json"

# The region each language's texts are read in, unless a case's numbers are written in the form
# of another country (see locale_of).
LANGUAGES = {
    "English": "US", "Chinese": "CN", "Portuguese": "BR", "Hindi": "IN", "Turkish": "TR",
    "Dutch": "NL", "French": "FR", "German": "DE", "Italian": "IT", "Japanese": "JP",
    "Korean": "KR", "Spanish": "ES",
}

# --------------------------------------------------------------------------------------------
# Judgements, by the text the specs mark (the same text gets the same judgement in every
# language: the Chinese and Portuguese specs are translations of the English one).

# Marks without "+": the country whose numbering plan the number is written in. The English spec
# lists numbers country by country (each block with the number's "+CC" forms next to its national
# ones), so a national form's country is its block's.
PLAN = {}
for region, marks in {
    "US": ["1 (877) 609-2233", "(541) 754-3010", "541-754-3010", "1-541-754-3010",
           "14325678901", "269-541-4584x068", "011-82-10-1234-5678", "1(516)733-3989",
           "(914)349-8600", "(516)733-3989"],
    "BR": ["( 19 ) 38294427", "(19) 35831647", "(21) 996205563", "(21)99713-3601",
           "(71)3019-9811", "018 997821551", "21 995556144", "92995299770", "1692089-4635",
           "16920894635", "16 99202-4635", "(16)99202-4635", "(16)92089-4635",
           "(16) 92089-4635", "(15) 4343-4343", "19 35831647"],
    "GB": ["0044 07456934723", "004407624938475", "07098 785467", "07453 372 351",
           "07877 954 457", "07893 564893", "01611234567", "0161 123 4567", "(0161) 123 4567",
           "0161-123-4567", "00 44 161 1234567", "0161-158-5587", "0161 123 4567 ext. 123",
           "01611234567x123", "(0131) 496 0537"],
    "DE": ["00 49 176 12345678", "00 49 17612345678", "0049 171 1234567", "0049 176 12345678",
           "00491731234567", "0049176 12345678", "004917612345678", "0171 1234567",
           "01731234567", "0176 -12345678", "0176 12 34 56 78", "0176 123 456 78",
           "0176 1234 5678", "0176 12345678", "0176- 12345678", "0176-12345678",
           "0176/ 12345678", "0176/12345678", "017612345678", "089-1234567", "0891234567",
           "0049-89-123456", "089 123456-78", "(03336) 24056"],
    "ES": ["622 15 31 23", "632 139823", "679 124 898", "652123123"],
    "CN": ["010-6228-8559", "010-62288559", "18911111111", "189 1111 1111", "189-1111-1111",
           "0086-18911111111", "86-18911111111", "0086 18911111111", "86 18911111111",
           "0086 189-1111-1111", "86 189-1111-1111", "02011111111", "020-11111111",
           "020 11111111", "020 1111 1111", "020-1111-1111", "0086 020 82803159",
           "0086-020-82803159", "86 (40) 08423331", "13604779660", "13604770960",
           "010-65980408-8001", "010-65980408-8000", "021-68804868", "021-68812753",
           "021-68808888"],
    "AE": ["00971501234567", "971551234567", "971 56 123 4567", "971-50-123-4567",
           "971 (56) 1234567", "0551234567", "600-540-000"],
    "BG": ["359895123456", "0898111222", "0886111222", "0875111222", "0899555555",
           "359898111222", "090012900", "070010007", "070043256", "35970045045", "35970045666",
           "080088001", "080015333", "028700000", "030100000", "03010070", "03656745"],
    "FR": ["0644444444", "06 44 44 44 44", "06-44-44-44-44", "0033644444444"],
    "IN": ["9999114011", "03598245785", "1302231221", "9834257234", "011-26701508",
           "09810234587", "0124-2543645", "1-800-555-6666", "1800 425 3800", "1800-103-8181",
           "91-22-39830000", "912239830000", "91-124-2543100", "९९२५७४३५०८", "१८००४२५३८००"],
    "MA": ["0610245896", "0630548564", "0528254856", "0535484541", "00212644444444"],
    "NL": ["0101234567", "010-1234567", "010 - 123 45 67", "010 1234 567", "06-12345678",
           "06 123 456 78", "0111-123456", "0111 123456", "0031101234567", "003110 1234567",
           "0031111-123456", "06-23456789", "06 23456789", "0623456789", "31612234567",
           "(06) 12234567", "(06)-12234567", "(084)-9682756"],
    "RO": ["0213-564-864", "0213564864", "0313564864", "0720512346", "0730512346",
           "0740512346", "0750512346", "0760512346", "0770512346", "0780512346"],
    "IT": ["012234", "312 2411111", "0039 3122411111", "3122411111"],
    "TR": ["(0212) 338 10 00", "2122281693", "0850 222 1 833", "444 0 446", "0530 357 29 86"],
}.items():
    for mark in marks:
        assert mark not in PLAN, mark
        PLAN[mark] = region

# Where an extension follows a hyphen (the Chinese way of writing one), the part that is dialled;
# "x"/"ext" extensions are recognised without this. (German "089 123456-78" is not here: the
# digits after a German hyphen are the direct-dial line, dialled with the rest.)
DIALLED = {
    "+86 20 61302222-8866": "+86 20 61302222",
    "+86 20 6130-2222-8866": "+86 20 6130-2222",
    "010-65980408-8001": "010-65980408",
    "010-65980408-8000": "010-65980408",
}

# Why a case is left out: a phone number the writer gives as theirs that no one could dial, so
# that neither finding it nor passing it by is right.
REASONS = {
    "made-up": "made up: not a valid number in its country's real numbering plan",
    "digits": "a digit too few or too many for its country's numbering plan",
    "local": "a local number without its area code: no E.164 can be stated",
    "obsolete": "an 8-digit Brazilian mobile number, before the ninth digit (2012-2016)",
    "country": "no country's plan fits: not valid in the plan of the block it is in",
    "zeros": "a toll-free placeholder of zeros (0800 000 0000) outside any country's block",
}
DROP = {}
for (region, reason), marks in {
    (None, "made-up"): ["+1 (123)456-7890", "+1(123)456-7890", "+971 (0) 4 1234567",
                        "+35998111222", "+420123456789", "+420 123456789", "+420 123 456 789",
                        "+421123456789", "+421 123456789", "+421 123 456 789",
                        "(+45) 12-34-56-78", "(+45) 12 345 678", "(+45) 12 34 56 78",
                        "(+45) 1234 5678", "(+45) 12345678", "+45 12-34-56-78",
                        "+45 12 345 678", "+45 12 34 56 78", "+45 1234 5678", "(+45)12-34-56-78",
                        "(+45) 12-345-678", "(+45) 1234-5678", "+31 12-3456789", "+31 12 3456789",
                        "(+31) 12-3456789", "(+31) (12) 3456789", "(+31) 12 3456789",
                        "(+31)12-3456789", "+31 123-456789", "+31 123 456789",
                        "(+31) (12)-3456789", "+49(0)1560 77474", "+49 (0) 1357 528320",
                        "+73(3)3045560862", "+34319 02 81 26", "+34 554 94 87 12",
                        "+31(0)14-5008352", "+55 11 12345-6789", "+91 24 39830000",
                        "+44 7700900397", "+447700 900 397"],
    (None, "digits"): ["+44(0)161234567", "+44161234567x123"],
    ("US", "made-up"): ["000 111 82-2100", "1444-555-1234", "246.555.8888", "1235554567",
                        "(123)456-7890", "1-444-555-1234", "1(123)456-7890",
                        "837.824.1482x6388", "(797)203-4036x470", "837.824.1482x63888",
                        "837.824.1482ext63888", "837.824.1482 ext 63888", "837.824.1482 x 63888",
                        "(123) 456-7890", "123 456 7890", "123)456-7890", "123.456.7890",
                        "1234567890", "(123).456.7890", "012-3333", "3333/2/6666",
                        "1000-1-999"],
    ("US", "local"): ["223-4567"],
    ("US", "digits"): ["(011) 44 161 234567"],
    ("BR", "made-up"): ["(55) 3333-33333", "(081) 3333-33333"],
    ("BR", "country"): ["280930640", "972101245"],
    ("BR", "digits"): ["16992089-4635"],
    ("BR", "local"): ["99202-4635"],
    ("BR", "obsolete"): ["(16) 9208-4635"],
    ("GB", "made-up"): ["0044 07700 900873", "07700 900873", "07700900095"],
    ("GB", "zeros"): ["0800-000-00-00", "0800 000 00 00", "0800-00-00-00", "0800 00 00 00",
                        "0800-000-0000", "0800 000 0000", "08000000000"],
    ("AE", "made-up"): ["971.4.123.4567", "021234567"],
    ("BG", "made-up"): ["00898111222", "098111222", "08000700"],
    ("CZ", "made-up"): ["00420123456789", "00420 123456789", "00420 123 456 789",
                        "00 420 123 456 789", "123456789", "123 456 789"],
    ("SK", "made-up"): ["00421123456789", "00421 123456789", "00421 123 456 789",
                        "00 421 123 456 789"],
    ("DK", "made-up"): ["12-34-56-78", "12 345 678", "12 34 56 78", "1234 5678", "12345678",
                        "(0045) 12-34-56-78", "(0045) 12 34 56 78", "0045 12 34 56 78"],
    ("NL", "made-up"): ["012-3456789", "012 3456789", "(012) 3456789", "(012)-3456789",
                        "0123-456789", "0123 456789"],
    ("NL", "digits"): ["316122345678"],
    ("CN", "local"): ["7629236", "7633569", "83792841", "52090833"],
    ("IN", "local"): ["26741570"],
    ("MA", "made-up"): ["05 28 44 44 44"],
    ("TR", "local"): ["258 55 55"],
}.items():
    for mark in marks:
        assert mark not in DROP and mark not in PLAN, mark
        DROP[mark] = (region, reason)

# Marks that are no phone number: the case stays, without them.
NOT_A_NUMBER = {
    "1237812": "digits in a list after a percentage, no phone context; 123-7812 is no US number",
    "1237812739": "digits in a list, no phone context; area code 123 does not exist in the US",
}

# Cases whose marks are replaced: input text -> ([(number text, plan region)], why).
AREA_CODE_AFTER = "the text says the area code 19 lost its opening parenthesis: the number is (19) 3583-1647, not the local part the spec marks"
CORRECT = {
    "19) 35831647 looks like the area code is missing the starting parenthesis":
        ([("19) 35831647", "BR")], AREA_CODE_AFTER),
    "19) 35831647看起来区号缺少了起始括号": ([("19) 35831647", "BR")], AREA_CODE_AFTER),
    "19) 35831647 parece que tem um parenteses faltando antes do código de área":
        ([("19) 35831647", "BR")], AREA_CODE_AFTER),
    "宝爵台球会所-13604770960":
        ([("13604770960", "CN")], "the spec wants no number, but 136 0477 0960 is a Chinese mobile "
         "number after a business's name and a dash, the number cases 378 and 379 mark"),
}

# --------------------------------------------------------------------------------------------
# Numbering plans (libphonenumber's metadata, read the way its parser reads a number).

TYPES = ["premiumRate", "tollFree", "sharedCost", "voip", "personalNumber", "pager", "uan",
         "voicemail", "fixedLine", "mobile"]


def _pattern(text):
    return re.compile(re.sub(r"\s+", "", text or ""))


def _lengths(spec):
    out = set()
    for part in (spec or "").split(","):
        if not part:
            continue
        if part.startswith("["):
            lo, hi = part[1:-1].split("-")
            out.update(range(int(lo), int(hi) + 1))
        else:
            out.add(int(part))
    return out


class Plan:
    def __init__(self, node):
        self.id = node.get("id")
        self.cc = node.get("countryCode")
        self.main = node.get("mainCountryForCode") == "true"
        self.idd = _pattern(node.get("internationalPrefix"))
        np = node.get("nationalPrefix")
        self.npp = _pattern(node.get("nationalPrefixForParsing") or np) if (np or node.get("nationalPrefixForParsing")) else None
        rule = node.get("nationalPrefixTransformRule")
        self.transform = re.sub(r"\$(\d)", r"\\g<\1>", re.sub(r"\s+", "", rule)) if rule else None
        self.leading = _pattern(node.get("leadingDigits")) if node.get("leadingDigits") else None
        self.general = _pattern(node.find("generalDesc/nationalNumberPattern").text)
        self.types = {}
        self.all_lengths, self.local_only = set(), set()
        for t in TYPES + ["noInternationalDialling"]:
            desc = node.find(t)
            if desc is None or desc.find("nationalNumberPattern") is None:
                continue
            lengths = desc.find("possibleLengths")
            lens = _lengths(lengths.get("national") if lengths is not None else "")
            if lengths is not None:
                self.local_only |= _lengths(lengths.get("localOnly"))
            self.all_lengths |= lens
            if t in TYPES:
                self.types[t] = (_pattern(desc.find("nationalNumberPattern").text), lens)

    def kind(self, nsn):
        """The number's type here, or None: invalid."""
        if not self.general.fullmatch(nsn):
            return None
        for t, (pattern, lens) in self.types.items():
            if (not lens or len(nsn) in lens) and pattern.fullmatch(nsn):
                return t
        return None

    def strip_national_prefix(self, number):
        """libphonenumber's maybe_strip_national_prefix_and_carrier_code, then its length test."""
        if not self.npp or not number:
            return number
        m = self.npp.match(number)
        if not m:
            return number
        viable = bool(self.general.fullmatch(number))
        groups = m.groups()
        if not self.transform or not groups or groups[-1] is None:
            out = number[m.end():]
        else:
            out = m.expand(self.transform) + number[m.end():]
        if viable and not self.general.fullmatch(out):
            return number
        n = len(out)  # libphonenumber's test_number_length: keep it only if possible or too long
        if n in self.local_only and n not in self.all_lengths:
            return number
        if self.all_lengths and (n < min(self.all_lengths) or
                                 (n not in self.all_lengths and n <= max(self.all_lengths))):
            return number
        return out


class Plans:
    def __init__(self, path):
        self.by_id, self.by_cc = {}, {}
        for node in ET.parse(path).getroot().iter("territory"):
            plan = Plan(node)
            if plan.id != "001":
                self.by_id[plan.id] = plan
            self.by_cc.setdefault(plan.cc, []).append(plan)
        for plans in self.by_cc.values():
            plans.sort(key=lambda p: not p.main)

    def valid(self, cc, nsn):
        plans = self.by_cc.get(cc, [])
        if len(plans) == 1:
            return plans[0].kind(nsn) is not None
        for plan in plans:  # libphonenumber's region_code_for_number, then is_valid_number
            if plan.leading:
                if plan.leading.match(nsn):
                    return plan.kind(nsn) is not None
            elif plan.kind(nsn):
                return True
        return False

    def split_cc(self, digits):
        for n in (1, 2, 3):
            if digits[:n] in self.by_cc and digits[0] != "0":
                return digits[:n], digits[n:]
        raise ValueError(f"no country code at the start of {digits}")

    def parse(self, text, region):
        """(E.164, form) of a number's text read in `region`; form is how the country is given:
        "+" (a "+CC"), "idd" (an international prefix), "cc" (the country code without either)
        or "national"."""
        text = re.sub(r"(?i)\s*(?:ext\.?|x)\s*\d+$", "", text)
        digits = "".join(str(unicodedata.decimal(ch)) for ch in text if ch.isdigit())
        if "+" in text:
            cc, nsn = self.split_cc(digits)
            form = "+"
        else:
            plan = self.by_id[region]
            m = plan.idd.match(digits)
            if m and digits[m.end():m.end() + 1] not in ("", "0"):
                cc, nsn = self.split_cc(digits[m.end():])
                form = "idd"
            elif digits.startswith(plan.cc) and not self.valid(plan.cc, plan.strip_national_prefix(digits)) \
                    and self.valid(plan.cc, plan.strip_national_prefix(digits[len(plan.cc):])):
                cc, nsn, form = plan.cc, digits[len(plan.cc):], "cc"
            else:
                cc, nsn, form = plan.cc, digits, "national"
        home = self.by_id[region] if region and self.by_id[region].cc == cc else self.by_cc[cc][0]
        nsn = home.strip_national_prefix(nsn)
        return "+" + cc + nsn, cc, nsn, form


# --------------------------------------------------------------------------------------------
# Reading the specs


def read_specs(source, rev):
    """{language: cases} and the commit read (None for a plain directory)."""
    out = {}
    if os.path.isdir(os.path.join(source, "Specs")):
        for language in sorted(os.listdir(os.path.join(source, "Specs", "Sequence"))):
            path = os.path.join(source, SPEC.format(language))
            if os.path.exists(path):
                with open(path, encoding="utf-8-sig") as f:
                    out[language] = json.load(f)
        return out, None
    git = ["git", "--git-dir", source]
    commit = subprocess.run(git + ["rev-parse", rev + "^{commit}"], check=True,
                            capture_output=True, text=True).stdout.strip()
    names = subprocess.run(git + ["ls-tree", "-r", "--name-only", commit, "Specs/Sequence"],
                           check=True, capture_output=True, text=True).stdout.split("\n")
    for name in names:
        m = re.fullmatch(r"Specs/Sequence/([^/]+)/PhoneNumberModel\.json", name)
        if m:
            data = subprocess.run(git + ["show", f"{commit}:{name}"], check=True,
                                  capture_output=True).stdout.decode("utf-8-sig")
            out[m.group(1)] = json.loads(data)
    return out, commit


def find_mark(text, mark, at):
    """Where `mark` is in `text` from `at` (the specs write some marks in other case: "x"/"X")."""
    i = text.find(mark, at)
    if i < 0:
        i = text.lower().find(mark.lower(), at)
    if i < 0:
        raise ValueError(f"{mark!r} is not in {text!r}")
    return i


def utf8(text, i):
    return len(text[:i].encode("utf-8"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", help="a Recognizers-Text checkout or bare git directory")
    ap.add_argument("--rev", default="HEAD", help="the commit to read from a git directory")
    ap.add_argument("--out", default=os.path.join(HERE, SET + ".jsonl"))
    ap.add_argument("--check", action="store_true", help="also check with the phonenumbers package")
    args = ap.parse_args()

    plans = Plans(METADATA)
    specs, commit = read_specs(args.source, args.rev)
    unknown = sorted(set(specs) - set(LANGUAGES))
    if unknown:
        sys.exit(f"no region for the language(s) {unknown}: add them to LANGUAGES")
    lines, seen = [], {}
    taken, dropped, corrected = Counter(), Counter(), []
    checks = []  # (number text, region, e164) for --check
    invalid = []  # (number text, region) left out as invalid, for --check
    used = set()
    for language in LANGUAGES:
        for index, case in enumerate(specs.get(language, [])):
            text = case["Input"]
            source = f"{SPEC.format(language)} case {index}"
            default = LANGUAGES[language]
            marks = [(r["Text"], r.get("Start")) for r in case["Results"]]
            reason = None
            numbers = []  # (start index, end index, mark, region)
            if text in CORRECT:
                fixed, why = CORRECT[text]
                corrected.append((source, why))
                used.add(("correct", text))
                at = 0
                for mark, region in fixed:
                    i = find_mark(text, mark, at)
                    numbers.append((i, i + len(mark), mark, region))
                    at = i + len(mark)
            else:
                at = 0
                for mark, start in marks:
                    i = find_mark(text, mark, at if start is None else start)
                    if start is not None and start != i:
                        raise ValueError(f"{source}: {mark!r} is at {i}, the spec says {start}")
                    at = i + len(mark)
                    if mark in NOT_A_NUMBER:
                        corrected.append((source, f"{mark!r} is no phone number: {NOT_A_NUMBER[mark]}"))
                        used.add(("not", mark))
                        continue
                    if mark in DROP:
                        region, why = DROP[mark]
                        used.add(("drop", mark))
                        if why in ("made-up", "digits"):  # check the claim
                            try:
                                e164, cc, nsn, _ = plans.parse(mark, region or default)
                            except ValueError:  # no country code after an international prefix
                                cc = nsn = None
                            if cc and plans.valid(cc, nsn):
                                raise ValueError(f"{source}: {mark!r} is {e164}, valid in the metadata")
                            invalid.append((mark, region or default))
                        reason = reason or why
                        continue
                    if "+" in mark:
                        region = default
                    elif mark in PLAN:
                        region = PLAN[mark]
                        used.add(("plan", mark))
                    else:
                        raise ValueError(f"{source}: no judgement for the mark {mark!r} in {text!r}")
                    numbers.append((i, i + len(mark), mark, region))
            if reason:
                dropped[reason] += 1
                continue
            expect, locales = [], set()
            for i, j, mark, region in numbers:
                dialled = DIALLED.get(mark, mark)
                if mark in DIALLED:
                    used.add(("dialled", mark))
                e164, cc, nsn, form = plans.parse(dialled, region)
                if not plans.valid(cc, nsn):
                    raise ValueError(f"{source}: {mark!r} read in {region} is {e164}, not valid")
                if form == "national" or form == "cc":
                    locales.add(region)
                elif form == "idd":
                    idd = plans.by_id[default].idd.match(re.sub(r"\D", "", dialled))
                    locales.add(default if idd else region)
                expect.append({"start": utf8(text, i), "end": utf8(text, j), "e164": e164})
                checks.append((dialled, region, e164))
            if len(locales) > 1:
                raise ValueError(f"{source}: numbers of several countries {locales}")
            locale = locales.pop() if locales else default
            key = (text, locale)
            if key in seen:
                if lines[seen[key]]["expect"] != expect:
                    raise ValueError(f"{source}: same text as {lines[seen[key]]['source']}, other answer")
                lines[seen[key]]["source"] += "; " + source
                taken["repeat"] += 1
                continue
            seen[key] = len(lines)
            lines.append({"set": SET, "locale": locale, "text": text, "expect": expect,
                          "source": source})
            taken["numbers" if expect else "no number"] += 1

    stale = [m for m in PLAN if ("plan", m) not in used] + \
        [m for m in DROP if ("drop", m) not in used] + \
        [m for m in NOT_A_NUMBER if ("not", m) not in used] + \
        [t for t in CORRECT if ("correct", t) not in used] + \
        [m for m in DIALLED if ("dialled", m) not in used]
    if stale:
        sys.exit(f"judgements for marks the specs do not have: {stale}")
    if args.check:
        import phonenumbers
        for number, region, e164 in checks:
            n = phonenumbers.parse(number, region)
            theirs = phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164)
            if theirs != e164 or not phonenumbers.is_valid_number(n):
                sys.exit(f"phonenumbers {phonenumbers.__version__} reads {number!r} in {region} as {theirs}"
                         f" ({'valid' if phonenumbers.is_valid_number(n) else 'invalid'}), here {e164}")
        for number, region in invalid:
            try:
                n = phonenumbers.parse(number, region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(n):
                sys.exit(f"phonenumbers {phonenumbers.__version__} calls {number!r} in {region} valid")
        print(f"checked {len(checks)} numbers and {len(invalid)} left out as invalid with "
              f"phonenumbers {phonenumbers.__version__}", file=sys.stderr)

    with open(args.out, "w", encoding="utf-8") as f:
        for line in lines:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    total = sum(len(c) for c in specs.values())
    print(f"read {total} cases of {len(specs)} languages" + (f" at {commit}" if commit else ""), file=sys.stderr)
    print(f"wrote {len(lines)} cases to {args.out}: {taken['numbers']} with numbers, "
          f"{taken['no number']} without, {taken['repeat']} repeats merged", file=sys.stderr)
    for why, n in dropped.most_common():
        print(f"dropped {n}: {REASONS[why]}", file=sys.stderr)
    for source, why in corrected:
        print(f"corrected {source}: {why}", file=sys.stderr)


if __name__ == "__main__":
    main()
