"""Writes tests/data/outside/readability.jsonl and postlight.jsonl: lines of real web pages
that two article extractors keep as their test pages, copied verbatim as a page shows them.
`readability`: Mozilla Readability's (`test/test-pages/*/source.html` at commit ab4027a: 130
pages of news sites, blogs, Wikipedia, in English, German, French, Czech, Portuguese, Spanish,
Chinese, Japanese). `postlight`: Postlight Parser's (`fixtures/*.html` at commit e8ba7ec: 170
pages of news sites, blogs, shops and Japanese sites). The lines in `REAL` hold the phone
numbers a reader would dial; every other number found is a false find.

    readability.py extract SET REPO > candidates.jsonl     every line with a digit, with its page's region
    readability.py select SET candidates.jsonl --lpjs LP.jsonl --finder SCAN.jsonl... > SET.jsonl
    readability.py check SET SET.jsonl REPO                every case is a line of its page

SET is `readability` (REPO a checkout of https://github.com/mozilla/readability) or
`postlight` (https://github.com/postlight/parser). `extract` reads each page as
`docs.py` does (the page layer's way: no scripts, `code`, buttons; a block element starts a
line), one case per distinct line with a digit of each page, read in the page's own region
(`REGIONS` for readability, the site's country, else the United States; for postlight the
country of the site's domain, `.jp`, `.de`, `.ca`, ..., else the United States). `select` keeps the lines where
libphonenumber-js (`--lpjs`, lines `{"id", "r", "found"}` as README.md's `lp.js` prints them,
run in the 14 regions of the docs set) or a finder (`--finder`: `cargo xtask scan --jsonl` on
`{"id": "<line>|<region>", ...}` in the same regions) found a number: in the page's region, and
in the other regions for lines without a real number (a real number read in another country's
region has no answer to expect). Only the standard library is needed.
"""
import json, os, sys

import docs

COMMIT = {'readability': 'ab4027a', 'postlight': 'e8ba7ec'}
REPOSITORY = {'readability': 'mozilla/readability', 'postlight': 'postlight/parser'}
# The countries of postlight's domains outside the United States.
DOMAINS = {'jp': 'JP', 'de': 'DE', 'ca': 'CA', 'uk': 'GB', 'fr': 'FR'}
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
# postlight's, found the same way (and by the finder: every number it found there is one).
REAL.update({
    'Vous avez des renseignements à nous faire parvenir sur ce sujet? Vous pouvez joindre Frédéric Zalac par courriel à frederic.zalac@radio-canada.ca ou par téléphone au 604\xa0662-6882.': [
        {'start': 172, 'end': 185, 'e164': '+16046626882'},
    ],
    '(646) 694-8530': [{'start': 0, 'end': 14, 'e164': '+16466948530'}],
    'Americas+1 212 318 2000': [{'start': 8, 'end': 23, 'e164': '+12123182000'}],
    'EMEA+44 20 7330 7500': [{'start': 4, 'end': 20, 'e164': '+442073307500'}],
    'Asia Pacific+65 6212 1000': [{'start': 12, 'end': 25, 'e164': '+6562121000'}],
    '+1 212 318 2000': [{'start': 0, 'end': 15, 'e164': '+12123182000'}],
    '+44 20 7330 7500': [{'start': 0, 'end': 16, 'e164': '+442073307500'}],
    '+65 6212 1000': [{'start': 0, 'end': 13, 'e164': '+6562121000'}],
    '1-866-306-4636': [{'start': 0, 'end': 14, 'e164': '+18663064636'}],
    'Tel: 214.939.3636 Fax: 214.748.4579  CONTACT US': [
        {'start': 5, 'end': 17, 'e164': '+12149393636'},
        {'start': 23, 'end': 35, 'e164': '+12147484579'},
    ],
    '(866) 868-3678': [{'start': 0, 'end': 14, 'e164': '+18668683678'}],
    'Tel: 03-5978-7591\u3000Fax: 03-5978-7518': [
        {'start': 5, 'end': 17, 'e164': '+81359787591'},
        {'start': 25, 'end': 37, 'e164': '+81359787518'},
    ],
    'TEL：086-223-3311\u3000FAX：086-223-5123）': [
        {'start': 6, 'end': 18, 'e164': '+81862233311'},
        {'start': 27, 'end': 39, 'e164': '+81862235123'},
    ],
    'Email Or Call (888) 847-9869': [{'start': 14, 'end': 28, 'e164': '+18888479869'}],
})
# Lines that hold a number only when read in a region other than their page's: Twitter's SMS
# number for Vodafone in Italy, in a table row that names Italy (twitter.com's page).
REAL_IN = {
    ('3424486444', 'IT'): [{'start': 0, 'end': 10, 'e164': '+393424486444'}],
}


