/*
 * directory-ldif.h: directory entries from LDIF files (ldapsearch output,
 * Windows ldifde exports) through libldap's LDIF reader.
 */
#ifndef DIRECTORY_LDIF_H
#define DIRECTORY_LDIF_H

struct directory;

/*
 * Hand every entry of the LDIF file path to directory_add_entry.  0, or -1
 * with *cause ("file:line: what", caller frees) on the first malformed
 * record; entries before it have been added.
 */
int	directory_ldif_read(struct directory *, const char *, char **);
/*
 * True if path looks like LDIF by its content: after comments, blank lines
 * and a "version: 1" line, its first line is "dn:" (case-insensitive), as
 * in ldapsearch and ldifde output; so that plan takes an LDIF operand as
 * directory input whatever its name.
 */
int	directory_ldif_sniff(const char *);

#endif
