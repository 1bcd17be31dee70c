/*
 * recprint.h: print a sanitized record field by field, using the generated tables (names,
 * offsets, enums). For tools: the record comes from the validator, so it is well-formed.
 */
#ifndef VIGIL_TOOLS_RECPRINT_H
#define VIGIL_TOOLS_RECPRINT_H

#include <stdio.h>

#include "vigil_tables.h"

/* The descriptor a record type was produced from, or NULL for synthesized records. */
const struct vigil_cmd_desc *vigil_rec_desc(unsigned type, unsigned objtype);
/* Prints " name=value ..." for every stored field of the record whose header is `hdr`. */
void vigil_rec_print(FILE *f, const void *hdr, int show_text);
/* Name of an enum value, or NULL. */
const char *vigil_enum_value_name(unsigned enum_id, uint32_t v);

#endif
