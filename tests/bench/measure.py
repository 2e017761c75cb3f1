#!/usr/bin/env python3
"""measure.py OUT CMD...: run CMD (stdout to OUT), then print
"SECONDS MAXRSS_KIB EXITSTATUS": wall time and the child's peak resident set
(getrusage(RUSAGE_CHILDREN), so run one measure.py per command)."""

import resource
import subprocess
import sys
import time


def main():
    with open(sys.argv[1], "wb") as out:
        t = time.monotonic()
        rc = subprocess.call(sys.argv[2:], stdout=out)
        t = time.monotonic() - t
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print("%.3f %d %d" % (t, rss, rc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
