/*
 * test_lengths.c: length handling for every command and object layout of the spec, driven by
 * the generated tables themselves (so a new command is covered without a new test):
 * a command cut inside its fixed prefix is TRUNCATED at the field that is missing; oversized
 * variable tails are COUNT; a header whose length runs past the buffer is LENGTH. Together with
 * the generated vectors (minus-one-dword and plus-one-dword per layout) this covers truncated
 * and over-long buffers for every command.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"
#include "vigil_tables.h"

/* The program's first op reads a dword (so a zero-length payload must be TRUNCATED there). */
static int first_reads(const struct vigil_op *p)
{
	switch (p->op) {
	case VOP_U32: case VOP_I32: case VOP_F32: case VOP_BOOL: case VOP_ENUM: case VOP_IGNORED:
	case VOP_BITS: case VOP_NEWOBJ: case VOP_OBJECT: case VOP_RESOURCE: case VOP_SUBCTX:
		return 1;
	default:
		return 0;
	}
}

static unsigned try_empty(uint32_t id, uint32_t objtype, const struct vigil_cmd_desc *d)
{
	struct th t;
	vigil_status s;
	const struct vigil_val_error *e;
	unsigned bad = 0;

	if (!(d->flags & VIGIL_CMD_DEFINED) || (d->flags & VIGIL_CMD_UNSUPPORTED) || !d->prog ||
	    !first_reads(d->prog))
		return 0;
	th_new(&t);
	s = TH_SUBMIT(&t, TH_HDR(id, objtype, 0));
	e = vigil_val_last_error(t.ctx);
	if (s != VIGIL_E_TRUNCATED || e->field != d->prog[0].name) {
		printf("MISMATCH %s/%u len 0: %s at %s\n", vigil_names[d->name], objtype, vigil_status_name(s),
		       e->field < VIGIL_NAMES_COUNT ? vigil_names[e->field] : "-");
		bad = 1;
	}
	th_free(&t);
	return bad;
}

static void test_every_layout_cut_inside_its_prefix_is_truncated(void **state)
{
	unsigned bad = 0, n = 0;

	(void)state;
	for (uint32_t id = 0; id < VIGIL_VIRGL_CMD_COUNT; id++) {
		const struct vigil_cmd_desc *d = &vigil_virgl_cmds[id];
		if (d->flags & VIGIL_CMD_DISPATCH_OBJECT) {
			for (uint32_t o = 1; o < VIGIL_OBJECT_COUNT; o++) {
				bad += try_empty(id, o, &vigil_objects[o]);
				n++;
			}
			continue;
		}
		if (d->objtype_mask) {
			/* BIND/DESTROY_OBJECT: any allowed type. */
			for (uint32_t o = 1; o < 32; o++)
				if ((d->objtype_mask >> o) & 1u) {
					bad += try_empty(id, o, d);
					n++;
					break;
				}
			continue;
		}
		bad += try_empty(id, 0, d);
		n++;
	}
	printf("layouts tried: %u, mismatches: %u\n", n, bad);
	assert_int_equal(bad, 0);
}

static void test_oversized_constant_buffer_is_count(void **state)
{
	size_t n = 1 + 2 + VIGIL_LIMIT_MAX_CONST_DWORDS + 1;
	uint32_t *dw = calloc(n, sizeof(*dw));
	struct th t;

	(void)state;
	assert_non_null(dw);
	dw[0] = TH_HDR(VIGIL_CCMD_SET_CONSTANT_BUFFER, 0, n - 1);
	dw[1] = 1;
	th_new(&t);
	assert_int_equal(th_submit(&t, dw, n), VIGIL_E_COUNT);
	th_free(&t);
	dw[0] = TH_HDR(VIGIL_CCMD_SET_CONSTANT_BUFFER, 0, n - 2);
	th_new(&t);
	assert_int_equal(th_submit(&t, dw, n - 1), VIGIL_OK);
	th_free(&t);
	free(dw);
}

static void test_header_length_past_buffer_is_length_for_every_id(void **state)
{
	(void)state;
	for (uint32_t id = 0; id < 64; id++) {
		struct th t;
		th_new(&t);
		assert_int_equal(TH_SUBMIT(&t, TH_HDR(id, 0, 3), 0, 0), VIGIL_E_LENGTH);
		th_free(&t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_layout_cut_inside_its_prefix_is_truncated),
		cmocka_unit_test(test_oversized_constant_buffer_is_count),
		cmocka_unit_test(test_header_length_past_buffer_is_length_for_every_id),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
