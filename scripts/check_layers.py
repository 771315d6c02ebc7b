#!/usr/bin/env python3
"""Fails the build when an #include in src/ runs up the layers.

The folders of src/, top to bottom; a file may include headers of its own
folder and of folders below it, never above (../shared/DESIGN.md draws
them). gRPC's and HTTP's transports sit side by side: neither includes the
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
    """The layer a path under src/ is in; "" for src/ itself (main.cc)."""
    folder = os.path.dirname(path)
    while folder and folder not in RANK:
        folder = os.path.dirname(folder)
    return folder


def faults(src):
    for root, _, files in os.walk(src):
        for name in sorted(files):
            if not name.endswith((".h", ".cc")):
                continue
            path = os.path.join(root, name)
            here = folder_of(os.path.relpath(path, src))
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
                    if not os.path.exists(os.path.join(src, header)):
                        continue  # generated code, or a test's helper
                    there = folder_of(header)
                    if here == "" or there == here:
                        continue
                    if here in RANK and RANK[there] <= RANK[here]:
                        yield (where + '%s/ includes "%s", which is %s: a '
                               "folder includes only folders below it" %
                               (here, header, "beside it" if RANK[there] ==
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
