#!/usr/bin/env python3
"""Converts two outside test sets of finding phone numbers in text into the score format of
`cargo xtask scan --score` (see README.md beside this file for the sources and the rules).

One JSON object a line:

    {"set": "...", "locale": "US" | null, "text": "...",
     "expect": [{"start": b, "end": b, "e164": "+1..."}], "source": "..."}

`start`/`end` are UTF-8 byte offsets into `text`; `locale` null means no region (international
numbers only); `source` says which test asserted the case (the scorer ignores it).

Usage (the sources are the published packages, unpacked):

    npm pack libphonenumber-js@1.13.16 && tar xzf libphonenumber-js-1.13.16.tgz     # -> package/
    pip download phonenumbers==9.0.43 --no-deps --no-binary :all: && tar xzf phonenumbers-9.0.43.tar.gz
    python3 -m venv venv && venv/bin/pip install phonenumbers==9.0.43
    venv/bin/python tests/data/outside/convert.py --js package --py phonenumbers-9.0.43

It writes libphonenumber-js.jsonl and phonenumbers.jsonl beside itself (or into --out) and prints
how many cases it took and dropped, and why. The `phonenumbers` module (the same version as the
sdist) gives each expected number's E.164 and tells which numbers are valid in the real metadata.
"""

import argparse
import ast
import json
import os
import re
import sys
import unicodedata
from collections import Counter, OrderedDict

import phonenumbers

HERE = os.path.dirname(os.path.abspath(__file__))
JS_VERSION = "1.13.16"
PY_VERSION = "9.0.43"


# --------------------------------------------------------------------------------------------
# Shared helpers


def utf8_offset(text, index):
    """The UTF-8 byte offset of code point `index` of `text`."""
    return len(text[:index].encode("utf-8"))


def utf16_to_index(text, unit):
    """The code point index of UTF-16 code unit offset `unit` (JavaScript's `startsAt`)."""
    units = 0
    for i, ch in enumerate(text):
        if units == unit:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    if units == unit:
        return len(text)
    raise ValueError(f"UTF-16 offset {unit} is inside a character of {text!r}")


def e164(number, region):
    return phonenumbers.format_number(
        phonenumbers.parse(number, region), phonenumbers.PhoneNumberFormat.E164
    )


def is_valid(number, region):
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(number, region))
    except phonenumbers.NumberParseException:
        return False


def load_dev_set(path):
    """(text, region) of every case in the development set (tests/data/matcher_cases.jsonl)."""
    keys = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                case = json.loads(line)
                region = case["region"]
                keys.add((case["text"], None if region in (None, "ZZ") else region))
    return keys


class Sink:
    """Collects the cases of one source: deduplicates by (text, locale), counts what it drops."""

    def __init__(self, name, dev_set):
        self.name = name
        self.dev_set = dev_set
        self.cases = OrderedDict()
        self.taken = Counter()
        self.dropped = Counter()
        self.duplicates = 0

    def take(self, source, text, locale, expect, why):
        """`expect` is a list of (start, end, e164) with code point offsets."""
        key = (text, locale)
        spans = sorted(
            (utf8_offset(text, s), utf8_offset(text, e), number) for s, e, number in expect
        )
        if key in self.cases:
            old = self.cases[key]
            if old["_spans"] != spans:
                raise SystemExit(
                    f"{self.name}: two tests disagree on {text!r} ({locale}): "
                    f"{old['source']} and {source}"
                )
            self.duplicates += 1
            return
        self.taken[why] += 1
        dev = key in self.dev_set
        self.cases[key] = {
            "set": self.name + ("/dev" if dev else ""),
            "locale": locale,
            "text": text,
            "expect": [{"start": s, "end": e, "e164": n} for s, e, n in spans],
            "source": source,
            "_spans": spans,
        }

    def drop(self, why, count=1):
        self.dropped[why] += count

    def write(self, path):
        with open(path, "w", encoding="utf-8") as f:
            for case in self.cases.values():
                case = {k: v for k, v in case.items() if not k.startswith("_")}
                f.write(json.dumps(case, ensure_ascii=False) + "\n")

    def report(self):
        sets = Counter(c["set"] for c in self.cases.values())
        print(f"{self.name}: {len(self.cases)} cases written ({dict(sets)}), "
              f"{self.duplicates} repeated assertions merged")
        for why, n in self.taken.most_common():
            print(f"  taken   {n:4}  {why}")
        for why, n in self.dropped.most_common():
            print(f"  dropped {n:4}  {why}")


