/*
 * report-regpol.h: a GPO's Registry.pol (the PReg format of MS-GPREG 2.2.1,
 * Administrative Templates), and the Set-GPRegistryValue lines that make
 * the same values through the GroupPolicy PowerShell module.
 *
 * Ownership: entries and their strings are borrowed; report_regpol_smb_init
 * fills a caller's struct whose entries borrow the host names given to it.
 * Keys, value names and strings must be printable ASCII (MS-GPREG's
 * IdCharacter and ValueCharacter): anything else is a programmer error and
 * aborts, as does a host name that is not checked (HOSTNAME_ASSERT).
 */
#ifndef REPORT_REGPOL_H
#define REPORT_REGPOL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct hostname;
struct plan;

/* Registry value types (winnt.h), as the file stores them. */
enum report_regpol_type {
	REPORT_REGPOL_SZ = 1,
	REPORT_REGPOL_DWORD = 4,
	REPORT_REGPOL_MULTI_SZ = 7
};

#define REPORT_REGPOL_VALUE_MAX	259	/* characters of a value name */
#define REPORT_REGPOL_DATA_MAX	65535	/* bytes of data */

struct report_regpol_entry {
	const char		 *key;	/* no hive: "Software\Policies\..." */
	const char		 *value;
	enum report_regpol_type	  type;
	uint32_t		  dword;	/* REG_DWORD */
	const char		 *sz;		/* REG_SZ */
	const char *const	 *strings;	/* REG_MULTI_SZ, none empty */
	size_t			  nstrings;
};

/* The SMB client's NTLM block (Network > Lanman Workstation). */
#define REPORT_REGPOL_SMB_KEY \
	"Software\\Policies\\Microsoft\\Windows\\LanmanWorkstation"
#define REPORT_REGPOL_SMB_BLOCK		"BlockNTLM"
#define REPORT_REGPOL_SMB_EXCEPTIONS	"BlockNTLMServerExceptionList"

struct report_regpol_smb {
	struct report_regpol_entry	  entries[2];
	size_t				  nentries;
	const char			**names;	/* owned array,
							   borrowed names */
};

/*
 * Write the PReg file of entries[0..n) to f: the "PReg" signature, version
 * 1, then each entry as [key;value;type;size;data] in UTF-16LE.  0, or -1
 * if f has an error, or with errno EFBIG and nothing written if an entry's
 * data is over REPORT_REGPOL_DATA_MAX bytes (MS-GPREG: a long exception
 * list does not fit; the caller says so).
 */
int	report_regpol_write(FILE *, const struct report_regpol_entry *,
	    size_t);
/* The first entry too large for the file (see above), or n. */
size_t	report_regpol_too_large(const struct report_regpol_entry *, size_t);
/* The number of bytes report_regpol_write writes. */
size_t	report_regpol_size(const struct report_regpol_entry *, size_t);

/*
 * "Block NTLM (LM, NTLM, NTLMv2)" set to block (1) or not (0), and, if n is
 * not 0, "Block NTLM Server Exception List" holding names[0..n) in that
 * order (each HOSTNAME_ASSERTed).  The names must outlive s.
 */
void	report_regpol_smb_init(struct report_regpol_smb *, int,
	    const struct hostname *const *, size_t);
void	report_regpol_smb_clear(struct report_regpol_smb *);

/*
 * One "Set-GPRegistryValue -Name 'gpo' -Key 'HKLM\key' -ValueName 'value'
 * -Type T -Value ..." line per entry, in PowerShell single quotes (a quote
 * in the GPO name doubled; keys, values and strings hold none): *lines gets
 * an array of n strings, the array and each string owned by the caller.
 */
size_t	report_regpol_ps_lines(const char *,
	    const struct report_regpol_entry *, size_t, char ***);

/*
 * The plan's Registry.pol of the SMB client's NTLM block (plan.h: the
 * block and its exception list, or the block off if the list is too large).
 */
void	report_regpol_plan_write(FILE *, const struct plan *);

#endif
