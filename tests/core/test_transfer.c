/*
 * test_transfer.c: the transfer matrix. For every target and a format from each class
 * (unorm, snorm, 16-bit, half and full float, integer, packed, sRGB, BGRA, compressed, depth,
 * depth-stencil, stencil), all levels and all layers: a new resource reads back as zeros
 * (SECURITY-CASES R8), TRANSFER_PUT2 of whole levels then TRANSFER_GET2 into a zeroed backing
 * returns exactly the bytes written, and partial and edge boxes replace exactly their texels.
 * TRANSFER3D is checked in both directions with explicit strides. Run with argv[1] = gl | gles.
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
static uint32_t rng = 12345u;

static uint32_t rnd(void)
{
	rng = rng * 1664525u + 1013904223u;
	return rng >> 8;
}

enum cls { C_ANY, C_FLOAT, C_Z32F, C_Z32F_S8 };

struct fmt_case {
	uint32_t fmt;
	enum cls cls;
	bool depth, compressed;
};

static const struct fmt_case fmts[] = {
	{ VIGIL_FORMAT_R8G8B8A8_UNORM, C_ANY, false, false },
	{ VIGIL_FORMAT_B8G8R8A8_UNORM, C_ANY, false, false },
	{ VIGIL_FORMAT_B8G8R8X8_UNORM, C_ANY, false, false },
	{ VIGIL_FORMAT_R8_UNORM, C_ANY, false, false },
	{ VIGIL_FORMAT_R8G8_SNORM, C_ANY, false, false },
	{ VIGIL_FORMAT_R16_UNORM, C_ANY, false, false },
	{ VIGIL_FORMAT_R16G16B16A16_FLOAT, C_FLOAT, false, false },
	{ VIGIL_FORMAT_R32G32B32A32_FLOAT, C_FLOAT, false, false },
	{ VIGIL_FORMAT_R32G32B32_FLOAT, C_FLOAT, false, false },
	{ VIGIL_FORMAT_R8G8B8A8_UINT, C_ANY, false, false },
	{ VIGIL_FORMAT_R16_SINT, C_ANY, false, false },
	{ VIGIL_FORMAT_R32G32B32A32_SINT, C_ANY, false, false },
	{ VIGIL_FORMAT_R32G32B32A32_UINT, C_ANY, false, false },
	{ VIGIL_FORMAT_R10G10B10A2_UINT, C_ANY, false, false },
	{ VIGIL_FORMAT_B5G6R5_UNORM, C_ANY, false, false },
	{ VIGIL_FORMAT_R10G10B10A2_UNORM, C_ANY, false, false },
	{ VIGIL_FORMAT_R11G11B10_FLOAT, C_FLOAT, false, false },
	{ VIGIL_FORMAT_R9G9B9E5_FLOAT, C_FLOAT, false, false },
	{ VIGIL_FORMAT_R8G8B8A8_SRGB, C_ANY, false, false },
	{ VIGIL_FORMAT_B8G8R8A8_SRGB, C_ANY, false, false },
	{ VIGIL_FORMAT_DXT1_RGBA, C_ANY, false, true },
	{ VIGIL_FORMAT_DXT5_RGBA, C_ANY, false, true },
	{ VIGIL_FORMAT_RGTC2_UNORM, C_ANY, false, true },
	{ VIGIL_FORMAT_BPTC_RGBA_UNORM, C_ANY, false, true },
	{ VIGIL_FORMAT_ETC2_RGBA8, C_ANY, false, true },
	{ VIGIL_FORMAT_Z16_UNORM, C_ANY, true, false },
	{ VIGIL_FORMAT_Z24_UNORM_S8_UINT, C_ANY, true, false },
	{ VIGIL_FORMAT_S8_UINT_Z24_UNORM, C_ANY, true, false },
	{ VIGIL_FORMAT_Z24X8_UNORM, C_ANY, true, false },
	{ VIGIL_FORMAT_X8Z24_UNORM, C_ANY, true, false },
	{ VIGIL_FORMAT_Z32_FLOAT, C_Z32F, true, false },
	{ VIGIL_FORMAT_Z32_FLOAT_S8X24_UINT, C_Z32F_S8, true, false },
	{ VIGIL_FORMAT_S8_UINT, C_ANY, true, false },
};

/* Formats of PROTOCOL.md 3.4 (the advertised profile) must round-trip on every backend. */
static bool required(uint32_t f)
{
	static const uint32_t req[] = { 1, 2, 8, 16, 18, 19, 20, 21, 22, 23, 31, 64, 67, 94, 104,
					124, 125, 126, 196, 200, 253 };
	for (size_t i = 0; i < sizeof(req) / sizeof(req[0]); i++)
		if (req[i] == f)
			return true;
	return false;
}

