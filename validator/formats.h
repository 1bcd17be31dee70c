/*
 * formats.h: the one lookup of a guest format value in the generated vigil_formats[] table.
 *
 * The value is hostile (any uint32, including values in the table's gaps); the table is trusted
 * (generated from the spec). Guarantee: a non-NULL result is a valid format's descriptor, so no
 * caller ever indexes the table with a guest value itself (SECURITY-CASES R6, CVE-2019-18390).
 */
#ifndef VIGIL_FORMATS_H
#define VIGIL_FORMATS_H

#include <stdint.h>

#include "vigil_tables.h"

/* NULL when fmt >= VIGIL_FORMAT_TABLE_SIZE or the entry is not a defined format. */
const struct vigil_format_desc *vigil_format_get(uint32_t fmt);

#endif
