"""Writes tests/data/outside/invitations.jsonl: the dial-in lines of real meeting invitations
(Zoom's one-tap numbers with their meeting IDs and passcodes, dial-in numbers by location,
toll-free numbers, meeting IDs and passcodes written alone, Tencent Meeting's for mainland
China and Hong Kong, India's toll numbers), as the pages of the Hyperledger wiki show them. The
wiki's archive is `LF-Decentralized-Trust/wiki` on GitHub (Confluence pages exported to
Markdown, CC0 1.0), commit 8c6f1dbfad19f03cfc4a1af18f732d5a33152d61.

    invitations.py write > invitations.jsonl      the cases below, with their byte offsets
    invitations.py check WIKI                     every case is a line of its page in the
                                                  checkout WIKI, as a page shows it

A page's line as a page shows it: the Markdown's links and images become their text, its
escapes (`\\*`) and entities (`&lt;`) the characters, emphasis (`*...*`, `**...**`) and a
list's or quote's marker (`- `, `> `) go; the line is trimmed (no-break spaces too), the white
space inside stays as written.

The answers were judged by hand (see README.md, "invitations"): every number a person would dial
from the line is expected, a one-tap number with the meeting ID and passcode written after it
(the span covers them: a tap dials them too), in the region the page is read in (`locale`: the
Hyperledger wiki's pages are in US English, the China working group's in Chinese, the India
chapter's for India); meeting IDs, passcodes, times and file names are no numbers.
"""
import json, os, re, subprocess, sys

COMMIT = '8c6f1dbfad19f03cfc4a1af18f732d5a33152d61'
REPO = 'LF-Decentralized-Trust/wiki'

NBSP = '\u00a0'

