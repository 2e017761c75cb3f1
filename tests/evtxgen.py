#!/usr/bin/env python3
"""evtxgen.py: a test-only writer of real Windows EVTX files.

Writes the layout Windows writes (libyal's "Windows XML Event Log (EVTX)
format" and the files in shared/samples): a 4096-byte file header with its
CRC32, 64 KiB chunks "ElfChnk" with header and event-records CRC32s, the
common string table (64 hash buckets) and template table (32 buckets), and
event records whose binary XML is a TemplateInstance: one template definition
per event layout per chunk (inline in the first record that uses it, by offset
after that) and substitution values (String, UInt8/16/32/64, Boolean,
FILETIME, GUID, SID, HexInt64).  The template is the whole <Event>: System
(Provider Name/Guid, EventID, Version, Level, Task, Opcode, Keywords,
TimeCreated SystemTime, EventRecordID, Execution, Channel, Computer,
Security UserID) and EventData with one <Data Name="..."> per value.

Input (file or stdin) is JSON Lines, one event per line:
  {"id": 8003, "provider": "Microsoft-Windows-NTLM", "computer": "SRV1",
   "time": "2026-03-09T00:55:20.842728Z",
   "data": {"UserName": "alice", "CallerPID": 4, "InProc": true}}
Values: a JSON string is String (lone surrogates such as "\\ud800" are kept:
invalid UTF-16), an integer UInt32, true/false Boolean, null Null (in an
optional substitution, as Windows writes it: libevtx then leaves the <Data>
out of its positional strings);
{"hex64": N}, {"sid": "S-1-5-18"}, {"repeat": ["x", N]} (a long String),
{"guid": "..."}, {"filetime": "ISO 8601"}, {"int": N, "type": "int8" ...
"uint64", "hex32", "hex64"} (any integer type).
Per-event keys: "channel", "record_id", "chunk_break" (start a new chunk),
"binxml" (the EventData as one BinXml value, a template instance of its own,
as Windows writes most events),
"repeat" (N copies, one second apart), "every" (seconds between the
copies instead), "fill" (complete data to the manifest's layout of the id,
"-" or zero where a field is not given),
"xml_record_id" (the XML's EventRecordID, counting up from it, when it is
not the record header's: a collector's ForwardedEvents log),
"pad_to_chunk_end" (grow the record with an unreferenced Binary value so that
it ends exactly at the end of its chunk: libevtx 20181227 drops such records),
"bad_xml" (a record whose binary XML has no fragment header).

Damage options make the bad fixtures: --bad-signature K, --bad-header-crc K,
--bad-records-crc K (chunk K), --bad-record-size K:I (record I of chunk K
says it is 8 bytes longer), --bad-file-crc, --truncate BYTES (keep only
the first BYTES bytes), --header-chunks N (the file header's chunk count,
which wraps at 65536 chunks: 4 GiB).  Standard library only; the benchmark drives the
Python API (Writer, Layout) directly.
"""

import argparse
import datetime
import hashlib
import json
import struct
import sys
import zlib

CHUNK_SIZE = 65536
CHUNK_HEADER = 512
FILE_HEADER = 4096
EVENT_XMLNS = "http://schemas.microsoft.com/win/2004/08/events/event"

# Substitution value types (MS-EVEN6 2.2.18 / libfwevt).
T_NULL, T_STRING, T_UINT8, T_UINT16, T_UINT32, T_UINT64 = \
    0x00, 0x01, 0x04, 0x06, 0x08, 0x0a
T_ANSI = 0x02
T_BINXML = 0x21
T_BOOL, T_BINARY, T_GUID, T_FILETIME, T_SID, T_HEX32, T_HEX64 = \
    0x0d, 0x0e, 0x0f, 0x11, 0x13, 0x14, 0x15

PROVIDER_GUIDS = {
    "Microsoft-Windows-NTLM": "AC43300D-5FCC-4800-8E99-1BD3F85F0320",
    "Microsoft-Windows-Security-Netlogon":
        "E5BA83F6-07D0-46B1-8BC7-7E669A1D31DC",
    "Microsoft-Windows-Security-Auditing":
        "54849625-5478-4994-A5BA-3E3B0328C30D",
}

