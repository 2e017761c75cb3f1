#!/usr/bin/env python3
"""pyevtx-count.py FILE...: count the records of each EVTX file that Debian's
python3-evtx (Willi Ballenthin's python-evtx) renders as XML, and those it
cannot.  Prints "RENDERED FAILED" per file, in order (one interpreter for
many files; "error: ..." for a file it cannot open).  Exit 77 if the module
is missing."""

import mmap
import sys

try:
    import Evtx.Evtx as evtx
except ImportError:
    sys.exit(77)


def count(path):
    ok = bad = 0
    with open(path, "rb") as f:
        buf = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        fh = evtx.FileHeader(buf, 0)
        for chunk in fh.chunks():
            try:
                records = list(chunk.records())
            except Exception:
                bad += 1
                continue
            for rec in records:
                try:
                    rec.xml()
                    ok += 1
                except Exception:
                    bad += 1
    return ok, bad


def main():
    for path in sys.argv[1:]:
        try:
            print(*count(path))
        except Exception as e:
            print("error:", repr(e))
    return 0


if __name__ == "__main__":
    sys.exit(main())
