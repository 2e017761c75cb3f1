#!/usr/bin/env python3
"""generate.py: the sample domain that ntlmplan's Quick start plans on.

CORP (corp.example), a forest trust with PARTNER (partner.example), about 40
computers, and two weeks (2026-03-02 .. 2026-03-16 UTC) of NTLM audit events
with the patterns that make Restrict-NTLM planning hard:

  FS01      scan-to-folder from the MFP "MFP-2F" (not in the directory) with
            CORP\\svc-scan; the nightly backup (CORP\\svc-backup from BKP01)
  FS02      users mapping \\\\10.1.2.20 (an IP address: no SPN, so NTLM);
            anonymous logons from an old copier; a local account FS02\\support
  APP01     IIS, Windows authentication with NTLM first: users, partner users
            (PARTNER\\...), and the web front end WEB01 calling it as
            CORP\\svc-intranet (w3wp.exe)
  SQL01     a linked server on SQL02 logging in as CORP\\svc-sql, the
            account SQL Server runs as: it holds the MSSQLSvc SPNs and is
            set to RC4 only (msDS-SupportedEncryptionTypes 0x4), so moving
            the linked server to Kerberos fails since the RC4 hardening
            until it is set to AES
  APP01's application pool runs as CORP\\svc-intranet, which holds the HTTP
            SPNs; its password was last set before the domain had Server
            2008 DCs (older than the Read-only Domain Controllers group):
            probably no AES keys
  DC01      a domain controller receiving NTLM (an LDAP application on APP01)
  PRN01     print server whose log covers only the last two days
  APP03     a new server that is missing from the directory export
  OLDAPP01  a computer disabled in AD that still receives NTLM
  NAS01     an old NAS (its computer account holds no SPN) and LNX-SMB01 a
            Samba member: they write no 8003, the DCs' 8004 events (a
            Winlogbeat export) are the only evidence
  every server: hourly WMI checks from MON01 (CORP\\svc-monitor), and a weekly
            vulnerability scan from SCANNER01 (CORP\\svc-vulnscan)

and, beyond the domain setting's 8003/8004 (so that its exception list does
not change): FS01's Security log, where the MFP's scan-to-folder logs on with
NTLMv1 (4624 "NTLM V1") beside users' NTLMv2 logons, and FS02's, where the old
copier's ANONYMOUS LOGON is logged as "NTLM V1" (not NTLMv1 use); the
enhanced auditing of APP01 (4022, and 4023 for WEB01's calls without a MIC)
and of the workstation WS012 (4020, 4021 to \\\\10.1.2.20 without channel
binding, 4024 NTLMv1-derived SSO to FS01); and WS007, where Credential Guard
refuses NTLM (4013, 4014): a blind host.  And WS015, whose outgoing NTLM
audit (8001) shows a drive mapped to the NAS by its IP address
(cifs/10.1.2.40): what the SMB client's own NTLM block would break.

Writes domain.ldif and config.ldif (as ldapsearch prints them), logs/*.evtx
(through tests/evtxgen.py) and logs/dc-8004.ndjson.  Deterministic: the same
files every run.  Usage: generate.py [OUTDIR] (default: this directory).
"""

import base64
import datetime
import json
import os
import random
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
EVTXGEN = os.path.join(TOP, "tests", "evtxgen.py")

DOMAIN_DN = "DC=corp,DC=example"
CONFIG_DN = "CN=Configuration," + DOMAIN_DN
DNS = "corp.example"
NETBIOS = "CORP"
DOMAIN_SID = "S-1-5-21-1004336348-1177238915-682003330"
START = datetime.datetime(2026, 3, 2, tzinfo=datetime.timezone.utc)
DAYS = 14
END = START + datetime.timedelta(days=DAYS)
NTLM = "Microsoft-Windows-NTLM"
NETLOGON = "Microsoft-Windows-Security-Netlogon"

UAC_SERVER = 4096            # WORKSTATION_TRUST_ACCOUNT
UAC_DC = 532480              # SERVER_TRUST_ACCOUNT | TRUSTED_FOR_DELEGATION
UAC_RODC = 83890176          # WORKSTATION_TRUST | PARTIAL_SECRETS | ...
UAC_DISABLED = 2