# EventData of the events ntlmplan reads (ntlmplan-events(7), EVENTS) with the
# types of the provider manifests.
LAYOUTS = {
    8001: [("TargetName", T_STRING), ("UserName", T_STRING),
           ("DomainName", T_STRING), ("CallerPID", T_UINT32),
           ("ProcessName", T_STRING), ("ClientLUID", T_HEX64),
           ("ClientUserName", T_STRING), ("ClientDomainName", T_STRING),
           ("MechanismOID", T_STRING)],
    8002: [("CallerPID", T_UINT32), ("ProcessName", T_STRING),
           ("ClientLUID", T_HEX64), ("ClientUserName", T_STRING),
           ("ClientDomainName", T_STRING), ("MechanismOID", T_STRING)],
    8003: [("UserName", T_STRING), ("DomainName", T_STRING),
           ("Workstation", T_STRING), ("CallerPID", T_UINT32),
           ("ProcessName", T_STRING), ("LogonType", T_UINT32),
           ("InProc", T_BOOL), ("MechanismOID", T_STRING)],
    8004: [("SChannelName", T_STRING), ("UserName", T_STRING),
           ("DomainName", T_STRING), ("WorkstationName", T_STRING),
           ("SChannelType", T_UINT32)],
}
S, U, H32, H64 = T_STRING, T_UINT32, T_HEX32, T_HEX64


def _names(spec):
    return [(n, t) for n, t in (f.split(":") if ":" in f else (f, S)
                                for f in spec.split())]


_TYPES = {"S": S, "U": U, "H32": H32, "H64": H64, "SID": T_SID,
          "GUID": T_GUID, "B": T_BOOL}


def _layout(spec):
    return [(n, _TYPES[t] if isinstance(t, str) and t in _TYPES else t)
            for n, t in _names(spec)]


LAYOUTS[4010] = _layout("CallerPID:U ProcessName NegotiatedSecurity:H32 "
                        "RequiredSecurity:H32")
LAYOUTS[4011] = LAYOUTS[4010]
LAYOUTS[4012] = _layout("AccountName DeviceName")
LAYOUTS[4014] = _layout("ImageName SvcHostTag")
LAYOUTS[4020] = _layout(
    "ProcessName ProcessPID:H32 Username DomainName Hostname SingleSignOn "
    "TargetMachine TargetDomain TargetService TargetIP TargetNetworkName "
    "NtlmUsageId:U NtlmUsageReason NegotiatedFlags:H32 NtlmVersion "
    "SessionKeyStatus ChannelBindingStatus ServiceBinding MicStatus "
    "AvlFlags:H32 AvlFlagsStr")
LAYOUTS[4022] = _layout(
    "ProcessName ProcessPID:H32 Username DomainName RemoteClientMachine "
    "ClientIP ClientNetworkName NegotiatedFlags:H32 NtlmVersion "
    "SessionKeyStatus ChannelBindingStatus ServiceBinding TargetMachine "
    "TargetDomain MicStatus AvFlags:H32 AvFlagsStr Status:H32 StatusMsg")
LAYOUTS[4030] = _layout(
    "DCName AccountName AccountDomain AccountMachine ServerName "
    "ServerDomain ForwarderType ForwarderName ForwarderDomain ForwarderIP "
    "NtlmVersion ServiceBinding TargetMachine TargetDomain MicStatus "
    "AvFlags:H32 AvFlagsStr Status:H32 StatusMsg")
LAYOUTS[4032] = _layout(
    "DCName AccountName AccountDomain AccountMachine ServerName "
    "ServerDomain ServerIP ServerOS NtlmVersion ServiceBinding "
    "TargetMachine TargetDomain MicStatus AvFlags:H32 AvFlagsStr "
    "Status:H32 StatusMsg")
# Security 4624 version 2 (Microsoft Learn "4624(S)") and 4776.
LAYOUTS[4624] = _layout(
    "SubjectUserSid:SID SubjectUserName SubjectDomainName "
    "SubjectLogonId:H64 TargetUserSid:SID TargetUserName TargetDomainName "
    "TargetLogonId:H64 LogonType:U LogonProcessName "
    "AuthenticationPackageName WorkstationName LogonGuid:GUID "
    "TransmittedServices LmPackageName KeyLength:U ProcessId:H64 "
    "ProcessName IpAddress IpPort ImpersonationLevel RestrictedAdminMode "
    "TargetOutboundUserName TargetOutboundDomainName VirtualAccount "
    "TargetLinkedLogonId:H64 ElevatedToken")
