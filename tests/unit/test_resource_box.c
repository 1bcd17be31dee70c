/*
 * test_resource_box.c: unit tests for validator/resource.c, part 2: transfer boxes, extents and
 * backing checks.
 *
 * Each test names the behaviour it proves and asserts the exact status. Security tests say
 * their SECURITY-CASES class: R2 (transfer box / level / stride / payload: CVE-2019-18389,
 * CVE-2019-18391, CVE-2022-0135, #458/#459) and R3 (arithmetic wrap-around).
 */
#include "res_test_util.h"

/* ---- boxes ---- */

static void test_box_inside_level_and_at_its_edges_accepted(void **state)
{
	struct vigil_res_desc d = init_ok(tex2d(FMT_R8G8B8A8_UNORM, 250, 250));

	(void)state;
	assert_int_equal(box_st(&d, 0, box(0, 0, 0, 250, 250, 1)), VIGIL_OK);
	assert_int_equal(box_st(&d, 0, box(249, 249, 0, 1, 1, 1)), VIGIL_OK);
	assert_int_equal(box_st(&d, 0, box(250, 0, 0, 1, 1, 1)), VIGIL_E_BOX);
	assert_int_equal(box_st(&d, 0, box(0, 250, 0, 1, 1, 1)), VIGIL_E_BOX);
	assert_int_equal(box_st(&d, 0, box(0, 0, 0, 251, 1, 1)), VIGIL_E_BOX);
	assert_int_equal(box_st(&d, 0, box(0, 0, 0, 1, 251, 1)), VIGIL_E_BOX);
	assert_int_equal(box_st(&d, 0, box(0, 0, 1, 1, 1, 1)), VIGIL_E_BOX);
}

static void test_r2_level_above_last_level_rejected(void **state)
{
	struct vigil_res_desc d = init_ok(tex(T_2D, FMT_R8G8B8A8_UNORM, 64, 64, 1, 1, 6));

	(void)state;
	assert_int_equal(box_st(&d, 3, box(0, 0, 0, 8, 8, 1)), VIGIL_OK);
	assert_int_equal(box_st(&d, 3, box(0, 0, 0, 9, 8, 1)), VIGIL_E_BOX);
	assert_int_equal(box_st(&d, 6, box(0, 0, 0, 1, 1, 1)), VIGIL_OK);
	assert_int_equal(box_st(&d, 7, box(0, 0, 0, 1, 1, 1)), VIGIL_E_BOX);
	assert_int_equal(box_st(&d, 0xffffffffu, box(0, 0, 0, 1, 1, 1)), VIGIL_E_BOX);
}

static void test_r2_empty_box_rejected(void **state)
{
	struct vigil_res_desc d = init_ok(tex2d(FMT_R8G8B8A8_UNORM, 16, 16));

	(void)state;
	assert_int_equal(box_st(&d, 0, box(0, 0, 0, 0, 1, 1)), VIGIL_E_BOX);
	assert_int_equal(box_st(&d, 0, box(0, 0, 0, 1, 0, 1)), VIGIL_E_BOX);
	assert_int_equal(box_st(&d, 0, box(0, 0, 0, 1, 1, 0)), VIGIL_E_BOX);
}

/* R2, CVE-2019-18389: negative w / h / d arrive as values near 2^32. */
static void test_r2_negative_width_rejected_cve_2019_18389(void **state)
{
	struct vigil_res_desc d = init_ok(tex(T_2D_ARRAY, FMT_R8G8B8A8_UNORM, 16, 16, 1, 4, 0));
	const uint32_t neg1 = 0xffffffffu, neg16 = 0xfffffff0u;

	(void)state;
	assert_int_equal(box_st(&d, 0, box(0, 0, 0, neg1, 1, 1)), VIGIL_E_BOX);
	assert_int_equal(box_st(&d, 0, box(0, 0, 0, 1, neg1, 1)), VIGIL_E_BOX);
	assert_int_equal(box_st(&d, 0, box(0, 0, 0, 1, 1, neg1)), VIGIL_E_BOX);
	assert_int_equal(box_st(&d, 0, box(16, 0, 0, neg16, 1, 1)), VIGIL_E_BOX);
	assert_int_equal(vigil_res_check_backing(&d, 0, &(struct vigil_box){ 0, 0, 0, neg1, 1, 1 },
						 0, 0, 0, UINT64_MAX), VIGIL_E_BOX);
}

