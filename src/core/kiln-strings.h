/* kiln-strings.h — KilnStrings, the interned string table of a profile.
 *
 * Every name, module and file path in a profile is stored once and referred
 * to by a uint32_t id, so frames and nodes stay small and comparisons are
 * integer compares. Id 0 is always the empty string.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

typedef struct _KilnStrings KilnStrings;

KilnStrings *kiln_strings_new(void);
void kiln_strings_free(KilnStrings *strings);
/* An independent copy (same ids), for snapshots of a table still growing. */
KilnStrings *kiln_strings_copy(const KilnStrings *strings);

/* Returns the id of the given bytes, adding them if new. The bytes need not
 * be NUL-terminated; the stored copy always is. */
uint32_t kiln_strings_intern(KilnStrings *strings, const char *s, size_t len);

/* Same, with the hash already computed by kiln_hash_bytes(). */
uint32_t kiln_strings_intern_hashed(KilnStrings *strings, const char *s, size_t len,
                                    uint64_t hash);

/* Looks the bytes up without adding them; UINT32_MAX when absent. */
uint32_t kiln_strings_lookup(const KilnStrings *strings, const char *s, size_t len);

const char *kiln_strings_get(const KilnStrings *strings, uint32_t id);
size_t kiln_strings_length(const KilnStrings *strings, uint32_t id);
uint32_t kiln_strings_count(const KilnStrings *strings);

/* Bytes held by the table, for memory budgets in bench/. */
size_t kiln_strings_memory(const KilnStrings *strings);