# --------------------------------------------------------------------------------------------
# libphonenumber-js: its tests ship only inside the source maps (`sourcesContent`) of the build.

JS_TESTS = {
    "F": "es6/findPhoneNumbersInText.test.js.map",
    "M": "es6/PhoneNumberMatcher.test.js.map",
    "S": "es6/searchPhoneNumbersInText.test.js.map",
    "LF": "es6/legacy/findNumbers.test.js.map",
    "LP": "es6/legacy/findPhoneNumbers.test.js.map",
    "LS": "es6/legacy/searchNumbers.test.js.map",
}

TWO = "The number is +7 (800) 555-35-35 and not (213) 373-4253 as written in the document."
TWO_PARENS = ("The number is +7 (800) 555-35-35 and not (213) 373-4253 (that's not even in the "
              "same country!) as written in the document.")
ONE = "The number is +7 (800) 555-35-35 as written in the document."
RU = ("RU", "8005553535")
US = ("US", "2133734253")

# Each case once, with the test files that assert it (each file is checked to hold the text as a
# string literal and the national numbers). An expected number is (country, national number,
# startsAt, endsAt) in UTF-16 units as the tests give them, or (country, national number, raw)
# where the test asserts the number but not where it is: then the span is where `raw` is.
JS_CASES = [
    ("'+7 (800) 555-35-35' with default country US (four ways of passing it)",
     ["F"], "+7 (800) 555-35-35", "US", [("RU", "8005553535", "+7 (800) 555-35-35")]),
    ("'+7 (800) 555-35-35' without a default country (two ways)",
     ["F"], "+7 (800) 555-35-35", None, [("RU", "8005553535", "+7 (800) 555-35-35")]),
    ("should find numbers", ["F", "LF", "LP"], "2133734253", "US", [US + (0, 10)]),
    ("should find numbers", ["F", "LF", "LP"], "(213) 373-4253", "US", [US + (0, 14)]),
    ("should find numbers / should find phone numbers in text / should iterate",
     ["F", "LF", "LP", "M", "S", "LS"], TWO, "US", [RU + (14, 32), US + (41, 55)]),
    ("opening parenthesis issue", ["F", "LF", "LP"], TWO_PARENS, "US",
     [RU + (14, 32), US + (41, 55)]),
    ("no default country", ["F", "LF", "LP"], ONE, None, [RU + (14, 32)]),
    ("default country US and leniency VALID", ["F", "LF", "LP"], ONE, "US", [RU + (14, 32)]),
    ("not a phone number and a phone number", ["F", "LF", "LP"],
     "Digits 12 are not a number, but +7 (800) 555-35-35 is.", None, [RU + (32, 50)]),
    ("phone number extension", ["F", "LF", "LP"],
     "Date 02/17/2018 is not a number, but +7 (800) 555-35-35 ext. 123 is.", None,
     [RU + (37, 64)]),
    ("should find numbers (v2)", ["F", "LF"],
     "The number is +7 (800) 555-35-35 ext. 1234 and not (213) 373-4253 as written in the "
     "document.", "US", [RU + (14, 42), US + (51, 65)]),
    ("shouldn't find non-valid numbers", ["F", "LF", "LP"], "1111111111", "US", []),
    ("should find non-European digits", ["F", "LF", "LP"],
     "العَرَبِيَّة\u200e +٤٤٣٣٣٣٣٣٣٣٣٣عَرَبِيّ\u200e", None, [("GB", "3333333333", 14, 27)]),
    ("non-existent default country XX (read as none)", ["F", "LF"],
     "Phone: +7 (800) 555 35 35. National: 8 (800) 555-55-55", None,
     [("RU", "8005553535", "+7 (800) 555 35 35")]),
    ("a timestamp", ["F", "LF", "LP"], "2012-01-02 08:00", "US", []),
    ("invalid parens", ["F", "LF", "LP"], "213(3734253", "US", []),
    ("letters after phone number", ["F", "LF", "LP"], "2133734253a", "US", []),
    ("valid phone (same as the one found in the UUID below)", ["F", "LF", "LP"],
     "The phone number is 231354125.", "FR", [("FR", "231354125", 20, 29)]),
    ("not a phone number (part of a UUID), default mode", ["F", "LF", "LP"],
     "The UUID is CA801c26f98cd16e231354125ad046e40b.", "FR", []),
    ("'inner' candidates in a could-be-a-candidate substring", ["F", "LF"],
     "39945926 77200596 16533084", "ID", [("ID", "77200596", 9, 17)]),
    ("should find phone numbers from Mexico", ["M"], "+52 (449)978-0001", "MX",
     [("MX", "4499780001", "+52 (449)978-0001")]),
    ("should find phone numbers from Mexico", ["M"], "01 (449)978-0001", "MX",
     [("MX", "4499780001", "01 (449)978-0001")]),
    ("should find phone numbers from Mexico", ["M"], "(449)978-0001", "MX",
     [("MX", "4499780001", "(449)978-0001")]),
] + [
    ("should find phone numbers from Argentina", ["M"], text, "AR", [("AR", national, text)])
    for text, national in [
        ("+54 9 343 555 1212", "93435551212"), ("0343 15-555-1212", "93435551212"),
        ("+54 9 3715 65 4320", "93715654320"), ("03715 15 65 4320", "93715654320"),
        ("+54 11 3797 0000", "1137970000"), ("011 3797 0000", "1137970000"),
        ("+54 3715 65 4321", "3715654321"), ("03715 65 4321", "3715654321"),
        ("+54 23 1234 0000", "2312340000"), ("023 1234 0000", "2312340000"),
    ]
] + [
    ("should find phone numbers that are separated by a slash (the test gives starts and "
     "E.164)", ["M"], "651-234-2345/332-445-1234", "US",
     [("US", "6512342345", "651-234-2345"), ("US", "3324451234", "332-445-1234")]),
    ("PhoneNumberSearch (no options)", ["LP"], "The number is +7 (800) 555-35-35", None,
     [RU + (14, 32)]),
]

