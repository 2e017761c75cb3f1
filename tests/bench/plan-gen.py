#!/usr/bin/env python3
"""plan-gen.py: the plan benchmark's inputs: a directory snapshot of N
computers (ntlmplan-directory(5)) and a flow file of M flows
(ntlmplan-flows(5)) over them, deterministic (fixed seed).

usage: plan-gen.py COMPUTERS FLOWS SNAPSHOT FLOWFILE
"""
import json
import random
import sys


def main():
    ncomp, nflows = int(sys.argv[1]), int(sys.argv[2])
    snap, flowfile = sys.argv[3], sys.argv[4]
    rnd = random.Random(4)
    names = ["SRV%06d" % i for i in range(ncomp)]
    with open(snap, "w") as f:
        f.write('{"format": "ntlmplan-directory", "version": 1,\n'
                ' "source": {"uri": "ldap://dc1.corp.example", "base": '
                '"DC=corp,DC=example", "fetched": '
                '"2026-03-20T00:00:00.000000Z"},\n'
                ' "domain": {"dn": "DC=corp,DC=example", "dns": '
                '"corp.example", "netbios": "CORP", "sid": '
                '"S-1-5-21-1-2-3"},\n'
                ' "trusts": [{"partner": "partner.example", "flat": '
                '"PARTNER", "direction": 3, "attributes": 8, "type": 2}],\n'
                ' "computers": [')
        for i, n in enumerate(names):
            f.write("%s\n  {\"name\": \"%s\", \"dns\": \"%s.corp.example\", "
                    "\"dn\": \"CN=%s,OU=Servers,DC=corp,DC=example\", "
                    "\"enabled\": %s, \"dc\": %s, \"rodc\": false, \"os\": "
                    "\"Windows Server 2019 Standard\", \"os_version\": "
                    "\"10.0 (17763)\", \"last_logon\": "
                    "\"2026-03-%02dT00:00:00.000000Z\", \"spns\": "
                    "[\"HOST/%s\"]}" % ("," if i else "", n, n.lower(), n,
                    "false" if i % 97 == 0 else "true",
                    "true" if i < 10 else "false", 1 + i % 19, n))
        f.write("]}\n")
    domains = ["CORP"] * 16 + ["corp.example", "PARTNER", "OTHER", None]
    with open(flowfile, "w") as f:
        f.write('{"format": "ntlmplan-flows", "version": 1,\n "sources": '
                '[{"path": "bench", "records": %d, "used": %d, "skipped": 0, '
                '"unreadable": 0, "first_seen": '
                '"2026-03-01T00:00:00.000000Z", "last_seen": '
                '"2026-03-15T00:00:00.000000Z", "logged_by": []}],\n'
                ' "flows": [' % (nflows, nflows))
        for i in range(nflows):
            s = rnd.randrange(ncomp + ncomp // 20)
            srv = names[s] if s < ncomp else "NAS%05d" % (s - ncomp)
            if i % 2:
                ev, server, lb = 8003, srv.lower() + ".corp.example", None
                lb = server
            else:
                ev, server, lb = 8004, srv, "dc1.corp.example"
            dom = domains[rnd.randrange(len(domains))]
            f.write('%s\n  {"event_id": %d, "logged_by": "%s", "server": '
                    '"%s", "domain": %s, "user": "user%05d", "workstation": '
                    '"WS%05d", "process": %s, "logon_type": %s, "mechanism": '
                    'null, "in_proc": %s, "schannel_type": %s, "count": %d, '
                    '"first_seen": "2026-03-%02dT00:00:00.000000Z", '
                    '"last_seen": "2026-03-15T00:00:00.000000Z"}'
                    % ("," if i else "", ev, lb, server,
                       json.dumps(dom), rnd.randrange(50000),
                       rnd.randrange(20000),
                       '"System"' if ev == 8003 else "null",
                       "3" if ev == 8003 else "null",
                       "false" if ev == 8003 else "null",
                       "null" if ev == 8003 else "2",
                       1 + rnd.randrange(20), 1 + rnd.randrange(14)))
        f.write("]}\n")


if __name__ == "__main__":
    main()