struct tgt_case {
	uint32_t target, w, h, d, layers;
};

static const struct tgt_case tgts[] = {
	{ VIGIL_TEXTURE_TARGET_TEXTURE_1D, 13, 1, 1, 1 },
	{ VIGIL_TEXTURE_TARGET_TEXTURE_2D, 13, 7, 1, 1 },
	{ VIGIL_TEXTURE_TARGET_TEXTURE_3D, 9, 7, 5, 1 },
	{ VIGIL_TEXTURE_TARGET_TEXTURE_CUBE, 8, 8, 1, 6 },
	{ VIGIL_TEXTURE_TARGET_TEXTURE_RECT, 13, 7, 1, 1 },
	{ VIGIL_TEXTURE_TARGET_TEXTURE_1D_ARRAY, 13, 1, 1, 3 },
	{ VIGIL_TEXTURE_TARGET_TEXTURE_2D_ARRAY, 13, 7, 1, 3 },
	{ VIGIL_TEXTURE_TARGET_TEXTURE_CUBE_ARRAY, 8, 8, 1, 12 },
};

static bool combo_ok(const struct fmt_case *f, const struct tgt_case *t)
{
	uint32_t tg = t->target;

	if (f->compressed)
		return tg == VIGIL_TEXTURE_TARGET_TEXTURE_2D || tg == VIGIL_TEXTURE_TARGET_TEXTURE_2D_ARRAY ||
		       tg == VIGIL_TEXTURE_TARGET_TEXTURE_CUBE;
	if (f->depth)
		return tg != VIGIL_TEXTURE_TARGET_TEXTURE_3D;
	return true;
}

/* Bytes every path stores exactly for the format class. */
static void fill(const struct fmt_case *f, uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)rnd();
	if (f->cls == C_FLOAT) {
		for (size_t i = 0; i < n; i++)
			p[i] = (uint8_t)(0x30u | (p[i] & 0xfu));
	} else if (f->cls == C_Z32F || f->cls == C_Z32F_S8) {
		size_t step = f->cls == C_Z32F ? 4u : 8u;
		for (size_t i = 0; i + step <= n; i += step) {
			float v = (float)(rnd() & 0xffffffu) / 16777216.0f;
			memcpy(p + i, &v, 4);
			if (step == 8) {
				uint32_t s = rnd() & 0xffu;
				memcpy(p + i + 4, &s, 4);
			}
		}
	}
}

/* Copies box data between a packed buffer and the level layout of the backing. */
static void box_io(struct ch_res *r, uint32_t level, const struct vigil_box *b, uint8_t *packed, bool to_mem)
{
	size_t row, rows, k = 0;

	ch_box_rows(r, b, &row, &rows);
	for (uint32_t z = 0; z < b->d; z++)
		for (size_t y = 0; y < rows; y++, k += row) {
			uint8_t *m = r->mem + ch_offset(r, level, b->x, b->y, b->z + z) +
				     y * r->desc.level[level].stride;
			if (to_mem)
				memcpy(m, packed + k, row);
			else
				memcpy(packed + k, m, row);
		}
}

static struct vigil_box level_box(const struct ch_res *r, uint32_t l)
{
	struct vigil_box b = { 0, 0, 0, r->desc.level[l].width, r->desc.level[l].height,
			       vigil_res_level_layers(&r->desc, l) };
	return b;
}

static uint32_t bind_of(const struct fmt_case *f)
{
	return f->depth ? 0x9u : 0xau;
}