# Assertions left out, each with its test files (checked like the cases) and the reason.
JS_DROPPED = [
    ("it asserts nothing about (213) 373-4253 without a default country: its loop checks only "
     "the numbers found", ["F", "S"], TWO),
    ("a default calling code (+870) instead of a region, and a loop that checks only what was "
     "found", ["F"], "The number is 773 111 632"),
    ("a date and hour the library takes for a US number ('a valid number (not a complete "
     "timestamp)'): not a number a reader would dial (phonenumbers lists it among its VALID_CASES,"
     " left out too)", ["F", "LF", "LP"], "2012-01-02 08"),
    ("extended mode (possible numbers inside a UUID), not the default matcher",
     ["F", "LF", "LP"], "The UUID is CA801c26f98cd16e231354125ad046e40b."),
    ("API edge cases: empty text, a non-string text, an unknown country, leniency and maxTries "
     "validation, iterator errors", ["F", "LF", "LP", "M"], ""),
]


def js_unescape(literal):
    def repl(m):
        esc = m.group(1)
        if esc.startswith("u"):
            return chr(int(esc[1:], 16))
        return {"n": "\n", "t": "\t", "r": "\r"}.get(esc, esc)

    return re.sub(r"\\(u[0-9a-fA-F]{4}|.)", repl, literal)


