#!/usr/bin/env python3
"""measure.py OUT CMD...: run CMD (stdout to OUT), then print
"SECONDS MAXRSS_KIB EXITSTATUS CPU_SECONDS": wall time, the command's peak
resident set and its user + system CPU time.  Through GNU time when there is
one: a child forked from this Python starts with Python's resident set (13
MiB), which getrusage then reports for any command smaller than that."""

import os
import subprocess
import sys
import tempfile
import time

GNU_TIME = "/usr/bin/time"


def main():
    cmd = sys.argv[2:]
    with open(sys.argv[1], "wb") as out:
        if os.access(GNU_TIME, os.X_OK):
            with tempfile.NamedTemporaryFile("r") as tf:
                t = time.monotonic()
                subprocess.call([GNU_TIME, "-o", tf.name, "-f",
                                 "%x %M %U %S"] + cmd, stdout=out)
                t = time.monotonic() - t
                last = tf.read().split("\n")
                fields = [x for x in last if x.strip()][-1].split()
                rc, rss = int(fields[0]), int(fields[1])
                cpu = float(fields[2]) + float(fields[3])
        else:
            import resource
            t = time.monotonic()
            rc = subprocess.call(cmd, stdout=out)
            t = time.monotonic() - t
            ru = resource.getrusage(resource.RUSAGE_CHILDREN)
            rss, cpu = ru.ru_maxrss, ru.ru_utime + ru.ru_stime
    print("%.3f %d %d %.3f" % (t, rss, rc, cpu))
    return 0


if __name__ == "__main__":
    sys.exit(main())