WS2022 = ("Windows Server 2022 Datacenter", "10.0 (20348)")
WS2019 = ("Windows Server 2019 Standard", "10.0 (17763)")
WS2016 = ("Windows Server 2016 Standard", "10.0 (14393)")
WS2008 = ("Windows Server 2008 R2 Standard", "6.1 (7601)")
WIN11 = ("Windows 11 Enterprise", "10.0 (22631)")

# name, ou, (os, version), uac, primaryGroupID, days since last logon, spns
SERVERS = [
    ("DC01", "OU=Domain Controllers", WS2022, UAC_DC, 516, 0, ["ldap", "HOST", "GC"]),
    ("DC02", "OU=Domain Controllers", WS2022, UAC_DC, 516, 0, ["ldap", "HOST", "GC"]),
    ("RODC01", "OU=Domain Controllers", WS2019, UAC_RODC, 521, 1, ["HOST"]),
    ("FS01", "OU=Servers", WS2019, UAC_SERVER, 515, 2, ["HOST", "cifs"]),
    ("FS02", "OU=Servers", WS2016, UAC_SERVER, 515, 3, ["HOST", "cifs"]),
    ("PRN01", "OU=Servers", WS2019, UAC_SERVER, 515, 1, ["HOST"]),
    # SQL Server and APP01's application pool run as service accounts,
    # which hold their SPNs (SERVICE_ACCOUNTS).
    ("SQL01", "OU=Servers", WS2019, UAC_SERVER, 515, 4, ["HOST"]),
    ("SQL02", "OU=Servers", WS2022, UAC_SERVER, 515, 2, ["HOST"]),
    ("APP01", "OU=Servers", WS2016, UAC_SERVER, 515, 5, ["HOST"]),
    ("WEB01", "OU=Servers", WS2022, UAC_SERVER, 515, 1, ["HOST", "HTTP"]),
    ("BKP01", "OU=Servers", WS2022, UAC_SERVER, 515, 0, ["HOST"]),
    ("MON01", "OU=Servers", WS2019, UAC_SERVER, 515, 6, ["HOST"]),
    # The old NAS firmware joined the domain without registering an SPN:
    # Kerberos cannot issue a ticket for it.
    ("NAS01", "OU=Storage", ("NetApp Release 8.2.5 7-Mode", "8.2.5"),
     UAC_SERVER, 515, 9, []),
    ("LNX-SMB01", "OU=Servers", ("Samba", "4.17.12-Debian"), UAC_SERVER,
     515, 3, ["HOST", "cifs"]),
    ("OLDAPP01", "OU=Servers", WS2008, UAC_SERVER | UAC_DISABLED, 515, 210,
     ["HOST"]),
]
WORKSTATIONS = ["WS%03d" % i for i in range(1, 23)]
# name, SPNs, msDS-SupportedEncryptionTypes (None: not set), pwdLastSet
SERVICE_ACCOUNTS = [
    ("svc-sql", ["MSSQLSvc/SQL01", "MSSQLSvc/sql01.corp.example",
                 "MSSQLSvc/sql01.corp.example:1433"], 4,
     datetime.datetime(2023, 5, 9, 14, 0, tzinfo=datetime.timezone.utc)),
    ("svc-intranet", ["HTTP/APP01", "HTTP/app01.corp.example"], None,
     datetime.datetime(2007, 11, 20, 9, 30, tzinfo=datetime.timezone.utc)),
]
# The Read-only Domain Controllers group (RID 521): made when the domain
# got its first Windows Server 2008 domain controller.
RODC_GROUP_CREATED = "20100615081500.0Z"
USERS = ["user%02d" % i for i in range(1, 21)]
PARTNER_USERS = ["jdoe", "asmith", "mlee"]

rng = random.Random(20260302)


def filetime(dt):
    epoch = datetime.datetime(1601, 1, 1, tzinfo=datetime.timezone.utc)
    return int((dt - epoch).total_seconds()) * 10000000


def sid_bytes(sid):
    parts = sid.split("-")
    subs = [int(x) for x in parts[3:]]
    return (struct.pack("<BB", int(parts[1]), len(subs)) +
            struct.pack(">Q", int(parts[2]))[2:] +
            b"".join(struct.pack("<I", s) for s in subs))


def ldif_entry(out, dn, attrs):
    out.append("dn: " + dn)
    for k, v in attrs:
        if isinstance(v, bytes):
            out.append("%s:: %s" % (k, base64.b64encode(v).decode()))
        else:
            out.append("%s: %s" % (k, v))
    out.append("")


