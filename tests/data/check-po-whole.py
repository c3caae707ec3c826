#!/usr/bin/env python3
"""msgfmt --check on one .po file, and no message left untranslated or
fuzzy: a help page half in one language and half in another is worse than
either. Given the folder of the original pages, also every paragraph of them
must be in the .po: a page edited without refreshing its translation shows
the new text in English even though the .po itself looks whole."""
import os
import shutil
import subprocess
import sys
import tempfile

if not shutil.which("msgfmt"):
    print("SKIP: msgfmt is not installed")
    sys.exit(77)
import glob

po = sys.argv[1]
pages = sorted(glob.glob(os.path.join(sys.argv[2], "*.page"))) if len(sys.argv) > 2 else []
r = subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null", po],
                   capture_output=True, text=True)
print(r.stderr.strip())
if r.returncode != 0:
    sys.exit(1)
if "untranslated" in r.stderr or "fuzzy" in r.stderr:
    sys.exit(1)
if not pages:
    sys.exit(0)
if not shutil.which("itstool") or not shutil.which("msgcmp"):
    print("SKIP: itstool or msgcmp is not installed")
    sys.exit(77)
with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, "pages.pot")
    subprocess.run(["itstool", "-o", pot] + pages, check=True)
    # msgcmp: every msgid of the pages must have a translation in the .po.
    r = subprocess.run(["msgcmp", "--use-untranslated", po, pot],
                       capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stderr.strip())
        print(f"{po} lacks the messages above: run `meson compile help-kiln-update-po` "
              "and translate them")
        sys.exit(1)
sys.exit(0)
