/*
 * test_resource.c: unit tests for validator/resource.c, part 1: create rules and Mesa's layout
 * (boxes, extents and backing checks are in test_resource_box.c).
 *
 * Each test names the behaviour it proves and asserts the exact status. Security tests say
 * their SECURITY-CASES class: R5 (invalid resource arguments, CVE-2019-18388), R6 (enums /
 * formats as indices), R9 (host memory bounds). Sizes marked "Mesa" are the data_size values
 * observed on the wire (PROTOCOL.md 1.6, 4). Formats come from the test-only table in
 * fake_formats.h (virgl values, e.g. DXT1_RGB = 105).
 */
#include "res_test_util.h"

/* ---- layout: Mesa's observed data_size values ---- */

static void test_mesa_250x250_rgba8_layout_is_250000(void **state)
{
	struct vigil_res_desc d = init_ok(tex2d(FMT_R8G8B8A8_UNORM, 250, 250));

	(void)state;
	assert_int_equal(d.layout_size, 250000);
	assert_int_equal(d.level[0].stride, 1000);
	assert_int_equal(d.level[0].layer_stride, 250000);
}

static void test_mesa_250x250_b5g6r5_layout_is_125000(void **state)
{
	(void)state;
	assert_int_equal(init_ok(tex2d(FMT_B5G6R5_UNORM, 250, 250)).layout_size, 125000);
}

static void test_mesa_512x512_rgba8_layout_is_1048576(void **state)
{
	(void)state;
	assert_int_equal(init_ok(tex2d(FMT_R8G8B8A8_UNORM, 512, 512)).layout_size, 1048576);
}

static void test_mesa_64x64_rgba8_7_level_chain_layout(void **state)
{
	static const uint64_t offset[7] = { 0, 16384, 20480, 21504, 21760, 21824, 21840 };
	struct vigil_res_desc d = init_ok(tex(T_2D, FMT_R8G8B8A8_UNORM, 64, 64, 1, 1, 6));

	(void)state;
	for (uint32_t l = 0; l < 7; l++) {
		assert_int_equal(d.level[l].width, 64u >> l);
		assert_int_equal(d.level[l].height, 64u >> l);
		assert_int_equal(d.level[l].stride, (64u >> l) * 4u);
		assert_int_equal(d.level[l].offset, offset[l]);
	}
	assert_int_equal(d.layout_size, 21844);
}

static void test_observed_mesa_creations_are_accepted(void **state)
{
	struct vigil_res_args win = tex2d(FMT_B5G6R5_UNORM, 320, 240);
	struct vigil_res_args up = tex(T_BUFFER, FMT_R8_UNORM, 1048576, 1, 1, 1, 0);
	struct vigil_res_args vbo = tex(T_BUFFER, FMT_R8_UNORM, 96, 1, 1, 1, 0);
	struct vigil_res_args small = tex2d(FMT_R8G8B8A8_UNORM, 8, 8);
	struct vigil_res_args fence = tex(T_BUFFER, FMT_R8_UNORM, 8, 1, 1, 1, 0);
	struct vigil_res_args depth = tex2d(FMT_B8G8R8A8_UNORM, 250, 250);

	(void)state;
	win.bind = 0x8a;
	win.data_size = 153600;
	up.bind = VIGIL_RES_BIND_INDEX_BUFFER;
	up.data_size = 1048576;
	vbo.data_size = 96;
	small.data_size = 256;
	fence.bind = VIGIL_RES_BIND_CUSTOM;
	fence.data_size = 8;
	depth.bind = VIGIL_RES_BIND_DEPTH_STENCIL;
	assert_int_equal(init_ok(win).layout_size, 153600);
	assert_int_equal(init_ok(up).layout_size, 1048576);
	assert_int_equal(init_ok(vbo).layout_size, 96);
	assert_int_equal(init_ok(small).layout_size, 256);
	assert_int_equal(init_ok(fence).data_size, 8);
	assert_int_equal(init_ok(depth).data_size, 0);
}

