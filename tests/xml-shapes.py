#!/usr/bin/env python3
"""xml-shapes.py: an EVTX spec of tests/evtx-spec as the rendered event XML
Windows writes, and as JSON, each with the System block tests/evtxgen.py
writes into the EVTX file (record ids counted as it counts them, channel),
so that every file gives the flow file the EVTX file gives (test use only):

  PREFIX.wevtutil.xml    wevtutil qe LOG /f:xml: one <Event> a line, no root
                         element, UTF-8, CRLF
  PREFIX.saved.xml       Event Viewer's "Save All Events As" XML: UTF-16LE
                         with a byte order mark, an <Events> root, indented,
                         each event with the RenderingInfo of a subscription
                         in RenderedText format
  PREFIX.positional.xml  <Data> without Name (a classic provider's layout,
                         read by position), UTF-8 with a byte order mark
  PREFIX.jsonl           the Event/System/EventData JSON shape with
                         EventRecordID and Channel

usage: xml-shapes.py SPEC PREFIX
"""

import json
import os
import sys
from xml.sax.saxutils import escape, quoteattr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evtxgen  # noqa: E402

NS = "http://schemas.microsoft.com/win/2004/08/events/event"
GUIDS = {"Microsoft-Windows-NTLM": "{AC43300D-5FCC-4800-8E99-1BD3F85F0320}",
         "Microsoft-Windows-Security-Netlogon":
         "{E5BA83F6-07D0-46B1-8BC7-7E669A1D31DC}",
         "Microsoft-Windows-Security-Auditing":
         "{54849625-5478-4994-A5BA-3E3B0328C30D}"}


def load(spec):
    """The spec's events, one per record, as tests/evtxgen.py writes them."""
    import importlib.util
    here = os.path.dirname(os.path.abspath(__file__))
    s = importlib.util.spec_from_file_location(
        "json_shapes", os.path.join(here, "json-shapes.py"))
    js = importlib.util.module_from_spec(s)
    s.loader.exec_module(js)
    next_id = 1
    out = []
    raw = [json.loads(l) for l in open(spec, encoding="utf-8")
           if l.strip() and not l.strip().startswith("#")]
    evs = list(js.events(spec))
    k = 0
    for ev in raw:
        for i in range(ev.get("repeat", 1)):
            e, data, t = evs[k]
            k += 1
            rid = ev["record_id"] if i == 0 and "record_id" in ev \
                else next_id
            next_id = rid + 1
            xrid = ev["xml_record_id"] + i if "xml_record_id" in ev else rid
            out.append({"id": ev["id"], "provider": ev["provider"],
                        "computer": ev["computer"],
                        "channel": ev.get("channel",
                                          "Microsoft-Windows-NTLM/Operational"),
                        "record_id": xrid, "data": data,
                        # Windows writes 100 ns: seven digits.
                        "time": t[:-1] + "0Z"})
    return out


def system(e, sep=""):
    p = e["provider"]
    return sep.join([
        "<System>",
        "<Provider Name=%s Guid='%s'/>" % (quoteattr(p), GUIDS.get(p, "")),
        "<EventID>%d</EventID>" % e["id"], "<Version>0</Version>",
        "<Level>4</Level>", "<Task>0</Task>", "<Opcode>0</Opcode>",
        "<Keywords>0x8000000000000000</Keywords>",
        "<TimeCreated SystemTime='%s'/>" % e["time"],
        "<EventRecordID>%d</EventRecordID>" % e["record_id"],
        "<Correlation/>", "<Execution ProcessID='764' ThreadID='3132'/>",
        "<Channel>%s</Channel>" % escape(e["channel"]),
        "<Computer>%s</Computer>" % escape(e["computer"]),
        "<Security UserID='S-1-5-18'/>", "</System>"])


def data(e, named=True, sep=""):
    out = []
    for k, v in e["data"].items():
        name = " Name=%s" % quoteattr(k) if named else ""
        if v is None:
            out.append("<Data%s/>" % name)
        else:
            out.append("<Data%s>%s</Data>" % (name, escape(v)))
    return "<EventData>" + sep + sep.join(out) + sep + "</EventData>"


def main():
    spec, prefix = sys.argv[1], sys.argv[2]
    evs = load(spec)
    with open(prefix + ".wevtutil.xml", "w", encoding="utf-8",
              newline="\r\n") as f:
        for e in evs:
            f.write("<Event xmlns='%s'>%s%s</Event>\n" % (NS, system(e),
                                                          data(e)))
    with open(prefix + ".saved.xml", "w", encoding="utf-16",
              newline="\r\n") as f:
        f.write('<?xml version="1.0" encoding="UTF-16"?>\n<Events>\n')
        for e in evs:
            f.write("  <Event xmlns='%s'>\n    %s\n    %s\n"
                    "    <RenderingInfo Culture='en-US'><Message>NTLM "
                    "&lt;audit&gt; event %d</Message><Level>Information"
                    "</Level><Task></Task><Opcode>Info</Opcode><Channel>"
                    "%s</Channel><Provider></Provider><Keywords>"
                    "<Keyword>Classic</Keyword></Keywords></RenderingInfo>\n"
                    "  </Event>\n" % (NS, system(e, "\n      "),
                                      data(e, True, "\n      "), e["id"],
                                      escape(e["channel"])))
        f.write("</Events>\n")
    with open(prefix + ".positional.xml", "w", encoding="utf-8-sig") as f:
        f.write("<Events>")
        for e in evs:
            f.write("<Event xmlns='%s'>%s%s</Event>" % (NS, system(e),
                                                        data(e, False)))
        f.write("</Events>")
    with open(prefix + ".jsonl", "w") as f:
        for e in evs:
            f.write(json.dumps({"Event": {
                "System": {"Provider": {"#attributes": {
                    "Name": e["provider"]}},
                    "EventID": e["id"], "Computer": e["computer"],
                    "Channel": e["channel"],
                    "EventRecordID": e["record_id"],
                    "TimeCreated": {"#attributes": {"SystemTime":
                                                    e["time"]}}},
                "EventData": e["data"]}}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