/* One (target, format): zeros, whole-level round trip, partial + edge boxes. */
static bool run_combo(struct ch *c, const struct fmt_case *f, const struct tgt_case *t, char *why, size_t wn)
{
	uint32_t last = t->target == VIGIL_TEXTURE_TARGET_TEXTURE_RECT ? 0u : 2u;
	uint32_t g = ch_res(c, t->target, f->fmt, bind_of(f), t->w, t->h, t->d, t->layers, last, 0);
	struct ch_res *r = ch_get(c, g);
	uint8_t *ref, *tmp;
	bool ok = true;

	if (!g || !r) {
		snprintf(why, wn, "create failed");
		return false;
	}
	ref = malloc(r->size);
	tmp = malloc(r->size);
	/* New resource: every level reads back as zeros over a 0xa5 backing. */
	for (uint32_t l = 0; l <= last && ok; l++) {
		struct vigil_box b = level_box(r, l);
		ok = ch_get2(c, g, l, &b) == VIGIL_OK;
	}
	memset(ref, 0, r->size);
	if (ok && memcmp(r->mem, ref, r->size) != 0) {
		snprintf(why, wn, "new resource not zero");
		ok = false;
	}
	/* Whole levels. */
	fill(f, ref, r->size);
	memcpy(r->mem, ref, r->size);
	for (uint32_t l = 0; l <= last && ok; l++) {
		struct vigil_box b = level_box(r, l);
		ok = ch_put(c, g, l, &b) == VIGIL_OK;
	}
	memset(r->mem, 0, r->size);
	for (uint32_t l = 0; l <= last && ok; l++) {
		struct vigil_box b = level_box(r, l);
		ok = ch_get2(c, g, l, &b) == VIGIL_OK;
	}
	if (ok && memcmp(r->mem, ref, r->size) != 0) {
		snprintf(why, wn, "whole-level round trip differs");
		ok = false;
	}
	/* Partial (inner) and edge boxes on level 0 and 1. */
	for (uint32_t l = 0; l <= (last ? 1u : 0u) && ok; l++) {
		struct vigil_box full = level_box(r, l);
		uint32_t bw = r->desc.fmt.block_w, bh = r->desc.fmt.block_h;
		for (int edge = 0; edge < 2 && ok; edge++) {
			struct vigil_box b = full;
			if (full.w > bw) {
				b.w = full.w > 2u * bw ? bw : full.w - bw;
				b.x = edge ? full.w - b.w : bw;
				if (edge && (b.x % bw)) { b.x -= b.x % bw; b.w = full.w - b.x; }
			}
			if (full.h > bh) {
				b.h = bh;
				b.y = edge ? full.h - bh : 0u;
				if (b.y % bh) { b.y -= b.y % bh; b.h = full.h - b.y; }
			}
			if (full.d > 1) {
				b.z = edge ? full.d - 1u : 1u;
				b.d = 1;
			}
			size_t row, rows;
			ch_box_rows(r, &b, &row, &rows);
			uint8_t *pk = malloc(row * rows * b.d);
			fill(f, pk, row * rows * b.d);
			memcpy(r->mem, ref, r->size);
			box_io(r, l, &b, pk, true);
			memcpy(ref, r->mem, r->size); /* expected: old data with the box replaced */
			ok = ch_put(c, g, l, &b) == VIGIL_OK;
			memset(r->mem, 0, r->size);
			for (uint32_t k = 0; k <= last && ok; k++) {
				struct vigil_box lb = level_box(r, k);
				ok = ch_get2(c, g, k, &lb) == VIGIL_OK;
			}
			if (ok && memcmp(r->mem, ref, r->size) != 0) {
				snprintf(why, wn, "%s box on level %u differs", edge ? "edge" : "partial", l);
				ok = false;
			}
			free(pk);
		}
	}
	if (!ok && !why[0])
		snprintf(why, wn, "a transfer was rejected");
	free(ref);
	free(tmp);
	ch_unref(c, g);
	return ok;
}

static void transfer_matrix_round_trips_exactly(void **state)
{
	struct ch c;
	unsigned failed = 0, passed = 0, optional_failed = 0;

	(void)state;
	ch_open(&c, backend);
	for (size_t fi = 0; fi < sizeof(fmts) / sizeof(fmts[0]); fi++) {
		for (size_t ti = 0; ti < sizeof(tgts) / sizeof(tgts[0]); ti++) {
			char why[96] = "";
			if (!combo_ok(&fmts[fi], &tgts[ti]))
				continue;
			if (run_combo(&c, &fmts[fi], &tgts[ti], why, sizeof(why))) {
				passed++;
				continue;
			}
			if (required(fmts[fi].fmt)) {
				failed++;
				fprintf(stderr, "FAIL format %u target %u: %s\n", fmts[fi].fmt, tgts[ti].target, why);
			} else {
				optional_failed++;
				fprintf(stderr, "note: optional format %u target %u: %s\n", fmts[fi].fmt,
					tgts[ti].target, why);
			}
		}
	}
	fprintf(stderr, "transfer matrix: %u passed, %u required failed, %u optional not supported\n",
		passed, failed, optional_failed);
	ch_close(&c);
	assert_int_equal(failed, 0);
}

