#!/usr/bin/env python3
"""measure.py OUT CMD...: run CMD (stdout to OUT), then print
"SECONDS MAXRSS_KIB EXITSTATUS CPU_SECONDS": wall time, the command's peak
resident set and its user + system CPU time.  Through GNU time when there is
one: a child forked from this Python starts with Python's resident set (13
MiB), which getrusage then reports for any command smaller than that.

With MEASURE_RUNS=N in the environment the command runs N times: the least
wall and CPU time of the runs (a shared machine only ever adds time), the
greatest peak RSS, the first exit status that is not 0.  Each run starts
after a sync(2), so that no write-back of an earlier output runs in it."""

import os
import subprocess
import sys
import tempfile
import time

GNU_TIME = "/usr/bin/time"


def once(cmd, out_path):
    # The last run's output written back to the disk now, not during this
    # run (evtxexport writes gigabytes of XML).
    os.sync()
    with open(out_path, "wb") as out:
        if os.access(GNU_TIME, os.X_OK):
            # The peak RSS from GNU time, the CPU time from the kernel's
            # account of the children (to the microsecond: GNU time
            # prints hundredths, 1.5 % of a 0.7 s run).
            import resource
            with tempfile.NamedTemporaryFile("r") as tf:
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                t = time.monotonic()
                subprocess.call([GNU_TIME, "-o", tf.name, "-f",
                                 "%x %M"] + cmd, stdout=out)
                t = time.monotonic() - t
                ru = resource.getrusage(resource.RUSAGE_CHILDREN)
                last = tf.read().split("\n")
                fields = [x for x in last if x.strip()][-1].split()
                rc, rss = int(fields[0]), int(fields[1])
                cpu = (ru.ru_utime + ru.ru_stime -
                       before.ru_utime - before.ru_stime)
        else:
            import resource
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.monotonic()
            rc = subprocess.call(cmd, stdout=out)
            t = time.monotonic() - t
            ru = resource.getrusage(resource.RUSAGE_CHILDREN)
            rss = ru.ru_maxrss
            cpu = (ru.ru_utime + ru.ru_stime -
                   before.ru_utime - before.ru_stime)
    return t, rss, rc, cpu


def main():
    runs = max(1, int(os.environ.get("MEASURE_RUNS", "1")))
    best = None
    for _ in range(runs):
        t, rss, rc, cpu = once(sys.argv[2:], sys.argv[1])
        if best is None:
            best = [t, rss, rc, cpu]
        else:
            best[0] = min(best[0], t)
            best[1] = max(best[1], rss)
            best[2] = best[2] or rc
            best[3] = min(best[3], cpu)
    print("%.3f %d %d %.3f" % tuple(best))
    return 0


if __name__ == "__main__":
    sys.exit(main())
