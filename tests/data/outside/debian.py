"""Writes tests/data/outside/debian.jsonl: passages of the copyright and licence files every
Debian system has (/usr/share/doc/*/copyright, /usr/share/common-licenses), copied verbatim, with
the numbers a person would dial in them, judged by hand (see README.md, "debian").

    python3 tests/data/outside/debian.py tests/data/outside/debian.jsonl
"""
import json, sys
cases = [
  # (source, locale, text, [(number text, e164)])
  ("/usr/share/doc/gcc-12-base/copyright (AMD 29K notice)", "US",
   "or  suggestions about this software to the 29K Technical Support Center at\n800-29-29-AMD (800-292-9263) in the USA, or 0800-89-1131  in  the  UK,  or\n0031-11-1129 in Japan, toll free.  The direct dial number is 512-462-4118.",
   [("800-292-9263", "+18002929263"), ("0800-89-1131", "+44800891131"), ("512-462-4118", "+15124624118")]),
  ("/usr/share/doc/gcc-12-base/copyright (AMD 29K notice)", "US",
   "5900 E. Ben White Blvd.\nAustin, TX 78741\n800-292-9263",
   [("800-292-9263", "+18002929263")]),
  ("/usr/share/doc/*/copyright (the GNU licences' notice, as many packages quote it)", "US",
   " Foundation, Inc., 51 Franklin St, Fifth Floor, Boston, MA 02110-1301,\n USA, or call (617) 542-5942 for details on copylefted material in\n general.",
   [("(617) 542-5942", "+16175425942")]),
  ("/usr/share/doc/*/copyright (the GNU licences' notice, as many packages quote it)", "DE",
   " Foundation, Inc., 51 Franklin St, Fifth Floor, Boston, MA 02110-1301,\n USA, or call (617) 542-5942 for details on copylefted material in\n general.",
   [("(617) 542-5942", "+16175425942")]),
  ("/usr/share/doc/*/copyright (an older FSF address)", "DE",
   "    Free Software Foundation, Inc.,\n    59 Temple Place - Suite 330, Boston, MA  02111-1307, USA", []),
  ("/usr/share/doc/*/copyright (the ZIP code on the line after the state)", "DE",
   "Software Foundation, Inc., 51 Franklin St, Fifth Floor, Boston, MA\n   02110-1301 USA", []),
  ("/usr/share/doc/libmp3lame0/copyright", "DE",
   " downloaded from http://homepage2.nifty.com/kei-i/petit/petit313.tgz (as of\n 07-26-2011).", []),
  ("/usr/share/doc/openjdk-17-jre-headless/copyright (Restricted Rights Legend)", "US",
   "commercial computer software developed exclusively at private expense as defined in FAR 2.101, or DFARS 252.227-7014 (June 1995), as applicable. For technical data, use, duplication, or disclosure by the Government is subject to restrictions as set forth in DFARS 202.227-7015 Technical Data, Commercial and Items (Nov 1995) and this Agreement. For Software, in accordance with FAR 12-212 or DFARS 227-7202, as applicable, use, duplication or disclosure by the Government is subject to the restrictions set forth in this Agreement.", []),
  ("/usr/share/common-licenses/MPL-1.1", "DE",
   "     The Covered Code is a \"commercial item,\" as that term is defined in\n     48 C.F.R. 2.101 (Oct. 1995), consisting of \"commercial computer\n     software\" and \"commercial computer software documentation,\" as such\n     terms are used in 48 C.F.R. 12.212 (Sept. 1995). Consistent with 48\n     C.F.R. 12.212 and 48 C.F.R. 227.7202-1 through 227.7202-4 (June 1995),", []),
]
out = []
for source, locale, text, numbers in cases:
    expect = []
    at = 0
    for raw, e164 in numbers:
        i = text.index(raw, at)
        start = len(text[:i].encode()); end = start + len(raw.encode())
        expect.append({"start": start, "end": end, "e164": e164})
        at = i + len(raw)
    out.append(json.dumps({"set": "debian", "locale": locale, "text": text, "expect": expect, "source": source}, ensure_ascii=False))
open(sys.argv[1], "w").write("\n".join(out) + "\n")