def write_ldif(outdir):
    now = END
    d = ["# CORP domain naming context, as ldapsearch -LLL prints it", ""]
    ldif_entry(d, DOMAIN_DN, [("objectClass", "top"),
                              ("objectClass", "domain"),
                              ("objectClass", "domainDNS"), ("dc", "corp"),
                              ("objectSid", sid_bytes(DOMAIN_SID))])
    for ou in ("OU=Domain Controllers", "OU=Servers", "OU=Storage",
               "OU=Workstations"):
        ldif_entry(d, "%s,%s" % (ou, DOMAIN_DN),
                   [("objectClass", "top"), ("objectClass", "container"),
                    ("cn", ou[3:])])
    for cn in ("CN=System", "CN=Users"):
        ldif_entry(d, "%s,%s" % (cn, DOMAIN_DN),
                   [("objectClass", "top"), ("objectClass", "container"),
                    ("cn", cn[3:])])
    ldif_entry(d, "CN=partner.example,CN=System," + DOMAIN_DN,
               [("objectClass", "top"), ("objectClass", "trustedDomain"),
                ("cn", "partner.example"), ("flatName", "PARTNER"),
                ("trustPartner", "partner.example"),
                ("trustDirection", "3"), ("trustAttributes", "8"),
                ("trustType", "2")])
    # The trust's own account: a user object, not a computer.
    ldif_entry(d, "CN=PARTNER$,CN=Users," + DOMAIN_DN,
               [("objectClass", "top"), ("objectClass", "user"),
                ("cn", "PARTNER$"), ("sAMAccountName", "PARTNER$"),
                ("userAccountControl", "2080")])
    ldif_entry(d, "CN=Read-only Domain Controllers,CN=Users," + DOMAIN_DN,
               [("objectClass", "top"), ("objectClass", "group"),
                ("cn", "Read-only Domain Controllers"),
                ("sAMAccountName", "Read-only Domain Controllers"),
                ("whenCreated", RODC_GROUP_CREATED),
                ("objectSid", sid_bytes(DOMAIN_SID + "-521"))])
    for i, (n, spns, enc, pwd) in enumerate(SERVICE_ACCOUNTS):
        attrs = [("objectClass", "top"), ("objectClass", "person"),
                 ("objectClass", "organizationalPerson"),
                 ("objectClass", "user"), ("cn", n), ("sAMAccountName", n),
                 ("userAccountControl", "66048")]
        attrs += [("servicePrincipalName", x) for x in spns]
        if enc is not None:
            attrs.append(("msDS-SupportedEncryptionTypes", str(enc)))
        attrs.append(("pwdLastSet", str(filetime(pwd))))
        attrs.append(("objectSid", sid_bytes("%s-%d" % (DOMAIN_SID,
                                                         900 + i))))
        ldif_entry(d, "CN=%s,CN=Users,%s" % (n, DOMAIN_DN), attrs)
    rid = 1000
    rows = [(n, ou, osv, uac, pg, age, spns)
            for (n, ou, osv, uac, pg, age, spns) in SERVERS]
    rows += [(w, "OU=Workstations", WIN11, UAC_SERVER, 515,
              rng.randrange(0, 12), ["HOST"]) for w in WORKSTATIONS]
    for n, ou, (osname, osver), uac, pg, age, spns in rows:
        rid += 1
        fqdn = "%s.%s" % (n.lower(), DNS)
        attrs = [("objectClass", "top"), ("objectClass", "user"),
                 ("objectClass", "computer"), ("cn", n),
                 ("sAMAccountName", n + "$"),
                 ("userAccountControl", str(uac)),
                 ("primaryGroupID", str(pg)), ("dNSHostName", fqdn),
                 ("operatingSystem", osname),
                 ("operatingSystemVersion", osver),
                 ("lastLogonTimestamp",
                  str(filetime(now - datetime.timedelta(days=age)))),
                 # Computers change their password every 30 days.
                 ("pwdLastSet",
                  str(filetime(now - datetime.timedelta(days=age + 11)))),
                 ("objectSid", sid_bytes("%s-%d" % (DOMAIN_SID, rid)))]
        for s in spns:
            attrs.append(("servicePrincipalName", "%s/%s" % (s, n)))
            attrs.append(("servicePrincipalName", "%s/%s" % (s, fqdn)))
        ldif_entry(d, "CN=%s,%s,%s" % (n, ou, DOMAIN_DN), attrs)
    with open(os.path.join(outdir, "domain.ldif"), "w") as f:
        f.write("\n".join(d))

    c = ["# CORP configuration naming context (partitions only)", ""]
    ldif_entry(c, CONFIG_DN, [("objectClass", "top"),
                              ("objectClass", "container"),
                              ("cn", "Configuration")])
    ldif_entry(c, "CN=Partitions," + CONFIG_DN,
               [("objectClass", "top"), ("objectClass", "crossRefContainer"),
                ("cn", "Partitions")])
    ldif_entry(c, "CN=CORP,CN=Partitions," + CONFIG_DN,
               [("objectClass", "top"), ("objectClass", "crossRef"),
                ("cn", "CORP"), ("nCName", DOMAIN_DN), ("dnsRoot", DNS),
                ("nETBIOSName", NETBIOS), ("systemFlags", "3")])
    with open(os.path.join(outdir, "config.ldif"), "w") as f:
        f.write("\n".join(c))


