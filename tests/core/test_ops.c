/*
 * test_ops.c: CLEAR (one layer and a layer range), CLEAR_TEXTURE, BLIT (plain, mirrored,
 * scissored, multisampled, sRGB view formats) and RESOURCE_COPY_REGION (texture and buffer) checked pixel by pixel through TRANSFER_GET2, plus
 * resource lifetime: a surface keeps its resource alive after the guest's UNREF and the backing
 * is released exactly once (bug class R7, use after free on destroy paths). argv[1]: gl | gles.
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

#define SURF(c, h, res, fmt) CH_SUBMIT((c), CH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_SURFACE, 5), (h), (res), (fmt), 0, 0)

static uint32_t px(const struct ch_res *r, uint32_t x, uint32_t y)
{
	uint32_t v;

	memcpy(&v, r->mem + ch_offset(r, 0, x, y, 0), 4);
	return v;
}

static void read_all(struct ch *c, uint32_t g)
{
	struct ch_res *r = ch_get(c, g);
	struct vigil_box b = { 0, 0, 0, r->desc.width, r->desc.height, 1 };

	memset(r->mem, 0, r->size);
	assert_int_equal(ch_get2(c, g, 0, &b), VIGIL_OK);
}

static uint32_t f2u(float f)
{
	uint32_t u;

	memcpy(&u, &f, 4);
	return u;
}

static void clear_writes_colour_depth_stencil(void **state)
{
	struct ch c;
	uint32_t col, uin, zs;
	double depth = 0.25;
	uint32_t dlo, dhi;
	uint64_t dbits;

	(void)state;
	ch_open(&c, backend);
	col = ch_res(&c, 2, VIGIL_FORMAT_R8G8B8A8_UNORM, 0xa, 8, 8, 1, 1, 0, 0);
	uin = ch_res(&c, 2, VIGIL_FORMAT_R32G32B32A32_UINT, 0xa, 8, 8, 1, 1, 0, 0);
	zs = ch_res(&c, 2, VIGIL_FORMAT_Z24_UNORM_S8_UINT, 0x9, 8, 8, 1, 1, 0, 0);
	assert_true(col && uin && zs);
	assert_int_equal(SURF(&c, 10, col, VIGIL_FORMAT_R8G8B8A8_UNORM), VIGIL_OK);
	assert_int_equal(SURF(&c, 11, uin, VIGIL_FORMAT_R32G32B32A32_UINT), VIGIL_OK);
	assert_int_equal(SURF(&c, 12, zs, VIGIL_FORMAT_Z24_UNORM_S8_UINT), VIGIL_OK);
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_SET_FRAMEBUFFER_STATE, 0, 4), 2, 12, 10, 11), VIGIL_OK);
	memcpy(&dbits, &depth, 8);
	dlo = (uint32_t)dbits;
	dhi = (uint32_t)(dbits >> 32);
	/* Colour 0 as floats, colour 1 as uints (the same raw words), depth 0.25, stencil 0x15a
	 * (masked to 0x5a). */
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_CLEAR, 0, 8), 1u | 2u | 4u | 8u, f2u(1.0f),
				   f2u(0.5f), f2u(0.0f), f2u(1.0f), dlo, dhi, 0x15a), VIGIL_OK);
	read_all(&c, col);
	read_all(&c, uin);
	read_all(&c, zs);
	for (uint32_t y = 0; y < 8; y++) {
		for (uint32_t x = 0; x < 8; x++) {
			const struct ch_res *u = ch_get(&c, uin);
			uint32_t w[4];
			assert_int_equal(px(ch_get(&c, col), x, y), 0xff0080ffu);
			memcpy(w, u->mem + ch_offset(u, 0, x, y, 0), 16);
			assert_int_equal(w[0], f2u(1.0f));
			assert_int_equal(w[1], f2u(0.5f));
			assert_int_equal(w[3], f2u(1.0f));
			assert_int_equal(px(ch_get(&c, zs), x, y), 0x5a400000u); /* Z24 low, S8 high */
		}
	}
	ch_close(&c);
}

