#!/usr/bin/env python3
"""Keeps the translations whole: po/POTFILES.in names every source file
with a marked string, and each language in po/LINGUAS translates every
string xgettext finds today, none fuzzy. Fails with the list to fix, which
is what `meson compile kiln-pot kiln-update-po` and a translator resolve."""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

src = sys.argv[1]
if not shutil.which("xgettext") or not shutil.which("msgmerge"):
    print("SKIP: gettext tools are not installed")
    sys.exit(77)

with open(os.path.join(src, "po/POTFILES.in"), encoding="utf-8") as f:
    listed = {l.strip() for l in f if l.strip() and not l.startswith("#")}
errors = []
for path in listed:
    if not os.path.isfile(os.path.join(src, path)):
        errors.append(f"POTFILES.in names {path}, which does not exist")

marked_c = re.compile(r"\b(?:N?C?_|g_dngettext|ngettext)\(")
candidates = glob.glob(os.path.join(src, "src/*/*.c")) + glob.glob(os.path.join(src, "src/*/*/*.c"))
candidates += glob.glob(os.path.join(src, "ui/**/*.ui"), recursive=True)
for path in sorted(candidates):
    rel = os.path.relpath(path, src)
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    marked = ('translatable="yes"' in text) if rel.endswith(".ui") else bool(marked_c.search(text))
    if marked and rel not in listed:
        errors.append(f"{rel} has translatable strings but is not in po/POTFILES.in")

with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, "kiln.pot")
    files = os.path.join(tmp, "files")
    with open(files, "w") as f:
        f.write("\n".join(sorted(p for p in listed if os.path.isfile(os.path.join(src, p)))))
    subprocess.run(["xgettext", "--package-name=kiln", "--from-code=UTF-8",
                    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
                    "--keyword=g_dngettext:2,3", "--keyword=ngettext:1,2",
                    "--flag=g_strdup_printf:1:c-format", "--flag=g_set_error:4:c-format",
                    "--add-comments=Translators", "-D", src, "-f", files, "-o", pot],
                   check=True)
    with open(os.path.join(src, "po/LINGUAS"), encoding="utf-8") as f:
        langs = f.read().split()
    for lang in langs:
        merged = os.path.join(tmp, lang + ".po")
        subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching", "-o", merged,
                        os.path.join(src, "po", lang + ".po"), pot], check=True)
        stats = subprocess.run(["msgfmt", "--statistics", "-o", "/dev/null", merged],
                               capture_output=True, text=True).stderr.strip()
        print(f"{lang}: {stats}")
        if "untranslated" in stats or "fuzzy" in stats:
            untranslated = subprocess.run(["msgattrib", "--untranslated", merged],
                                          capture_output=True, text=True).stdout
            ids = re.findall(r'^msgid "(.+)"$', untranslated, re.M)
            errors.append(f"{lang}.po is not whole: {stats}; first missing: {ids[:5]}")

for e in errors:
    print("FAIL:", e)
sys.exit(1 if errors else 0)