LAYOUTS[4776] = _layout("PackageName TargetUserName Workstation Status:H32")
# {"int": N, "type": T}: an integer of another width or signedness.
INT_TYPES = {
    "int8": ("<b", 0x03), "uint8": ("<B", T_UINT8), "int16": ("<h", 0x05),
    "uint16": ("<H", T_UINT16), "int32": ("<i", 0x07),
    "uint32": ("<I", T_UINT32), "int64": ("<q", 0x09),
    "uint64": ("<Q", T_UINT64), "hex32": ("<I", T_HEX32),
    "hex64": ("<Q", T_HEX64),
}
for _i in (1, 2, 3, 4):
    LAYOUTS[4000 + _i] = LAYOUTS[8000 + _i]
for _i in (5, 6):
    LAYOUTS[8000 + _i] = LAYOUTS[4000 + _i] = LAYOUTS[8004]
for _i in (4013, 4015, 4024, 4025):
    LAYOUTS[_i] = LAYOUTS[8001]
for _i in (4021, 4023, 4031, 4033):
    LAYOUTS[_i] = LAYOUTS[_i - 1]
_FILL = {S: "-", U: 0, H32: {"hex32": 0}, H64: {"hex64": 0},
         T_SID: {"sid": "S-1-0-0"},
         T_GUID: {"guid": "00000000-0000-0000-0000-000000000000"},
         T_BOOL: False}


def fill_data(id_, data):
    """data completed to the manifest's layout: "-" or zero where absent."""
    lay = LAYOUTS[id_]
    names = [n for n, t in lay]
    extra = [k for k in data if k not in names]
    if extra:
        raise ValueError("event %d has no field %s" % (id_, extra[0]))
    return {n: data.get(n, _FILL[t]) for n, t in lay}


def name_hash(s):
    """The 16-bit name hash Windows stores beside each name."""
    h = 0
    for ch in s:
        h = (h * 65599 + ord(ch)) & 0xffffffff
    return h & 0xffff


def utf16(s):
    return s.encode("utf-16-le", "surrogatepass")


def filetime(t):
    """ISO 8601 UTC string (or datetime) to FILETIME; an integer is one."""
    if isinstance(t, int):
        return t
    if isinstance(t, str):
        s = t.replace("Z", "+00:00")
        t = datetime.datetime.fromisoformat(s)
    if t.tzinfo is None:
        t = t.replace(tzinfo=datetime.timezone.utc)
    epoch = datetime.datetime(1601, 1, 1, tzinfo=datetime.timezone.utc)
    d = t - epoch
    return ((d.days * 86400 + d.seconds) * 10000000 +
            d.microseconds * 10)


def sid_bytes(s):
    parts = s.split("-")
    assert parts[0] == "S"
    rev, auth, subs = int(parts[1]), int(parts[2]), [int(x) for x in parts[3:]]
    return (struct.pack("<BB", rev, len(subs)) + auth.to_bytes(6, "big") +
            b"".join(struct.pack("<I", x) for x in subs))


def guid_bytes(g):
    g = g.strip("{}").replace("-", "")
    b = bytes.fromhex(g)
    return b[3::-1] + b[5:3:-1] + b[7:5:-1] + b[8:]


def encode_value(v, want):
    """(type, bytes) of value v for a slot whose manifest type is want."""
    if v is None:
        return T_NULL, b""
    if isinstance(v, bool):
        return T_BOOL, struct.pack("<I", 1 if v else 0)
    if isinstance(v, int):
        if want == T_HEX64:
            return T_HEX64, struct.pack("<Q", v)
        if want == T_HEX32:
            return T_HEX32, struct.pack("<I", v)
        return T_UINT32, struct.pack("<I", v)
    if isinstance(v, str):
        return T_STRING, utf16(v)
    if isinstance(v, dict):
        if "hex64" in v:
            return T_HEX64, struct.pack("<Q", v["hex64"])
        if "hex32" in v:
            return T_HEX32, struct.pack("<I", v["hex32"])
        if "guid" in v:
            return T_GUID, guid_bytes(v["guid"])
        if "sid" in v:
            return T_SID, sid_bytes(v["sid"])
        if "ansi" in v:
            return T_ANSI, v["ansi"].encode("latin-1")
        if "repeat" in v:
            return T_STRING, utf16(v["repeat"][0] * v["repeat"][1])
        if "filetime" in v:
            return T_FILETIME, struct.pack("<Q", filetime(v["filetime"]))
        if "int" in v:
            fmt, t = INT_TYPES[v.get("type", "uint32")]
            return t, struct.pack(fmt, v["int"])
    raise ValueError("cannot encode value %r" % (v,))


