#!/usr/bin/env python3
"""Every screenshot the metainfo advertises is a PNG committed under
data/screenshots/ with the width and height the metainfo states, so a
software centre never shows a broken image once the repository is public."""
import os
import re
import struct
import sys

metainfo, raw_url, src = sys.argv[1], sys.argv[2], sys.argv[3]
with open(metainfo, encoding="utf-8") as f:
    text = f.read()
images = re.findall(r'<image type="source" width="(\d+)" height="(\d+)"[^>]*>([^<]+)</image>', text)
errors = []
if not images:
    errors.append("the metainfo lists no screenshots")
for w, h, url in images:
    if not url.startswith(raw_url + "/"):
        errors.append(f"{url} is not under {raw_url}")
        continue
    path = os.path.join(src, url[len(raw_url) + 1:])
    try:
        with open(path, "rb") as f:
            head = f.read(24)
    except OSError as e:
        errors.append(f"{url}: {e}")
        continue
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        errors.append(f"{path} is not a PNG")
        continue
    pw, ph = struct.unpack(">II", head[16:24])
    print(f"{os.path.relpath(path, src)}: {pw}x{ph}")
    if (pw, ph) != (int(w), int(h)):
        errors.append(f"{path} is {pw}x{ph}, the metainfo says {w}x{h}")
for e in errors:
    print("FAIL:", e)
sys.exit(1 if errors else 0)
