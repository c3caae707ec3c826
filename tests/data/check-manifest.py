#!/usr/bin/env python3
"""Parses the Flatpak manifest and checks what flatpak-builder would trip
over later: the app id, a GNOME runtime new enough for GTK 4.8 and
libadwaita 1.2, every archive source pinned by sha256, Kiln built from this
tree last, and no permission beyond the ones we justify in the help."""
import json
import sys

path, app_id = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as f:
    m = json.load(f)

errors = []
def check(ok, what):
    if not ok:
        errors.append(what)

check(m.get("app-id") == app_id, f"app-id is {m.get('app-id')!r}, want {app_id!r}")
check(m.get("runtime") == "org.gnome.Platform", "runtime must be org.gnome.Platform")
check(m.get("sdk") == "org.gnome.Sdk", "sdk must be org.gnome.Sdk")
check(int(str(m.get("runtime-version", "0")).split(".")[0]) >= 43,
      "runtime-version must be 43 or newer (GTK 4.8, libadwaita 1.2)")
check(m.get("command") == "kiln", "command must be kiln")

allowed = {"--share=ipc", "--socket=wayland", "--socket=fallback-x11",
           "--device=dri", "--filesystem=host:ro", "--filesystem=host-os:ro"}
for arg in m.get("finish-args", []):
    check(arg in allowed, f"finish-arg {arg} is not one the help justifies")

modules = m.get("modules", [])
check(modules and modules[-1].get("name") == "kiln", "kiln must be the last module")
names = []
for mod in modules:
    if isinstance(mod, str):
        errors.append(f"module {mod} is an external file; keep the manifest whole")
        continue
    names.append(mod.get("name"))
    for src in mod.get("sources", []):
        if src.get("type") == "archive":
            check(src.get("url", "").startswith("https://"), f"{mod['name']}: url must be https")
            sha = src.get("sha256", "")
            check(len(sha) == 64 and all(c in "0123456789abcdef" for c in sha),
                  f"{mod['name']}: archive needs a sha256 (64 hex digits)")
        elif src.get("type") == "dir":
            check(mod.get("name") == "kiln", f"{mod['name']}: only kiln builds from a dir")
check("protobuf-c" in names, "protobuf-c must be built: the runtime lacks it")
kiln = modules[-1] if modules else {}
check(kiln.get("buildsystem") == "meson", "kiln builds with meson")
check(any(s.get("type") == "dir" and s.get("path") == ".." for s in kiln.get("sources", [])),
      "kiln must build from this tree (type dir, path ..)")

for e in errors:
    print("FAIL:", e)
print(f"{path}: {len(modules)} modules ({', '.join(map(str, names))}), "
      f"{len(m.get('finish-args', []))} finish-args")
sys.exit(1 if errors else 0)
