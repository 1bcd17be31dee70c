/*
 * res_test_util.h: shared helpers of test_resource.c and test_resource_box.c (argument builders
 * and status shorthands over validator/resource.h). Test code only.
 */
#ifndef VIGIL_RES_TEST_UTIL_H
#define VIGIL_RES_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_formats.h"
#include "resource.h"

#define T_BUFFER VIGIL_RES_TARGET_BUFFER
#define T_1D VIGIL_RES_TARGET_1D
#define T_2D VIGIL_RES_TARGET_2D
#define T_3D VIGIL_RES_TARGET_3D
#define T_CUBE VIGIL_RES_TARGET_CUBE
#define T_RECT VIGIL_RES_TARGET_RECT
#define T_1D_ARRAY VIGIL_RES_TARGET_1D_ARRAY
#define T_2D_ARRAY VIGIL_RES_TARGET_2D_ARRAY
#define T_CUBE_ARRAY VIGIL_RES_TARGET_CUBE_ARRAY
#define BIND_TEX (VIGIL_RES_BIND_SAMPLER_VIEW | VIGIL_RES_BIND_RENDER_TARGET) /* 0x0a */
#define GIB 1073741824u

static inline struct vigil_res_args tex(uint32_t target, uint32_t format, uint32_t w, uint32_t h,
				 uint32_t d, uint32_t array_size, uint32_t last_level)
{
	struct vigil_res_args a = { target, format, BIND_TEX, w, h, d, array_size, last_level, 0, 0 };

	if (target == T_BUFFER)
		a.bind = VIGIL_RES_BIND_VERTEX_BUFFER;
	return a;
}

static inline struct vigil_res_args tex2d(uint32_t format, uint32_t w, uint32_t h)
{
	return tex(T_2D, format, w, h, 1, 1, 0);
}

static inline struct vigil_res_desc init_ok(struct vigil_res_args a)
{
	struct vigil_res_desc d;

	assert_int_equal(vigil_res_desc_init(&d, &a), VIGIL_OK);
	return d;
}

static inline vigil_status init_st(struct vigil_res_args a)
{
	struct vigil_res_desc d;

	return vigil_res_desc_init(&d, &a);
}

static inline struct vigil_box box(uint32_t x, uint32_t y, uint32_t z, uint32_t w, uint32_t h, uint32_t d)
{
	return (struct vigil_box){ x, y, z, w, h, d };
}

static inline vigil_status box_st(const struct vigil_res_desc *d, uint32_t level, struct vigil_box b)
{
	return vigil_res_check_box(d, level, &b);
}

static inline uint64_t extent_ok(const struct vigil_res_desc *d, uint32_t level, struct vigil_box b,
			  uint32_t stride, uint64_t layer_stride)
{
	uint64_t n = 0;

	assert_int_equal(vigil_res_box_extent(d, level, &b, stride, layer_stride, &n), VIGIL_OK);
	return n;
}

static inline vigil_status backing_st(const struct vigil_res_desc *d, uint32_t level, struct vigil_box b,
			       uint64_t offset, uint64_t avail)
{
	return vigil_res_check_backing(d, level, &b, 0, 0, offset, avail);
}

#endif