def at(day, hour, minute=0, second=0):
    return START + datetime.timedelta(days=day, hours=hour, minutes=minute,
                                      seconds=second,
                                      microseconds=rng.randrange(1000000))


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def ev8003(t, server, user, domain, ws, process, pid, logon_type=3,
           inproc=False, mech="(NULL)"):
    return {"id": 8003, "provider": NTLM,
            "computer": "%s.%s" % (server, DNS), "time": iso(t),
            "data": {"UserName": user, "DomainName": domain,
                     "Workstation": ws, "CallerPID": pid,
                     "ProcessName": process, "LogonType": logon_type,
                     "InProc": inproc, "MechanismOID": mech}}


SYSTEM = "System"
SVCHOST = "C:\\Windows\\System32\\svchost.exe"
W3WP = "C:\\Windows\\System32\\inetsrv\\w3wp.exe"
SQLSERVR = ("C:\\Program Files\\Microsoft SQL Server\\MSSQL15.MSSQLSERVER"
            "\\MSSQL\\Binn\\sqlservr.exe")
LSASS = "C:\\Windows\\System32\\lsass.exe"
SPOOLSV = "C:\\Windows\\System32\\spoolsv.exe"


def weekday(day):
    return (START + datetime.timedelta(days=day)).weekday() < 5