/* A surface over layers 1..2 of a 4-layer array: CLEAR writes both, and only them. */
static void clear_covers_every_layer_of_a_layered_surface(void **state)
{
	struct ch c;
	uint32_t g;
	struct vigil_box b = { 0, 0, 0, 4, 4, 4 };
	const struct ch_res *r;

	(void)state;
	ch_open(&c, backend);
	g = ch_res(&c, VIGIL_TEXTURE_TARGET_TEXTURE_2D_ARRAY, VIGIL_FORMAT_R8G8B8A8_UNORM, 0xa, 4, 4, 1, 4, 0, 0);
	assert_true(g);
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_SURFACE, 5), 10, g,
				   VIGIL_FORMAT_R8G8B8A8_UNORM, 0, 1u | (2u << 16)), VIGIL_OK);
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_SET_FRAMEBUFFER_STATE, 0, 3), 1, 0, 10), VIGIL_OK);
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_CLEAR, 0, 8), 4u, f2u(1.0f), f2u(0.0f),
				   f2u(0.0f), f2u(1.0f), 0, 0, 0), VIGIL_OK);
	r = ch_get(&c, g);
	memset(r->mem, 0, r->size);
	assert_int_equal(ch_get2(&c, g, 0, &b), VIGIL_OK);
	for (uint32_t z = 0; z < 4; z++) {
		uint32_t v;
		memcpy(&v, r->mem + ch_offset(r, 0, 3, 3, z), 4);
		assert_int_equal(v, z == 1 || z == 2 ? 0xff0000ffu : 0u);
	}
	ch_close(&c);
}

static void clear_texture_fills_exactly_its_box(void **state)
{
	struct ch c;
	uint32_t g;

	(void)state;
	ch_open(&c, backend);
	g = ch_res(&c, 2, VIGIL_FORMAT_B8G8R8A8_UNORM, 0xa, 8, 8, 1, 1, 0, 0);
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_CLEAR_TEXTURE, 0, 12), g, 0, 2, 3, 0, 3, 4, 1,
				   0x11223344u, 0, 0, 0), VIGIL_OK);
	read_all(&c, g);
	for (uint32_t y = 0; y < 8; y++)
		for (uint32_t x = 0; x < 8; x++) {
			bool in = x >= 2 && x < 5 && y >= 3 && y < 7;
			assert_int_equal(px(ch_get(&c, g), x, y), in ? 0x11223344u : 0u);
		}
	ch_close(&c);
}

static uint32_t pattern_px(uint32_t x, uint32_t y)
{
	return 0x01000000u * (x + 1u) + 0x00010000u * (y + 1u) + 0x0101u * (x * 8u + y);
}

static uint32_t patterned(struct ch *c, uint32_t fmt)
{
	uint32_t g = ch_res(c, 2, fmt, 0xa, 8, 8, 1, 1, 0, 0);
	struct ch_res *r = ch_get(c, g);
	struct vigil_box b = { 0, 0, 0, 8, 8, 1 };

	for (uint32_t y = 0; y < 8; y++)
		for (uint32_t x = 0; x < 8; x++) {
			uint32_t v = pattern_px(x, y);
			memcpy(r->mem + ch_offset(r, 0, x, y, 0), &v, 4);
		}
	assert_int_equal(ch_put(c, g, 0, &b), VIGIL_OK);
	return g;
}

/* BLIT dwords: S0, scissor min, max, dst res/level/format/x/y/z/w/h/d, src ... */
static vigil_status blit(struct ch *c, uint32_t s0, uint32_t smin, uint32_t smax, uint32_t dst,
			 const int32_t db[6], uint32_t src, const int32_t sb[6])
{
	return CH_SUBMIT(c, CH_HDR(VIGIL_CCMD_BLIT, 0, 21), s0, smin, smax, dst, 0,
			 VIGIL_FORMAT_R8G8B8A8_UNORM, (uint32_t)db[0], (uint32_t)db[1], (uint32_t)db[2],
			 (uint32_t)db[3], (uint32_t)db[4], (uint32_t)db[5], src, 0,
			 VIGIL_FORMAT_R8G8B8A8_UNORM, (uint32_t)sb[0], (uint32_t)sb[1], (uint32_t)sb[2],
			 (uint32_t)sb[3], (uint32_t)sb[4], (uint32_t)sb[5]);
}

