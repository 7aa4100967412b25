"""Writes tests/data/outside/wiki.jsonl: every line of the Hyperledger wiki (its archive on
GitHub, `LF-Decentralized-Trust/wiki`, Confluence pages exported to Markdown, CC0 1.0, commit
8c6f1dbfad19f03cfc4a1af18f732d5a33152d61) in which the finder found a phone number, read in the
United States as the wiki's readers are, with the numbers a person would dial, judged by hand.

    wiki.py extract WIKI > candidates.jsonl
        every distinct line of the 7,125 pages with three digits in a row, at most 400
        characters, as a page shows it (`invitations.py`'s `shown`), as the input of
        `cargo xtask scan --jsonl` ({"id", "text", "region": "US"})
    wiki.py regions candidates.jsonl > candidates13.jsonl
        each candidate once in each of 13 other regions ({"id": "<id>|<region>", ...})
    wiki.py select candidates.jsonl SCAN.jsonl SCAN13.jsonl > wiki.jsonl
        the lines where the finder found a number in the United States (SCAN: the output of
        `cargo xtask scan --jsonl` on the candidates, at 1531537, before the look-alikes below
        were refused), each number found expected but those `FALSE` lists (no number a person
        would dial), and the numbers `MISSED` lists; then each line with nothing found there
        that the finder found a number in when read in another region (SCAN13: on
        candidates13.jsonl, at e98a06d), read in that region, with no number expected but
        those `REAL_ELSEWHERE` lists

The selection is the finder's, so the set measures what it marks on real pages (a false find is
a look-alike it took), not what it misses; the lines with a phone-like pattern it found nothing
in were read by eye: none holds a number a person could dial (`Phone number: +91992827715` has
a digit too few for India).
"""
import json, os, re, sys

sys.path.insert(0, os.path.dirname(__file__))
from invitations import shown  # noqa: E402

COMMIT = '8c6f1dbfad19f03cfc4a1af18f732d5a33152d61'
REPO = 'LF-Decentralized-Trust/wiki'

# (line, what the finder took there) that are no phone numbers.
FALSE = {
    # A Debian package's version in a table of packages (`dig`'s root hints, a date serial).
    ('dns-root-data                           2018013001                            deb', '2018013001'),
    # A DOI's suffix in a URL.
    ('Available from: http://journal.pda.org/content/early/2019/02/05/pdajpst.2018.009407.abstract Subscription required to view.',
     '2018.009407'),
    # Dates in the names of slides' images.
    ('Hyperledger Update 2023 01 12-01.png (image/png)', '2023 01 12-01'),
    ('Hyperledger Update 2022 04 14-01.png (image/png)', '2022 04 14-01'),
    # The China working group's page gives the meeting's ID (403 4983 298, its Zoom room
    # 4034983298) where the phone number for China belongs: no number of China, and not the
    # Canadian number the United States' reading makes of it.
    ('Option #2: Dial in with the\u00a0phone number. E.g.,\u00a0403 4983 298\u00a0or 010-87833177 (Premium Toll) for China area, code is 248676399.',
     '403 4983 298'),
}

# (line, the number as written, its E.164) that a person would dial and the finder missed.
MISSED = set()

# The regions a reader of the wiki may have as the default, besides the United States.
REGIONS = ['DE', 'GB', 'IN', 'CN', 'FR', 'BR', 'JP', 'AU', 'NL', 'IT', 'PL', 'RU', 'ES']

# (line, region): the numbers of a line without one in the United States that a person there
# would dial (India's toll-free numbers, dialed as written in India).
REAL_ELSEWHERE = {
    ('000 800 050 5050', 'IN'): [(0, 16, '+910008000505050')],
    ('000 800 001 4002', 'IN'): [(0, 16, '+910008000014002')],
}


def extract(wiki):
    seen = {}
    for root, _, files in sorted(os.walk(wiki)):
        for name in sorted(files):
            if not name.endswith('.md'):
                continue
            path = os.path.join(root, name)
            with open(path, encoding='utf-8', errors='replace') as f:
                for line in f:
                    text = shown(line.rstrip('\n'))
                    if len(text) <= 400 and re.search(r'\d{3}', text) and text not in seen:
                        seen[text] = os.path.relpath(path, wiki)
    for i, (text, page) in enumerate(seen.items()):
        print(json.dumps({'id': i, 'text': text, 'region': 'US', 'page': page}, ensure_ascii=False))


def regions(candidates):
    with open(candidates, encoding='utf-8') as f:
        for line in f:
            case = json.loads(line)
            for region in REGIONS:
                print(json.dumps({'id': f"{case['id']}|{region}", 'text': case['text'],
                                  'region': region}, ensure_ascii=False))


def select(candidates, scan, scan13):
    lines = {}
    with open(candidates, encoding='utf-8') as f:
        for line in f:
            case = json.loads(line)
            lines[case['id']] = case
    used = set()
    with open(scan, encoding='utf-8') as f:
        for line in f:
            result = json.loads(line)
            if not result['matches']:
                continue
            case = lines[result['id']]
            text = case['text']
            expect = []
            for m in result['matches']:
                if (text, m['raw']) in FALSE:
                    used.add((text, m['raw']))
                    continue
                expect.append({'start': m['start'], 'end': m['end'], 'e164': m['e164']})
            print(json.dumps({'set': 'wiki', 'locale': 'US', 'text': text, 'expect': expect,
                              'source': f"{REPO}@{COMMIT[:7]} {case['page']}"}, ensure_ascii=False))
    unused = FALSE - used
    if unused:
        sys.exit(f'FALSE lists what the finder did not find: {unused}')
    found_in_us = set()
    with open(scan, encoding='utf-8') as f:
        for line in f:
            result = json.loads(line)
            if result['matches']:
                found_in_us.add(result['id'])
    real_used = set()
    with open(scan13, encoding='utf-8') as f:
        for line in f:
            result = json.loads(line)
            at, region = result['id'].split('|')
            if not result['matches'] or int(at) in found_in_us:
                continue
            case = lines[int(at)]
            real = REAL_ELSEWHERE.get((case['text'], region), [])
            if real:
                real_used.add((case['text'], region))
            expect = [{'start': a, 'end': b, 'e164': e} for a, b, e in real]
            print(json.dumps({'set': 'wiki', 'locale': region, 'text': case['text'], 'expect': expect,
                              'source': f"{REPO}@{COMMIT[:7]} {case['page']}"}, ensure_ascii=False))
    if set(REAL_ELSEWHERE) - real_used:
        sys.exit(f'REAL_ELSEWHERE lists what the finder did not find: {set(REAL_ELSEWHERE) - real_used}')


if __name__ == '__main__':
    if sys.argv[1:2] == ['extract'] and len(sys.argv) == 3:
        extract(sys.argv[2])
    elif sys.argv[1:2] == ['regions'] and len(sys.argv) == 3:
        regions(sys.argv[2])
    elif sys.argv[1:2] == ['select'] and len(sys.argv) == 5:
        select(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