# (page, locale, text as shown, [(the number as written, its E.164), ...] in the order they
# come in the text).
CASES = [
    ('CA/Schedule-a-Community-Meeting_20548535.md', 'US',
     f'US: +16465588656,,4034983298#{NBSP} or +16699006833,,4034983298#',
     [('+16465588656,,4034983298#', '+16465588656'), ('+16699006833,,4034983298#', '+16699006833')]),
    ('CA/Schedule-a-Community-Meeting_20548535.md', 'US',
     f'US: +1 646 558 8656{NBSP} or +1 669 900 6833{NBSP} or +1 855 880 1246 (Toll Free) or +1 877 369 0926 (Toll Free)',
     [('+1 646 558 8656', '+16465588656'), ('+1 669 900 6833', '+16699006833'),
      ('+1 855 880 1246', '+18558801246'), ('+1 877 369 0926', '+18773690926')]),
    ('CA/Schedule-a-Community-Meeting_20548535.md', 'US', 'Meeting ID: 403 498 3298', []),
    ('CASIG/19010354.md', 'US',
     f'From phone:{NBSP}+1(855)880-1246{NBSP}(toll free US number) or view{NBSP}International numbers',
     [('+1(855)880-1246', '+18558801246')]),
    ('CASIG/2021-04-26-Peer-Programming-Call_19007304.md', 'US', 'Meeting ID: 622 333 6701', []),
    ('CASIG/2021-12-20-Peer-Programming-Call_19008698.md', 'US', 'Screenshot_20211220-094314_Zoom.jpg (image/jpeg)', []),
    ('CASIG/2022-04-06-Peer-Programming-Call_19009045.md', 'US', 'Meeting ID: 938 2092 8245', []),
    ('CASIG/2022-04-15-Peer-Programming-Call_19009124.md', 'US', 'Meeting ID: 934 2678 5264', []),
    ('CASIG/2022-04-28-Peer-Programming-Call_19009242.md', 'US', 'Meeting ID: 982 7529 8692', []),
    ('CASIG/2022-05-02-Peer-Programming-Call_19009256.md', 'US', 'Meeting ID: 973 4775 0230', []),
    ('CASIG/2022-05-05-Peer-Programming-Call_19009262.md', 'US', 'Meeting ID: 995 3440 1263', []),
    ('CASIG/2024-10-08-Standards-WG_27460114.md', 'US',
     'From phone: +1(855)880-1246 (toll free US number) or view International numbers',
     [('+1(855)880-1246', '+18558801246')]),
    ('CMSIG/2020-07-15_20546454.md', 'US',
     'Meeting ID: 622 333 6701 International numbers available: https://zoom.us/u/bAaJoyznp', []),
    ('CMSIG/Financial-Markets-SIG_20545549.md', 'US',
     f'Dial in details{NBSP}Meeting ID: 622 333 6701{NBSP}Phone numbers (USA)+1 646 558 8656+1 669 900 6833Toll-free numbers (USA)+1 855 880 1246',
     [('+1 646 558 8656', '+16465588656'), ('+1 669 900 6833', '+16699006833'), ('+1 855 880 1246', '+18558801246')]),
    ('CMSIG/Financial-Markets-SIG_20545549.md', 'US', '+1 877 369 0926', [('+1 877 369 0926', '+18773690926')]),
    ('CMSIG/Financial-Markets-SIG_20545549.md', 'US', '+16465588656,,4034983298#',
     [('+16465588656,,4034983298#', '+16465588656')]),
    ('CMSIG/Financial-Markets-SIG_20545549.md', 'US', '+16699006833,,4034983298#International numbersnumbers on zoom',
     [('+16699006833,,4034983298#', '+16699006833')]),
    ('HCSIG/20545765.md', 'US', '(Meeting ID : 518 494 7650)', []),
    ('HCSIG/20545765.md', 'US', '+1(646)558-8656', [('+1(646)558-8656', '+16465588656')]),
    ('HCSIG/20545765.md', 'US', '+1(669)900-6833', [('+1(669)900-6833', '+16699006833')]),
    ('HCSIG/20545765.md', 'US', '+1(855)880-1246', [('+1(855)880-1246', '+18558801246')]),
    ('HCSIG/20545765.md', 'US', '+1(877)369-0926', [('+1(877)369-0926', '+18773690926')]),
    ('HCSIG/HC-SIG---Payer-Subgroup_20545772.md', 'US', 'Meeting ID: 997 9870 9945', []),
    ('HCSIG/HC-SIG---Payer-Subgroup_20545772.md', 'US', 'Passcode: 222710', []),
    ('HCSIG/HC-SIG---Payer-Subgroup_20545772.md', 'US', '(Meeting ID : 403 498 3298)', []),
    ('HCSIG/HC-SIG---Payer-Subgroup_20545772.md', 'US', f'( Passcode:{NBSP}475869 )', []),
    ('HCSIG/HC-SIG---Payer-Subgroup_20545772.md', 'US',
     'iPhone (one-tap)+16465588656,,4034983298#+16699006833,,4034983298#Phone numbers (USA)+1(646)558-8656+1(669)900-6833Toll-free numbers (USA)+1(855)880-1246+1(877)369-0926',
     [('+16465588656,,4034983298#', '+16465588656'), ('+16699006833,,4034983298#', '+16699006833'),
      ('+1(646)558-8656', '+16465588656'), ('+1(669)900-6833', '+16699006833'),
      ('+1(855)880-1246', '+18558801246'), ('+1(877)369-0926', '+18773690926')]),
    ('HIRC/LF-Decentralized-Trust-India-Regional-Chapter-Home_19169282.md', 'IN', 'Passcode: 475869', []),
] + [
    ('HIRC/LF-Decentralized-Trust-India-Regional-Chapter-Home_19169282.md', 'IN',
     f'{number}{NBSP}(Fee-based Toll)', [(number, e164)])
    for number, e164 in [
        ('+91 80 71 279 440', '+918071279440'), ('+91 116 480 2722', '+911164802722'),
        ('+91 22 48 798 004', '+912248798004'), ('+91 224 879 8012', '+912248798012'),
        ('+91 226 480 2722', '+912264802722'), ('+91 22 71 279 525', '+912271279525'),
        ('+91 406 480 2722', '+914064802722'), ('+91 446 480 2722', '+914464802722'),
        ('+91 806 480 2722', '+918064802722'),
    ]
] + [
    # India's toll-free numbers, dialed from India as written (libphonenumber: toll free,
    # `000800\d{7}`, the national number keeps its zeros).
    ('HIRC/LF-Decentralized-Trust-India-Regional-Chapter-Home_19169282.md', 'IN', '000 800 050 5050',
     [('000 800 050 5050', '+910008000505050')]),
    ('HIRC/LF-Decentralized-Trust-India-Regional-Chapter-Home_19169282.md', 'IN', '000 800 001 4002',
     [('000 800 001 4002', '+910008000014002')]),
    ('INTERN/21957570.md', 'US', 'Meeting ID: 813 4916 9158', []),
    ('INTERN/21957570.md', 'US', 'Passcode: 214053', []),
    ('INTERN/21957570.md', 'US', '+16465588656,,81349169158#,,,,*214053# US (New York)',
     [('+16465588656,,81349169158#,,,,*214053#', '+16465588656')]),
    ('INTERN/21957570.md', 'US', '+13017158592,,81349169158#,,,,*214053# US (Washington DC)',
     [('+13017158592,,81349169158#,,,,*214053#', '+13017158592')]),
] + [
    ('INTERN/21957570.md', 'US', f'{number} US ({city})', [(number, '+' + re.sub(r'\D', '', number))])
    for number, city in [
        ('+1 646 558 8656', 'New York'), ('+1 301 715 8592', 'Washington DC'), ('+1 312 626 6799', 'Chicago'),
        ('+1 669 900 9128', 'San Jose'), ('+1 253 215 8782', 'Tacoma'), ('+1 346 248 7799', 'Houston'),
    ]
] + [
    ('MESIG/2021-02-09-MESIG-Call_21446180.md', 'US',
     f'From phone:{NBSP} +1(855)880-1246 {NBSP}(toll free US number) or view{NBSP} International numbers',
     [('+1(855)880-1246', '+18558801246')]),
    ('MESIG/2021-02-09-MESIG-Call_21446180.md', 'US', 'Meeting ID: 6223336701', []),
    ('MESIG/Upcoming-Meeting-w-Agenda--MESIG_21446625.md', 'US',
     f'From phone:{NBSP}{NBSP}+1(855)880-1246{NBSP}{NBSP}(toll free US number) or view{NBSP}{NBSP}International numbers',
     [('+1(855)880-1246', '+18558801246')]),
    ('MESIG/Upcoming-Meeting-w-Agenda--MESIG_21446625.md', 'US', f'Meeting ID:{NBSP}518 494 7650', []),
    ('MESIG/Upcoming-Meeting-w-Agenda--MESIG_21446625.md', 'US', f'Meeting passcode:{NBSP}475869', []),
    ('MESIG/Upcoming-Presentations--MESIG_21446665.md', 'US', 'Meeting passcode: 475869', []),
    ('Marketing/2021-03-10-Meeting-notes_19175334.md', 'US', '+16465588656,,92403869974#,,,,*914129# US (New York)',
     [('+16465588656,,92403869974#,,,,*914129#', '+16465588656')]),
    ('Marketing/2021-03-10-Meeting-notes_19175334.md', 'US',
     '+13017158592,,92403869974#,,,,*914129# US (Washington DC)Dial by your location',
     [('+13017158592,,92403869974#,,,,*914129#', '+13017158592')]),
] + [
    ('Marketing/2021-03-10-Meeting-notes_19175334.md', 'US', f'{number}{NBSP}US ({city})',
     [(number, '+' + re.sub(r'\D', '', number))])
    for number, city in [
        ('+1 646 558 8656', 'New York'), ('+1 301 715 8592', 'Washington DC'), ('+1 312 626 6799', 'Chicago'),
        ('+1 669 900 9128', 'San Jose'), ('+1 253 215 8782', 'Tacoma'), ('+1 346 248 7799', 'Houston'),
    ]
] + [
    ('Marketing/2021-03-10-Meeting-notes_19175334.md', 'US', f'877 853 5247{NBSP}US Toll-free',
     [('877 853 5247', '+18778535247')]),
    ('Marketing/2021-03-10-Meeting-notes_19175334.md', 'US', f'888 788 0099{NBSP}US Toll-free',
     [('888 788 0099', '+18887880099')]),
    ('Marketing/2021-03-10-Meeting-notes_19175334.md', 'US', 'Meeting ID: 924 0386 9974', []),
    ('Marketing/2021-03-10-Meeting-notes_19175334.md', 'US', 'Passcode: 914129', []),
    # Technical Working Group China: Zoom's numbers for China, and Tencent Meeting's one-tap
    # numbers (Hong Kong's picks the language with `2` after pauses, then the meeting ID).
    ('TWGC/2019-02-13_22151199.md', 'CN',
     f'Option #2: Dial in using the{NBSP}phone number. E.g., 400 669 9381 or 010-87833177 (Premium Toll) for China area, code is 248676399.',
     [('400 669 9381', '+864006699381'), ('010-87833177', '+861087833177')]),
    ('TWGC/2020-09-23_22152434.md', 'CN', '会议 ID：305 9736 7791', []),
    ('TWGC/2020-09-23_22152434.md', 'CN',
     '手机一键拨号入会 +8675536550000,,30597367791# (中国大陆) +85230018898,,,2,30597367791# (中国香港) 根据您的位置拨号 +8675536550000 (中国大陆) +85230018898 (中国香港)',
     [('+8675536550000,,30597367791#', '+8675536550000'), ('+85230018898,,,2,30597367791#', '+85230018898'),
      ('+8675536550000', '+8675536550000'), ('+85230018898', '+85230018898')]),
    ('TWGC/Group-Meetings_22151180.md', 'CN', f'08:00 PM - 09:00 PM{NBSP}Wednesday, Bi-weekly (GMT+8)', []),
    ('TWGC/Group-Meetings_22151180.md', 'CN',
     f'会议ID：431 3158 1277{NBSP} （会议链接：{NBSP}https://meeting.tencent.com/s/ijaPdbe7xISo）', []),
    ('TWGC/Group-Meetings_22151180.md', 'CN',
     f'其他途径：手机一键拨号入会{NBSP}+8675536550000,,43131581277#(中国大陆) +85230018898,,,2,43131581277#(中国香港)',
     [('+8675536550000,,43131581277#', '+8675536550000'), ('+85230018898,,,2,43131581277#', '+85230018898')]),
    ('avalon/Meetings_17301616.md', 'US',
     f'Dial-in numbers are also available. See meeting ID:{NBSP}622-333-6701. For details on meeting times, dates, and agenda, see:',
     []),
    ('fabric/Fabric-Chaincode-EVM-Meetings_22839741.md', 'US',
     f'US: +16465588656,,6223336701#{NBSP} or +16699006833,,6223336701#',
     [('+16465588656,,6223336701#', '+16465588656'), ('+16699006833,,6223336701#', '+16699006833')]),
    ('fabric/Fabric-Interop-Working-Group_22839518.md', 'US',
     'US: +16465588656,,4034983298# or +16699006833,,4034983298#',
     [('+16465588656,,4034983298#', '+16465588656'), ('+16699006833,,4034983298#', '+16699006833')]),
    ('fabric/Fabric-Interop-Working-Group_22839518.md', 'US',
     'US: +1 646 558 8656 or +1 669 900 6833 or +1 855 880 1246 (Toll Free) or +1 877 369 0926 (Toll Free)',
     [('+1 646 558 8656', '+16465588656'), ('+1 669 900 6833', '+16699006833'),
      ('+1 855 880 1246', '+18558801246'), ('+1 877 369 0926', '+18773690926')]),
    ('fabric/Hyperledger-Fabric-Private-Chaincode_22839753.md', 'US', '+16699006833,,5184947650# US (San Jose)',
     [('+16699006833,,5184947650#', '+16699006833')]),
    ('fabric/Hyperledger-Fabric-Private-Chaincode_22839753.md', 'US', '+16465588656,,5184947650# US (New York)',
     [('+16465588656,,5184947650#', '+16465588656')]),
    ('fabric/Hyperledger-Fabric-Private-Chaincode_22839753.md', 'US', '+1 669 900 6833 US (San Jose)',
     [('+1 669 900 6833', '+16699006833')]),
    ('fabric/Hyperledger-Fabric-Private-Chaincode_22839753.md', 'US', '855 880 1246 US Toll-free',
     [('855 880 1246', '+18558801246')]),
    ('fabric/Hyperledger-Fabric-Private-Chaincode_22839753.md', 'US', '877 369 0926 US Toll-free',
     [('877 369 0926', '+18773690926')]),
    ('fabric/Hyperledger-Fabric-Private-Chaincode_22839753.md', 'US', 'Meeting ID: 518 494 7650', []),
    # One pause only, as this page wrote them: a tap still dials the meeting ID after it.
    ('quilt/2020-06-02-Meeting-notes_22446863.md', 'US',
     'US: +16465588656,4034983298# or +16699006833,4034983298#',
     [('+16465588656,4034983298#', '+16465588656'), ('+16699006833,4034983298#', '+16699006833')]),
]


