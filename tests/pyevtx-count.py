#!/usr/bin/env python3
"""pyevtx-count.py FILE: count the records of an EVTX file that Debian's
python3-evtx (Willi Ballenthin's python-evtx) renders as XML, and those it
cannot.  Prints "RENDERED FAILED".  Exit 77 if the module is missing."""

import mmap
import sys

try:
    import Evtx.Evtx as evtx
except ImportError:
    sys.exit(77)


def main():
    ok = bad = 0
    with open(sys.argv[1], "rb") as f:
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
    print(ok, bad)
    return 0


if __name__ == "__main__":
    sys.exit(main())