class Elem:
    """A binary XML element of a template: name, attributes, content."""

    def __init__(self, name, attrs=(), children=()):
        self.name = name
        self.attrs = list(attrs)      # (name, Sub | str)
        self.children = list(children)  # Elem | Sub | str


class Sub:
    """A substitution: index into the values, type, optional (0x0e)."""

    def __init__(self, index, vtype, optional=False):
        self.index, self.vtype, self.optional = index, vtype, optional


class Layout:
    """One template: the System part and EventData value names and types."""

    def __init__(self, names_types, binxml=False):
        self.names_types = list(names_types)
        key = "|".join("%s:%d" % nt for nt in self.names_types)
        if binxml:
            key += "|binxml"
        self.guid = hashlib.md5(key.encode()).digest()
        self.template_id = struct.unpack("<I", self.guid[:4])[0]
        s = [Sub(i, t) for i, t in enumerate(
            (T_STRING, T_GUID, T_UINT16, T_UINT8, T_UINT8, T_UINT16,
             T_UINT8, T_HEX64, T_FILETIME, T_UINT64, T_UINT32, T_UINT32,
             T_STRING, T_STRING, T_SID))]
        s[1].optional = s[14].optional = True
        # binxml: as Windows writes most events, the EventData is one
        # BinXml value (16th), a template instance of its own.
        self.nested = None
        first = 0 if binxml else 15
        data = [Elem("Data", [("Name", n)], [Sub(first + i, t, True)])
                for i, (n, t) in enumerate(self.names_types)]
        if binxml:
            self.nested = _Nested(key, Elem("EventData", [], data))
            data = None
        self.root = Elem("Event", [("xmlns", EVENT_XMLNS)], [
            Elem("System", [], [
                Elem("Provider", [("Name", s[0]), ("Guid", s[1])]),
                Elem("EventID", [], [s[2]]),
                Elem("Version", [], [s[3]]),
                Elem("Level", [], [s[4]]),
                Elem("Task", [], [s[5]]),
                Elem("Opcode", [], [s[6]]),
                Elem("Keywords", [], [s[7]]),
                Elem("TimeCreated", [("SystemTime", s[8])]),
                Elem("EventRecordID", [], [s[9]]),
                Elem("Correlation"),
                Elem("Execution", [("ProcessID", s[10]),
                                   ("ThreadID", s[11])]),
                Elem("Channel", [], [s[12]]),
                Elem("Computer", [], [s[13]]),
                Elem("Security", [("UserID", s[14])]),
            ]),
        ] + ([Elem("EventData", [], data)] if data is not None else
             [Sub(15, T_BINXML, True)]))
        self.nvalues = 15 + len(self.names_types)


class _Nested:
    """The template of a BinXml EventData value."""

    def __init__(self, key, root):
        self.guid = hashlib.md5((key + "|nested").encode()).digest()
        self.template_id = struct.unpack("<I", self.guid[:4])[0]
        self.root = root


class Chunk:
    def __init__(self, number):
        self.number = number
        self.buf = bytearray(CHUNK_SIZE)
        self.pos = CHUNK_HEADER
        self.names = {}         # name -> offset of its name structure
        self.strtab = [0] * 64
        self.templates = {}     # template id -> offset of its definition
        self.tpltab = [0] * 32
        self.first = self.last = None
        self.last_rec = 0


