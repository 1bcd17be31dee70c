/*
 * test_r6_enums.c: bug class R6 of SECURITY-CASES.md: guest enums and formats used as table
 * indices. vigil checks membership in the defined set (gaps included), never `value < MAX`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "harness.h"

static vigil_status blit(uint32_t dst_fmt, uint32_t src_fmt)
{
	struct th t;
	vigil_status s;

	th_new(&t);
	s = TH_SUBMIT(&t, TH_HDR(VIGIL_CCMD_BLIT, 0, 21), 0xf, 0, 0,
		      TH_TEX, 0, dst_fmt, 0, 0, 0, 32, 32, 1,
		      TH_TEX, 1, src_fmt, 0, 0, 0, 32, 32, 1);
	th_free(&t);
	return s;
}

static void test_r6_blit_format_outside_enum_rejected_cve_2019_18390(void **state)
{
	static const uint32_t bad[] = { 0, 73, 322, 0xffffffffu, 1u << 24 };
	(void)state;
	assert_int_equal(blit(VIGIL_FORMAT_R8G8B8A8_UNORM, VIGIL_FORMAT_R8G8B8A8_UNORM), VIGIL_OK);
	for (unsigned i = 0; i < 5; i++) {
		assert_int_equal(blit(bad[i], VIGIL_FORMAT_R8G8B8A8_UNORM), VIGIL_E_ENUM);
		assert_int_equal(blit(VIGIL_FORMAT_R8G8B8A8_UNORM, bad[i]), VIGIL_E_ENUM);
	}
}

static vigil_status view(uint32_t fmt_target, uint32_t swizzle)
{
	struct th t;
	vigil_status s;

	th_new(&t);
	s = TH_SUBMIT(&t, TH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_SAMPLER_VIEW, 6), 5, TH_TEX, fmt_target, 0, 0x600, swizzle);
	th_free(&t);
	return s;
}

static void test_r6_sampler_view_swizzle_and_target_outside_enum(void **state)
{
	(void)state;
	assert_int_equal(view(VIGIL_FORMAT_R8G8B8A8_UNORM, 0x688), VIGIL_OK);
	assert_int_equal(view(VIGIL_FORMAT_R8G8B8A8_UNORM | (2u << 24), 0x688), VIGIL_OK);
	assert_int_equal(view(VIGIL_FORMAT_R8G8B8A8_UNORM, 0x688 | 6), VIGIL_E_ENUM);      /* r = 6 */
	assert_int_equal(view(VIGIL_FORMAT_R8G8B8A8_UNORM, 0x088 | (7u << 9)), VIGIL_E_ENUM); /* a = 7 */
	assert_int_equal(view(VIGIL_FORMAT_R8G8B8A8_UNORM, 0x688 | (1u << 12)), VIGIL_E_RESERVED);
	assert_int_equal(view(VIGIL_FORMAT_R8G8B8A8_UNORM | (9u << 24), 0x688), VIGIL_E_ENUM); /* target 9 */
	assert_int_equal(view(73, 0x688), VIGIL_E_ENUM);                                    /* format gap */
}

static void test_r6_rasterizer_fill_mode_outside_enum(void **state)
{
	struct th t;
	(void)state;
	th_new(&t);
	/* fill_front (bits 10-11) = 3: not FILL, LINE or POINT. */
	assert_int_equal(TH_SUBMIT(&t, TH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_RASTERIZER, 9), 5,
				   0x200000c2u | (3u << 10), 0x3f800000u, 0, 0xffffu, 0x3f800000u, 0, 0, 0), VIGIL_E_ENUM);
	th_free(&t);
}

static void test_r6_sampler_mip_filter_outside_enum(void **state)
{
	struct th t;
	(void)state;
	th_new(&t);
	/* min_mip_filter (bits 11-12) = 3 (virglrenderer: EINVAL). */
	assert_int_equal(TH_SUBMIT(&t, TH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_SAMPLER_STATE, 9), 5,
				   0x31012u | (3u << 11), 0, 0, 0x447a0000u, 0, 0, 0, 0), VIGIL_E_ENUM);
	th_free(&t);
}

static void test_r6_resource_format_in_table_gap_rejected(void **state)
{
	static const uint32_t gaps[] = { 73, 78, 79, 80, 81, 86, 307, 309, 310, 322, 0 };
	(void)state;
	for (unsigned i = 0; i < sizeof(gaps) / sizeof(gaps[0]); i++) {
		struct th t;
		th_new(&t);
		assert_int_equal(th_res(&t, 9, VIGIL_TEXTURE_TARGET_TEXTURE_2D, gaps[i], 0x2, 4, 4, 1, 1, 0, 0, 0), VIGIL_E_ENUM);
		th_free(&t);
	}
}

static void test_r6_draw_prim_outside_enum(void **state)
{
	struct th t;
	(void)state;
	th_new(&t);
	assert_int_equal(TH_SUBMIT(&t, TH_HDR(VIGIL_CCMD_DRAW_VBO, 0, 12), 0, 4, 15, 0, 1, 0, 0, 0, 0, 0, 3, 0), VIGIL_E_ENUM);
	th_free(&t);
}

static void test_r6_header_object_type_outside_enum(void **state)
{
	struct th t;
	(void)state;
	th_new(&t);
	assert_int_equal(TH_SUBMIT(&t, TH_HDR(VIGIL_CCMD_BIND_OBJECT, 12, 1), 5), VIGIL_E_ENUM);
	th_free(&t);
	th_new(&t);
	assert_int_equal(TH_SUBMIT(&t, TH_HDR(VIGIL_CCMD_BIND_OBJECT, VIGIL_OBJ_SURFACE, 1), 5), VIGIL_E_ENUM);
	th_free(&t);
	th_new(&t);
	assert_int_equal(TH_SUBMIT(&t, TH_HDR(VIGIL_CCMD_SET_SAMPLE_MASK, 3, 1), 5), VIGIL_E_RESERVED);
	th_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r6_blit_format_outside_enum_rejected_cve_2019_18390),
		cmocka_unit_test(test_r6_sampler_view_swizzle_and_target_outside_enum),
		cmocka_unit_test(test_r6_rasterizer_fill_mode_outside_enum),
		cmocka_unit_test(test_r6_sampler_mip_filter_outside_enum),
		cmocka_unit_test(test_r6_resource_format_in_table_gap_rejected),
		cmocka_unit_test(test_r6_draw_prim_outside_enum),
		cmocka_unit_test(test_r6_header_object_type_outside_enum),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
