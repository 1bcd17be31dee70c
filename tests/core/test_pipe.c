/*
 * test_pipe.c: lifetime of the pipeline objects in the core (bug class R7, use after free on
 * destroy paths) and the query result the core writes: a bound sampler view keeps its resource
 * alive after the guest's UNREF and DESTROY_OBJECT, until it is unbound; re-creating a handle
 * releases the replaced object; destroying a sub-context releases every object and binding in
 * it exactly once (the backing of each resource is handed back once, and not again at context
 * teardown); state objects destroyed while bound stay usable; GET_QUERY_RESULT writes the
 * 16-byte {DONE, 8, result} at offset 0 of the query buffer. argv[1]: gl | gles.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core_harness.h"

static enum vigil_backend backend;

#define SWZ_ID (0u | 1u << 3 | 2u << 6 | 3u << 9)
#define VIEW(c, h, res, fmt) CH_SUBMIT((c), CH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_SAMPLER_VIEW, 6), \
				       (h), (res), (fmt), 0, 0, SWZ_ID)
#define DESTROY(c, kind, h) CH_SUBMIT((c), CH_HDR(VIGIL_CCMD_DESTROY_OBJECT, (kind), 1), (h))

static uint32_t tex(struct ch *c)
{
	uint32_t g = ch_res(c, 2, VIGIL_FORMAT_R8G8B8A8_UNORM, VIGIL_BIND_SAMPLER_VIEW, 4, 4, 1, 1, 0, 0);

	assert_true(g != 0);
	return g;
}

static uint32_t buf(struct ch *c, uint32_t bind, uint32_t size)
{
	uint32_t g = ch_res(c, 0, VIGIL_FORMAT_R8_UNORM, bind, size, 1, 1, 1, 0, 0);

	assert_true(g != 0);
	return g;
}

static void bound_view_outlives_destroy(void **state)
{
	struct ch c;
	uint32_t t;

	(void)state;
	ch_open(&c, backend);
	t = tex(&c);
	assert_int_equal(VIEW(&c, 20, t, VIGIL_FORMAT_R8G8B8A8_UNORM), VIGIL_OK);
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_SET_SAMPLER_VIEWS, 0, 3), 1, 0, 20), VIGIL_OK);
	ch_unref(&c, t);
	assert_int_equal(c.released, 0);
	assert_int_equal(DESTROY(&c, VIGIL_OBJ_SAMPLER_VIEW, 20), VIGIL_OK);
	assert_int_equal(c.released, 0); /* still bound in the fragment stage */
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_SET_SAMPLER_VIEWS, 0, 3), 1, 0, 0), VIGIL_OK);
	assert_int_equal(c.released, 1);
	ch_close(&c);
	assert_int_equal(c.released, 1);
}

static void recreate_releases_replaced(void **state)
{
	struct ch c;
	uint32_t t1, t2;

	(void)state;
	ch_open(&c, backend);
	t1 = tex(&c);
	t2 = tex(&c);
	assert_int_equal(VIEW(&c, 30, t1, VIGIL_FORMAT_R8G8B8A8_UNORM), VIGIL_OK);
	ch_unref(&c, t1);
	assert_int_equal(c.released, 0);
	/* same guest id: the validator releases the old object (OBJECT_RELEASED record) */
	assert_int_equal(VIEW(&c, 30, t2, VIGIL_FORMAT_R8G8B8A8_UNORM), VIGIL_OK);
	assert_int_equal(c.released, 1);
	ch_close(&c);
	assert_int_equal(c.released, 2);
}

static void subctx_teardown_releases_once(void **state)
{
	struct ch c;
	uint32_t t, vb, qb, sb, ib, ub;
	uint32_t blend[12] = { 0 };

	(void)state;
	ch_open(&c, backend);
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_CREATE_SUB_CTX, 0, 1), 2,
				   CH_HDR(VIGIL_CCMD_SET_SUB_CTX, 0, 1), 2), VIGIL_OK);
	t = tex(&c);
	vb = buf(&c, VIGIL_BIND_VERTEX_BUFFER, 64);
	qb = buf(&c, VIGIL_BIND_CUSTOM, 16);
	sb = buf(&c, VIGIL_BIND_STREAM_OUTPUT, 64);
	ib = buf(&c, VIGIL_BIND_INDEX_BUFFER, 64);
	ub = buf(&c, VIGIL_BIND_CONSTANT_BUFFER, 256);
	assert_int_equal(VIEW(&c, 1, t, VIGIL_FORMAT_R8G8B8A8_UNORM), VIGIL_OK);
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_SET_SAMPLER_VIEWS, 0, 3), 0, 0, 1), VIGIL_OK);
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_QUERY, 4), 2, 0, 0, qb), VIGIL_OK);
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_STREAMOUT_TARGET, 4), 3, sb, 0, 64),
			 VIGIL_OK);
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_SET_STREAMOUT_TARGETS, 0, 2), 0, 3), VIGIL_OK);
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_SET_VERTEX_BUFFERS, 0, 3), 16, 0, vb), VIGIL_OK);
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_SET_INDEX_BUFFER, 0, 3), ib, 2, 0), VIGIL_OK);
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_SET_UNIFORM_BUFFER, 0, 5), 1, 1, 0, 256, ub), VIGIL_OK);
	blend[0] = CH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_BLEND, 11);
	blend[1] = 4;
	blend[4] = 0xfu << 27; /* rt 0: colormask RGBA */
	assert_int_equal(ch_submit(&c, blend, 12), VIGIL_OK);
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_BIND_OBJECT, VIGIL_OBJ_BLEND, 1), 4), VIGIL_OK);
	ch_unref(&c, t);
	ch_unref(&c, vb);
	ch_unref(&c, qb);
	ch_unref(&c, sb);
	ch_unref(&c, ib);
	ch_unref(&c, ub);
	assert_int_equal(c.released, 0); /* every one is held by an object or a binding */
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_SET_SUB_CTX, 0, 1), 1,
				   CH_HDR(VIGIL_CCMD_DESTROY_SUB_CTX, 0, 1), 2), VIGIL_OK);
	assert_int_equal(c.released, 6);
	ch_close(&c);
	assert_int_equal(c.released, 6);
}