class Writer:
    """Write events into an EVTX file; call close() at the end."""

    def __init__(self, f, channel="Microsoft-Windows-NTLM/Operational"):
        self.f = f
        self.channel = channel
        self.chunks_written = 0
        self.chunk = Chunk(0)
        self.next_id = 1
        self.layouts = {}
        self.damage = {}
        self.f.write(b"\0" * FILE_HEADER)

    # Binary XML of a template, written at chunk offset base.
    def _name(self, out, base, name, names, strtab):
        off = names.get(name)
        if off is not None:
            out += struct.pack("<I", off)
            return
        off = base + len(out) + 4
        out += struct.pack("<I", off)
        b = bucket = name_hash(name) % 64
        out += struct.pack("<IHH", strtab[b], name_hash(name), len(name))
        out += utf16(name) + b"\0\0"
        names[name] = off
        strtab[bucket] = off

    def _content(self, out, c):
        if isinstance(c, Sub):
            out += struct.pack("<BHB", 0x0e if c.optional else 0x0d,
                               c.index, c.vtype)
        else:
            out += struct.pack("<BBH", 0x05, 0x01, len(c)) + utf16(c)

    def _elem(self, out, base, e, names, strtab, raw=False):
        # Outside a template (raw) an element has no dependency id.
        if raw:
            out += struct.pack("<B", 0x41 if e.attrs else 0x01)
        else:
            out += struct.pack("<BH", 0x41 if e.attrs else 0x01, 0xffff)
        size_at = len(out)
        out += b"\0\0\0\0"
        self._name(out, base, e.name, names, strtab)
        if e.attrs:
            alist_at = len(out)
            out += b"\0\0\0\0"
            for i, (an, av) in enumerate(e.attrs):
                more = i + 1 < len(e.attrs)
                out.append(0x46 if more else 0x06)
                self._name(out, base, an, names, strtab)
                self._content(out, av)
            struct.pack_into("<I", out, alist_at, len(out) - alist_at - 4)
        if e.children:
            out.append(0x02)
            for c in e.children:
                if isinstance(c, Elem):
                    self._elem(out, base, c, names, strtab, raw)
                else:
                    self._content(out, c)
            out.append(0x04)
        else:
            out.append(0x03)
        struct.pack_into("<I", out, size_at, len(out) - size_at - 4)

    def _template(self, base, layout, names, strtab, next_off):
        """The inline definition at chunk offset base."""
        out = bytearray()
        out += struct.pack("<I", next_off) + layout.guid + b"\0\0\0\0"
        start = len(out)
        out += b"\x0f\x01\x01\x00"
        self._elem(out, base, layout.root, names, strtab)
        out.append(0x00)
        struct.pack_into("<I", out, start - 4, len(out) - start)
        return out

    def _raw_record(self, ch, root, rid, ft):
        """A record whose binary XML is its own (no template instance), as
        a collector writes a forwarded event: bytes, or None."""
        base = ch.pos
        names = dict(ch.names)
        strtab = list(ch.strtab)
        out = bytearray(struct.pack("<IIQQ", 0x2a2a, 0, rid, ft))
        out += b"\x0f\x01\x01\x00"
        self._elem(out, base, root, names, strtab, raw=True)
        out.append(0x00)
        size = len(out) + 4
        align = -size % 8
        size += align
        if base + size > CHUNK_SIZE:
            return None
        out += b"\0" * align
        out += struct.pack("<I", size)
        struct.pack_into("<I", out, 4, size)
        return out, names, strtab, []

    def add_raw(self, id_, provider, computer, ft, data, channel=None,
                xml_record_id=None, rendering=False):
        """Append one event as its own XML (literals, no template), as a
        Windows Event Collector writes a forwarded event; data: Data
        names to strings (None or "": an empty Data)."""
        rid = self.next_id
        system = Elem("System", [], [
            Elem("Provider", [("Name", provider)]),
            Elem("EventID", [], ["%d" % id_]),
            Elem("TimeCreated", [("SystemTime", "%d" % ft)]),
            Elem("EventRecordID", [], ["%d" % (rid if xml_record_id is None
                                               else xml_record_id)]),
            Elem("Channel", [], [channel or self.channel]),
            Elem("Computer", [], [computer])])
        ed = Elem("EventData", [], [
            Elem("Data", [("Name", n)], [v] if v else [])
            for n, v in data.items()])
        kids = [system, ed]
        if rendering:
            kids.append(Elem("RenderingInfo", [("Culture", "en-US")], [
                Elem("Message", [], ["NTLM server blocked audit"]),
                Elem("Level", [], ["Information"])]))
        root = Elem("Event", [("xmlns", EVENT_XMLNS)], kids)
        self._add(None, rid, ft, root, False, False)

    def _record(self, ch, layout, rid, ft, values, pad_to_end):
        """Record bytes at ch.pos, or None if it does not fit."""
        if isinstance(values, Elem):
            return self._raw_record(ch, values, rid, ft)
        base = ch.pos
        names = dict(ch.names)
        strtab = list(ch.strtab)
        out = bytearray(struct.pack("<IIQQ", 0x2a2a, 0, rid, ft))
        out += b"\x0f\x01\x01\x00"
        tid = layout.template_id
        toff = ch.templates.get(tid)
        newdef = toff is None
        if newdef:
            toff = base + len(out) + 10
        out += struct.pack("<BBII", 0x0c, 0x01, tid, toff)
        if newdef:
            out += self._template(base + len(out), layout, names, strtab,
                                  ch.tpltab[tid % 32])
        newdefs = [(tid, toff)] if newdef else []
        if layout.nested is not None:
            values = self._binxml(ch, base, len(out), layout.nested, values,
                                  names, strtab, newdefs)
        nvals = len(values) + (1 if pad_to_end else 0)
        desc = bytearray(struct.pack("<I", nvals))
        for t, b in values:
            desc += struct.pack("<HBB", len(b), t, 0)
        data = b"".join(b for t, b in values)
        # The values, an EndOfStream token, the size copy; 8-byte aligned.
        size = len(out) + len(desc) + len(data) + 1 + 4
        if pad_to_end:
            pad = CHUNK_SIZE - base - size - 4
            if pad < 0:
                return None
            desc += struct.pack("<HBB", pad, T_BINARY, 0)
            data += b"\xee" * pad
            size += 4 + pad
        align = -size % 8
        size += align
        if base + size > CHUNK_SIZE:
            return None
        out += desc
        out += data
        out += b"\0" * (1 + align)
        out += struct.pack("<I", size)
        struct.pack_into("<I", out, 4, size)
        return out, names, strtab, newdefs

    def _binxml(self, ch, base, at, nested, values, names, strtab, newdefs):
        """System values and one BinXml value holding the EventData: a
        fragment, a template instance (its definition inline the first
        time in the chunk), its values and an end of fragment."""
        outer, inner = values[:15], values[15:]
        off = base + at + 4 + 4 * 16 + sum(len(b) for t, b in outer)
        tid = nested.template_id
        toff = ch.templates.get(tid)
        for t, o in newdefs:
            if t == tid:
                toff = o
        v = bytearray(b"\x0f\x01\x01\x00")
        if toff is None:
            toff = off + 14
            v += struct.pack("<BBII", 0x0c, 0x01, tid, toff)
            v += self._template(toff, nested, names, strtab,
                                ch.tpltab[tid % 32])
            newdefs.append((tid, toff))
        else:
            v += struct.pack("<BBII", 0x0c, 0x01, tid, toff)
        v += struct.pack("<I", len(inner))
        for t, b in inner:
            v += struct.pack("<HBB", len(b), t, 0)
        v += b"".join(b for t, b in inner)
        v += b"\0"
        return outer + [(T_BINXML, bytes(v))]

    def values(self, id_, provider, computer, ft, rid, data_values,
               channel=None, pid=764, tid=3132):
        """The substitution values of an event: System, then EventData."""
        guid = PROVIDER_GUIDS.get(provider)
        return [
            (T_STRING, utf16(provider)),
            (T_GUID, guid_bytes(guid)) if guid else (T_NULL, b""),
            (T_UINT16, struct.pack("<H", id_ & 0xffff)),
            (T_UINT8, b"\0"), (T_UINT8, b"\x04"),
            (T_UINT16, struct.pack("<H", 2)), (T_UINT8, b"\0"),
            (T_HEX64, struct.pack("<Q", 0x8000000000000000)),
            (T_FILETIME, struct.pack("<Q", ft)),
            (T_UINT64, struct.pack("<Q", rid)),
            (T_UINT32, struct.pack("<I", pid)),
            (T_UINT32, struct.pack("<I", tid)),
            (T_STRING, utf16(channel or self.channel)),
            (T_STRING, utf16(computer)),
            (T_SID, sid_bytes("S-1-5-18")),
        ] + list(data_values)

    def add(self, layout, id_, provider, computer, ft, data_values,
            channel=None, record_id=None, chunk_break=False,
            pad_to_end=False, bad_xml=False, xml_record_id=None):
        """Append one event.  data_values: (type, bytes) per Data.
        xml_record_id: the System/EventRecordID of the XML when it is not
        the record header's (a forwarded event keeps its source's)."""
        rid = self.next_id if record_id is None else record_id
        values = self.values(id_, provider, computer, ft,
                             rid if xml_record_id is None else xml_record_id,
                             data_values, channel)
        self._add(layout, rid, ft, values, chunk_break, pad_to_end, bad_xml)

    def prepare(self, id_, provider, computer, data_values, channel=None):
        """Pre-encoded values for add_prepared (the benchmark's path)."""
        v = self.values(id_, provider, computer, 0, 0, data_values, channel)
        desc = struct.pack("<I", len(v)) + b"".join(
            struct.pack("<HBB", len(b), t, 0) for t, b in v)
        return (v, desc, b"".join(b for t, b in v[:8]),
                b"".join(b for t, b in v[10:]))

    def add_prepared(self, layout, prep, ft):
        """Append an event of prepare()d values with time ft, quickly."""
        v, desc, pre, post = prep
        rid = self.next_id
        ch = self.chunk
        toff = ch.templates.get(layout.template_id)
        body_len = len(desc) + len(pre) + 16 + len(post)
        size = 24 + 4 + 10 + body_len + 1 + 4
        align = -size % 8
        size += align
        if toff is None or ch.pos + size > CHUNK_SIZE:
            vals = list(v)
            vals[8] = (T_FILETIME, struct.pack("<Q", ft))
            vals[9] = (T_UINT64, struct.pack("<Q", rid))
            self._add(layout, rid, ft, vals, False, False)
            return
        rec = b"".join((
            struct.pack("<IIQQIBBII", 0x2a2a, size, rid, ft, 0x0001010f,
                        0x0c, 0x01, layout.template_id, toff),
            desc, pre, struct.pack("<QQ", ft, rid), post,
            b"\0" * (1 + align), struct.pack("<I", size)))
        ch.buf[ch.pos:ch.pos + size] = rec
        ch.last_rec = ch.pos
        ch.pos += size
        if ch.first is None:
            ch.first = rid
        ch.last = rid
        self.next_id = rid + 1

    def _add(self, layout, rid, ft, values, chunk_break, pad_to_end,
             bad_xml=False):
        ch = self.chunk
        if chunk_break and ch.first is not None:
            self._flush()
            ch = self.chunk
        r = self._record(ch, layout, rid, ft, values, pad_to_end)
        if r is None:
            if ch.first is None:
                raise ValueError("record %d does not fit in a chunk" % rid)
            self._flush()
            ch = self.chunk
            r = self._record(ch, layout, rid, ft, values, pad_to_end)
            if r is None:
                raise ValueError("record %d does not fit in a chunk" % rid)
        out, ch.names, ch.strtab, newdefs = r
        if bad_xml:
            out[24] = 0x08      # no fragment header: unparseable XML
        for t, o in newdefs:
            ch.templates[t] = o
            ch.tpltab[t % 32] = o
        ch.buf[ch.pos:ch.pos + len(out)] = out
        ch.last_rec = ch.pos
        ch.pos += len(out)
        if ch.first is None:
            ch.first = rid
        ch.last = rid
        self.next_id = rid + 1

    def _flush(self):
        ch = self.chunk
        if ch.first is None:
            return
        b = ch.buf
        struct.pack_into("<8sQQQQIIII", b, 0, b"ElfChnk\0", ch.first,
                         ch.last, ch.first, ch.last, 128, ch.last_rec,
                         ch.pos, 0)
        struct.pack_into("<64I", b, 128, *ch.strtab)
        struct.pack_into("<32I", b, 384, *ch.tpltab)
        n = ch.number
        for k, i in self.damage.get("record_size", ()):
            if k == n:
                off = 512
                for _ in range(i):
                    off += struct.unpack_from("<I", b, off + 4)[0]
                size = struct.unpack_from("<I", b, off + 4)[0]
                struct.pack_into("<I", b, off + 4, size + 8)
        struct.pack_into("<I", b, 52, zlib.crc32(b[512:ch.pos]))
        if n in self.damage.get("records_crc", ()):
            struct.pack_into("<I", b, 52, zlib.crc32(b[512:ch.pos]) ^ 1)
        struct.pack_into("<I", b, 124,
                         zlib.crc32(bytes(b[:120]) + bytes(b[128:512])))
        if n in self.damage.get("header_crc", ()):
            struct.pack_into("<I", b, 124,
                             zlib.crc32(bytes(b[:120]) +
                                        bytes(b[128:512])) ^ 1)
        if n in self.damage.get("signature", ()):
            b[0:8] = b"ElfChnX\0"
        self.f.write(b)
        self.chunks_written += 1
        self.chunk = Chunk(n + 1)

    def close(self, bad_file_crc=False, header_chunks=None):
        self._flush()
        n = self.chunks_written
        if header_chunks is not None:
            n = header_chunks
        h = bytearray(128)
        struct.pack_into("<8sQQQIHHHH", h, 0, b"ElfFile\0", 0,
                         max(n - 1, 0), self.next_id, 128, 1, 3,
                         FILE_HEADER, n & 0xffff)
        crc = zlib.crc32(bytes(h[:120]))
        struct.pack_into("<II", h, 120, 0, crc ^ (1 if bad_file_crc else 0))
        self.f.seek(0)
        self.f.write(h)
        self.f.seek(0, 2)


