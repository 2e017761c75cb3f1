#!/usr/bin/env python3
"""pyevtx-compare.py EVTX DUMP [LIBEVTX-DUMP]: compare what ntlmplan reads
from EVTX (DUMP: tests/evtx-dump's lines) with what Debian's python3-evtx
(Willi Ballenthin's python-evtx) renders, record by record.

A record python-evtx renders is found in DUMP by its System/Computer,
System/Channel and System/EventRecordID; then its EventID, its time (the
record header's, which both take) and, for an event ntlmplan uses, its
EventData values in order must agree (the time read from the header's
bytes: python-evtx's datetime is a microsecond or two off).  With LIBEVTX-DUMP (the same file read
through libevtx), every record libevtx gives must be in DUMP as well.

Prints one line:
  rendered R failed F read N missing M differ D onlyours O libevtx L lmissing K
  empty E
R, F: records python-evtx renders and cannot render; N: records in DUMP (not
from slack space); M: rendered records not in DUMP; D: found but different;
O: records python-evtx cannot render that DUMP holds (their header id, event
id and EventRecordID follow on lines starting with "# ours:"); L: records in
LIBEVTX-DUMP, K: of those, not in DUMP; E (empty): records python-evtx
renders with every System value zero (EventRecordID 0, EventID 0, no
channel: bytes never written), not looked for in DUMP and listed on lines
starting with "# empty:".  Differences go to stderr.
Exit 77 if python3-evtx is missing."""

import mmap
import sys
import xml.etree.ElementTree as ET

try:
    import Evtx.Evtx as evtx
except ImportError:
    sys.exit(77)

NS = "{http://schemas.microsoft.com/win/2004/08/events/event}"
# 1601 to 1970 in microseconds: the header's FILETIME read here, as
# python-evtx's own conversion (through a float) is off by a microsecond
# or two.
EPOCH_US = 11644473600 * 1000000


def unescape(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            out.append({"t": "\t", "n": "\n", "r": "\r"}.get(s[i + 1],
                                                            s[i + 1]))
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def read_dump(path):
    recs = []
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        for line in f:
            if line.startswith("#"):
                continue
            p = line.rstrip("\n").split("\t")
            recs.append({"kind": p[0], "hid": int(p[1]), "rid": int(p[2]),
                         "id": int(p[3]),
                         "time": None if p[4] == "-" else int(p[4]),
                         "computer": unescape(p[5]),
                         "channel": unescape(p[6]),
                         "fields": [unescape(x) for x in p[7:]]})
    return recs


def key(computer, channel, rid):
    return (computer.casefold(), channel, rid)


def text(e):
    return "" if e is None or e.text is None else e.text


def python_records(path):
    """(rendered, failed): rendered as dicts, failed as header ids."""
    rendered, failed = [], []
    with open(path, "rb") as f:
        buf = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        fh = evtx.FileHeader(buf, 0)
        for chunk in fh.chunks():
            try:
                records = list(chunk.records())
            except Exception:
                continue
            for rec in records:
                try:
                    root = ET.fromstring(rec.xml())
                    ft = int.from_bytes(rec.data()[16:24], "little")
                except Exception:
                    failed.append(rec.record_num())
                    continue
                sysn = root.find(NS + "System")
                ed = root.find(NS + "EventData")
                data = [] if ed is None else \
                    [text(d) for d in ed.findall(NS + "Data")]
                rendered.append({
                    "hid": rec.record_num(),
                    "rid": int(text(sysn.find(NS + "EventRecordID")) or 0),
                    "id": int(text(sysn.find(NS + "EventID")) or -1)
                    & 0xffff,
                    "time": ft // 10 - EPOCH_US,
                    "computer": text(sysn.find(NS + "Computer")),
                    "channel": text(sysn.find(NS + "Channel")),
                    "data": data})
    return rendered, failed


def same_value(a, b):
    """python-evtx and ntlmplan write some types differently."""
    if a == b:
        return True
    if a.lower() == b.lower():
        return True
    try:
        if a.lower().startswith("0x") and b.lower().startswith("0x"):
            return int(a, 16) == int(b, 16)
    except ValueError:
        pass
    return False


def main():
    rendered, failed = python_records(sys.argv[1])
    ours = [r for r in read_dump(sys.argv[2]) if r["kind"] != "recovered"]
    index = {}
    for r in ours:
        index.setdefault(key(r["computer"], r["channel"], r["rid"]), r)
    missing = differ = 0
    empty = []
    for p in rendered:
        if p["rid"] == 0 and p["id"] == 0 and p["channel"] == "":
            # Every System value zero: a record whose bytes were not
            # (all) written, which python-evtx renders from zeros.
            empty.append(p)
            continue
        r = index.get(key(p["computer"], p["channel"], p["rid"]))
        if r is None:
            missing += 1
            if missing <= 5:
                print("missing: header %d EventRecordID %d event %d %s %s"
                      % (p["hid"], p["rid"], p["id"], p["computer"],
                         p["channel"]), file=sys.stderr)
            continue
        why = []
        if r["id"] != p["id"]:
            why.append("event id %d, python-evtx %d" % (r["id"], p["id"]))
        if r["time"] != p["time"]:
            why.append("time %s, python-evtx %d" % (r["time"], p["time"]))
        if r["kind"] == "used":
            for i, v in enumerate(r["fields"]):
                if i >= len(p["data"]) or not same_value(v, p["data"][i]):
                    why.append("EventData %d %r, python-evtx %r" % (
                        i, v, p["data"][i] if i < len(p["data"]) else None))
                    break
        if why:
            differ += 1
            if differ <= 5:
                print("differ: EventRecordID %d: %s" % (p["rid"],
                      "; ".join(why)), file=sys.stderr)
    byhid = {}
    for r in ours:
        byhid.setdefault(r["hid"], r)
    onlyours = [byhid[h] for h in failed if h in byhid]
    lib = lmissing = 0
    if len(sys.argv) > 3:
        for r in read_dump(sys.argv[3]):
            if r["kind"] == "recovered":
                continue
            lib += 1
            if key(r["computer"], r["channel"], r["rid"]) not in index:
                lmissing += 1
                if lmissing <= 5:
                    print("libevtx only: header %d EventRecordID %d event %d"
                          % (r["hid"], r["rid"], r["id"]), file=sys.stderr)
    print("rendered %d failed %d read %d missing %d differ %d onlyours %d "
          "libevtx %d lmissing %d empty %d" % (
              len(rendered), len(failed), len(ours), missing, differ,
              len(onlyours), lib, lmissing, len(empty)))
    for p in empty:
        print("# empty: header %d: python-evtx renders every System value "
              "as zero" % p["hid"])
    for r in onlyours:
        print("# ours: header %d EventRecordID %d event %d %s" % (
            r["hid"], r["rid"], r["id"], r["channel"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