def js_literals(source):
    return {js_unescape(m) for m in re.findall(r"'((?:[^'\\\n]|\\.)*)'", source)}


def convert_js(package, dev_set):
    sources, literals = {}, {}
    for key, path in JS_TESTS.items():
        with open(os.path.join(package, path), encoding="utf-8") as f:
            source_map = json.load(f)
        (content,) = source_map["sourcesContent"]
        sources[key] = source_map["sources"][0].replace("../source/", "")
        literals[key] = js_literals(content)
    with open(os.path.join(package, "package.json"), encoding="utf-8") as f:
        version = json.load(f)["version"]
    if version != JS_VERSION:
        raise SystemExit(f"libphonenumber-js {version}, expected {JS_VERSION}")

    sink = Sink("libphonenumber-js", dev_set)
    for test, files, text, region, expected in JS_CASES:
        expect = []
        for number in expected:
            country, national = number[0], number[1]
            code = phonenumbers.country_code_for_region(country)
            for key in files:
                if text not in literals[key] or not {national, f"+{code}{national}"} & literals[key]:
                    raise SystemExit(f"{sources[key]} has no {text!r} / {national!r}")
            if len(number) == 4:
                start = utf16_to_index(text, number[2])
                end = utf16_to_index(text, number[3])
            else:
                raw = number[2]
                if text.count(raw) != 1:
                    raise SystemExit(f"{raw!r} is not once in {text!r}")
                start = text.index(raw)
                end = start + len(raw)
            expect.append((start, end, f"+{code}{national}"))
        if not expected:
            for key in files:
                if text not in literals[key]:
                    raise SystemExit(f"{sources[key]} has no {text!r}")
        where = ", ".join(sources[k] for k in files)
        sink.take(f"{where}: {test}", text, region, expect,
                  "asserted texts with their numbers (or none)")
    for why, files, text in JS_DROPPED:
        for key in files:
            if text and text not in literals[key]:
                raise SystemExit(f"{sources[key]} has no {text!r}")
        sink.drop(why)
    return sink


# --------------------------------------------------------------------------------------------
# phonenumbers: tests/phonenumbermatchertest.py, read with `ast` (never run).

PY_FILE = "tests/phonenumbermatchertest.py"

# The contexts findPossibleInContext puts every doTestFindInContext number in are asserted at
# POSSIBLE; a number valid in the real metadata is found at VALID in them too, except where a
# Latin letter touches it (VALID's rule, testMatchesWithSurroundingLatinChars).
LATIN_GLUE = "a Latin letter touches the number: the test asserts it only at POSSIBLE (VALID " \
             "rejects it by rule)"
SECOND_NUMBER = "the context adds '+1800-123-4567', which the test does not assert (it checks " \
                "only the first match; the number is invalid in the real metadata)"
TEST_METADATA = "the number is valid only in the test metadata the test runs with (invalid in " \
                "the real metadata of phonenumbers " + PY_VERSION + ")"

