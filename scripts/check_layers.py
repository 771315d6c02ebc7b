#!/usr/bin/env python3
"""Fails the build when an #include in src/ runs up the layers.

The folders of src/, top to bottom, as README's Development section
lists them; a file may include headers of its own folder and of folders
below it, never above. gRPC's and HTTP's transports sit side by side: neither includes the
other. Includes are rooted at src/ ("schema/protoset.h"), never "../".

Usage: check_layers.py SRC_DIR STAMP: writes STAMP when all is well, else
prints each include at fault as FILE:LINE: what, and exits 1.
"""

import os
import re
import sys

LAYERS = [
    ["cli"],
    ["commands"],
    ["serve"],
    ["show"],
    ["schema"],
    ["input"],
    ["codec"],
    ["transport/grpc", "transport/http"],
    ["transport"],
    ["base"],
]
RANK = {folder: rank for rank, row in enumerate(LAYERS) for folder in row}
INCLUDE = re.compile(r'\s*#\s*include\s*"([^"]+)"')


def folder_of(path):
    """The folder a path under src/ is in: "" for src/ itself (main.cc)."""
    return os.path.dirname(path)


def resolve(src, including, header):
    """The header an include names, relative to src/, as the compiler finds
    it: beside the including file first, then under src/; None for a
    header of elsewhere (generated code, a test's helper, a library)."""
    for root in (os.path.dirname(including), src):
        path = os.path.normpath(os.path.join(root, header))
        if os.path.exists(path):
            return os.path.relpath(path, src)
    return None


def faults(src):
    for root, _, files in os.walk(src):
        for name in sorted(files):
            if not name.endswith((".h", ".cc")):
                continue
            path = os.path.join(root, name)
            here = folder_of(os.path.relpath(path, src))
            if here and here not in RANK:
                yield ("%s: %s/ is no layer: add it to LAYERS in %s" %
                       (os.path.relpath(path), here, sys.argv[0]))
                continue
            with open(path, encoding="utf-8") as text:
                for number, line in enumerate(text, 1):
                    match = INCLUDE.match(line)
                    if not match:
                        continue
                    header = match.group(1)
                    where = "%s:%d: " % (os.path.relpath(path), number)
                    if header.startswith("../") or "/../" in header:
                        yield where + '"%s": include from src/, not "../"' % header
                        continue
                    found = resolve(src, path, header)
                    if found is None:
                        continue  # generated code, or a test's helper
                    if found != os.path.normpath(header):
                        yield (where + '"%s": include from src/ ("%s"), '
                               "not from the file's own folder" %
                               (header, found))
                        continue
                    there = folder_of(found)
                    if here == "" or there == here:
                        continue
                    if here in RANK and RANK[there] <= RANK[here]:
                        yield (where + '%s/ includes "%s", which is %s: a '
                               "folder includes only folders below it" %
                               (here, found, "beside it" if RANK[there] ==
                                RANK[here] else "above it"))


def main():
    src, stamp = sys.argv[1], sys.argv[2]
    found = list(faults(src))
    for fault in found:
        print(fault)
    if found:
        return 1
    with open(stamp, "w") as out:
        out.write("layers checked\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
