#!/usr/bin/env python3
"""msgfmt --check on one .po file, and no message left untranslated or
fuzzy: a help page half in one language and half in another is worse than
either."""
import shutil
import subprocess
import sys

if not shutil.which("msgfmt"):
    print("SKIP: msgfmt is not installed")
    sys.exit(77)
r = subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null", sys.argv[1]],
                   capture_output=True, text=True)
print(r.stderr.strip())
if r.returncode != 0:
    sys.exit(1)
sys.exit(1 if ("untranslated" in r.stderr or "fuzzy" in r.stderr) else 0)
