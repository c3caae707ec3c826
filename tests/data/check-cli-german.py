#!/usr/bin/env python3
"""A German user reads the engine's messages in German: kiln-cli, finding
its catalogue in this build tree (the kiln.mo that `meson install` ships),
reports a damaged zstd file with the engine's translated error, and a cut
gzip file with the translated warning. The same runs in the C locale keep
the English the other tests assert on; the decompressors' own words
(zstd's, at the end of the error) stay English in both."""
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile

cli, mo = sys.argv[1], sys.argv[2]
errors = []


def fail(msg):
    errors.append(msg)
    print("FAIL:", msg)


if not os.path.isfile(mo):
    print(f"SKIP: {mo} was not built (gettext's msgfmt is not installed)")
    sys.exit(77)
# glibc honours LANGUAGE in any locale but C and POSIX; C.UTF-8 is built in
# since glibc 2.35, de_DE.UTF-8 only where it was generated.
if shutil.which("locale"):
    listed = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.split()
    listed = {x.lower().replace("-", "") for x in listed}
    usable = [l for l in ("C.UTF-8", "de_DE.UTF-8") if l.lower().replace("-", "") in listed]
else:
    usable = ["C.UTF-8"]
if not usable:
    print("SKIP: neither C.UTF-8 nor de_DE.UTF-8 is available, so LANGUAGE is ignored")
    sys.exit(77)


def run(path, german):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("LC_") and k not in ("LANG", "LANGUAGE")}
    env["LC_ALL"] = usable[0] if german else "C.UTF-8"
    if german:
        env["LANGUAGE"] = "de"
    return subprocess.run([cli, "info", path], env=env, capture_output=True, text=True)


with tempfile.TemporaryDirectory() as tmp:
    # A zstd frame header with nothing valid after it: nothing decodes.
    zst = os.path.join(tmp, "damaged.zst")
    with open(zst, "wb") as f:
        f.write(b"\x28\xb5\x2f\xfd\0\0\0\0garbage")
    en, de = run(zst, False), run(zst, True)
    m = re.fullmatch(r"kiln-cli: The zstd data is damaged from its start \(15 bytes\), "
                     r"before anything could be read: (.+)\n", en.stderr)
    if not m:
        fail(f"unexpected English error: {en.stderr!r}")
    else:
        want = ("kiln-cli: Die zstd-Daten sind von Anfang an beschädigt (15 Bytes), noch bevor "
                f"etwas gelesen werden konnte: {m.group(1)}\n")
        print("German error:", de.stderr.strip())
        if de.stderr != want:
            fail(f"German error is {de.stderr!r}, want {want!r}")
        if de.returncode != en.returncode or en.returncode == 0:
            fail(f"exit status {de.returncode} in German, {en.returncode} in English")

    # Folded stacks in a gzip stream cut short: what decoded is shown, with
    # a warning that says where the data ends.
    text = "".join(f"main;run;work{i} {i + 1}\n" for i in range(3000)).encode()
    packed = gzip.compress(text, mtime=0)
    cut = len(packed) // 2
    gz = os.path.join(tmp, "cut.folded.gz")
    with open(gz, "wb") as f:
        f.write(packed[:cut])
    en, de = run(gz, False), run(gz, True)
    want_en = (f"  - gzip data is damaged at byte {cut} of {cut} (the gzip stream ends early): "
               "showing what decoded before it")
    want_de = (f"  - Die gzip-Daten sind bei Byte {cut} von {cut} beschädigt (der gzip-Datenstrom "
               "endet zu früh): Angezeigt wird, was davor entpackt wurde")
    if en.returncode != 0 or want_en not in en.stdout.splitlines():
        fail(f"English warning missing from: {en.stdout!r} {en.stderr!r}")
    print("German warning:", want_de.strip() if want_de in de.stdout.splitlines() else "none")
    if de.returncode != 0 or want_de not in de.stdout.splitlines():
        fail(f"German warning missing from: {de.stdout!r} {de.stderr!r}")
    # Cut mid-line, the last line has no count: a plural message, singular.
    m = re.search(r"^  - Ignored 1 line that is not folded stacks \(the first is line (\d+)\)$",
                  en.stdout, re.M)
    if m:
        want = (f"  - 1 Zeile, die kein gefalteter Stapel ist, wurde ignoriert "
                f"(Zeile {m.group(1)})")
        if want not in de.stdout.splitlines():
            fail(f"German singular warning {want!r} missing from: {de.stdout!r}")
    if "Warnungen:" not in de.stdout.splitlines():
        fail("the CLI's own heading is not German either: is the catalogue found?")

sys.exit(1 if errors else 0)