def events():
    logs = {}

    def add(server, e):
        logs.setdefault(server, []).append(e)

    windows_servers = ["FS01", "FS02", "APP01", "SQL01", "DC01", "PRN01",
                       "APP03", "OLDAPP01"]
    for day in range(DAYS):
        # Monitoring: hourly WMI from MON01 to every Windows server.
        for h in range(24):
            for s in windows_servers:
                add(s, ev8003(at(day, h, 7), s, "svc-monitor", NETBIOS,
                              "MON01", SVCHOST, 1312))
        # Weekly vulnerability scan (Tuesdays 02:00).
        if (START + datetime.timedelta(days=day)).weekday() == 1:
            for s in windows_servers:
                for k in range(3):
                    add(s, ev8003(at(day, 2, 10 + k), s, "svc-vulnscan",
                                  NETBIOS, "SCANNER01", SYSTEM, 4))
        # Nightly backup from BKP01.
        for s in ("FS01", "FS02", "SQL01", "APP01"):
            for k in range(2):
                add(s, ev8003(at(day, 1, 5 + 10 * k), s, "svc-backup",
                              NETBIOS, "BKP01", SYSTEM, 4))
        if weekday(day):
            # Scan-to-folder from the MFP on the second floor.
            for k in range(rng.randrange(8, 20)):
                add("FS01", ev8003(at(day, rng.randrange(8, 18),
                                      rng.randrange(60)), "FS01", "svc-scan",
                                   NETBIOS, "MFP-2F", SYSTEM, 4))
            # Drive mappings by IP address to FS02.
            for u in rng.sample(USERS, 12):
                ws = WORKSTATIONS[USERS.index(u) % len(WORKSTATIONS)]
                add("FS02", ev8003(at(day, rng.randrange(7, 10),
                                      rng.randrange(60)), "FS02", u, NETBIOS,
                                   ws, SYSTEM, 4))
            # IIS on APP01: users, partner users, and the web front end.
            for u in rng.sample(USERS, 8):
                ws = WORKSTATIONS[USERS.index(u) % len(WORKSTATIONS)]
                add("APP01", ev8003(at(day, rng.randrange(8, 17),
                                       rng.randrange(60)), "APP01", u,
                                    NETBIOS, ws, W3WP, 2212))
            for u in rng.sample(PARTNER_USERS, 2):
                add("APP01", ev8003(at(day, rng.randrange(9, 16),
                                       rng.randrange(60)), "APP01", u,
                                    "PARTNER", "PWS%02d" %
                                    (PARTNER_USERS.index(u) + 1), W3WP,
                                    2212))
            for h in range(8, 18):
                add("APP01", ev8003(at(day, h, 30), "APP01", "svc-intranet",
                                    NETBIOS, "WEB01", W3WP, 2212))
            # The SQL linked server on SQL02.
            for h in range(6, 20):
                add("SQL01", ev8003(at(day, h, 15), "SQL01", "svc-sql",
                                    NETBIOS, "SQL02", SQLSERVR, 1876))
            # An LDAP application binding to DC01 with NTLM.
            for h in range(8, 18, 2):
                add("DC01", ev8003(at(day, h, 45), "DC01", "svc-ldapapp",
                                   NETBIOS, "APP01", LSASS, 712))
            # The new server APP03 (not in the directory export).
            for u in rng.sample(USERS, 3):
                add("APP03", ev8003(at(day, rng.randrange(9, 17),
                                       rng.randrange(60)), "APP03", u,
                                    NETBIOS, "WS%03d" % (USERS.index(u) + 1),
                                    W3WP, 3020))
            # OLDAPP01: disabled in AD, still in use.
            add("OLDAPP01", ev8003(at(day, 10, 0), "OLDAPP01", "svc-legacy",
                                   NETBIOS, "WS010", SYSTEM, 4))
            # Printing through PRN01.
            for u in rng.sample(USERS, 6):
                add("PRN01", ev8003(at(day, rng.randrange(8, 17),
                                       rng.randrange(60)), "PRN01", u,
                                    NETBIOS, "WS%03d" % (USERS.index(u) + 1),
                                    SPOOLSV, 2024))
        # An old copier's anonymous logons, and a local support account.
        if day % 3 == 0:
            add("FS02", ev8003(at(day, 12, 0), "FS02", "ANONYMOUS LOGON",
                               "NT AUTHORITY", "COPIER-1F", SYSTEM, 4))
        if day in (3, 10):
            add("FS02", ev8003(at(day, 15, 30), "FS02", "support", "FS02",
                               "WS003", SYSTEM, 4))
    # PRN01's log was cleared: only the last two days remain.
    cutoff = END - datetime.timedelta(days=2)
    logs["PRN01"] = [e for e in logs["PRN01"] if e["time"] >= iso(cutoff)]

    dc = []
    for day in range(DAYS):
        if not weekday(day):
            continue
        for u in rng.sample(USERS, 10):
            ws = WORKSTATIONS[USERS.index(u) % len(WORKSTATIONS)]
            dc.append(("DC01", at(day, rng.randrange(8, 17),
                                  rng.randrange(60)), "NAS01", u, NETBIOS,
                       ws, 2))
        for u in rng.sample(USERS, 4):
            ws = WORKSTATIONS[USERS.index(u) % len(WORKSTATIONS)]
            dc.append(("DC02", at(day, rng.randrange(8, 17),
                                  rng.randrange(60)), "LNX-SMB01", u,
                       NETBIOS, ws, 2))
        dc.append(("DC02", at(day, 23, 0), "LNX-SMB01", "svc-etl", NETBIOS,
                   "SQL02", 2))
    for s in logs:
        logs[s].sort(key=lambda e: e["time"])
    dc.sort(key=lambda r: r[1])
    return logs, dc


SECURITY = "Microsoft-Windows-Security-Auditing"
# The newer events draw on their own generator, so that the 8003/8004 events
# above stay what they were.
rng2 = random.Random(20261201)


def at2(day, hour, minute=0, second=0):
    return START + datetime.timedelta(days=day, hours=hour, minutes=minute,
                                      seconds=second,
                                      microseconds=rng2.randrange(1000000))


