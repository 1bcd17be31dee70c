/*
 * test_r2_transfers.c: bug class R2 of SECURITY-CASES.md: transfer box, level, stride and
 * payload size against the resource and the memory behind it. Each case names its CVE or fix.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

/* TRANSFER3D on the 64x64 RGBA8 fixture texture (level 0 row pitch 256 bytes). */
static vigil_status t3d(uint32_t res, uint32_t level, uint32_t stride, uint32_t lstride, uint32_t x,
			uint32_t y, uint32_t z, uint32_t w, uint32_t h, uint32_t d, uint32_t off)
{
	struct th t;
	vigil_status s;

	th_new(&t);
	s = TH_SUBMIT(&t, TH_HDR(VIGIL_CCMD_TRANSFER3D, 0, 13), res, level, 0, stride, lstride, x, y, z, w, h, d,
		      off, 1);
	th_free(&t);
	return s;
}

static void test_r2_valid_transfers_accepted(void **state)
{
	(void)state;
	assert_int_equal(t3d(TH_TEX, 0, 0, 0, 0, 0, 0, 64, 64, 1, 0), VIGIL_OK);
	assert_int_equal(t3d(TH_TEX, 6, 0, 0, 0, 0, 0, 1, 1, 1, 21840), VIGIL_OK); /* last level, last byte */
	assert_int_equal(t3d(TH_BUF, 0, 0, 0, 65535, 0, 0, 1, 1, 1, 65535), VIGIL_OK);
}

static void test_r2_negative_box_size_rejected_cve_2019_18389(void **state)
{
	(void)state;
	assert_int_equal(t3d(TH_TEX, 0, 0, 0, 0, 0, 0, 0xffffffffu, 1, 1, 0), VIGIL_E_BOX);
	assert_int_equal(t3d(TH_TEX, 0, 0, 0, 0, 0, 0, 1, 0xffffffffu, 1, 0), VIGIL_E_BOX);
	assert_int_equal(t3d(TH_TEX, 0, 0, 0, 0, 0, 0, 1, 1, 0xffffffffu, 0), VIGIL_E_BOX);
	assert_int_equal(t3d(TH_TEX, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0), VIGIL_E_BOX);
}

static void test_r2_box_end_overflowing_int32_rejected(void **state)
{
	(void)state;
	assert_int_equal(t3d(TH_TEX, 0, 0, 0, 0x7fffffffu, 0, 0, 2, 1, 1, 0), VIGIL_E_BOX);
	assert_int_equal(t3d(TH_TEX, 0, 0, 0, 0xffffffffu, 0, 0, 2, 1, 1, 0), VIGIL_E_BOX);
	assert_int_equal(t3d(TH_BUF, 0, 0, 0, 0xfffffff0u, 0, 0, 0x20, 1, 1, 0), VIGIL_E_BOX);
}

static void test_r2_level_above_last_level_rejected(void **state)
{
	(void)state;
	assert_int_equal(t3d(TH_TEX, 7, 0, 0, 0, 0, 0, 1, 1, 1, 0), VIGIL_E_BOX);
	assert_int_equal(t3d(TH_TEX, 1, 0, 0, 0, 0, 0, 33, 1, 1, 0), VIGIL_E_BOX);
}

static void test_r2_depth_on_2d_texture_rejected(void **state)
{
	(void)state;
	assert_int_equal(t3d(TH_TEX, 0, 0, 0, 0, 0, 0, 1, 1, 2, 0), VIGIL_E_BOX);
	assert_int_equal(t3d(TH_TEX, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0), VIGIL_E_BOX);
}

static void test_r2_multisample_array_depth_rejected_cve_2022_0135(void **state)
{
	struct th t;
	(void)state;
	th_new(&t);
	/* 2D_ARRAY with 2 samples and 3 layers: Mesa sends no backing store for MSAA. */
	assert_int_equal(th_res(&t, 7, VIGIL_TEXTURE_TARGET_TEXTURE_2D_ARRAY, VIGIL_FORMAT_R8G8B8A8_UNORM, 0x2,
				16, 16, 1, 3, 0, 2, 0), VIGIL_OK);
	assert_int_equal(TH_SUBMIT(&t, TH_HDR(VIGIL_CCMD_TRANSFER3D, 0, 13), 7, 0, 0, 0, 0, 0, 0, 0, 16, 16, 3, 0, 1),
			 VIGIL_E_BACKING);
	th_free(&t);
	th_new(&t);
	assert_int_equal(th_res(&t, 7, VIGIL_TEXTURE_TARGET_TEXTURE_2D_ARRAY, VIGIL_FORMAT_R8G8B8A8_UNORM, 0x2,
				16, 16, 1, 3, 0, 2, 0), VIGIL_OK);
	/* Inline data for one layer only, box of three: the write would overflow the payload. */
	{
		uint32_t dw[1 + 11 + 256] = { TH_HDR(VIGIL_CCMD_RESOURCE_INLINE_WRITE, 0, 11 + 256), 7, 0, 0, 0, 0, 0, 0, 0, 16, 16, 3 };
		assert_int_equal(th_submit(&t, dw, 1 + 11 + 256), VIGIL_E_BACKING);
	}
	th_free(&t);
}

