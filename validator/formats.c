/*
 * formats.c: bounds- and gap-checked access to vigil_formats[] (see formats.h).
 *
 * Input: any guest uint32. The table and VIGIL_FORMAT_TABLE_SIZE come from the generated
 * vigil_spec.h / vigil_spec_tables.c (unit tests supply a small stand-in with the same names).
 */
#include "formats.h"

#include "vigil_spec.h"

const struct vigil_format_desc *vigil_format_get(uint32_t fmt)
{
	if (fmt >= VIGIL_FORMAT_TABLE_SIZE || !vigil_formats[fmt].valid)
		return NULL;
	return &vigil_formats[fmt];
}