static void blit_copies_mirrors_and_scissors(void **state)
{
	struct ch c;
	uint32_t src, dst;
	const int32_t full[6] = { 0, 0, 0, 8, 8, 1 }, mirror_x[6] = { 8, 0, 0, -8, 8, 1 };
	const int32_t sub_src[6] = { 1, 2, 0, 3, 2, 1 }, sub_dst[6] = { 4, 5, 0, 3, 2, 1 };

	(void)state;
	ch_open(&c, backend);
	src = patterned(&c, VIGIL_FORMAT_R8G8B8A8_UNORM);
	dst = ch_res(&c, 2, VIGIL_FORMAT_R8G8B8A8_UNORM, 0xa, 8, 8, 1, 1, 0, 0);
	/* Sub-rectangle, nearest, mask RGBA. */
	assert_int_equal(blit(&c, 0xf, 0, 0, dst, sub_dst, src, sub_src), VIGIL_OK);
	read_all(&c, dst);
	for (uint32_t y = 0; y < 8; y++)
		for (uint32_t x = 0; x < 8; x++) {
			bool in = x >= 4 && x < 7 && y >= 5 && y < 7;
			assert_int_equal(px(ch_get(&c, dst), x, y), in ? pattern_px(x - 3, y - 3) : 0u);
		}
	/* Mirrored in x over the whole surface. */
	assert_int_equal(blit(&c, 0xf, 0, 0, dst, full, src, mirror_x), VIGIL_OK);
	read_all(&c, dst);
	for (uint32_t y = 0; y < 8; y++)
		for (uint32_t x = 0; x < 8; x++)
			assert_int_equal(px(ch_get(&c, dst), x, y), pattern_px(7 - x, y));
	/* Scissored (x 2..5, y 1..3) plain copy over the mirrored result. */
	assert_int_equal(blit(&c, 0xfu | (1u << 10), 2u | (1u << 16), 5u | (3u << 16), dst, full, src, full),
			 VIGIL_OK);
	read_all(&c, dst);
	for (uint32_t y = 0; y < 8; y++)
		for (uint32_t x = 0; x < 8; x++) {
			bool in = x >= 2 && x < 5 && y >= 1 && y < 3;
			assert_int_equal(px(ch_get(&c, dst), x, y), in ? pattern_px(x, y) : pattern_px(7 - x, y));
		}
	ch_close(&c);
}

static vigil_status blit_fmt(struct ch *c, uint32_t dst, uint32_t dfmt, const int32_t db[6], uint32_t src,
			     uint32_t sfmt, const int32_t sb[6])
{
	return CH_SUBMIT(c, CH_HDR(VIGIL_CCMD_BLIT, 0, 21), 0xf, 0, 0, dst, 0, dfmt, (uint32_t)db[0],
			 (uint32_t)db[1], (uint32_t)db[2], (uint32_t)db[3], (uint32_t)db[4], (uint32_t)db[5],
			 src, 0, sfmt, (uint32_t)sb[0], (uint32_t)sb[1], (uint32_t)sb[2], (uint32_t)sb[3],
			 (uint32_t)sb[4], (uint32_t)sb[5]);
}

/* Upsample into 4x MSAA, resolve a sub-rectangle elsewhere (GLES: a draw, then a resolve
 * through a temporary), and the record's view formats deciding sRGB encoding. */