/* Buffers: PUT2 at offset x, GET2 back; a new buffer reads as zeros. */
static void buffer_round_trip(void **state)
{
	struct ch c;
	uint32_t g;
	struct ch_res *r;
	uint8_t ref[96];
	struct vigil_box b = { 0, 0, 0, 96, 1, 1 }, part = { 10, 0, 0, 20, 1, 1 };

	(void)state;
	ch_open(&c, backend);
	g = ch_res(&c, VIGIL_TEXTURE_TARGET_BUFFER, VIGIL_FORMAT_R8_UNORM, 0x10, 96, 1, 1, 1, 0, 0);
	r = ch_get(&c, g);
	assert_non_null(r);
	assert_int_equal(ch_get2(&c, g, 0, &b), VIGIL_OK);
	memset(ref, 0, sizeof(ref));
	assert_memory_equal(r->mem, ref, 96);
	for (int i = 0; i < 96; i++)
		ref[i] = (uint8_t)(i * 3 + 1);
	memcpy(r->mem, ref, 96);
	assert_int_equal(ch_put(&c, g, 0, &part), VIGIL_OK);
	memset(r->mem, 0, 96);
	assert_int_equal(ch_get2(&c, g, 0, &b), VIGIL_OK);
	memset(ref, 0, 10);
	memset(ref + 30, 0, 66);
	assert_memory_equal(r->mem, ref, 96);
	ch_close(&c);
}

/* TRANSFER3D with explicit strides (rows 64 bytes apart, layers 1024) at a data offset, both
 * directions, on a 2D_ARRAY RGBA8 texture. */
static void transfer3d_both_directions(void **state)
{
	struct ch c;
	uint32_t g;
	struct ch_res *r;
	const uint32_t stride = 64, lstride = 1024, off = 256;
	uint8_t *ref;

	(void)state;
	ch_open(&c, backend);
	g = ch_res(&c, VIGIL_TEXTURE_TARGET_TEXTURE_2D_ARRAY, VIGIL_FORMAT_R8G8B8A8_UNORM, 0xa, 16, 16, 1, 4, 0, 0);
	r = ch_get(&c, g);
	assert_non_null(r);
	assert_true(r->size >= off + 2 * lstride);
	ref = calloc(1, r->size);
	for (uint32_t z = 0; z < 2; z++)
		for (uint32_t y = 0; y < 3; y++)
			for (uint32_t x = 0; x < 5 * 4; x++)
				ref[off + z * lstride + y * stride + x] = (uint8_t)rnd();
	memcpy(r->mem, ref, r->size);
	/* res, level, usage, stride, layer_stride, x, y, z, w, h, d, data_offset, direction */
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_TRANSFER3D, 0, 13), g, 0, 0, stride, lstride,
				   2, 3, 1, 5, 3, 2, off, 1), VIGIL_OK);
	memset(r->mem, 0, r->size);
	assert_int_equal(CH_SUBMIT(&c, CH_HDR(VIGIL_CCMD_TRANSFER3D, 0, 13), g, 0, 0, stride, lstride,
				   2, 3, 1, 5, 3, 2, off, 2), VIGIL_OK);
	for (uint32_t z = 0; z < 2; z++)
		for (uint32_t y = 0; y < 3; y++)
			assert_memory_equal(r->mem + off + z * lstride + y * stride,
					    ref + off + z * lstride + y * stride, 20);
	/* The texels landed where the box says: GET2 of layer 2 row 4 (box z=1 -> layer 2). */
	memset(r->mem, 0, r->size);
	{
		struct vigil_box b = { 2, 4, 2, 5, 1, 1 };
		assert_int_equal(ch_get2(&c, g, 0, &b), VIGIL_OK);
		assert_memory_equal(r->mem + ch_offset(r, 0, 2, 4, 2), ref + off + lstride + stride, 20);
	}
	free(ref);
	ch_close(&c);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buffer_round_trip),
		cmocka_unit_test(transfer3d_both_directions),
		cmocka_unit_test(transfer_matrix_round_trips_exactly),
	};

	backend = ch_backend(argc, argv);
	if (!ch_probe(backend)) {
		fprintf(stderr, "no EGL display / context for this backend: skipping\n");
		return 77;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
