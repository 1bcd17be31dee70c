/*
 * status.c: names of vigil_status values for logs, tools and tests.
 * Trusts nothing: any integer maps to a name or "?".
 */
#include "vigil_status.h"

static const char *const status_names[VIGIL_STATUS_COUNT] = {
	[VIGIL_OK] = "OK",
	[VIGIL_E_TRUNCATED] = "TRUNCATED",
	[VIGIL_E_TRAILING] = "TRAILING",
	[VIGIL_E_UNKNOWN_CMD] = "UNKNOWN_CMD",
	[VIGIL_E_UNSUPPORTED] = "UNSUPPORTED",
	[VIGIL_E_ENUM] = "ENUM",
	[VIGIL_E_RANGE] = "RANGE",
	[VIGIL_E_RESERVED] = "RESERVED",
	[VIGIL_E_COUNT] = "COUNT",
	[VIGIL_E_RELATION] = "RELATION",
	[VIGIL_E_OVERFLOW] = "OVERFLOW",
	[VIGIL_E_UNKNOWN_HANDLE] = "UNKNOWN_HANDLE",
	[VIGIL_E_WRONG_KIND] = "WRONG_KIND",
	[VIGIL_E_BIND] = "BIND",
	[VIGIL_E_BOX] = "BOX",
	[VIGIL_E_BACKING] = "BACKING",
	[VIGIL_E_STATE] = "STATE",
	[VIGIL_E_LENGTH] = "LENGTH",
	[VIGIL_E_POISONED] = "POISONED",
	[VIGIL_E_EXHAUSTED] = "EXHAUSTED",
};

const char *vigil_status_name(vigil_status s)
{
	if ((unsigned)s >= VIGIL_STATUS_COUNT || !status_names[s])
		return "?";
	return status_names[s];
}
