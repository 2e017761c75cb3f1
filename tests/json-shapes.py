#!/usr/bin/env python3
"""json-shapes.py: an EVTX spec of tests/evtx-spec as the JSON exports
ntlmplan reads, one file per shape (test use only): system/event_data
(.json), evtx_dump Event/System/EventData (.jsonl), Winlogbeat (.ndjson) and
PowerShell Get-WinEvent | ConvertTo-Json with positional Properties
(.ps.json).  Values are written as Windows renders them (HexInt32 0x...,
UInt32 in decimal), so that each file gives the flows of the EVTX file the
same spec makes.

usage: json-shapes.py SPEC OUTPUT-PREFIX
"""

import datetime
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evtxgen  # noqa: E402


def render(v):
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return v
    if "hex32" in v:
        return "0x%x" % v["hex32"]
    if "hex64" in v:
        return "0x%x" % v["hex64"]
    if "sid" in v:
        return v["sid"]
    if "guid" in v:
        return "{%s}" % v["guid"].upper()
    raise ValueError(v)


def events(spec):
    for line in open(spec, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        ev = json.loads(line)
        data = ev.get("data", {})
        if ev.get("fill", False):
            data = evtxgen.fill_data(ev["id"], data)
        t0 = datetime.datetime.fromisoformat(ev["time"].replace("Z",
                                                                "+00:00"))
        for i in range(ev.get("repeat", 1)):
            t = t0 + datetime.timedelta(seconds=i * ev.get("every", 1))
            yield ev, {k: render(v) for k, v in data.items()}, \
                t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def main():
    spec, prefix = sys.argv[1], sys.argv[2]
    evs = list(events(spec))
    with open(prefix + ".json", "w") as f:
        json.dump([{"system": {"provider": ev["provider"],
                               "event_id": ev["id"],
                               "computer": ev["computer"],
                               "channel": ev.get("channel"),
                               "time_created": t},
                    "event_data": data} for ev, data, t in evs], f,
                  indent=1)
        f.write("\n")
    with open(prefix + ".jsonl", "w") as f:
        for ev, data, t in evs:
            f.write(json.dumps({"Event": {
                "System": {"Provider": {"#attributes": {
                    "Name": ev["provider"]}},
                    "EventID": ev["id"], "Computer": ev["computer"],
                    "TimeCreated": {"#attributes": {"SystemTime": t}}},
                "EventData": data}}) + "\n")
    with open(prefix + ".ndjson", "w") as f:
        for ev, data, t in evs:
            f.write(json.dumps({"@timestamp": t, "winlog": {
                "event_id": ev["id"], "provider_name": ev["provider"],
                "computer_name": ev["computer"],
                "event_data": {k: v for k, v in data.items()
                               if v is not None}}}) + "\n")
    with open(prefix + ".ps.json", "w") as f:
        json.dump([{"Id": ev["id"], "ProviderName": ev["provider"],
                    "MachineName": ev["computer"], "TimeCreated": t,
                    "Properties": [{"Value": int(v) if v is not None and
                                    v.isdigit() else v}
                                   for v in data.values()]}
                   for ev, data, t in evs], f, indent=1)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
