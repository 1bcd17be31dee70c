/*
 * vigil_xrec.h: records the validator synthesizes in its output (beside the generated ones of
 * vigil_records.h, which reserves types 192..255 for them). The gate and the core read these;
 * their layout is fixed here and nowhere else.
 */
#ifndef VIGIL_XREC_H
#define VIGIL_XREC_H

#include <stdint.h>

#include "vigil_records.h"

enum vigil_xrec_type {
	VIGIL_XREC_RESOURCE_HANDLE = 192, /* a vtest resource got its internal handle */
	VIGIL_XREC_RESOURCE_UNREF = 193,  /* the guest dropped its id for a resource */
	VIGIL_XREC_OBJECT_RELEASED = 194, /* an object was destroyed implicitly (replaced, sub-ctx gone) */
};

struct vigil_xrec_resource {
	uint32_t guest_id;
	struct vigil_h_resource handle;
};

struct vigil_xrec_object {
	uint32_t objtype;
	uint32_t handle;
};

_Static_assert(sizeof(struct vigil_xrec_resource) == 8 && sizeof(struct vigil_xrec_object) == 8,
	       "synthesized record bodies are 8 bytes");

#endif