# Test methods with text cases the generic readers below don't handle: each case's text is given
# as the string pieces (literals of that method) it is built from, the region, and the raw
# numbers expected (in order of appearance; empty: no number).
PY_BESPOKE = {
    "testFourMatchesInARow": [
        (["415-666-7777", " - ", "800-443-1223", " - ", "212-443-1223", " - ", "650-443-1223"],
         "US", ["415-666-7777", "800-443-1223", "212-443-1223", "650-443-1223"]),
    ],
    "testMatchesFoundWithMultipleSpaces": [
        (["(415) 666-7777", " ", "(800) 443-1223"], "US", ["(415) 666-7777", "(800) 443-1223"]),
    ],
    "testMatchWithSurroundingZipcodes": [
        (["My address is CA 34215 - ", "415-666-7777", " is my number."], "US", ["415-666-7777"]),
        (["My number is ", "(415) 666 7777", ". 34215 is my zip-code."], "US",
         ["(415) 666 7777"]),
    ],
    "testMatchesMultiplePhoneNumbersSeparatedByPhoneNumberPunctuation": [
        (["Call 650-253-4561 -- 455-234-3451"], "US", ["650-253-4561", "455-234-3451"]),
    ],
    "testDoesNotMatchMultiplePhoneNumbersSeparatedWithNoWhiteSpace": [
        (["Call 650-253-4561--455-234-3451"], "US", []),
    ],
    "testNonMatchingBracketsAreInvalid": [
        (["80.585 [79.964, 81.191]"], "US", []),
        (["80.585 [79.964]"], "US", []),
        (["80.585 ((79.964)"], "US", []),
        (["(80).(585) (79).(9)64"], "US", []),
    ],
    "testNoMatchIfRegionIsNone": [
        (["Random text body - number is 0331 6005, see you there"], None, []),
    ],
    "testNoMatchIfNoNumber": [
        (["Random text body - number is foobar, see you there"], "US", []),
    ],
    "testNonPlusPrefixedNumbersNotFoundForInvalidRegion": [
        (["1 456 764 156"], None, []),
    ],
    # At POSSIBLE; both numbers are valid in the real metadata and touch no letter.
    "testSequences": [
        (["Call 033316005  or 032316005!"], "NZ", ["033316005", "032316005"]),
    ],
}

# Test methods left out whole, with the reason.
PY_SKIPPED = {
    "testValueTypeSemantics": "unit test of PhoneNumberMatch, no text",
    "testIllegalArguments": "unit test of PhoneNumberMatch, no text",
    "testStringConvert": "unit test of PhoneNumberMatch, no text",
    "testContainsMoreThanOneSlashInNationalNumber": "unit test of an internal function",
    "testIsLatinLetter": "unit test of an internal function",
    "testInternals": "unit test of internal functions",
    "testIntermediateParsePositions": "where a matcher started reading (substrings of "
                                      "testSequences' text), at POSSIBLE",
    "testNoneInput": "API edge case (None text)",
    "testNoMatchInEmptyString": "API edge case (empty text)",
    "testEmptyIteration": "API edge case (empty text, iterator contract)",
    "testSingleIteration": "iterator contract: asserts that some match exists, not which",
    "testDoubleIteration": "iterator contract: asserts that some match exists, not which",
    "testMaxMatches": "the max_tries parameter (what the matcher gives up on)",
    "testMaxMatchesInvalid": "the max_tries parameter (what the matcher gives up on)",
    "testMaxMatchesMixed": "the max_tries parameter (what the matcher gives up on)",
    "testDoubleExtensionX": "its answer differs by leniency level (found at POSSIBLE only)",
    "testMinCandidateLengthFiltersShortNumbers": "the min_candidate_length parameter",
    "testMinCandidateLengthDoesNotConsumeMaxTries": "the max_tries and min_candidate_length "
                                                    "parameters",
    # Their cases are the leniency lists, read whole below (PY_LISTS):
    "testMatchesWithPossibleLeniency": None,
    "testNonMatchesWithPossibleLeniency": None,
    "testMatchesWithValidLeniency": None,
    "testNonMatchesWithValidLeniency": None,
    "testMatchesWithStrictGroupingLeniency": None,
    "testNonMatchesWithStrictGroupLeniency": None,
    "testMatchesWithExactGroupingLeniency": None,
    "testNonMatchesExactGroupLeniency": None,
}

# The leniency lists: what each says at VALID, and whether it goes in.
PY_LISTS = {
    "IMPOSSIBLE_CASES": ("none", "found at no level"),
    "POSSIBLE_ONLY_CASES": ("none", "not found at VALID (found only at POSSIBLE)"),
    "STRICT_GROUPING_CASES": ("whole", "found at VALID and STRICT_GROUPING"),
    "EXACT_GROUPING_CASES": ("whole", "found at every level"),
    "VALID_CASES": (None, "VALID_CASES: found at VALID but by no stricter level; the list records"
                          " what VALID's missing grouping check lets through (fractions, decimal "
                          "lists, a year range, timestamps), not numbers a reader would dial"),
}