def ev4624(t, server, user, domain, ws, ip, lm, anonymous=False):
    return {"id": 4624, "provider": SECURITY, "channel": "Security",
            "computer": "%s.%s" % (server, DNS), "time": iso(t),
            "fill": True,
            "data": {"SubjectUserSid": {"sid": "S-1-0-0"},
                     "TargetUserSid": {"sid": "S-1-5-7" if anonymous else
                                       DOMAIN_SID + "-1105"},
                     "TargetUserName": user, "TargetDomainName": domain,
                     "TargetLogonId": {"hex64": rng2.randrange(1 << 24)},
                     "LogonType": 3, "LogonProcessName": "NtLmSsp ",
                     "AuthenticationPackageName": "NTLM",
                     "WorkstationName": ws, "LmPackageName": lm,
                     "KeyLength": 0 if anonymous else 128,
                     "IpAddress": ip, "IpPort": str(rng2.randrange(49152,
                                                                   65535))}}


def ev_enhanced(id_, t, host, data):
    return {"id": id_, "provider": NTLM, "computer": "%s.%s" % (host, DNS),
            "time": iso(t), "fill": True, "data": data}


def ev_client(id_, t, host, target, user, process):
    return ev_enhanced(id_, t, host, {
        "TargetName": target, "UserName": user, "DomainName": NETBIOS,
        "CallerPID": 4, "ProcessName": process,
        "ClientLUID": {"hex64": 999}, "ClientUserName": user,
        "ClientDomainName": NETBIOS, "MechanismOID": "(NULL)"})


def newer_events():
    logs = {}

    def add(log, e):
        logs.setdefault(log, []).append(e)

    for day in range(DAYS):
        if weekday(day):
            # The MFP scans to FS01 with NTLMv1; users log on with NTLMv2.
            for k in range(rng2.randrange(3, 7)):
                add("fs01-security", ev4624(at2(day, rng2.randrange(8, 18),
                                                rng2.randrange(60)), "FS01",
                                            "svc-scan", NETBIOS, "MFP-2F",
                                            "10.1.2.50", "NTLM V1"))
            for u in rng2.sample(USERS, 4):
                ws = WORKSTATIONS[USERS.index(u) % len(WORKSTATIONS)]
                add("fs01-security", ev4624(at2(day, rng2.randrange(7, 10),
                                                rng2.randrange(60)), "FS01",
                                            u, NETBIOS, ws, "10.1.3.%d" %
                                            (USERS.index(u) + 10),
                                            "NTLM V2"))
            # WEB01 calls APP01 without a MIC (4023); users with one.
            for h in range(8, 18, 3):
                add("app01-enhanced", ev_enhanced(4023, at2(day, h, 31),
                    "APP01", {"ProcessName": W3WP, "ProcessPID":
                              {"hex32": 2212}, "Username": "svc-intranet",
                              "DomainName": NETBIOS,
                              "RemoteClientMachine": "WEB01",
                              "ClientIP": "10.1.2.31",
                              "NtlmVersion": "NTLMv2",
                              "ChannelBindingStatus": "Not present",
                              "MicStatus": "Not present",
                              "Status": {"hex32": 0}}))
            for u in rng2.sample(USERS, 3):
                ws = WORKSTATIONS[USERS.index(u) % len(WORKSTATIONS)]
                add("app01-enhanced", ev_enhanced(4022, at2(
                    day, rng2.randrange(8, 17), rng2.randrange(60)), "APP01",
                    {"ProcessName": W3WP, "ProcessPID": {"hex32": 2212},
                     "Username": u, "DomainName": NETBIOS,
                     "RemoteClientMachine": ws,
                     "ClientIP": "10.1.3.%d" % (USERS.index(u) + 10),
                     "NtlmVersion": "NTLMv2",
                     "ChannelBindingStatus": "Present",
                     "MicStatus": "Present", "Status": {"hex32": 0}}))
            # WS012: a drive mapped by IP address, and NTLMv1-derived SSO.
            add("ws012", ev_enhanced(4021, at2(day, 8, rng2.randrange(60)),
                "WS012", {"ProcessName": SYSTEM, "ProcessPID": {"hex32": 4},
                          "Username": "user12", "DomainName": NETBIOS,
                          "Hostname": "WS012", "TargetMachine": "10.1.2.20",
                          "TargetService": "cifs", "TargetIP": "10.1.2.20",
                          "NtlmUsageId": 7,
                          "NtlmUsageReason": "Target name is an IP address",
                          "NtlmVersion": "NTLMv2",
                          "ChannelBindingStatus": "Not present",
                          "MicStatus": "Present"}))
            add("ws012", ev_enhanced(4020, at2(day, 9, rng2.randrange(60)),
                "WS012", {"ProcessName": W3WP.replace("inetsrv\\w3wp",
                                                      "msedge"),
                          "ProcessPID": {"hex32": 7400},
                          "Username": "user12", "DomainName": NETBIOS,
                          "Hostname": "WS012", "TargetMachine": "APP01",
                          "TargetService": "HTTP", "TargetIP": "10.1.2.11",
                          "NtlmUsageId": 1,
                          "NtlmUsageReason":
                              "Application calls NTLM directly",
                          "NtlmVersion": "NTLMv2",
                          "ChannelBindingStatus": "Present",
                          "MicStatus": "Present"}))
            add("ws012", ev_client(4024, at2(day, 8, rng2.randrange(60)),
                                   "WS012", "cifs/FS01.corp.example",
                                   "user12", SYSTEM))
            # WS007: Credential Guard refuses the legacy app's NTLMv1.
            if day % 2 == 0:
                add("ws007", ev_client(4013, at2(day, 10,
                                                 rng2.randrange(60)),
                                       "WS007", "cifs/FS01.corp.example",
                                       "user07", "C:\\Program Files"
                                       "\\LegacyScan\\lscan.exe"))
                add("ws007", ev_enhanced(4014, at2(day, 10, 59), "WS007", {
                    "ImageName": "C:\\Program Files\\LegacyScan"
                                 "\\lscan.exe", "SvcHostTag": "-"}))
        # The copier's anonymous logons are "NTLM V1" too.
        if day % 3 == 0:
            add("fs02-security", ev4624(at2(day, 12, 0), "FS02",
                                        "ANONYMOUS LOGON", "NT AUTHORITY",
                                        "COPIER-1F", "10.1.2.60", "NTLM V1",
                                        anonymous=True))
    for s in logs:
        logs[s].sort(key=lambda e: e["time"])
    return logs


