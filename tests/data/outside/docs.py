"""Writes tests/data/outside/docs.jsonl: lines of the HTML documentation installed on this
project's machines (Rust's, Node.js's, Valgrind's, libxslt's, npm's), copied verbatim as a page
shows them, in which some finder once saw a phone number. All but one have none (see README.md, "docs"):
every number found there is a false find. The one, libgsm's README with a fax and a phone
number at TU Berlin, was first taken for a look-alike; its numbers are expected (`REAL`).

    docs.py extract ROOT... > candidates.jsonl      every line with a digit, as a page shows it
    docs.py select candidates.jsonl [--finder-cap N] --lpjs LP.jsonl --finder SCAN.jsonl... > docs.jsonl
    docs.py check docs.jsonl ROOT...                every case is a line of its installed file

A ROOT is NAME=DIR, a tree of HTML files, or text:NAME=GLOB, plain-text files (gzipped or
not: changelogs, NEWS, READMEs), each line as written.

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
import glob, gzip, html.parser, json, os, sys

SKIP = ('script', 'style', 'code', 'kbd', 'samp', 'textarea', 'button', 'svg', 'noscript', 'head', 'title')
BLOCK = ('p', 'div', 'li', 'tr', 'td', 'th', 'h1', 'h2', 'h3', 'h4', 'pre', 'br', 'dd', 'dt')
PER_REGION = 40

# The lines of the documentation that do hold phone numbers, and their numbers as
# {start, end, e164} (offsets in UTF-8 bytes): a person would dial them, so a finder must find
# them.
REAL = {
    'Fax: +49.30.31425156, Phone: +49.30.31424315': [
        {'start': 5, 'end': 20, 'e164': '+493031425156'},
        {'start': 29, 'end': 44, 'e164': '+493031424315'},
    ],
}


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


def text_files(patterns):
    """(source, path) of every plain-text file (gzipped or not) matching each pattern, given as
    NAME=GLOB; source is NAME/<the path's last two parts> (the package and the file)."""
    for pattern in patterns:
        name, _, glob_pattern = pattern.partition('=')
        for path in sorted(glob.glob(glob_pattern)):
            yield name + '/' + '/'.join(path.split('/')[-2:]), path


def text_lines_of(path):
    opened = gzip.open(path, 'rt', encoding='utf-8', errors='replace') if path.endswith('.gz') \
        else open(path, encoding='utf-8', errors='replace')
    with opened as text:
        return [line.strip() for line in text.read().split('\n') if line.strip()]


def sources(roots):
    """Every file of `roots`: NAME=DIR (HTML) and text:NAME=GLOB (plain text), with the
    function that reads its lines."""
    for root in roots:
        if root.startswith('text:'):
            for source, path in text_files([root[len('text:'):]]):
                yield source, path, text_lines_of
        else:
            for source, path in files([root]):
                yield source, path, lines_of


def extract(roots):
    seen = set()
    for source, path, read in sources(roots):
        for line in read(path):
            if any(c.isdigit() for c in line) and line not in seen:
                seen.add(line)
                print(json.dumps({'id': len(seen) - 1, 'source': source, 'text': line}, ensure_ascii=False))


def spread(ids, most):
    """At most `most` of `ids`, evenly spread over them (all when `most` is None)."""
    if most is None or len(ids) <= most:
        return ids
    step = len(ids) / most
    return [ids[int(k * step)] for k in range(most)]


def select(candidates, lpjs, finders, finder_cap=None):
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
        for line in spread(ids, PER_REGION):
            take((line, region), 'libphonenumber-js')
    finder_by_region = {}
    for name in finders:
        for row in open(name, encoding='utf-8'):
            answer = json.loads(row)
            if answer['matches']:
                line, region = answer['id'].split(':')
                finder_by_region.setdefault(region, []).append(int(line))
    for region, ids in finder_by_region.items():
        for line in spread(sorted(set(ids)), finder_cap):
            take((line, region), 'finder')
    for (line, region), who in sorted(chosen.items()):
        case = lines[line]
        print(json.dumps({'set': 'docs', 'locale': region, 'text': case['text'], 'expect': REAL.get(case['text'], []),
                          'source': case['source'] + ' (found by ' + ', '.join(sorted(set(who))) + ')'},
                         ensure_ascii=False))


def check(cases, roots):
    installed = {source: (path, read) for source, path, read in sources(roots)}
    checked = missing = 0
    for row in open(cases, encoding='utf-8'):
        case = json.loads(row)
        source = case['source'].split(' (found by ')[0]
        assert case['set'] == 'docs' and case['expect'] == REAL.get(case['text'], []), case
        if source not in installed:
            missing += 1
            continue
        path, read = installed[source]
        assert case['text'] in read(path), (source, case['text'])
        checked += 1
    print(f'{checked} cases found as written in the installed files, {missing} from files not installed here')


if __name__ == '__main__':
    command, args = sys.argv[1], sys.argv[2:]
    if command == 'extract':
        extract(args)
    elif command == 'select':
        cap = None
        if '--finder-cap' in args:
            at = args.index('--finder-cap')
            cap = int(args[at + 1])
            del args[at:at + 2]
        lpjs = args[args.index('--lpjs') + 1]
        finders = args[args.index('--finder') + 1:]
        select(args[0], lpjs, finders, cap)
    elif command == 'check':
        check(args[0], args[1:])
    else:
        sys.exit(__doc__)