class PyEval:
    """Evaluates the few expression forms the test file builds its strings with."""

    def __init__(self, names=None):
        self.names = {} if names is None else names

    def __call__(self, node):
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name) and node.id in self.names:
            return self.names[node.id]
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self(node.left) + self(node.right)
        if isinstance(node, ast.List):
            return [self(e) for e in node.elts]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            args = [self(a) for a in node.args]
            if node.func.id == "u":
                return args[0]
            if node.func.id in ("NumberTest", "NumberContext"):
                return tuple(args)
        raise ValueError(f"cannot read {ast.dump(node)[:120]}")


def method_calls(method, name):
    """Calls `self.<name>(...)` in a method, in order."""
    return [n for n in ast.walk(method) if isinstance(n, ast.Call)
            and isinstance(n.func, ast.Attribute) and n.func.attr == name]


def local_strings_and_lists(method):
    """A method's `x = "..."` assignments and its `x = []` lists with their `x.append(...)`."""
    names = {}
    ev = PyEval(names)
    for stmt in method.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and \
                isinstance(stmt.targets[0], ast.Name):
            try:
                names[stmt.targets[0].id] = ev(stmt.value)
            except ValueError:
                pass
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and \
                isinstance(stmt.value.func, ast.Attribute) and stmt.value.func.attr == "append":
            names[stmt.value.func.value.id].append(ev(stmt.value.args[0]))
    return names


def glued_to_latin(text, start, end):
    def latin(ch):
        return ch.isalpha() and "LATIN" in unicodedata.name(ch, "") or \
            unicodedata.category(ch) == "Mn"
    return (start > 0 and latin(text[start - 1])) or (end < len(text) and latin(text[end]))