def shown(line):
    """A Markdown line as the page shows it (see the module's doc)."""
    line = re.sub(r'!\[[^\]]*\]\([^)]*\)', '', line)
    line = re.sub(r'\[([^\]]*)\]\([^)]*\)', r'\1', line)
    line = line.replace('\\*', '\0')
    line = line.replace('**', '')
    line = re.sub(r'(?<!\w)\*([^*]+)\*(?!\w)', r'\1', line)
    line = line.replace('\0', '*').replace('\\_', '_').replace('\\#', '#')
    line = line.replace('&lt;', '<').replace('&gt;', '>').replace('&amp;', '&')
    line = line.strip()
    line = re.sub(r'^(?:[-*>] )+', '', line)
    return line


def write():
    seen = set()
    for page, locale, text, numbers in CASES:
        if (text, locale) in seen:
            sys.exit(f'twice: {text!r}')
        seen.add((text, locale))
        expect, at = [], 0
        for written, e164 in numbers:
            start = text.index(written, at)
            end = start + len(written)
            at = end
            expect.append({
                'start': len(text[:start].encode()),
                'end': len(text[:end].encode()),
                'e164': e164,
            })
        print(json.dumps({'set': 'invitations', 'locale': locale, 'text': text, 'expect': expect,
                          'source': f'{REPO}@{COMMIT[:7]} {page}'}, ensure_ascii=False))


def check(wiki):
    missing = 0
    for page, _, text, _ in CASES:
        with open(os.path.join(wiki, page), encoding='utf-8') as f:
            lines = {shown(line.rstrip('\n')) for line in f}
        if text not in lines:
            missing += 1
            print(f'not a line of {page}: {text!r}')
    print(f'{len(CASES) - missing} of {len(CASES)} cases are lines of their pages')
    sys.exit(1 if missing else 0)


if __name__ == '__main__':
    if sys.argv[1:2] == ['write']:
        write()
    elif sys.argv[1:2] == ['check'] and len(sys.argv) == 3:
        check(sys.argv[2])
    else:
        sys.exit(__doc__)