static void blit_msaa_and_srgb_views(void **state)
{
	const uint32_t unorm = VIGIL_FORMAT_R8G8B8A8_UNORM, srgb = VIGIL_FORMAT_R8G8B8A8_SRGB;
	const int32_t full[6] = { 0, 0, 0, 8, 8, 1 }, lo[6] = { 0, 0, 0, 4, 4, 1 }, hi[6] = { 4, 4, 0, 4, 4, 1 };
	uint32_t src, ms, dst, ds;
	struct ch c;

	(void)state;
	ch_open(&c, backend);
	src = patterned(&c, unorm);
	ms = ch_res(&c, 2, unorm, 0xa, 8, 8, 1, 1, 0, 4);
	dst = ch_res(&c, 2, unorm, 0xa, 8, 8, 1, 1, 0, 0);
	ds = ch_res(&c, 2, srgb, 0xa, 8, 8, 1, 1, 0, 0);
	assert_true(ms && dst && ds);
	assert_int_equal(blit_fmt(&c, ms, unorm, full, src, unorm, full), VIGIL_OK);
	assert_int_equal(blit_fmt(&c, dst, unorm, hi, ms, unorm, lo), VIGIL_OK);
	read_all(&c, dst);
	for (uint32_t y = 0; y < 8; y++)
		for (uint32_t x = 0; x < 8; x++) {
			bool in = x >= 4 && y >= 4;
			assert_int_equal(px(ch_get(&c, dst), x, y), in ? pattern_px(x - 4, y - 4) : 0u);
		}
	/* An sRGB resource written through a linear view: the bytes as they are. */
	assert_int_equal(blit_fmt(&c, ds, unorm, full, src, unorm, full), VIGIL_OK);
	read_all(&c, ds);
	for (uint32_t y = 0; y < 8; y++)
		for (uint32_t x = 0; x < 8; x++)
			assert_int_equal(px(ch_get(&c, ds), x, y), pattern_px(x, y));
	if (backend == VIGIL_BACKEND_GLES) {
		/* Through its sRGB view: encoded (blue 1/255 -> 13/255; alpha stays). */
		assert_int_equal(blit_fmt(&c, ds, srgb, full, src, unorm, full), VIGIL_OK);
		read_all(&c, ds);
		assert_int_equal(px(ch_get(&c, ds), 0, 0), 0x010d0000u);
	}
	ch_close(&c);
}

/* Depth and stencil into 4x MSAA and back (GLES: gl_FragDepth and a stencil pass per bit,
 * then a resolve). */
static void blit_depth_stencil_through_msaa(void **state)
{
	const uint32_t zs = VIGIL_FORMAT_Z24_UNORM_S8_UINT;
	const int32_t full[6] = { 0, 0, 0, 8, 8, 1 };
	double depth = 0.25;
	uint64_t dbits;
	uint32_t src, ms, dst;
	struct ch c;

	(void)state;
	ch_open(&c, backend);
	src = ch_res(&c, 2, zs, 0x1, 8, 8, 1, 1, 0, 0);
	ms = ch_res(&c, 2, zs, 0x1, 8, 8, 1, 1, 0, 4);
	dst = ch_res(&c, 2, zs, 0x1, 8, 8, 1, 1, 0, 0);
	assert_true(src && ms && dst);
	assert_int_equal(SURF(&c, 12, src, zs), VIGIL_OK);
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_SET_FRAMEBUFFER_STATE, 0, 2), 0, 12), VIGIL_OK);
	memcpy(&dbits, &depth, 8);
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_CLEAR, 0, 8), 1u | 2u, 0, 0, 0, 0,
				   (uint32_t)dbits, (uint32_t)(dbits >> 32), 0x5a), VIGIL_OK);
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_BLIT, 0, 21), 0x30, 0, 0, ms, 0, zs, 0, 0, 0, 8,
				   8, 1, src, 0, zs, 0, 0, 0, 8, 8, 1), VIGIL_OK);
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_BLIT, 0, 21), 0x30, 0, 0, dst, 0, zs,
				   (uint32_t)full[0], (uint32_t)full[1], (uint32_t)full[2], (uint32_t)full[3],
				   (uint32_t)full[4], (uint32_t)full[5], ms, 0, zs, 0, 0, 0, 8, 8, 1), VIGIL_OK);
	read_all(&c, dst);
	for (uint32_t y = 0; y < 8; y++)
		for (uint32_t x = 0; x < 8; x++)
			assert_int_equal(px(ch_get(&c, dst), x, y), 0x5a400000u); /* Z24 low, S8 high */
	ch_close(&c);
}