def convert_py(sdist, dev_set):
    with open(os.path.join(sdist, "PKG-INFO"), encoding="utf-8") as f:
        version = re.search(r"^Version: (.*)$", f.read(), re.M).group(1)
    if version != PY_VERSION or phonenumbers.__version__ != PY_VERSION:
        raise SystemExit(f"phonenumbers sdist {version} and module {phonenumbers.__version__}, "
                         f"expected {PY_VERSION}")
    with open(os.path.join(sdist, PY_FILE), encoding="utf-8") as f:
        source = f.read()
    tree = ast.parse(source)
    ev = PyEval()
    lists = {}
    methods = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and node.targets[0].id.endswith("_CASES"):
            lists[node.targets[0].id] = ev(node.value)
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    methods[item.name] = item

    sink = Sink("phonenumbers", dev_set)
    locale = (lambda region: None if region in (None, "ZZ") else region)

    def take_whole(source_name, number, region, prefix="", suffix="", why=""):
        """The number as the only expected match, between prefix and suffix."""
        text = prefix + number + suffix
        if not is_valid(number, region):
            sink.drop(TEST_METADATA)
            return
        start = len(prefix)
        sink.take(source_name, text, locale(region),
                  [(start, start + len(number), e164(number, region))], why)

    # 1. The leniency lists.
    for name, items in lists.items():
        expect, why = PY_LISTS[name]
        if expect is None:
            sink.drop(why, len(items))
            continue
        for i, (text, region) in enumerate(items):
            source_name = f"{PY_FILE}: {name}[{i}]"
            if expect == "none":
                sink.take(source_name, text, locale(region), [], f"{name}: {why}")
            else:
                take_whole(source_name, text, region, why=f"{name}: {why}")

    # 2. doTestFindInContext: each number in the POSSIBLE and the VALID contexts.
    def contexts_of(method):
        return PyEval()(next(s.value for s in methods[method].body if isinstance(s, ast.Assign)))

    possible = contexts_of("findPossibleInContext")
    valid = contexts_of("findValidInContext")
    handled = {"findPossibleInContext", "findValidInContext"}
    for name, method in methods.items():
        calls = method_calls(method, "doTestFindInContext")
        if not calls or name == "doTestFindInContext":
            continue
        handled.add(name)
        for call in calls:
            number, region = (PyEval()(a) for a in call.args)
            for level, contexts in (("POSSIBLE", possible), ("VALID", valid)):
                for i, (lead, trail) in enumerate(contexts):
                    source_name = f"{PY_FILE}: {name}({number!r}, {region}) {level} context {i}"
                    if not is_valid(number, region):
                        sink.drop(TEST_METADATA)
                    elif level == "POSSIBLE" and "+1800-123-4567" in trail:
                        sink.drop(SECOND_NUMBER)
                    elif level == "POSSIBLE" and glued_to_latin(
                            lead + number + trail, len(lead), len(lead) + len(number)):
                        sink.drop(LATIN_GLUE)
                    else:
                        take_whole(source_name, number, region, lead, trail,
                                   f"doTestFindInContext: a number in a {level} context")

    # 3. findMatchesInContexts: the VALID answer (found, or not found) in each context.
    for name, method in methods.items():
        calls = method_calls(method, "findMatchesInContexts")
        if not calls or name == "findMatchesInContexts":
            continue
        handled.add(name)
        names = local_strings_and_lists(method)
        for call in calls:
            args = [PyEval(names)(a) for a in call.args]
            contexts, found = args[0], args[1]
            region = args[3] if len(args) > 3 else "US"
            number = args[4] if len(args) > 4 else "415-666-7777"
            for i, (lead, trail) in enumerate(contexts):
                source_name = f"{PY_FILE}: {name}({number!r}, {region}) context {i}"
                if found:
                    take_whole(source_name, number, region, lead, trail,
                               "findMatchesInContexts: found at VALID")
                else:
                    sink.take(source_name, lead + number + trail, locale(region), [],
                              "findMatchesInContexts: not found at VALID")

    # 4. The bespoke tests.
    for name, cases in PY_BESPOKE.items():
        handled.add(name)
        literals = {n.value for n in ast.walk(methods[name])
                    if isinstance(n, ast.Constant) and isinstance(n.value, str)}
        for i, (pieces, region, raws) in enumerate(cases):
            for piece in pieces + raws:
                if not any(piece in literal for literal in literals):
                    raise SystemExit(f"{name} has no literal {piece!r}")
            text = "".join(pieces)
            if not all(is_valid(raw, region) for raw in raws):
                sink.drop(TEST_METADATA)
                continue
            expect, at = [], 0
            for raw in raws:
                start = text.index(raw, at)
                at = start + len(raw)
                expect.append((start, at, e164(raw, region)))
            sink.take(f"{PY_FILE}: {name}[{i}]", text, locale(region), expect,
                      "single tests of whole texts")

    # Every test method is accounted for.
    for name in methods:
        if not name.startswith("test") or name in handled:
            continue
        if name not in PY_SKIPPED:
            raise SystemExit(f"{PY_FILE}: {name} is neither read nor left out")
        if PY_SKIPPED[name]:
            sink.drop(f"test method: {PY_SKIPPED[name]}")
    return sink


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--js", required=True, help="libphonenumber-js package, unpacked")
    parser.add_argument("--py", required=True, help="phonenumbers sdist, unpacked")
    parser.add_argument("--dev", default=os.path.join(HERE, "..", "matcher_cases.jsonl"),
                        help="the development set (tests/data/matcher_cases.jsonl)")
    parser.add_argument("--out", default=HERE)
    args = parser.parse_args()
    dev_set = load_dev_set(args.dev)
    for sink, name in ((convert_js(args.js, dev_set), "libphonenumber-js.jsonl"),
                       (convert_py(args.py, dev_set), "phonenumbers.jsonl")):
        sink.write(os.path.join(args.out, name))
        sink.report()


if __name__ == "__main__":
    sys.exit(main())