/* R3: x + w must not wrap (int32: 0x7fffffff + 2; uint32: 0xffffffff + 1). */
static void test_r3_x_plus_w_overflowing_int32_rejected(void **state)
{
	struct vigil_res_desc t = init_ok(tex2d(FMT_R8G8B8A8_UNORM, 16, 16));
	struct vigil_res_desc b = init_ok(tex(T_BUFFER, FMT_R8_UNORM, GIB, 1, 1, 1, 0));

	(void)state;
	assert_int_equal(box_st(&t, 0, box(0x7fffffffu, 0, 0, 2, 1, 1)), VIGIL_E_BOX);
	assert_int_equal(box_st(&t, 0, box(0xffffffffu, 0, 0, 1, 1, 1)), VIGIL_E_BOX);
	assert_int_equal(box_st(&t, 0, box(0, 0xffffffffu, 0, 1, 2, 1)), VIGIL_E_BOX);
	assert_int_equal(box_st(&b, 0, box(0x7fffffffu, 0, 0, 2, 1, 1)), VIGIL_E_BOX);
	assert_int_equal(box_st(&b, 0, box(GIB - 1u, 0, 0, 1, 1, 1)), VIGIL_OK);
}

/* R2, CVE-2022-0135: depth > 1 on a target without layers, and the MSAA 2D_ARRAY case. */
static void test_r2_depth_on_non_array_target_rejected_cve_2022_0135(void **state)
{
	static const uint32_t flat[] = { T_1D, T_2D, T_RECT };
	struct vigil_res_args ms = tex(T_2D_ARRAY, FMT_R8G8B8A8_UNORM, 16, 16, 1, 3, 0);
	struct vigil_res_args ms2d = tex2d(FMT_R8G8B8A8_UNORM, 16, 16);
	struct vigil_res_desc d, cube = init_ok(tex(T_CUBE, FMT_R8G8B8A8_UNORM, 8, 8, 1, 6, 0));

	(void)state;
	for (size_t i = 0; i < sizeof(flat) / sizeof(flat[0]); i++) {
		d = init_ok(tex(flat[i], FMT_R8G8B8A8_UNORM, 16, flat[i] == T_1D ? 1 : 16, 1, 1, 0));
		assert_int_equal(box_st(&d, 0, box(0, 0, 0, 1, 1, 2)), VIGIL_E_BOX);
		assert_int_equal(box_st(&d, 0, box(0, 0, 1, 1, 1, 1)), VIGIL_E_BOX);
	}
	assert_int_equal(box_st(&cube, 0, box(0, 0, 5, 8, 8, 1)), VIGIL_OK);
	assert_int_equal(box_st(&cube, 0, box(0, 0, 5, 8, 8, 2)), VIGIL_E_BOX);
	/* The CVE's input: 2D_ARRAY, nr_samples 2, array_size 3, then a transfer with d = 3. The
	 * layers exist (blits may address them), but there is no guest layout to transfer. */
	ms.nr_samples = 2;
	d = init_ok(ms);
	assert_int_equal(box_st(&d, 0, box(0, 0, 0, 16, 16, 3)), VIGIL_OK);
	assert_int_equal(box_st(&d, 0, box(0, 0, 0, 16, 16, 4)), VIGIL_E_BOX);
	assert_int_equal(backing_st(&d, 0, box(0, 0, 0, 16, 16, 3), 0, 1u << 20), VIGIL_E_BACKING);
	assert_int_equal(backing_st(&d, 0, box(0, 0, 0, 1, 1, 1), 0, 1u << 20), VIGIL_E_BACKING);
	ms2d.nr_samples = 2;
	d = init_ok(ms2d);
	assert_int_equal(box_st(&d, 0, box(0, 0, 0, 16, 16, 3)), VIGIL_E_BOX);
}

