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

#endif
