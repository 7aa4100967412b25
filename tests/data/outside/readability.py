"""Writes tests/data/outside/readability.jsonl: lines of the real web pages that Mozilla's
Readability keeps as its test pages (`test/test-pages/*/source.html` at commit ab4027a: news
sites, blogs, Wikipedia, in English, German, French, Czech, Portuguese, Spanish, Chinese,
Japanese), copied verbatim as a page shows them. Three lines hold the four phone numbers a reader
would dial (`REAL`); every other number found is a false find.

    readability.py extract REPO > candidates.jsonl     every line with a digit, with its page's region
    readability.py select candidates.jsonl --lpjs LP.jsonl --finder SCAN.jsonl... > readability.jsonl
    readability.py check readability.jsonl REPO        every case is a line of its page

REPO is a checkout of https://github.com/mozilla/readability. `extract` reads each page as
`docs.py` does (the page layer's way: no scripts, `code`, buttons; a block element starts a
line), one case per distinct line with a digit of each page, read in the page's own region
(`REGIONS`: the site's country, else the United States). `select` keeps the lines where
libphonenumber-js (`--lpjs`, lines `{"id", "r", "found"}` as README.md's `lp.js` prints them,
run in the 14 regions of the docs set) or a finder (`--finder`: `cargo xtask scan --jsonl` on
`{"id": "<line>|<region>", ...}` in the same regions) found a number: in the page's region, and
in the other regions for lines without a real number (a real number read in another country's
region has no answer to expect). Only the standard library is needed.
"""
import json, os, sys

import docs

COMMIT = 'ab4027a'
# The pages of sites outside the United States, by the site's country.
REGIONS = {
    'aktualne': 'CZ', 'bbc-1': 'GB', 'cnet-svg-classes': 'ES', 'folha': 'BR', 'gmw': 'CN',
    'guardian-1': 'GB', 'heise': 'DE', 'herald-sun-1': 'AU', 'hukumusume': 'JP', 'la-nacion': 'AR',
    'lemonde-1': 'FR', 'liberation-1': 'FR', 'pixnet': 'TW', 'qq': 'CN', 'telegraph': 'GB',
    'videos-2': 'FR', 'yahoo-4': 'JP', 'youth': 'CN',
}
# The lines that hold phone numbers, and their numbers ({start, end, e164}, UTF-8 byte offsets):
# found by reading every line with a phone word (tel, phone, call, fax, 電話, ...) and seven
# digits or more.
REAL = {
    '聯絡電話：03-584-7231\u3000   行動: 0937-141993': [
        {'start': 15, 'end': 26, 'e164': '+88635847231'},
        {'start': 40, 'end': 51, 'e164': '+886937141993'},
    ],
    'Benjamin Romano: 206-652-6593 or bromano@seattletimes.com; on Twitter: @bromano.': [
        {'start': 17, 'end': 29, 'e164': '+12066526593'},
    ],
    'Call TMZ at (888) 847-9869 or Click Here': [
        {'start': 12, 'end': 26, 'e164': '+18888479869'},
    ],
}


def pages(repo):
    root = os.path.join(repo, 'test', 'test-pages')
    for page in sorted(os.listdir(root)):
        path = os.path.join(root, page, 'source.html')
        if os.path.isfile(path):
            yield page, path


def extract(repo):
    for page, path in pages(repo):
        seen = set()
        for number, line in enumerate(docs.lines_of(path)):
            if any(c.isdigit() for c in line) and line not in seen:
                seen.add(line)
                print(json.dumps({'id': f'{page}:{number}', 'text': line, 'region': REGIONS.get(page, 'US')},
                                 ensure_ascii=False))


def select(candidates, lpjs, finders):
    lines = {}
    for row in open(candidates, encoding='utf-8'):
        case = json.loads(row)
        lines[case['id']] = case
    chosen = {}  # (line id, region) -> who found a number there
    for row in open(lpjs, encoding='utf-8'):
        found = json.loads(row)
        chosen.setdefault((found['id'], found['r']), set()).add('libphonenumber-js')
    for name in finders:
        for row in open(name, encoding='utf-8'):
            answer = json.loads(row)
            if answer['matches']:
                line, region = answer['id'].split('|')
                chosen.setdefault((line, region), set()).add('finder')
    for line in lines.values():
        if line['text'] in REAL:
            chosen.setdefault((line['id'], line['region']), set()).add('a phone word')
    for (line, region), who in sorted(chosen.items()):
        case = lines[line]
        if case['text'] in REAL and region != case['region']:
            continue
        page = line.split(':')[0]
        print(json.dumps({'set': 'readability', 'locale': region, 'text': case['text'],
                          'expect': REAL.get(case['text'], []),
                          'source': f'mozilla/readability@{COMMIT} test/test-pages/{page}/source.html'
                                    f' (found by {", ".join(sorted(who))})'},
                         ensure_ascii=False))


def check(cases, repo):
    texts = {page: docs.lines_of(path) for page, path in pages(repo)}
    checked = 0
    for row in open(cases, encoding='utf-8'):
        case = json.loads(row)
        page = case['source'].split('test/test-pages/')[1].split('/')[0]
        assert case['set'] == 'readability' and case['expect'] == REAL.get(case['text'], []), case
        assert case['text'] in texts[page], (page, case['text'])
        checked += 1
    print(f'{checked} cases found as written in their pages')


if __name__ == '__main__':
    command, args = sys.argv[1], sys.argv[2:]
    if command == 'extract':
        extract(args[0])
    elif command == 'select':
        select(args[0], args[args.index('--lpjs') + 1], args[args.index('--finder') + 1:])
    elif command == 'check':
        check(args[0], args[1])
    else:
        sys.exit(__doc__)