static void test_buffer_box_needs_y_z_zero_and_unit_height_depth(void **state)
{
	struct vigil_res_desc b = init_ok(tex(T_BUFFER, FMT_R8_UNORM, 96, 1, 1, 1, 0));

	(void)state;
	assert_int_equal(backing_st(&b, 0, box(0, 0, 0, 64, 1, 1), 0, 96), VIGIL_E_BACKING);
	b.data_size = 96; /* as Mesa creates it: PUT2 box=(0,0,0 64x1x1) offset=0 */
	assert_int_equal(backing_st(&b, 0, box(0, 0, 0, 64, 1, 1), 0, 96), VIGIL_OK);
	assert_int_equal(backing_st(&b, 0, box(32, 0, 0, 64, 1, 1), 32, 96), VIGIL_OK);
	assert_int_equal(backing_st(&b, 0, box(33, 0, 0, 64, 1, 1), 33, 96), VIGIL_E_BOX);
	assert_int_equal(box_st(&b, 0, box(0, 1, 0, 1, 1, 1)), VIGIL_E_BOX);
	assert_int_equal(box_st(&b, 0, box(0, 0, 1, 1, 1, 1)), VIGIL_E_BOX);
	assert_int_equal(box_st(&b, 0, box(0, 0, 0, 1, 2, 1)), VIGIL_E_BOX);
	assert_int_equal(box_st(&b, 0, box(0, 0, 0, 1, 1, 2)), VIGIL_E_BOX);
}

static void test_1d_array_box_uses_z_for_layers_and_needs_y_zero(void **state)
{
	struct vigil_res_desc d = init_ok(tex(T_1D_ARRAY, FMT_R8G8B8A8_UNORM, 16, 1, 1, 4, 0));

	(void)state;
	assert_int_equal(box_st(&d, 0, box(0, 0, 1, 16, 1, 3)), VIGIL_OK);
	assert_int_equal(box_st(&d, 0, box(0, 0, 1, 16, 1, 4)), VIGIL_E_BOX);
	assert_int_equal(box_st(&d, 0, box(0, 1, 0, 16, 1, 1)), VIGIL_E_BOX);
	assert_int_equal(box_st(&d, 0, box(0, 0, 0, 16, 2, 1)), VIGIL_E_BOX);
	assert_int_equal(extent_ok(&d, 0, box(0, 0, 0, 16, 1, 4), 0, 0), 256);
}

/* R2: compressed boxes start on block boundaries and cover whole blocks unless they end at the
 * level's edge. */
static void test_r2_compressed_box_must_align_to_blocks(void **state)
{
	struct vigil_res_desc d = init_ok(tex(T_2D, FMT_DXT1_RGB, 16, 16, 1, 1, 4));
	struct vigil_res_desc odd = init_ok(tex2d(FMT_DXT1_RGB, 10, 10));

	(void)state;
	assert_int_equal(box_st(&d, 0, box(4, 4, 0, 4, 4, 1)), VIGIL_OK);
	assert_int_equal(box_st(&d, 0, box(12, 12, 0, 4, 4, 1)), VIGIL_OK);
	assert_int_equal(box_st(&d, 0, box(2, 0, 0, 4, 4, 1)), VIGIL_E_BOX);
	assert_int_equal(box_st(&d, 0, box(0, 2, 0, 4, 4, 1)), VIGIL_E_BOX);
	assert_int_equal(box_st(&d, 0, box(0, 0, 0, 3, 4, 1)), VIGIL_E_BOX);
	assert_int_equal(box_st(&d, 0, box(0, 0, 0, 4, 5, 1)), VIGIL_E_BOX);
	assert_int_equal(box_st(&d, 3, box(0, 0, 0, 2, 2, 1)), VIGIL_OK);  /* 2x2 level edge */
	assert_int_equal(box_st(&d, 4, box(0, 0, 0, 1, 1, 1)), VIGIL_OK);
	assert_int_equal(box_st(&odd, 0, box(8, 8, 0, 2, 2, 1)), VIGIL_OK);
	assert_int_equal(box_st(&odd, 0, box(4, 4, 0, 2, 2, 1)), VIGIL_E_BOX);
	assert_int_equal(extent_ok(&odd, 0, box(8, 8, 0, 2, 2, 1), 0, 0), 8);
}

/* ---- extents and backing ---- */

