/*
 * test_r3_overflow.c: bug class R3 of SECURITY-CASES.md: integer overflow and underflow in
 * length and size arithmetic, including shader chunk reassembly (CVE-2017-6355).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define SHDR(len) TH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_SHADER, (len))

static void test_r3_shader_continuation_offset_wrap_rejected_cve_2017_6355(void **state)
{
	struct th t;
	(void)state;
	th_new(&t);
	/* First chunk: 100 bytes declared, 8 sent ("VERT\nDCL"). */
	assert_int_equal(TH_SUBMIT(&t, SHDR(7), 50, 0, 100, 8, 0, 0x54524556u, 0x4c43440au), VIGIL_OK);
	/* Continuation whose offset is 0x1000: must equal the 8 bytes received. */
	assert_int_equal(TH_SUBMIT(&t, SHDR(7), 50, 0, 0x80000000u | 0x1000u, 8, 0, 0x20202020u, 0x20202020u),
			 VIGIL_E_RELATION);
	th_free(&t);
	th_new(&t);
	assert_int_equal(TH_SUBMIT(&t, SHDR(7), 50, 0, 100, 8, 0, 0x54524556u, 0x4c43440au), VIGIL_OK);
	/* The exploit's offset 0x40000000 is beyond any text vigil accepts: rejected by range first. */
	assert_int_equal(TH_SUBMIT(&t, SHDR(7), 50, 0, 0x80000000u | 0x40000000u, 8, 0, 0x20202020u, 0x20202020u),
			 VIGIL_E_RANGE);
	th_free(&t);
}

static void test_r3_shader_chunks_reassemble_exactly(void **state)
{
	struct th t;
	(void)state;
	th_new(&t);
	/* "VERT\nEND\n\0" = 10 bytes in two chunks of 8 and 2 (+2 padding). */
	assert_int_equal(TH_SUBMIT(&t, SHDR(7), 50, 0, 10, 4, 0, 0x54524556u, 0x444e450au), VIGIL_OK);
	assert_int_equal(TH_SUBMIT(&t, SHDR(6), 50, 0, 0x80000000u | 8u, 4, 0, 0x0000000au), VIGIL_OK);
	/* The object exists now: bind it as a vertex shader. */
	assert_int_equal(TH_SUBMIT(&t, TH_HDR(VIGIL_CCMD_BIND_SHADER, 0, 2), 50, 0), VIGIL_OK);
	th_free(&t);
}

static void test_r3_shader_text_longer_than_declared_rejected_a8eef25a(void **state)
{
	struct th t;
	(void)state;
	th_new(&t);
	/* Declares 4 bytes, carries 8. */
	assert_int_equal(TH_SUBMIT(&t, SHDR(7), 50, 0, 4, 4, 0, 0x00524556u, 0), VIGIL_E_RELATION);
	th_free(&t);
}

static void test_r3_shader_declared_length_extremes_rejected(void **state)
{
	static const uint32_t lens[] = { 0, 0x7fffffffu, VIGIL_LIMIT_MAX_SHADER_TEXT_BYTES + 1u };
	(void)state;
	for (unsigned i = 0; i < 3; i++) {
		struct th t;
		th_new(&t);
		assert_int_equal(TH_SUBMIT(&t, SHDR(6), 50, 0, lens[i], 4, 0, 0x00524556u), VIGIL_E_RANGE);
		th_free(&t);
	}
}

static void test_r3_shader_text_without_nul_rejected(void **state)
{
	struct th t;
	(void)state;
	th_new(&t);
	assert_int_equal(TH_SUBMIT(&t, SHDR(6), 50, 0, 4, 4, 0, 0x54524556u), VIGIL_E_RANGE);
	th_free(&t);
}

static void test_r3_every_transfer_size_field_at_extremes(void **state)
{
	static const uint32_t vals[] = { 0xffffffffu, 0x7fffffffu, 0x80000000u };
	(void)state;
	/* TRANSFER3D payload dwords: stride (3), x, y, z, w, h, d (5..10), data_offset (11).
	 * (layer_stride does not matter for a one-layer box.) */
	static const unsigned fields[] = { 3, 5, 6, 7, 8, 9, 10, 11 };
	for (unsigned f = 0; f < 8; f++) {
		for (unsigned v = 0; v < 3; v++) {
			uint32_t dw[14] = { TH_HDR(VIGIL_CCMD_TRANSFER3D, 0, 13), TH_TEX, 0, 0, 0, 0, 0, 0, 0, 4, 4, 1, 0, 1 };
			struct th t;
			vigil_status s;
			dw[1 + fields[f]] = vals[v];
			th_new(&t);
			s = th_submit(&t, dw, 14);
			print_message("field %u = 0x%x -> %s\n", fields[f], vals[v], vigil_status_name(s));
			assert_true(s == VIGIL_E_BOX || s == VIGIL_E_BACKING || s == VIGIL_E_OVERFLOW);
			th_free(&t);
		}
	}
}

static void test_r3_command_length_past_buffer_rejected(void **state)
{
	struct th t;
	(void)state;
	th_new(&t);
	/* Header says 100 dwords, 2 follow. */
	assert_int_equal(TH_SUBMIT(&t, TH_HDR(VIGIL_CCMD_SET_SAMPLE_MASK, 0, 100), 0xffffffffu, 0), VIGIL_E_LENGTH);
	th_free(&t);
}

static void test_r3_resource_create_extreme_sizes_rejected(void **state)
{
	static const uint32_t vals[] = { 0, 0xffffffffu, 0x7fffffffu, 0x80000000u };
	(void)state;
	for (unsigned i = 0; i < 4; i++) {
		struct th t;
		th_new(&t);
		assert_int_not_equal(th_res(&t, 9, VIGIL_TEXTURE_TARGET_TEXTURE_2D, VIGIL_FORMAT_R8G8B8A8_UNORM, 0x2,
					    vals[i], 4, 1, 1, 0, 0, 0), VIGIL_OK);
		th_free(&t);
		th_new(&t);
		assert_int_not_equal(th_res(&t, 9, VIGIL_TEXTURE_TARGET_TEXTURE_2D_ARRAY, VIGIL_FORMAT_R8G8B8A8_UNORM, 0x2,
					    4, 4, 1, vals[i], 0, 0, 0), VIGIL_OK);
		th_free(&t);
		th_new(&t);
		assert_int_not_equal(th_res(&t, 9, VIGIL_TEXTURE_TARGET_BUFFER, VIGIL_FORMAT_R8_UNORM, 0x10,
					    4, 1, 1, 1, 0, 0, vals[i] ? vals[i] : 1), VIGIL_OK);
		th_free(&t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r3_shader_continuation_offset_wrap_rejected_cve_2017_6355),
		cmocka_unit_test(test_r3_shader_chunks_reassemble_exactly),
		cmocka_unit_test(test_r3_shader_text_longer_than_declared_rejected_a8eef25a),
		cmocka_unit_test(test_r3_shader_declared_length_extremes_rejected),
		cmocka_unit_test(test_r3_shader_text_without_nul_rejected),
		cmocka_unit_test(test_r3_every_transfer_size_field_at_extremes),
		cmocka_unit_test(test_r3_command_length_past_buffer_rejected),
		cmocka_unit_test(test_r3_resource_create_extreme_sizes_rejected),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