static void test_every_target_has_mesa_layout_and_layers(void **state)
{
	static const struct {
		uint32_t target, w, h, d, array_size, last_level;
		uint64_t size;
		uint32_t layers0;
	} c[] = {
		{ T_BUFFER, 96, 1, 1, 1, 0, 96, 1 },
		{ T_1D, 16, 1, 1, 1, 4, 64 + 32 + 16 + 8 + 4, 1 },
		{ T_2D, 16, 8, 1, 1, 0, 512, 1 },
		{ T_3D, 8, 8, 8, 1, 3, 2048 + 256 + 32 + 4, 8 },
		{ T_CUBE, 16, 16, 1, 6, 0, 6144, 6 },
		{ T_RECT, 30, 20, 1, 1, 0, 2400, 1 },
		{ T_1D_ARRAY, 16, 1, 1, 4, 0, 256, 4 },
		{ T_2D_ARRAY, 16, 16, 1, 3, 0, 3072, 3 },
		{ T_CUBE_ARRAY, 16, 16, 1, 12, 0, 12288, 12 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		uint32_t fmt = c[i].target == T_BUFFER ? FMT_R8_UNORM : FMT_R8G8B8A8_UNORM;
		struct vigil_res_desc d = init_ok(tex(c[i].target, fmt, c[i].w, c[i].h, c[i].d,
						      c[i].array_size, c[i].last_level));

		assert_int_equal(d.layout_size, c[i].size);
		assert_int_equal(vigil_res_level_layers(&d, 0), c[i].layers0);
		assert_int_equal(vigil_res_level_layers(&d, c[i].last_level + 1u), 0);
		assert_int_equal(vigil_res_buffer_size(&d), c[i].target == T_BUFFER ? 96 : 0);
		assert_int_equal(vigil_res_is_buffer(&d), c[i].target == T_BUFFER);
	}
}

static void test_3d_levels_minify_depth(void **state)
{
	struct vigil_res_desc d = init_ok(tex(T_3D, FMT_R8G8B8A8_UNORM, 8, 8, 8, 1, 3));

	(void)state;
	assert_int_equal(vigil_res_level_layers(&d, 1), 4);
	assert_int_equal(d.level[1].layer_stride, 64);
	assert_int_equal(d.level[1].offset, 2048);
	assert_int_equal(box_st(&d, 1, box(0, 0, 0, 4, 4, 4)), VIGIL_OK);
	assert_int_equal(box_st(&d, 1, box(0, 0, 1, 4, 4, 4)), VIGIL_E_BOX);
	assert_int_equal(extent_ok(&d, 0, box(0, 0, 0, 8, 8, 8), 0, 0), 2048);
}

static void test_dxt1_compressed_layout_counts_4x4_blocks(void **state)
{
	struct vigil_res_desc d = init_ok(tex(T_2D, FMT_DXT1_RGB, 16, 16, 1, 1, 4));
	struct vigil_res_desc odd = init_ok(tex2d(FMT_DXT1_RGB, 10, 10));

	(void)state;
	assert_int_equal(d.level[0].stride, 32);
	assert_int_equal(d.level[0].layer_stride, 128);
	assert_int_equal(d.level[1].layer_stride, 32);
	assert_int_equal(d.layout_size, 128 + 32 + 8 + 8 + 8);
	assert_int_equal(odd.layout_size, 72); /* 3x3 blocks */
	assert_int_equal(extent_ok(&d, 0, box(0, 0, 0, 16, 16, 1), 0, 0), 128);
	assert_int_equal(extent_ok(&d, 0, box(4, 4, 0, 8, 4, 1), 0, 0), 16);
}

/* ---- create rules ---- */

/* R6: target and format are checked for membership, not just "< MAX" (CVE-2019-18390). */
static void test_r6_target_and_format_outside_their_sets_rejected(void **state)
{
	static const uint32_t bad_formats[] = { FMT_NONE, FMT_GAP, 322, 0xffffffffu, FMT_NV12 };
	struct vigil_res_args a = tex2d(FMT_R8G8B8A8_UNORM, 4, 4);

	(void)state;
	a.target = 9;
	assert_int_equal(init_st(a), VIGIL_E_ENUM);
	a.target = 0xffffffffu;
	assert_int_equal(init_st(a), VIGIL_E_ENUM);
	for (size_t i = 0; i < sizeof(bad_formats) / sizeof(bad_formats[0]); i++)
		assert_int_equal(init_st(tex2d(bad_formats[i], 4, 4)), VIGIL_E_ENUM);
}

/* Format NONE: a buffer (Mesa's image tests; virglrenderer accepts it) is laid out as bytes and
 * keeps its format value; every other target still needs a format (above). */
static void test_buffer_with_format_none_is_bytes(void **state)
{
	struct vigil_res_args a = tex(T_BUFFER, FMT_NONE, 100, 1, 1, 1, 0);
	struct vigil_res_desc d;

	(void)state;
	a.bind = VIGIL_RES_BIND_SHADER_BUFFER;
	a.data_size = 100;
	d = init_ok(a);
	assert_int_equal(d.format, FMT_NONE);
	assert_int_equal(d.layout_size, 100);
	assert_int_equal(d.fmt.block_bytes, 1);
	assert_int_equal(init_st(tex(T_2D, FMT_NONE, 8, 8, 1, 1, 0)), VIGIL_E_ENUM);
	assert_int_equal(init_st(tex(T_1D, FMT_NONE, 8, 1, 1, 1, 0)), VIGIL_E_ENUM);
}

/* R5, CVE-2019-18388: zero and oversized dimensions, cube w != h. */
static void test_r5_zero_or_oversized_dimensions_rejected_cve_2019_18388(void **state)
{
	struct vigil_res_args a;

	(void)state;
	assert_int_equal(init_st(tex2d(FMT_R8G8B8A8_UNORM, 0, 4)), VIGIL_E_RANGE);
	assert_int_equal(init_st(tex2d(FMT_R8G8B8A8_UNORM, 4, 0)), VIGIL_E_RANGE);
	assert_int_equal(init_st(tex(T_3D, FMT_R8G8B8A8_UNORM, 4, 4, 0, 1, 0)), VIGIL_E_RANGE);
	assert_int_equal(init_st(tex(T_2D_ARRAY, FMT_R8G8B8A8_UNORM, 4, 4, 1, 0, 0)), VIGIL_E_RANGE);
	assert_int_equal(init_st(tex2d(FMT_R8_UNORM, 16385, 1)), VIGIL_E_RANGE);
	assert_int_equal(init_st(tex2d(FMT_R8_UNORM, 0xffffffffu, 1)), VIGIL_E_RANGE);
	assert_int_equal(init_st(tex(T_3D, FMT_R8_UNORM, 2049, 1, 1, 1, 0)), VIGIL_E_RANGE);
	assert_int_equal(init_st(tex(T_3D, FMT_R8_UNORM, 1, 1, 2049, 1, 0)), VIGIL_E_RANGE);
	assert_int_equal(init_st(tex(T_2D_ARRAY, FMT_R8_UNORM, 1, 1, 1, 2049, 0)), VIGIL_E_RANGE);
	assert_int_equal(init_st(tex(T_CUBE, FMT_R8_UNORM, 16, 8, 1, 6, 0)), VIGIL_E_RANGE);
	assert_int_equal(init_st(tex(T_CUBE_ARRAY, FMT_R8_UNORM, 16, 8, 1, 6, 0)), VIGIL_E_RANGE);
	assert_int_equal(init_st(tex(T_BUFFER, FMT_R8_UNORM, GIB + 1u, 1, 1, 1, 0)), VIGIL_E_RANGE);
	a = tex2d(FMT_R8G8B8A8_UNORM, 4, 4);
	a.nr_samples = 33;
	assert_int_equal(init_st(a), VIGIL_E_RANGE);
	/* limits themselves are fine */
	assert_int_equal(init_st(tex(T_BUFFER, FMT_R8_UNORM, 0, 1, 1, 1, 0)), VIGIL_OK);
	assert_int_equal(init_st(tex(T_1D, FMT_R8_UNORM, 16384, 1, 1, 1, 14)), VIGIL_OK);
	assert_int_equal(init_st(tex(T_3D, FMT_R8_UNORM, 2048, 1, 2, 1, 0)), VIGIL_OK);
}

static void test_cross_field_violations_are_relation_errors(void **state)
{
	struct vigil_res_args ms3d = tex(T_3D, FMT_R8G8B8A8_UNORM, 4, 4, 4, 1, 0);
	struct vigil_res_args msmip = tex(T_2D, FMT_R8G8B8A8_UNORM, 4, 4, 1, 1, 1);
	struct vigil_res_args msdxt = tex2d(FMT_DXT1_RGB, 4, 4);
	struct vigil_res_args ss_mip = msmip;

	(void)state;
	assert_int_equal(init_st(tex(T_BUFFER, FMT_R8_UNORM, 16, 2, 1, 1, 0)), VIGIL_E_RELATION);
	assert_int_equal(init_st(tex(T_BUFFER, FMT_R8_UNORM, 16, 1, 2, 1, 0)), VIGIL_E_RELATION);
	assert_int_equal(init_st(tex(T_BUFFER, FMT_R8_UNORM, 16, 1, 1, 2, 0)), VIGIL_E_RELATION);
	assert_int_equal(init_st(tex(T_BUFFER, FMT_R8_UNORM, 16, 1, 1, 1, 1)), VIGIL_E_RELATION);
	assert_int_equal(init_st(tex(T_1D, FMT_R8_UNORM, 16, 2, 1, 1, 0)), VIGIL_E_RELATION);
	assert_int_equal(init_st(tex(T_1D_ARRAY, FMT_R8_UNORM, 16, 1, 2, 3, 0)), VIGIL_E_RELATION);
	assert_int_equal(init_st(tex(T_2D, FMT_R8_UNORM, 16, 16, 2, 1, 0)), VIGIL_E_RELATION);
	assert_int_equal(init_st(tex(T_2D, FMT_R8_UNORM, 16, 16, 1, 2, 0)), VIGIL_E_RELATION);
	assert_int_equal(init_st(tex(T_3D, FMT_R8_UNORM, 16, 16, 2, 2, 0)), VIGIL_E_RELATION);
	assert_int_equal(init_st(tex(T_RECT, FMT_R8_UNORM, 16, 16, 1, 1, 1)), VIGIL_E_RELATION);
	assert_int_equal(init_st(tex(T_CUBE, FMT_R8_UNORM, 16, 16, 1, 1, 0)), VIGIL_E_RELATION);
	assert_int_equal(init_st(tex(T_CUBE, FMT_R8_UNORM, 16, 16, 1, 12, 0)), VIGIL_E_RELATION);
	assert_int_equal(init_st(tex(T_CUBE_ARRAY, FMT_R8_UNORM, 16, 16, 1, 7, 0)), VIGIL_E_RELATION);
	ms3d.nr_samples = 4;
	msmip.nr_samples = 4;
	msdxt.nr_samples = 4;
	ss_mip.nr_samples = 1; /* virglrenderer: any nr_samples > 0 means no mip levels */
	assert_int_equal(init_st(ms3d), VIGIL_E_RELATION);
	assert_int_equal(init_st(msmip), VIGIL_E_RELATION);
	assert_int_equal(init_st(msdxt), VIGIL_E_RELATION);
	assert_int_equal(init_st(ss_mip), VIGIL_E_RELATION);
}

/* Mesa 22.3 creates its 8-byte CUSTOM fence/query buffers with array_size 0 (capture
 * sm-basevertex: RESOURCE_CREATE2 target 0, format 64, bind 0x20000, 8x1x1, array_size 0,
 * data_size 8); textures with array_size 0 stay rejected. */
static void test_mesa_fence_buffer_with_array_size_0_accepted_as_1(void **state)
{
	struct vigil_res_args a = tex(T_BUFFER, FMT_R8_UNORM, 8, 1, 1, 0, 0);
	struct vigil_res_desc d;

	(void)state;
	a.bind = VIGIL_RES_BIND_CUSTOM;
	a.data_size = 8;
	d = init_ok(a);
	assert_int_equal(d.array_size, 1);
	assert_int_equal(d.layout_size, 8);
	assert_int_equal(vigil_res_level_layers(&d, 0), 1);
	assert_int_equal(init_st(tex(T_1D_ARRAY, FMT_R8_UNORM, 8, 1, 1, 0, 0)), VIGIL_E_RANGE);
	assert_int_equal(init_st(tex(T_2D, FMT_R8_UNORM, 8, 8, 1, 0, 0)), VIGIL_E_RANGE);
}

static void test_last_level_beyond_mip_chain_rejected(void **state)
{
	(void)state;
	assert_int_equal(init_st(tex(T_2D, FMT_R8_UNORM, 64, 64, 1, 1, 6)), VIGIL_OK);
	assert_int_equal(init_st(tex(T_2D, FMT_R8_UNORM, 64, 64, 1, 1, 7)), VIGIL_E_RANGE);
	assert_int_equal(init_st(tex(T_2D, FMT_R8_UNORM, 64, 3, 1, 1, 6)), VIGIL_OK);
	assert_int_equal(init_st(tex(T_3D, FMT_R8_UNORM, 2, 2, 64, 1, 6)), VIGIL_OK);
	assert_int_equal(init_st(tex(T_3D, FMT_R8_UNORM, 2, 2, 64, 1, 7)), VIGIL_E_RANGE);
	assert_int_equal(init_st(tex(T_2D, FMT_R8_UNORM, 1, 1, 1, 1, 0xffffffffu)), VIGIL_E_RANGE);
}

static void test_bind_rules_of_check_resource_valid(void **state)
{
	struct vigil_res_args a = tex2d(FMT_R8G8B8A8_UNORM, 4, 4);
	struct vigil_res_args b = tex(T_BUFFER, FMT_R8_UNORM, 64, 1, 1, 1, 0);
	static const uint32_t buffer_only[] = { 0, 0x20000, 0x80000, 0x20, 0x800, 0x10, 0x40,
						0x8000, 0x100, 0x4000 };

	(void)state;
	for (size_t i = 0; i < sizeof(buffer_only) / sizeof(buffer_only[0]); i++) {
		a.bind = b.bind = buffer_only[i];
		assert_int_equal(init_st(a), VIGIL_E_BIND);
		assert_int_equal(init_st(b), VIGIL_OK);
	}
	a.bind = VIGIL_RES_BIND_DISPLAY_TARGET; /* none of SV/DS/RT/CURSOR/SHARED/LINEAR */
	assert_int_equal(init_st(a), VIGIL_E_BIND);
	b.bind = VIGIL_RES_BIND_VERTEX_BUFFER | VIGIL_RES_BIND_INDEX_BUFFER;
	assert_int_equal(init_st(b), VIGIL_E_BIND);
	b.bind = VIGIL_RES_BIND_SAMPLER_VIEW; /* texture buffer object */
	assert_int_equal(init_st(b), VIGIL_OK);
	a.bind = VIGIL_RES_BIND_SCANOUT | VIGIL_RES_BIND_SHARED;
	assert_int_equal(init_st(a), VIGIL_OK);
	a.bind = VIGIL_RES_BIND_CURSOR;
	assert_int_equal(init_st(a), VIGIL_OK);
}

static void test_data_size_must_equal_layout_or_be_zero(void **state)
{
	struct vigil_res_args a = tex2d(FMT_R8G8B8A8_UNORM, 250, 250);

	(void)state;
	a.data_size = 249999;
	assert_int_equal(init_st(a), VIGIL_E_BACKING);
	a.data_size = 250001; /* larger: would pin shared memory for nothing (R9) */
	assert_int_equal(init_st(a), VIGIL_E_BACKING);
	a.data_size = 250000;
	assert_int_equal(init_ok(a).data_size, 250000);
	a.data_size = (uint64_t)GIB + 1u;
	assert_int_equal(init_st(a), VIGIL_E_RANGE);
	a.data_size = UINT64_MAX;
	assert_int_equal(init_st(a), VIGIL_E_RANGE);
}

static void test_layout_above_max_resource_bytes_rejected(void **state)
{
	struct vigil_res_args a = tex2d(FMT_R8G8B8A8_UNORM, 16384, 16384); /* exactly 1 GiB */
	struct vigil_res_args big = tex2d(FMT_R32G32B32A32_FLOAT, 16384, 16384);
	struct vigil_res_args arr = tex(T_2D_ARRAY, FMT_R32G32B32A32_FLOAT, 16384, 16384, 1, 2048, 14);

	(void)state;
	assert_int_equal(init_ok(a).layout_size, GIB);
	assert_int_equal(init_st(big), VIGIL_E_RANGE);
	assert_int_equal(init_st(arr), VIGIL_E_RANGE);
	a.nr_samples = 2; /* host storage: layout x samples */
	assert_int_equal(init_st(a), VIGIL_E_RANGE);
}

static void test_msaa_has_no_guest_layout_and_no_backing(void **state)
{
	struct vigil_res_args a = tex(T_2D_ARRAY, FMT_R8G8B8A8_UNORM, 16, 16, 1, 3, 0);
	struct vigil_res_desc d;

	(void)state;
	a.nr_samples = 4;
	d = init_ok(a);
	assert_int_equal(d.layout_size, 0);
	assert_int_equal(d.data_size, 0);
	a.data_size = 3072;
	assert_int_equal(init_st(a), VIGIL_E_BACKING);
}

static void test_failed_init_leaves_descriptor_untouched(void **state)
{
	struct vigil_res_desc d, before;
	struct vigil_res_args a = tex2d(FMT_R8G8B8A8_UNORM, 250, 250);

	(void)state;
	memset(&d, 0xab, sizeof(d));
	before = d;
	a.data_size = 1;
	assert_int_equal(vigil_res_desc_init(&d, &a), VIGIL_E_BACKING);
	assert_memory_equal(&d, &before, sizeof(d));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mesa_250x250_rgba8_layout_is_250000),
		cmocka_unit_test(test_mesa_250x250_b5g6r5_layout_is_125000),
		cmocka_unit_test(test_mesa_512x512_rgba8_layout_is_1048576),
		cmocka_unit_test(test_mesa_64x64_rgba8_7_level_chain_layout),
		cmocka_unit_test(test_observed_mesa_creations_are_accepted),
		cmocka_unit_test(test_every_target_has_mesa_layout_and_layers),
		cmocka_unit_test(test_3d_levels_minify_depth),
		cmocka_unit_test(test_dxt1_compressed_layout_counts_4x4_blocks),
		cmocka_unit_test(test_r6_target_and_format_outside_their_sets_rejected),
		cmocka_unit_test(test_buffer_with_format_none_is_bytes),
		cmocka_unit_test(test_r5_zero_or_oversized_dimensions_rejected_cve_2019_18388),
		cmocka_unit_test(test_cross_field_violations_are_relation_errors),
		cmocka_unit_test(test_mesa_fence_buffer_with_array_size_0_accepted_as_1),
		cmocka_unit_test(test_last_level_beyond_mip_chain_rejected),
		cmocka_unit_test(test_bind_rules_of_check_resource_valid),
		cmocka_unit_test(test_data_size_must_equal_layout_or_be_zero),
		cmocka_unit_test(test_layout_above_max_resource_bytes_rejected),
		cmocka_unit_test(test_msaa_has_no_guest_layout_and_no_backing),
		cmocka_unit_test(test_failed_init_leaves_descriptor_untouched),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