static void test_extent_of_sub_box_uses_level_pitch(void **state)
{
	struct vigil_res_desc d = init_ok(tex2d(FMT_R8G8B8A8_UNORM, 160, 160));
	struct vigil_res_desc f = init_ok(tex2d(FMT_R8G8B8A8_UNORM, 250, 250));

	(void)state;
	assert_int_equal(extent_ok(&d, 0, box(10, 10, 0, 10, 10, 1), 0, 0), 9 * 640 + 40);
	assert_int_equal(extent_ok(&f, 0, box(0, 0, 0, 250, 250, 1), 0, 0), 250000);
	assert_int_equal(extent_ok(&d, 0, box(0, 0, 0, 10, 10, 1), 40, 0), 400);
}

static void test_r2_stride_or_layer_stride_too_small_rejected(void **state)
{
	struct vigil_res_desc d = init_ok(tex(T_2D_ARRAY, FMT_R8G8B8A8_UNORM, 16, 16, 1, 2, 0));
	struct vigil_box b = box(0, 0, 0, 10, 10, 2);
	uint64_t n = 0xdeadbeef;

	(void)state;
	assert_int_equal(vigil_res_box_extent(&d, 0, &b, 39, 0, &n), VIGIL_E_BOX);
	assert_int_equal(vigil_res_box_extent(&d, 0, &b, 40, 399, &n), VIGIL_E_BOX);
	assert_int_equal(n, 0xdeadbeef);
	assert_int_equal(extent_ok(&d, 0, b, 40, 400), 400 + 9 * 40 + 40);
	assert_int_equal(extent_ok(&d, 0, b, 40, 0), 16 * 40 + 9 * 40 + 40); /* host-inferred */
	assert_int_equal(extent_ok(&d, 0, b, 0, 0), 1024 + 9 * 64 + 40);
}

/* R2 (#458/#459): a readback whose size exceeds 2^32 is computed exactly, not wrapped. */
static void test_r2_readback_above_4gib_is_not_wrapped(void **state)
{
	struct vigil_res_args a = tex2d(FMT_R8G8B8A8_UNORM, 16384, 16384);
	struct vigil_res_desc d;
	struct vigil_box b = box(0, 0, 0, 16384, 16384, 1);
	const uint64_t want = (uint64_t)16383 * 0xffffffffu + 65536u;

	(void)state;
	a.data_size = GIB;
	d = init_ok(a);
	assert_int_equal(extent_ok(&d, 0, b, 0xffffffffu, 0), want);
	assert_int_equal(vigil_res_check_backing(&d, 0, &b, 0xffffffffu, 0, 0, GIB), VIGIL_E_BACKING);
	assert_int_equal(vigil_res_check_backing(&d, 0, &b, 0, 0, 0, GIB), VIGIL_OK);
}

/* R3: every product and sum of the extent is checked. */
static void test_r3_extent_overflow_is_reported(void **state)
{
	struct vigil_res_desc d = init_ok(tex(T_2D_ARRAY, FMT_R8G8B8A8_UNORM, 4, 4, 1, 3, 0));
	struct vigil_box b = box(0, 0, 0, 4, 4, 3);
	uint64_t n = 0xdeadbeef;

	(void)state;
	assert_int_equal(vigil_res_box_extent(&d, 0, &b, 0, UINT64_MAX / 2u + 1u, &n),
			 VIGIL_E_OVERFLOW);
	assert_int_equal(vigil_res_box_extent(&d, 0, &b, 0, UINT64_MAX, &n), VIGIL_E_OVERFLOW);
	assert_int_equal(n, 0xdeadbeef);
	assert_int_equal(extent_ok(&d, 0, b, 0, UINT64_MAX / 4u), UINT64_MAX / 4u * 2u + 3u * 16u + 16u);
}

/* R3: offset + extent near UINT64_MAX must not wrap into range. */
static void test_r3_offset_near_uint64_max_rejected(void **state)
{
	struct vigil_res_args a = tex2d(FMT_R8G8B8A8_UNORM, 250, 250);
	struct vigil_res_desc d;
	struct vigil_box px = box(0, 0, 0, 1, 1, 1);

	(void)state;
	a.data_size = 250000;
	d = init_ok(a);
	assert_int_equal(backing_st(&d, 0, px, UINT64_MAX - 3u, UINT64_MAX), VIGIL_E_OVERFLOW);
	assert_int_equal(backing_st(&d, 0, px, UINT64_MAX, 250000), VIGIL_E_OVERFLOW);
	assert_int_equal(backing_st(&d, 0, px, UINT64_MAX - 4u, 250000), VIGIL_E_BACKING);
	assert_int_equal(backing_st(&d, 0, px, UINT64_MAX - 4u, UINT64_MAX), VIGIL_OK); /* ends at max */
}