static void state_objects_destroyed_while_bound(void **state)
{
	struct ch c;
	uint32_t rs[10] = { CH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_RASTERIZER, 9), 5, 1u << 14 | 1u << 15 };
	uint32_t dsa[6] = { CH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_DSA, 5), 6, 1u | 1u << 1 | 1u << 2 };

	(void)state;
	ch_open(&c, backend);
	assert_int_equal(ch_submit(&c, rs, 10), VIGIL_OK);
	assert_int_equal(ch_submit(&c, dsa, 6), VIGIL_OK);
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_BIND_OBJECT, VIGIL_OBJ_RASTERIZER, 1), 5,
				   CH_HDR(VIGIL_CCMD_BIND_OBJECT, VIGIL_OBJ_DSA, 1), 6,
				   CH_HDR(VIGIL_CCMD_DESTROY_OBJECT, VIGIL_OBJ_RASTERIZER, 1), 5,
				   CH_HDR(VIGIL_CCMD_DESTROY_OBJECT, VIGIL_OBJ_DSA, 1), 6,
				   CH_HDR(VIGIL_CCMD_SET_SCISSOR_STATE, 0, 3), 0, 0, 4u | 4u << 16), VIGIL_OK);
	/* the destroyed rasterizer is still bound: its scissor applies to CLEAR (sanitizer builds
	 * catch any use after free here) */
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_BIND_OBJECT, VIGIL_OBJ_RASTERIZER, 1), 0,
				   CH_HDR(VIGIL_CCMD_BIND_OBJECT, VIGIL_OBJ_DSA, 1), 0), VIGIL_OK);
	ch_close(&c);
}

static void check_result(struct ch *c, uint32_t g, uint64_t want)
{
	const struct ch_res *r = ch_get(c, g);
	uint32_t st, size;
	uint64_t v;

	memcpy(&st, r->mem, 4);
	memcpy(&size, r->mem + 4, 4);
	memcpy(&v, r->mem + 8, 8);
	assert_int_equal(st, 1); /* DONE */
	assert_int_equal(size, 8);
	assert_int_equal(v, want);
}

static void query_results(void **state)
{
	struct ch c;
	uint32_t q1, q2;

	(void)state;
	ch_open(&c, backend);
	q1 = buf(&c, VIGIL_BIND_CUSTOM, 16);
	q2 = buf(&c, VIGIL_BIND_CUSTOM, 16);
	/* GPU_FINISHED (9): 1 once the work before it is done */
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_QUERY, 4), 7, 9, 0, q1,
				   CH_HDR(VIGIL_CCMD_END_QUERY, 0, 1), 7,
				   CH_HDR(VIGIL_CCMD_GET_QUERY_RESULT, 0, 2), 7, 1), VIGIL_OK);
	check_result(&c, q1, 1);
	/* an occlusion counter around no draw counts 0 samples */
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_QUERY, 4), 8, 0, 0, q2,
				   CH_HDR(VIGIL_CCMD_BEGIN_QUERY, 0, 1), 8,
				   CH_HDR(VIGIL_CCMD_END_QUERY, 0, 1), 8,
				   CH_HDR(VIGIL_CCMD_GET_QUERY_RESULT, 0, 2), 8, 1), VIGIL_OK);
	check_result(&c, q2, 0);
	/* ending a query that is not active is refused by the core */
	assert_int_not_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_END_QUERY, 0, 1), 8), VIGIL_OK);
	ch_close(&c);
	assert_int_equal(c.released, 2);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bound_view_outlives_destroy),
		cmocka_unit_test(recreate_releases_replaced),
		cmocka_unit_test(subctx_teardown_releases_once),
		cmocka_unit_test(state_objects_destroyed_while_bound),
		cmocka_unit_test(query_results),
	};

	backend = ch_backend(argc, argv);
	if (!ch_probe(backend))
		return 77;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
