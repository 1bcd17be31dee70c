/*
 * test_r1_counts.c: bug class R1 of SECURITY-CASES.md: guest counts and indices used against
 * fixed-size arrays. Every case asserts the exact reject status and that the context is poisoned.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define S(...) TH_SUBMIT(&t, __VA_ARGS__)

static void expect(struct th *t, vigil_status got, vigil_status want)
{
	assert_int_equal(got, want);
	if (want != VIGIL_OK) {
		assert_true(vigil_val_poisoned(t->ctx));
		assert_int_equal(th_submit(t, (const uint32_t[]){ TH_HDR(VIGIL_CCMD_SET_SUB_CTX, 0, 1), 1 }, 2),
				 VIGIL_E_POISONED);
	}
}

static void test_r1_framebuffer_nine_cbufs_rejected_cve_2017_5957(void **state)
{
	struct th t;
	(void)state;
	th_new(&t);
	expect(&t, S(TH_HDR(VIGIL_CCMD_SET_FRAMEBUFFER_STATE, 0, 11), 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), VIGIL_E_COUNT);
	assert_string_equal(th_err_field(&t), "cbufs");
	th_free(&t);
}

static void test_r1_framebuffer_huge_cbuf_counts_rejected_before_reading(void **state)
{
	static const uint32_t counts[] = { 0x7fffffffu, 0xffffffffu, 9 };
	(void)state;
	for (unsigned i = 0; i < 3; i++) {
		struct th t;
		th_new(&t);
		expect(&t, S(TH_HDR(VIGIL_CCMD_SET_FRAMEBUFFER_STATE, 0, 2), counts[i], 0), VIGIL_E_COUNT);
		th_free(&t);
	}
}

static void test_r1_framebuffer_length_mismatch_rejected(void **state)
{
	struct th t;
	(void)state;
	th_new(&t);
	th_objects(&t);
	expect(&t, S(TH_HDR(VIGIL_CCMD_SET_FRAMEBUFFER_STATE, 0, 2), 1, 0), VIGIL_E_TRUNCATED);
	th_free(&t);
	th_new(&t);
	th_objects(&t);
	expect(&t, S(TH_HDR(VIGIL_CCMD_SET_FRAMEBUFFER_STATE, 0, 4), 1, 0, TH_OBJ(VIGIL_OBJ_SURFACE), 0), VIGIL_E_TRAILING);
	th_free(&t);
	th_new(&t);
	th_objects(&t);
	expect(&t, S(TH_HDR(VIGIL_CCMD_SET_FRAMEBUFFER_STATE, 0, 3), 1, 0, TH_OBJ(VIGIL_OBJ_SURFACE)), VIGIL_OK);
	th_free(&t);
}

static void test_r1_vertex_elements_33_rejected_cve_2017_5994(void **state)
{
	uint32_t dw[2 + 33 * 4] = { TH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_VERTEX_ELEMENTS, 1 + 33 * 4), 77 };
	struct th t;

	(void)state;
	for (unsigned i = 0; i < 33; i++)
		dw[2 + i * 4 + 3] = VIGIL_FORMAT_R32G32B32A32_FLOAT;
	th_new(&t);
	expect(&t, th_submit(&t, dw, 2 + 33 * 4), VIGIL_E_COUNT);
	th_free(&t);
	th_new(&t); /* 32 is the limit and fine */
	dw[0] = TH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_VERTEX_ELEMENTS, 1 + 32 * 4);
	expect(&t, th_submit(&t, dw, 2 + 32 * 4), VIGIL_OK);
	th_free(&t);
}

static void test_r1_vertex_buffer_index_out_of_range_cve_2017_5956(void **state)
{
	static const uint32_t bad[] = { 32, 0xffffffffu };
	(void)state;
	for (unsigned i = 0; i < 2; i++) {
		struct th t;
		th_new(&t);
		expect(&t, S(TH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_VERTEX_ELEMENTS, 5), 77, 0, 0, bad[i],
			     VIGIL_FORMAT_R32G32B32A32_FLOAT), VIGIL_E_RANGE);
		assert_string_equal(th_err_field(&t), "elements[].vertex_buffer_index");
		th_free(&t);
	}
}

/* Commands with a start slot and a counted list: {id, prefix dwords before start_slot,
 * dwords per element, max elements}. */
struct slotted {
	const char *name;
	uint32_t id, prefix, elem, max;
};

static const struct slotted slotted[] = {
	{ "SET_SAMPLER_VIEWS", VIGIL_CCMD_SET_SAMPLER_VIEWS, 1, 1, VIGIL_LIMIT_MAX_SAMPLER_VIEWS },
	{ "BIND_SAMPLER_STATES", VIGIL_CCMD_BIND_SAMPLER_STATES, 1, 1, VIGIL_LIMIT_MAX_SAMPLERS },
	{ "SET_SHADER_BUFFERS", VIGIL_CCMD_SET_SHADER_BUFFERS, 1, 3, VIGIL_LIMIT_MAX_SHADER_BUFFERS },
	{ "SET_SHADER_IMAGES", VIGIL_CCMD_SET_SHADER_IMAGES, 1, 5, VIGIL_LIMIT_MAX_SHADER_IMAGES },
	{ "SET_ATOMIC_BUFFERS", VIGIL_CCMD_SET_ATOMIC_BUFFERS, 0, 3, VIGIL_LIMIT_MAX_ATOMIC_BUFFERS },
	{ "SET_VIEWPORT_STATE", VIGIL_CCMD_SET_VIEWPORT_STATE, 0, 6, VIGIL_LIMIT_MAX_VIEWPORTS },
	{ "SET_SCISSOR_STATE", VIGIL_CCMD_SET_SCISSOR_STATE, 0, 2, VIGIL_LIMIT_MAX_SCISSORS },
};