/* R2: vtest GET2 / PUT2 and TRANSFER3D: offset + box bytes within the shm. */
static void test_r2_offset_past_end_of_backing_rejected(void **state)
{
	struct vigil_res_args a = tex2d(FMT_R8G8B8A8_UNORM, 250, 250);
	struct vigil_res_desc d;
	struct vigil_box px = box(125, 125, 0, 1, 1, 1);

	(void)state;
	a.data_size = 250000;
	d = init_ok(a);
	assert_int_equal(backing_st(&d, 0, px, 125500, 250000), VIGIL_OK); /* Mesa's GET2 */
	assert_int_equal(backing_st(&d, 0, px, 249996, 250000), VIGIL_OK);
	assert_int_equal(backing_st(&d, 0, px, 249997, 250000), VIGIL_E_BACKING);
	assert_int_equal(backing_st(&d, 0, box(0, 0, 0, 250, 250, 1), 1, 250000), VIGIL_E_BACKING);
}

static void test_r2_resource_without_backing_store_rejected(void **state)
{
	struct vigil_res_desc d = init_ok(tex2d(FMT_R8G8B8A8_UNORM, 16, 16)); /* data_size 0 */

	(void)state;
	assert_int_equal(backing_st(&d, 0, box(0, 0, 0, 1, 1, 1), 0, UINT64_MAX), VIGIL_E_BACKING);
	assert_int_equal(vigil_res_backing_size(&d), 0);
}

/* R2, CVE-2019-18391: INLINE_WRITE whose payload is shorter than the box. */
static void test_r2_inline_payload_shorter_than_box_rejected_cve_2019_18391(void **state)
{
	struct vigil_res_args a = tex2d(FMT_R8G8B8A8_UNORM, 64, 64);
	struct vigil_res_desc d;
	struct vigil_box b = box(0, 0, 0, 8, 8, 1);

	(void)state;
	a.data_size = 16384;
	d = init_ok(a);
	/* inline data packed with stride 32: 8 rows of 32 bytes */
	assert_int_equal(vigil_res_check_backing(&d, 0, &b, 32, 0, 0, 256), VIGIL_OK);
	assert_int_equal(vigil_res_check_backing(&d, 0, &b, 32, 0, 0, 255), VIGIL_E_BACKING);
	assert_int_equal(vigil_res_check_backing(&d, 0, &b, 0, 0, 0, 256), VIGIL_E_BACKING);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_box_inside_level_and_at_its_edges_accepted),
		cmocka_unit_test(test_r2_level_above_last_level_rejected),
		cmocka_unit_test(test_r2_empty_box_rejected),
		cmocka_unit_test(test_r2_negative_width_rejected_cve_2019_18389),
		cmocka_unit_test(test_r3_x_plus_w_overflowing_int32_rejected),
		cmocka_unit_test(test_r2_depth_on_non_array_target_rejected_cve_2022_0135),
		cmocka_unit_test(test_buffer_box_needs_y_z_zero_and_unit_height_depth),
		cmocka_unit_test(test_1d_array_box_uses_z_for_layers_and_needs_y_zero),
		cmocka_unit_test(test_r2_compressed_box_must_align_to_blocks),
		cmocka_unit_test(test_extent_of_sub_box_uses_level_pitch),
		cmocka_unit_test(test_r2_stride_or_layer_stride_too_small_rejected),
		cmocka_unit_test(test_r2_readback_above_4gib_is_not_wrapped),
		cmocka_unit_test(test_r3_extent_overflow_is_reported),
		cmocka_unit_test(test_r3_offset_near_uint64_max_rejected),
		cmocka_unit_test(test_r2_offset_past_end_of_backing_rejected),
		cmocka_unit_test(test_r2_resource_without_backing_store_rejected),
		cmocka_unit_test(test_r2_inline_payload_shorter_than_box_rejected_cve_2019_18391),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
