#!/usr/bin/env python3
"""siem-results.py: an EVTX spec of tests/evtx-spec aggregated as a SIEM
running "ntlmplan queries" would aggregate it, written in each product's
export format (test use only).  It is written from ntlmplan-flows(5), SIEM
RESULTS, and ntlmplan-events(7), not from ntlmplan's code: the fields of each
event that fill each column are listed here by hand.

  sentinel.csv         Log Analytics / Sentinel, Export to CSV (ISO times)
  log-analytics.json   the Log Analytics query API: tables, columns, rows
  splunk.csv           Splunk, Export results as CSV (epoch seconds)
  splunk.json          Splunk, Export results as JSON: {"result": {...}}
                       a line, every value a string
  esql.csv             Elasticsearch ES|QL, format=csv
  esql.json            Elasticsearch ES|QL, format=json: columns, values

usage: siem-results.py SPEC OUTDIR
"""

import calendar
import collections
import csv
import datetime
import importlib.util
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
COLUMNS = ["event_id", "computer", "server", "workstation", "user",
           "domain", "process", "logon_type", "in_proc", "mechanism",
           "schannel_type", "ntlm_version", "usage_id", "usage_reason",
           "client_ip", "target_ip", "mic", "channel_binding", "status",
           "package", "count", "first_seen", "last_seen", "hours"]
KEY = COLUMNS[:20]

# Column <- EventData field, per event (ntlmplan-events(7)).
L8001 = {"server": "TargetName", "user": "UserName",
         "domain": "DomainName", "process": "ProcessName",
         "mechanism": "MechanismOID"}
L8002 = {"user": "ClientUserName", "domain": "ClientDomainName",
         "process": "ProcessName", "mechanism": "MechanismOID"}
L8003 = {"user": "UserName", "domain": "DomainName",
         "workstation": "Workstation", "process": "ProcessName",
         "logon_type": "LogonType", "in_proc": "InProc",
         "mechanism": "MechanismOID"}
L8004 = {"server": "SChannelName", "user": "UserName",
         "domain": "DomainName", "workstation": "WorkstationName",
         "schannel_type": "SChannelType"}
L4624 = {"user": "TargetUserName", "domain": "TargetDomainName",
         "logon_type": "LogonType", "package": "AuthenticationPackageName",
         "workstation": "WorkstationName", "ntlm_version": "LmPackageName",
         "process": "ProcessName", "client_ip": "IpAddress"}
LAYOUT = {8001: L8001, 4001: L8001, 8002: L8002, 4002: L8002,
          8003: L8003, 4003: L8003, 8004: L8004, 4004: L8004,
          8005: L8004, 8006: L8004, 4624: L4624}


def shapes():
    s = importlib.util.spec_from_file_location(
        "json_shapes", os.path.join(HERE, "json-shapes.py"))
    m = importlib.util.module_from_spec(s)
    s.loader.exec_module(m)
    return m


def aggregate(spec):
    rows = collections.OrderedDict()
    for ev, data, t in shapes().events(spec):
        lay = LAYOUT[ev["id"]]
        if ev["id"] == 4624 and data.get("AuthenticationPackageName") != \
                "NTLM":
            continue
        when = datetime.datetime.strptime(t, "%Y-%m-%dT%H:%M:%S.%fZ")
        key = tuple([str(ev["id"]), ev["computer"]] +
                    [data.get(lay[c], "") or "" if c in lay else ""
                     for c in KEY[2:]])
        r = rows.setdefault(key, {"count": 0, "first": when, "last": when,
                                  "hours": collections.Counter()})
        r["count"] += 1
        r["first"] = min(r["first"], when)
        r["last"] = max(r["last"], when)
        r["hours"][when.replace(minute=0, second=0, microsecond=0)] += 1
    return rows


def iso(d):
    return d.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def epoch(d):
    return calendar.timegm(d.timetuple()) + d.microsecond / 1e6


def hours(r, as_epoch):
    return ";".join("%s=%d" % (int(epoch(h)) if as_epoch else
                               h.strftime("%Y-%m-%dT%H"), n)
                    for h, n in sorted(r["hours"].items()))


def table(rows, as_epoch):
    for key, r in rows.items():
        yield list(key) + [r["count"],
                           epoch(r["first"]) if as_epoch else iso(r["first"]),
                           epoch(r["last"]) if as_epoch else iso(r["last"]),
                           hours(r, as_epoch)]


def main():
    spec, out = sys.argv[1], sys.argv[2]
    rows = aggregate(spec)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "sentinel.csv"), "w", newline="",
              encoding="utf-8-sig") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(COLUMNS)
        for row in table(rows, False):
            w.writerow(row)
    with open(os.path.join(out, "log-analytics.json"), "w") as f:
        types = ["int"] + ["string"] * 19 + ["long", "datetime",
                                             "datetime", "string"]
        json.dump({"tables": [{"name": "PrimaryResult", "columns": [
            {"name": c, "type": t} for c, t in zip(COLUMNS, types)],
            "rows": [[int(r[0])] + r[1:] for r in table(rows, False)]}]},
            f, indent=1)
    with open(os.path.join(out, "splunk.csv"), "w", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n")
        w.writerow(COLUMNS)
        for row in table(rows, True):
            w.writerow([("%.3f" % v) if isinstance(v, float) else v
                        for v in row])
    with open(os.path.join(out, "splunk.json"), "w") as f:
        for row in table(rows, True):
            f.write(json.dumps({"preview": False, "result": {
                c: ("%.3f" % v) if isinstance(v, float) else str(v)
                for c, v in zip(COLUMNS, row) if v != ""}}) + "\n")
    with open(os.path.join(out, "esql.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        for row in table(rows, False):
            w.writerow(row)
    with open(os.path.join(out, "esql.json"), "w") as f:
        types = ["integer"] + ["keyword"] * 19 + ["long", "date", "date",
                                                 "keyword"]
        json.dump({"columns": [{"name": c, "type": t}
                               for c, t in zip(COLUMNS, types)],
                   "values": [[int(r[0])] + [v if v != "" else None
                                             for v in r[1:]]
                              for r in table(rows, False)]}, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
