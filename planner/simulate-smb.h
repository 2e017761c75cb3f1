/*
 * simulate-smb.h: the SMB client's own NTLM block ("Block NTLM (LM, NTLM,
 * NTLMv2)", ntlmplan-smb(7)) simulated on the flows: which outgoing NTLM
 * it denies, the exception list (BlockNTLMServerExceptionList) that keeps
 * them working, and which clients left no evidence at all.
 *
 * The block has no audit mode and no event: the only evidence is the
 * client's outgoing audit (8001/4001, TargetName "cifs/...") and the
 * enhanced client events (4020/4021, TargetService "cifs").  A client that
 * logged neither is blind, not clean.
 *
 * Results are codes and counts, never sentences.  Ownership: a struct
 * simulate_smb owns its arrays, names and strings; it borrows nothing from
 * the flows or the directory once simulate_smb_run returns.
 */
#ifndef SIMULATE_SMB_H
#define SIMULATE_SMB_H

#include <stddef.h>
#include <stdint.h>

#include "hostname.h"

struct sim_domain;
struct flow_key;
struct flows;

#define SIMULATE_SMB_SERVICE	"cifs"	/* the SMB client's SPN class */

/* What the SMB block does to one flow. */
enum simulate_smb_verdict {
	SIMULATE_SMB_NOT_OUTGOING,	/* not a client's outgoing event */
	SIMULATE_SMB_OTHER_SERVICE,	/* outgoing NTLM, not to SMB */
	SIMULATE_SMB_SERVICE_UNKNOWN,	/* enhanced event: the flow does
					   not keep TargetService; counted as
					   blocked (the safe side) */
	SIMULATE_SMB_LOOPBACK,		/* SMB to the client itself */
	SIMULATE_SMB_EXCEPTED,		/* blocked, but the list in force
					   names the target */
	SIMULATE_SMB_BLOCKED,		/* blocked; its target is listed */
	SIMULATE_SMB_REFUSED,		/* blocked; the target name is not a
					   host name: it stays blocked */
	SIMULATE_SMB_NO_TARGET		/* blocked; no target logged */
};
#define SIMULATE_SMB_NVERDICTS	(SIMULATE_SMB_NO_TARGET + 1)

/* One flow the block concerns (verdict past SIMULATE_SMB_OTHER_SERVICE). */
struct simulate_smb_flow {
	size_t			 index;		/* flows_flow(fl, index) */
	enum simulate_smb_verdict verdict;
	enum hostname_refusal	 refusal;	/* SIMULATE_SMB_REFUSED */
};

/* An entry of the proposed exception list. */
struct simulate_smb_name {
	struct hostname		*name;		/* owned */
	int			 seen;		/* 1: the target as logged;
						   0: its other name form */
	uint64_t		 flows;		/* flows it keeps working */
	uint64_t		 events;
	uint64_t		 unknown;	/* of those, SERVICE_UNKNOWN */
};

/* A client: a host with logs, or one named as a client. */
struct simulate_smb_client {
	char			*name;		/* owned: NetBIOS form (first
						   label, upper case) */
	int			 logs;		/* its own logs were read */
	int			 seen;		/* named as a client */
	int			 directory;	/* an enabled directory
						   computer, not a DC */
	uint64_t		 outgoing;	/* 8001/4001 events */
	uint64_t		 enhanced;	/* 4020/4021 events */
	uint64_t		 blocked;	/* events the block denies */
};

struct simulate_smb {
	struct simulate_smb_flow   *flows;	/* owned, by index */
	size_t			    nflows;
	struct simulate_smb_name   *names;	/* owned, sorted */
	size_t			    nnames;
	struct simulate_smb_client *clients;	/* owned, sorted */
	size_t			    nclients;
	uint64_t		    flow_count[SIMULATE_SMB_NVERDICTS];
	uint64_t		    event_count[SIMULATE_SMB_NVERDICTS];
};

/*
 * The verdict on one flow key before any exception list (never EXCEPTED,
 * BLOCKED for a listable target); *target gets the target as logged (the
 * host part of a "cifs/host" SPN, or TargetMachine, or TargetIP), NULL if
 * none.  The pointer is into the key's strings or static.
 */
enum simulate_smb_verdict simulate_smb_classify(const struct flow_key *,
	    const char **);
/*
 * Simulate the block on every flow of fl.  The simulated domain (may be
 * NULL) gives a target's other name form (NetBIOS name and dNSHostName of a
 * computer); without it an FQDN in no known domain has no NetBIOS form.
 * inforce[0..n) is the exception list in force (an exact, case-insensitive
 * match, no wildcard).
 */
struct simulate_smb *simulate_smb_run(const struct flows *,
	    const struct sim_domain *, const struct hostname *const *,
	    size_t);
void		 simulate_smb_free(struct simulate_smb *);
/* True if client c logged neither 8001/4001 nor 4020/4021. */
int		 simulate_smb_client_blind(const struct simulate_smb_client *);
/* A short stable code for a verdict ("blocked", ...): plan.json. */
const char	*simulate_smb_verdict_code(enum simulate_smb_verdict);

#endif