static void copy_region_copies_texels_and_bytes(void **state)
{
	struct ch c;
	uint32_t src, dst, bs, bd;
	struct ch_res *r;
	struct vigil_box b = { 0, 0, 0, 64, 1, 1 };

	(void)state;
	ch_open(&c, backend);
	src = patterned(&c, VIGIL_FORMAT_R8G8B8A8_UNORM);
	dst = ch_res(&c, 2, VIGIL_FORMAT_R8G8B8A8_UNORM, 0xa, 8, 8, 1, 1, 0, 0);
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_RESOURCE_COPY_REGION, 0, 13), dst, 0, 4, 5, 0,
				   src, 0, 1, 2, 0, 3, 2, 1), VIGIL_OK);
	read_all(&c, dst);
	for (uint32_t y = 0; y < 8; y++)
		for (uint32_t x = 0; x < 8; x++) {
			bool in = x >= 4 && x < 7 && y >= 5 && y < 7;
			assert_int_equal(px(ch_get(&c, dst), x, y), in ? pattern_px(x - 3, y - 3) : 0u);
		}
	bs = ch_res(&c, 0, VIGIL_FORMAT_R8_UNORM, 0x10, 64, 1, 1, 1, 0, 0);
	bd = ch_res(&c, 0, VIGIL_FORMAT_R8_UNORM, 0x10, 64, 1, 1, 1, 0, 0);
	r = ch_get(&c, bs);
	for (int i = 0; i < 64; i++)
		r->mem[i] = (uint8_t)(i + 100);
	assert_int_equal(ch_put(&c, bs, 0, &b), VIGIL_OK);
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_RESOURCE_COPY_REGION, 0, 13), bd, 0, 8, 0, 0,
				   bs, 0, 16, 0, 0, 10, 1, 1), VIGIL_OK);
	r = ch_get(&c, bd);
	assert_int_equal(ch_get2(&c, bd, 0, &b), VIGIL_OK);
	for (int i = 0; i < 64; i++)
		assert_int_equal(r->mem[i], i >= 8 && i < 18 ? (uint8_t)(i + 8 + 100) : 0);
	ch_close(&c);
}

static void surface_keeps_resource_alive_after_unref(void **state)
{
	struct ch c;
	uint32_t g, released;

	(void)state;
	ch_open(&c, backend);
	g = ch_res(&c, 2, VIGIL_FORMAT_R8G8B8A8_UNORM, 0xa, 8, 8, 1, 1, 0, 0);
	assert_int_equal(SURF(&c, 20, g, VIGIL_FORMAT_R8G8B8A8_UNORM), VIGIL_OK);
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_SET_FRAMEBUFFER_STATE, 0, 3), 1, 0, 20), VIGIL_OK);
	released = c.released;
	c.res[0].mem = NULL; /* the core owns it now; release_backing frees it */
	ch_unref(&c, g);
	assert_int_equal(c.released, released);
	/* Still usable through the surface: clear it. */
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_CLEAR, 0, 8), 4, 0, 0, 0, 0, 0, 0, 0), VIGIL_OK);
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_DESTROY_OBJECT, VIGIL_OBJ_SURFACE, 1), 20), VIGIL_OK);
	assert_int_equal(c.released, released); /* the framebuffer still binds it */
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_SET_FRAMEBUFFER_STATE, 0, 2), 0, 0), VIGIL_OK);
	assert_int_equal(c.released, released + 1);
	/* Sub-contexts: objects of a destroyed sub-context are released with it. */
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_CREATE_SUB_CTX, 0, 1), 2,
				   CH_HDR(VIGIL_CCMD_SET_SUB_CTX, 0, 1), 2), VIGIL_OK);
	g = ch_res(&c, 2, VIGIL_FORMAT_R8G8B8A8_UNORM, 0xa, 8, 8, 1, 1, 0, 0);
	assert_int_equal(SURF(&c, 21, g, VIGIL_FORMAT_R8G8B8A8_UNORM), VIGIL_OK);
	ch_get(&c, g)->mem = NULL;
	ch_unref(&c, g);
	assert_int_equal(c.released, released + 1);
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_DESTROY_SUB_CTX, 0, 1), 2), VIGIL_OK);
	assert_int_equal(c.released, released + 2);
	ch_close(&c);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clear_writes_colour_depth_stencil),
		cmocka_unit_test(clear_texture_fills_exactly_its_box),
		cmocka_unit_test(clear_covers_every_layer_of_a_layered_surface),
		cmocka_unit_test(blit_copies_mirrors_and_scissors),
		cmocka_unit_test(blit_msaa_and_srgb_views),
		cmocka_unit_test(blit_depth_stencil_through_msaa),
		cmocka_unit_test(copy_region_copies_texels_and_bytes),
		cmocka_unit_test(surface_keeps_resource_alive_after_unref),
	};

	backend = ch_backend(argc, argv);
	if (!ch_probe(backend)) {
		fprintf(stderr, "no EGL display / context for this backend: skipping\n");
		return 77;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
