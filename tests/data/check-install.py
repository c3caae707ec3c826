#!/usr/bin/env python3
"""Installs the build into a temporary DESTDIR with `meson install` and
proves each desktop file lands where GNOME looks for it, then that the
installed copies work: the schema compiles and holds every key the app
reads, and the MIME database built from our package names real profiles
from the corpus by content (perf.data by its magic under any name) and by
name (pprof, folded)."""
import os
import shutil
import subprocess
import sys
import tempfile

build, app_id, corpus = sys.argv[1], sys.argv[2], sys.argv[3]
errors = []

def fail(msg):
    errors.append(msg)
    print("FAIL:", msg)

def tool(name):
    return shutil.which(name)

dest = tempfile.mkdtemp(prefix="kiln-install-")
try:
    r = subprocess.run(["meson", "install", "-C", build, "--no-rebuild", "--quiet",
                        "--destdir", dest], capture_output=True, text=True,
                       env=dict(os.environ, DESTDIR=dest))
    if r.returncode != 0:
        print(r.stdout, r.stderr)
        sys.exit("meson install failed")
    prefix = subprocess.run(["meson", "introspect", build, "--buildoptions"],
                            capture_output=True, text=True).stdout
    import json
    opts = {o["name"]: o["value"] for o in json.loads(prefix)}
    root = dest + opts["prefix"]
    data = os.path.join(root, opts["datadir"])
    bindir = os.path.join(root, opts["bindir"])

    expected = [
        os.path.join(bindir, "kiln-cli"),
        os.path.join(data, "applications", app_id + ".desktop"),
        os.path.join(data, "metainfo", app_id + ".metainfo.xml"),
        os.path.join(data, "icons/hicolor/scalable/apps", app_id + ".svg"),
        os.path.join(data, "icons/hicolor/symbolic/apps", app_id + "-symbolic.svg"),
        os.path.join(data, "glib-2.0/schemas", app_id + ".gschema.xml"),
        os.path.join(data, "mime/packages", app_id + ".xml"),
        os.path.join(data, "locale/de/LC_MESSAGES/kiln.mo"),
        os.path.join(data, "help/C/kiln/index.page"),
        os.path.join(data, "help/C/kiln/command-line.page"),
        os.path.join(data, "help/de/kiln/index.page"),
        os.path.join(data, "help/de/kiln/live-recording.page"),
    ]
    if os.path.exists(os.path.join(build, "src/app/kiln")):
        expected.append(os.path.join(bindir, "kiln"))
    for path in expected:
        if not os.path.isfile(path):
            fail("not installed: " + os.path.relpath(path, dest))
    print(f"{len(expected)} files checked under {opts['prefix']}")

    # The installed desktop file names the installed icon and metainfo.
    with open(os.path.join(data, "applications", app_id + ".desktop"), encoding="utf-8") as f:
        desktop = f.read()
    for line in ("Icon=" + app_id, "Exec=kiln %F", "Comment[de]=CPU- und Speicherprofile als Flammengrafiken erkunden",
                 "MimeType=application/x-perf-data;application/x-pprof;text/x-folded-stacks;"):
        if line not in desktop.splitlines():
            fail(f"desktop file lacks the line {line!r}")

    schemas = os.path.join(data, "glib-2.0/schemas")
    if tool("glib-compile-schemas") and tool("gsettings"):
        subprocess.run(["glib-compile-schemas", "--strict", schemas], check=True)
        env = dict(os.environ, GSETTINGS_SCHEMA_DIR=schemas, GSETTINGS_BACKEND="memory")
        keys = subprocess.run(["gsettings", "list-keys", app_id], env=env,
                              capture_output=True, text=True).stdout.split()
        for key in ("window-width", "window-height", "window-maximized",
                    "graph-mode", "palette"):
            if key not in keys:
                fail("schema lacks the key the app reads: " + key)
        rng = subprocess.run(["gsettings", "range", app_id, "graph-mode"], env=env,
                             capture_output=True, text=True).stdout.split()
        if rng != ["enum", "'flame'", "'icicle'"]:
            fail(f"graph-mode range is {rng}")

    if tool("update-mime-database") and tool("gio"):
        mime = os.path.join(data, "mime")
        shutil.copy("/usr/share/mime/packages/freedesktop.org.xml",
                    os.path.join(mime, "packages"))
        subprocess.run(["update-mime-database", mime], check=True)
        work = tempfile.mkdtemp(dir=dest)
        cases = [
            # (corpus file, name to give it, expected type)
            ("perf-data/linux-perf-data/sleep.compressed.data", "recording.bin",
             "application/x-perf-data"),
            ("perf-data/hotspot/perf.data.true.v2", "perf.data.old",
             "application/x-perf-data"),
            ("pprof/google-pprof/driver-synthetic/contention.pb.gz", "cpu.pb.gz",
             "application/x-pprof"),
            (None, "heap.pprof", "application/x-pprof"),
            (None, "out.folded", "text/x-folded-stacks"),
            (None, "out.collapsed", "text/x-folded-stacks"),
        ]
        env = dict(os.environ, XDG_DATA_HOME=os.path.join(dest, "none"),
                   XDG_DATA_DIRS=data)
        for src, name, want in cases:
            path = os.path.join(work, name)
            srcpath = os.path.join(corpus, src) if src else None
            if srcpath and os.path.exists(srcpath):
                shutil.copy(srcpath, path)
            elif src and src.startswith("perf-data"):
                # Without the corpus, the 8 magic bytes are what matters.
                with open(path, "wb") as f:
                    f.write(b"PERFILE2" + bytes(120))
            else:
                with open(path, "wb") as f:
                    f.write(b"\x1f\x8b\x08\x00" if name.endswith(".gz") else b"main;run 1\n")
            out = subprocess.run(["gio", "info", "-a", "standard::content-type", path],
                                 env=env, capture_output=True, text=True).stdout
            got = out.rsplit("standard::content-type:", 1)[-1].strip()
            print(f"{name}: {got}")
            if got != want:
                fail(f"{name} is detected as {got!r}, want {want!r}")
finally:
    shutil.rmtree(dest, ignore_errors=True)

sys.exit(1 if errors else 0)