def layout_for(writer, id_, data, binxml=False):
    """The layout of an event: the manifest's if known, else from data."""
    lay = LAYOUTS.get(id_)
    if lay is not None and [n for n, t in lay] == list(data.keys()):
        nt = lay
    else:
        nt = [(n, encode_value(v, T_STRING)[0] if v is not None
               else T_STRING) for n, v in data.items()]
    key = (tuple(nt), binxml)
    if key not in writer.layouts:
        writer.layouts[key] = Layout(nt, binxml)
    return writer.layouts[key], [t for n, t in nt]


def main():
    ap = argparse.ArgumentParser(description="Write an EVTX file from a "
                                 "JSON Lines event spec (test use only).")
    ap.add_argument("spec", help="JSON Lines events, - for stdin")
    ap.add_argument("output")
    ap.add_argument("--bad-signature", type=int, action="append",
                    default=[], metavar="K")
    ap.add_argument("--bad-header-crc", type=int, action="append",
                    default=[], metavar="K")
    ap.add_argument("--bad-records-crc", type=int, action="append",
                    default=[], metavar="K")
    ap.add_argument("--bad-record-size", action="append", default=[],
                    metavar="K:I", help="record I (from 0) of chunk K says "
                    "it is 8 bytes longer than it is")
    ap.add_argument("--bad-file-crc", action="store_true")
    ap.add_argument("--truncate", type=int, metavar="BYTES")
    ap.add_argument("--header-chunks", type=int, metavar="N",
                    help="declare N chunks in the file header (as the "
                    "16-bit count does past 4 GiB)")
    a = ap.parse_args()

    src = sys.stdin if a.spec == "-" else open(a.spec, encoding="utf-8")
    with open(a.output, "w+b") as f:
        w = Writer(f)
        w.damage = {"signature": a.bad_signature,
                    "header_crc": a.bad_header_crc,
                    "records_crc": a.bad_records_crc,
                    "record_size": [tuple(int(x) for x in v.split(":"))
                                    for v in a.bad_record_size]}
        for lineno, line in enumerate(src, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            ev = json.loads(line)
            data = ev.get("data", {})
            if ev.get("fill", False):
                data = fill_data(ev["id"], data)
            if ev.get("raw", False):
                # A forwarded event without a template: literals only.
                for i in range(ev.get("repeat", 1)):
                    w.add_raw(ev["id"], ev["provider"], ev["computer"],
                              filetime(ev["time"]) + i * 10000000,
                              {n: None if v is None else
                               (v if isinstance(v, str) else
                                json.dumps(v)) for n, v in data.items()},
                              channel=ev.get("channel"),
                              xml_record_id=ev["xml_record_id"] + i
                              if "xml_record_id" in ev else None,
                              rendering=ev.get("rendering", False))
                continue
            layout, types = layout_for(w, ev["id"], data,
                                       ev.get("binxml", False))
            vals = [encode_value(v, t) for v, t in zip(data.values(), types)]
            ft = filetime(ev["time"])
            for i in range(ev.get("repeat", 1)):
                w.add(layout, ev["id"], ev["provider"], ev["computer"],
                      ft + i * 10000000 * ev.get("every", 1), vals, channel=ev.get("channel"),
                      record_id=ev.get("record_id") if i == 0 else None,
                      chunk_break=ev.get("chunk_break", False) and i == 0,
                      pad_to_end=ev.get("pad_to_chunk_end", False),
                      bad_xml=ev.get("bad_xml", False),
                      xml_record_id=ev["xml_record_id"] + i
                      if "xml_record_id" in ev else None)
        w.close(bad_file_crc=a.bad_file_crc, header_chunks=a.header_chunks)
        if a.truncate is not None:
            f.truncate(a.truncate)
    return 0


if __name__ == "__main__":
    sys.exit(main())