static vigil_status send_slotted(struct th *t, const struct slotted *c, uint32_t start, uint32_t n)
{
	static uint32_t dw[4 + 200 * 6];
	uint32_t len = c->prefix + 1 + n * c->elem, k = 0;

	memset(dw, 0, sizeof(dw));
	dw[k++] = TH_HDR(c->id, 0, len);
	if (c->prefix)
		dw[k++] = 1; /* stage: fragment */
	dw[k++] = start;
	return th_submit(t, dw, 1 + len);
}

static void test_r1_start_slot_plus_count_just_over_limit(void **state)
{
	(void)state;
	for (unsigned i = 0; i < sizeof(slotted) / sizeof(slotted[0]); i++) {
		struct th t;
		th_new(&t);
		print_message("%s\n", slotted[i].name);
		assert_int_equal(send_slotted(&t, &slotted[i], 1, slotted[i].max), VIGIL_E_RELATION);
		th_free(&t);
		th_new(&t);
		assert_int_equal(send_slotted(&t, &slotted[i], slotted[i].max - 1, 1), VIGIL_OK);
		th_free(&t);
	}
}

static void test_r1_count_max_plus_one_rejected_underflow_251(void **state)
{
	(void)state;
	for (unsigned i = 0; i < sizeof(slotted) / sizeof(slotted[0]); i++) {
		struct th t;
		th_new(&t);
		assert_int_equal(send_slotted(&t, &slotted[i], 0, slotted[i].max + 1), VIGIL_E_COUNT);
		th_free(&t);
	}
}

static void test_r1_start_slot_wraparound_rejected(void **state)
{
	static const uint32_t starts[] = { 0xffffffffu, 0x80000000u, 0xfffffffeu };
	(void)state;
	for (unsigned i = 0; i < sizeof(slotted) / sizeof(slotted[0]); i++) {
		for (unsigned j = 0; j < 3; j++) {
			struct th t;
			th_new(&t);
			assert_int_equal(send_slotted(&t, &slotted[i], starts[j], 1), VIGIL_E_RELATION);
			/* The failing check names itself by its expression, e.g. "start_slot + count_views <= ...". */
			assert_non_null(strstr(th_err_field(&t), "start_slot + "));
			th_free(&t);
		}
	}
}

static void test_r1_streamout_targets_over_limit(void **state)
{
	uint32_t dw[2 + 17] = { TH_HDR(VIGIL_CCMD_SET_STREAMOUT_TARGETS, 0, 18), 0 };
	struct th t;

	(void)state;
	th_new(&t);
	expect(&t, th_submit(&t, dw, 19), VIGIL_E_COUNT);
	th_free(&t);
}

static void test_r1_shader_stage_out_of_range(void **state)
{
	static const uint32_t stages[] = { 6, 0xffffffffu };
	(void)state;
	for (unsigned i = 0; i < 2; i++) {
		struct th t;
		th_new(&t);
		expect(&t, S(TH_HDR(VIGIL_CCMD_SET_SAMPLER_VIEWS, 0, 2), stages[i], 0), VIGIL_E_ENUM);
		th_free(&t);
		th_new(&t);
		expect(&t, S(TH_HDR(VIGIL_CCMD_SET_CONSTANT_BUFFER, 0, 3), stages[i], 0, 0), VIGIL_E_ENUM);
		th_free(&t);
	}
}

static void test_r1_uniform_buffer_index_out_of_range(void **state)
{
	struct th t;
	(void)state;
	th_new(&t);
	expect(&t, S(TH_HDR(VIGIL_CCMD_SET_UNIFORM_BUFFER, 0, 5), 1, 32, 0, 16, TH_BUF), VIGIL_E_RANGE);
	th_free(&t);
	th_new(&t);
	expect(&t, S(TH_HDR(VIGIL_CCMD_SET_UNIFORM_BUFFER, 0, 5), 1, 31, 0, 16, TH_BUF), VIGIL_OK);
	th_free(&t);
}

static void test_r1_unknown_sub_context_rejected(void **state)
{
	struct th t;
	(void)state;
	th_new(&t);
	expect(&t, S(TH_HDR(VIGIL_CCMD_SET_SUB_CTX, 0, 1), 999), VIGIL_E_UNKNOWN_HANDLE);
	th_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r1_framebuffer_nine_cbufs_rejected_cve_2017_5957),
		cmocka_unit_test(test_r1_framebuffer_huge_cbuf_counts_rejected_before_reading),
		cmocka_unit_test(test_r1_framebuffer_length_mismatch_rejected),
		cmocka_unit_test(test_r1_vertex_elements_33_rejected_cve_2017_5994),
		cmocka_unit_test(test_r1_vertex_buffer_index_out_of_range_cve_2017_5956),
		cmocka_unit_test(test_r1_start_slot_plus_count_just_over_limit),
		cmocka_unit_test(test_r1_count_max_plus_one_rejected_underflow_251),
		cmocka_unit_test(test_r1_start_slot_wraparound_rejected),
		cmocka_unit_test(test_r1_streamout_targets_over_limit),
		cmocka_unit_test(test_r1_shader_stage_out_of_range),
		cmocka_unit_test(test_r1_uniform_buffer_index_out_of_range),
		cmocka_unit_test(test_r1_unknown_sub_context_rejected),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
