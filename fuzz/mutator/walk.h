/*
 * walk.h: where each field of one virgl command sits, read from the generated spec tables.
 *
 * Input: one command (header dword first) that may come from a fuzzer queue, so anything; the
 * walk is bounded by the command's dwords and by fixed table sizes and never trusts the header
 * beyond them. Output: the dword index and the spec op of every field read, the first array
 * (where its elements start, their count, and the field holding the count when the count is one
 * field), and whether the layout consumed exactly the payload. Used by the AFL++ mutator only;
 * it follows validator/engine.c's reading order, not its checks.
 */
#ifndef VIGIL_MUT_WALK_H
#define VIGIL_MUT_WALK_H

#include <stdbool.h>
#include <stdint.h>

#include "vigil_tables.h"

#define VIGIL_MUT_MAX_FIELDS 512u

struct vigil_mut_field {
	const struct vigil_op *op; /* VOP_BITS for a bits dword (its VOP_BF_* ops follow it) */
	uint32_t dw;               /* dword index in the command, 1 = first payload dword */
};

struct vigil_mut_layout {
	uint32_t cmd_id, objtype, len;
	const struct vigil_op *prog;     /* NULL: no layout (undefined id, unknown object) */
	uint32_t nfields;
	struct vigil_mut_field f[VIGIL_MUT_MAX_FIELDS];
	const struct vigil_op *array;    /* the first array, or NULL */
	uint32_t array_dw;               /* its first element's dword */
	uint32_t array_count;
	uint32_t count_field;            /* index in f[] of the field holding the count, or UINT32_MAX */
	bool exact;                      /* the walk consumed exactly the payload */
};

/* Walks cmd[0..ndw) (ndw >= 1, cmd[0] the header). Always fills `out` as far as it got. */
void vigil_mut_walk(const uint32_t *cmd, uint32_t ndw, struct vigil_mut_layout *out);

/* The object kind an op refers to (VIGIL_KIND_FROM_HEADER resolved with the header type). */
uint32_t vigil_mut_kind(const struct vigil_op *op, uint32_t objtype);

#endif