def expected(text, region):
    return REAL.get(text) or REAL_IN.get((text, region), [])


def pages(name, repo):
    """(page, region, path) of every page of the set `name` in the checkout `repo`."""
    if name == 'readability':
        root = os.path.join(repo, 'test', 'test-pages')
        for page in sorted(os.listdir(root)):
            path = os.path.join(root, page, 'source.html')
            if os.path.isfile(path):
                yield page, REGIONS.get(page, 'US'), path
    elif name == 'postlight':
        root = os.path.join(repo, 'fixtures')
        for page in sorted(os.listdir(root)):
            if page.endswith('.html'):
                domain = page[:-len('.html')].split('--')[0]
                yield page, DOMAINS.get(domain.rsplit('.', 1)[-1], 'US'), os.path.join(root, page)
    else:
        sys.exit(f'no set {name!r}: readability or postlight')


def source(name, page):
    if name == 'readability':
        return f'mozilla/readability@{COMMIT[name]} test/test-pages/{page}/source.html'
    return f'{REPOSITORY[name]}@{COMMIT[name]} fixtures/{page}'


def extract(name, repo):
    for page, region, path in pages(name, repo):
        seen = set()
        for number, line in enumerate(docs.lines_of(path)):
            if any(c.isdigit() for c in line) and line not in seen:
                seen.add(line)
                print(json.dumps({'id': f'{page}:{number}', 'text': line, 'region': region}, ensure_ascii=False))


def select(name, candidates, lpjs, finders):
    lines = {}
    for row in open(candidates, encoding='utf-8'):
        case = json.loads(row)
        lines[case['id']] = case
    chosen = {}  # (line id, region) -> who found a number there
    for row in open(lpjs, encoding='utf-8'):
        found = json.loads(row)
        chosen.setdefault((found['id'], found['r']), set()).add('libphonenumber-js')
    for finder in finders:
        for row in open(finder, encoding='utf-8'):
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
        page = line.rsplit(':', 1)[0]
        print(json.dumps({'set': name, 'locale': region, 'text': case['text'],
                          'expect': expected(case['text'], region),
                          'source': f'{source(name, page)} (found by {", ".join(sorted(who))})'},
                         ensure_ascii=False))


def check(name, cases, repo):
    texts = {source(name, page): docs.lines_of(path) for page, _, path in pages(name, repo)}
    checked = 0
    for row in open(cases, encoding='utf-8'):
        case = json.loads(row)
        where = case['source'].split(' (found by ')[0]
        assert case['set'] == name and case['expect'] == expected(case['text'], case['locale']), case
        assert case['text'] in texts[where], (where, case['text'])
        checked += 1
    print(f'{checked} cases found as written in their pages')


if __name__ == '__main__':
    command, args = sys.argv[1], sys.argv[2:]
    if command == 'extract':
        extract(args[0], args[1])
    elif command == 'select':
        select(args[0], args[1], args[args.index('--lpjs') + 1], args[args.index('--finder') + 1:])
    elif command == 'check':
        check(args[0], args[1], args[2])
    else:
        sys.exit(__doc__)
