"""Writes tests/data/outside/docs.jsonl: lines of the HTML documentation installed on this
project's machines (Rust's, Node.js's, Valgrind's, libxslt's, npm's), copied verbatim as a page
shows them, in which some finder once saw a phone number. None of them has one (see README.md,
"docs"): every number found there is a false find.

    docs.py extract NAME=DIR... > candidates.jsonl  every line with a digit, as a page shows it
    docs.py select candidates.jsonl --lpjs LP.jsonl --finder SCAN.jsonl... > docs.jsonl
    docs.py check docs.jsonl NAME=DIR...            every case is a line of its installed file

The roots, as README.md gives them, are named with their version
(`rust-1.95.0=~/.rustup/toolchains/stable-x86_64-unknown-linux-gnu/share/doc/rust/html`); a
case's `source` is that name and the file's path under the root.

`extract` reads each HTML file the way the extension's page layer reads a page: the text of
`code`, `kbd`, `samp`, scripts, styles, buttons, `svg`, `head` is left out, a block element
(`p`, `div`, `li`, `tr`, `td`, `pre`, `br`, ...) starts a new line, and each line is trimmed;
the lines of Rust's `core::arch` pages (tens of thousands of intrinsics) are left out. `select`
takes each (line, region) where libphonenumber-js found a number (`--lpjs`: lines
`{"id", "r", "found"}`, as README.md's `lp.js` prints them; at most 40 per region, spread over
the files) or where a finder did (`--finder`: the output of `cargo xtask scan --jsonl` on
`{"id": "<line>:<region>", ...}`, every one). Only the standard library is needed.
"""
import glob, html.parser, json, os, sys

SKIP = ('script', 'style', 'code', 'kbd', 'samp', 'textarea', 'button', 'svg', 'noscript', 'head', 'title')
BLOCK = ('p', 'div', 'li', 'tr', 'td', 'th', 'h1', 'h2', 'h3', 'h4', 'pre', 'br', 'dd', 'dt')
PER_REGION = 40


class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.out, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIP:
            self.skip += 1
        if tag in BLOCK:
            self.out.append('\n')

    def handle_endtag(self, tag):
        if tag in SKIP:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def lines_of(path):
    parser = Text()
    parser.feed(open(path, encoding='utf-8', errors='replace').read())
    return [line.strip() for line in ''.join(parser.out).split('\n') if line.strip()]


def files(roots):
    """(source, path) of every HTML file under each root, given as NAME=DIR; source is
    NAME/<path under DIR>."""
    for root in roots:
        name, _, folder = root.partition('=')
        for path in sorted(glob.glob(folder + '/**/*.html', recursive=True)):
            if not any(part in path for part in ('/core/arch/', '/core_arch/', '/std/arch/')):
                yield name + '/' + os.path.relpath(path, folder), path


def extract(roots):
    seen = set()
    for source, path in files(roots):
        for line in lines_of(path):
            if any(c.isdigit() for c in line) and line not in seen:
                seen.add(line)
                print(json.dumps({'id': len(seen) - 1, 'source': source, 'text': line}, ensure_ascii=False))


def select(candidates, lpjs, finders):
    lines = {}
    for row in open(candidates, encoding='utf-8'):
        case = json.loads(row)
        lines[case['id']] = case
    chosen = {}  # (line id, region) -> who found a number there

    def take(key, who):
        chosen.setdefault(key, []).append(who)

    by_region = {}
    for row in open(lpjs, encoding='utf-8'):
        found = json.loads(row)
        by_region.setdefault(found['r'], []).append(found['id'])
    for region, ids in by_region.items():
        step = max(1, len(ids) / PER_REGION)
        for k in range(min(len(ids), PER_REGION)):
            take((ids[int(k * step)], region), 'libphonenumber-js')
    for name in finders:
        for row in open(name, encoding='utf-8'):
            answer = json.loads(row)
            if answer['matches']:
                line, region = answer['id'].split(':')
                take((int(line), region), 'finder')
    for (line, region), who in sorted(chosen.items()):
        case = lines[line]
        print(json.dumps({'set': 'docs', 'locale': region, 'text': case['text'], 'expect': [],
                          'source': case['source'] + ' (found by ' + ', '.join(sorted(set(who))) + ')'},
                         ensure_ascii=False))


def check(cases, roots):
    installed = dict(files(roots))
    checked = missing = 0
    for row in open(cases, encoding='utf-8'):
        case = json.loads(row)
        source = case['source'].split(' (found by ')[0]
        assert case['set'] == 'docs' and case['expect'] == [], case
        if source not in installed:
            missing += 1
            continue
        assert case['text'] in lines_of(installed[source]), (source, case['text'])
        checked += 1
    print(f'{checked} cases found as written in the installed files, {missing} from files not installed here')


if __name__ == '__main__':
    command, args = sys.argv[1], sys.argv[2:]
    if command == 'extract':
        extract(args)
    elif command == 'select':
        lpjs = args[args.index('--lpjs') + 1]
        finders = args[args.index('--finder') + 1:]
        select(args[0], lpjs, finders)
    elif command == 'check':
        check(args[0], args[1:])
    else:
        sys.exit(__doc__)