# WS015's events draw on a generator of their own too.
rng3 = random.Random(20261205)


def smb_events():
    """WS015 maps \\\\10.1.2.40 (NAS01 by address): 8001 to cifs/10.1.2.40."""
    logs = {}
    for day in range(DAYS):
        if not weekday(day):
            continue
        for k in range(rng3.randrange(1, 4)):
            t = START + datetime.timedelta(
                days=day, hours=rng3.randrange(8, 18),
                minutes=rng3.randrange(60), seconds=rng3.randrange(60),
                microseconds=rng3.randrange(1000000))
            logs.setdefault("ws015", []).append(ev_client(
                8001, t, "WS015", "cifs/10.1.2.40", "user15", SYSTEM))
    for s in logs:
        logs[s].sort(key=lambda e: e["time"])
    return logs


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else HERE
    os.makedirs(os.path.join(outdir, "logs"), exist_ok=True)
    write_ldif(outdir)
    logs, dc = events()
    logs.update(newer_events())
    logs.update(smb_events())
    with tempfile.TemporaryDirectory() as tmp:
        for server, evs in sorted(logs.items()):
            spec = os.path.join(tmp, server + ".jsonl")
            # APP01's enhanced events are a later export of its log: its
            # record ids go on where the first export's end.
            first = len(logs["APP01"]) + 1 if server == "app01-enhanced" \
                else 1
            with open(spec, "w") as f:
                for rid, e in enumerate(evs, first):
                    e["record_id"] = rid
                    f.write(json.dumps(e) + "\n")
            subprocess.run([sys.executable, EVTXGEN, spec,
                            os.path.join(outdir, "logs",
                                         server.lower() + ".evtx")],
                           check=True)
    with open(os.path.join(outdir, "logs", "dc-8004.ndjson"), "w") as f:
        for dcname, t, sch, user, dom, ws, stype in dc:
            f.write(json.dumps({
                "@timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
                "event": {"code": "8004", "provider": NETLOGON},
                "host": {"name": dcname.lower()},
                "winlog": {"channel": "Microsoft-Windows-NTLM/Operational",
                           "event_id": 8004, "provider_name": NETLOGON,
                           "computer_name": "%s.%s" % (dcname, DNS),
                           "event_data": {"SChannelName": sch,
                                          "UserName": user,
                                          "DomainName": dom,
                                          "WorkstationName": "\\\\" + ws,
                                          "SChannelType": str(stype)}}},
                separators=(",", ":")) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