static void test_r2_stride_too_small_rejected(void **state)
{
	(void)state;
	assert_int_equal(t3d(TH_TEX, 0, 4, 0, 0, 0, 0, 64, 2, 1, 0), VIGIL_E_BOX);
	assert_int_equal(t3d(TH_TEX, 0, 256, 0, 0, 0, 0, 64, 2, 1, 0), VIGIL_OK);
}

static void test_r2_offset_past_backing_rejected(void **state)
{
	(void)state;
	assert_int_equal(t3d(TH_TEX, 0, 0, 0, 0, 0, 0, 1, 1, 1, 21844), VIGIL_E_BACKING);
	assert_int_equal(t3d(TH_TEX, 0, 0, 0, 0, 0, 0, 64, 64, 1, 21844 - 16384), VIGIL_OK);
	assert_int_equal(t3d(TH_TEX, 0, 0, 0, 0, 0, 0, 64, 64, 1, 21844 - 16384 + 4), VIGIL_E_BACKING);
	assert_int_equal(t3d(TH_TEX, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0xffffffffu), VIGIL_E_BACKING);
}

static void test_r2_inline_payload_shorter_than_box_rejected_cve_2019_18391(void **state)
{
	/* stride 16: Mesa sends the box's own pitch (0 would mean the level's 256-byte pitch). */
	uint32_t dw[1 + 11 + 16] = { TH_HDR(VIGIL_CCMD_RESOURCE_INLINE_WRITE, 0, 11 + 16), TH_TEX, 0, 0, 16, 0,
				     0, 0, 0, 4, 4, 1 };
	struct th t;

	(void)state;
	th_new(&t);
	assert_int_equal(th_submit(&t, dw, 1 + 11 + 16), VIGIL_OK); /* 4x4 RGBA8 = 64 bytes = 16 dwords */
	th_free(&t);
	th_new(&t);
	dw[4] = 20;
	dw[9] = 5; /* 5x4: 80 bytes, only 64 supplied */
	assert_int_equal(th_submit(&t, dw, 1 + 11 + 16), VIGIL_E_BACKING);
	th_free(&t);
}

static void test_r2_vtest_transfer2_outside_shm_rejected(void **state)
{
	struct th t;
	(void)state;
	th_new(&t);
	/* TRANSFER_GET2: handle, level, x, y, z, w, h, d, data_size, offset */
	assert_int_equal(th_vtest(&t, VIGIL_VCMD_TRANSFER_GET2, 10,
				  (const uint32_t[]){ TH_TEX, 0, 60, 60, 0, 4, 4, 1, 64, 60 * 256 + 240 }, 10), VIGIL_OK);
	assert_int_equal(th_vtest(&t, VIGIL_VCMD_TRANSFER_GET2, 10,
				  (const uint32_t[]){ TH_TEX, 0, 60, 60, 0, 4, 4, 1, 64, 21844 - 16 }, 10), VIGIL_E_BACKING);
	assert_true(vigil_val_poisoned(t.ctx));
	th_free(&t);
}

static void test_r2_resource_with_no_backing_rejects_every_transfer(void **state)
{
	struct th t;
	(void)state;
	th_new(&t);
	assert_int_equal(th_res(&t, 9, VIGIL_TEXTURE_TARGET_TEXTURE_2D, VIGIL_FORMAT_R8G8B8A8_UNORM, 0x2, 4, 4, 1, 1, 0, 0, 0), VIGIL_OK);
	assert_int_equal(th_vtest(&t, VIGIL_VCMD_TRANSFER_PUT2, 11,
				  (const uint32_t[]){ 9, 0, 0, 0, 0, 1, 1, 1, 4, 0 }, 10), VIGIL_E_BACKING);
	th_free(&t);
}

static void test_r2_huge_readback_size_rejected_at_create_458(void **state)
{
	struct th t;
	(void)state;
	th_new(&t);
	/* 16384 x 16384 RGBA32F = 4 GiB: larger than any backing vigil accepts. */
	assert_int_equal(th_res(&t, 9, VIGIL_TEXTURE_TARGET_TEXTURE_2D, VIGIL_FORMAT_R32G32B32A32_FLOAT, 0x2,
				16384, 16384, 1, 1, 0, 0, 0), VIGIL_E_RANGE);
	th_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r2_valid_transfers_accepted),
		cmocka_unit_test(test_r2_negative_box_size_rejected_cve_2019_18389),
		cmocka_unit_test(test_r2_box_end_overflowing_int32_rejected),
		cmocka_unit_test(test_r2_level_above_last_level_rejected),
		cmocka_unit_test(test_r2_depth_on_2d_texture_rejected),
		cmocka_unit_test(test_r2_multisample_array_depth_rejected_cve_2022_0135),
		cmocka_unit_test(test_r2_stride_too_small_rejected),
		cmocka_unit_test(test_r2_offset_past_backing_rejected),
		cmocka_unit_test(test_r2_inline_payload_shorter_than_box_rejected_cve_2019_18391),
		cmocka_unit_test(test_r2_vtest_transfer2_outside_shm_rejected),
		cmocka_unit_test(test_r2_resource_with_no_backing_rejects_every_transfer),
		cmocka_unit_test(test_r2_huge_readback_size_rejected_at_create_458),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
