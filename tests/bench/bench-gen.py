#!/usr/bin/env python3
"""bench-gen.py: the benchmark's input, N 8003 events over F distinct flows,
written twice: as EVTX (through evtxgen's Writer) and as JSON Lines in the
system/event_data shape of shared/samples/event-8003.json.

usage: bench-gen.py EVENTS FLOWS OUT.evtx OUT.jsonl
Flow f is logged by server SRV(f % 50) for user u(f // 50): every flow is a
distinct (server, user) pair.  Event i belongs to flow i % FLOWS and is
written one millisecond after event i - 1.

FLOWS 0 is high cardinality, every event its own flow: event i is logged by
one of 200 servers for user u(i), as a collector's forwarded file or a SIEM
export of a busy domain holds them.
"""

import datetime
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
import evtxgen  # noqa: E402

SERVERS = 50
DISTINCT_SERVERS = 200


def flow(f, distinct=False):
    if distinct:
        server = "SRV%03d.corp.example" % (f % DISTINCT_SERVERS)
        user = "user%07d" % f
    else:
        server = "SRV%02d.corp.example" % (f % SERVERS)
        user = "user%05d" % (f // SERVERS)
    data = {"UserName": user, "DomainName": "CORP",
            "Workstation": "WS%04d" % (f % 997), "CallerPID": 4,
            "ProcessName": "C:\\Windows\\System32\\svchost.exe",
            "LogonType": 3, "InProc": False,
            "MechanismOID": "(NULL)"}
    return server, data


def main():
    n, nflows = int(sys.argv[1]), int(sys.argv[2])
    evtx_path, jsonl_path = sys.argv[3], sys.argv[4]
    start = datetime.datetime(2026, 3, 1, tzinfo=datetime.timezone.utc)
    ft0 = evtxgen.filetime(start)
    with open(evtx_path, "w+b") as f, open(jsonl_path, "w") as j:
        w = evtxgen.Writer(f)
        layout = evtxgen.Layout(evtxgen.LAYOUTS[8003])
        types = [t for _, t in evtxgen.LAYOUTS[8003]]
        def parts(k):
            server, data = flow(k, nflows == 0)
            vals = [evtxgen.encode_value(v, t)
                    for v, t in zip(data.values(), types)]
            head = json.dumps({"provider": "Microsoft-Windows-NTLM",
                               "event_id": 8003,
                               "channel": "Microsoft-Windows-NTLM/"
                                          "Operational",
                               "computer": server})
            return (w.prepare(8003, "Microsoft-Windows-NTLM", server, vals),
                    ('{"system": ' + head[:-1] +
                     ', "time_created": "', '", "event_record_id": ',
                     '}, "event_data": ' + json.dumps(data) + '}\n'))
        prepared = [parts(k) for k in range(nflows)]
        buf = []
        for i in range(n):
            prep, jpart = parts(i) if nflows == 0 else prepared[i % nflows]
            ft = ft0 + i * 10000
            w.add_prepared(layout, prep, ft)
            t = start + datetime.timedelta(milliseconds=i)
            a, b, c = jpart
            buf.append(a + t.strftime("%Y-%m-%dT%H:%M:%S.%f+00:00") + b +
                       str(i + 1) + c)
            if len(buf) >= 10000:
                j.write("".join(buf))
                buf = []
        j.write("".join(buf))
        w.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
