/*
 * test_draw.c: draws through the public API with hand-written TGSI (no Mesa): the validator
 * parses the text and hands the core the encoded IR, the core emits GLSL, links, binds vertex
 * buffers, constants and the framebuffer, and draws; every pixel is read back through
 * TRANSFER_GET2. Also: CLEAR honours the bound rasterizer's scissor (Gallium's scissored clear),
 * a shader destroyed while bound keeps drawing until it is unbound (bug class R7), and an
 * indexed draw whose indices would run past the index buffer is refused by the core
 * (SECURITY-CASES R2 #480); a texture sampled through a sampler view and a sampler state,
 * with the channel mapping of legacy formats (A8, L8); one layer of a 2D array sampled through
 * a 2D view of it (a GL texture view); a program the emitter cannot express
 * (KILL in a VS) draws nothing and the context goes on drawing. argv[1]: gl | gles.
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

static const char vs_text[] =
	"VERT\n"
	"DCL IN[0]\n"
	"DCL OUT[0], POSITION\n"
	"  0: MOV OUT[0], IN[0]\n"
	"  1: END\n";
static const char fs_text[] =
	"FRAG\n"
	"PROPERTY FS_COLOR0_WRITES_ALL_CBUFS 1\n"
	"DCL OUT[0], COLOR\n"
	"DCL CONST[0][0]\n"
	"  0: MOV OUT[0], CONST[0][0]\n"
	"  1: END\n";

static const char vs_kill_text[] = /* valid TGSI; GLSL has no discard in a VS */
	"VERT\n"
	"DCL IN[0]\n"
	"DCL OUT[0], POSITION\n"
	"  0: MOV OUT[0], IN[0]\n"
	"  1: KILL\n"
	"  2: END\n";

static const char fs_tex_text[] =
	"FRAG\n"
	"PROPERTY FS_COLOR0_WRITES_ALL_CBUFS 1\n"
	"DCL OUT[0], COLOR\n"
	"DCL SAMP[0]\n"
	"DCL SVIEW[0], 2D, FLOAT\n"
	"DCL CONST[0][0]\n"
	"  0: TEX OUT[0], CONST[0][0], SAMP[0], 2D\n"
	"  1: END\n";

static uint32_t f2u(float f)
{
	uint32_t u;

	memcpy(&u, &f, 4);
	return u;
}

/* CREATE_OBJECT(SHADER) with the whole text in one chunk. */
static vigil_status shader(struct ch *c, uint32_t handle, uint32_t stage, const char *text)
{
	uint32_t dw[64] = { 0 };
	size_t n = strlen(text) + 1u, words = (n + 3u) / 4u;

	assert_true(words + 6u <= 64u);
	dw[0] = CH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_SHADER, 5u + words);
	dw[1] = handle;
	dw[2] = stage;
	dw[3] = (uint32_t)n;
	dw[4] = 16; /* token budget */
	dw[5] = 0;  /* no stream output */
	memcpy(&dw[6], text, n);
	return ch_submit(c, dw, 6u + words);
}

struct scene {
	struct ch c;
	uint32_t rt, vb;
};

static void set_color(struct scene *s, float r, float g, float b, float a)
{
	assert_int_equal(CH_SUBMIT(&s->c, CH_HDR(VIGIL_CCMD_SET_CONSTANT_BUFFER, 0, 6), 1, 0, f2u(r), f2u(g),
				   f2u(b), f2u(a)), VIGIL_OK);
}

static vigil_status draw(struct scene *s)
{
	return CH_SUBMIT(&s->c, CH_HDR(VIGIL_CCMD_DRAW_VBO, 0, 12), 0, 3, 4, 0, 1, 0, 0, 0, 0, 0, 2, 0);
}

static void open_scene(struct scene *s)
{
	/* a triangle covering the whole viewport */
	static const float tri[12] = { -1, -1, 0, 1, 3, -1, 0, 1, -1, 3, 0, 1 };
	struct vigil_box b = { 0, 0, 0, sizeof(tri), 1, 1 };
	struct ch *c = &s->c;

	ch_open(c, backend);
	s->rt = ch_res(c, 2, VIGIL_FORMAT_R8G8B8A8_UNORM, VIGIL_BIND_RENDER_TARGET | VIGIL_BIND_SAMPLER_VIEW,
		       8, 8, 1, 1, 0, 0);
	s->vb = ch_res(c, 0, VIGIL_FORMAT_R8_UNORM, VIGIL_BIND_VERTEX_BUFFER, sizeof(tri), 1, 1, 1, 0, 0);
	assert_true(s->rt && s->vb);
	memcpy(ch_get(c, s->vb)->mem, tri, sizeof(tri));
	assert_int_equal(ch_put(c, s->vb, 0, &b), VIGIL_OK);
	assert_int_equal(shader(c, 1, 0, vs_text), VIGIL_OK);
	assert_int_equal(shader(c, 2, 1, fs_text), VIGIL_OK);
	assert_int_equal(CH_SUBMIT(c, CH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_VERTEX_ELEMENTS, 5), 3,
				   0, 0, 0, VIGIL_FORMAT_R32G32B32A32_FLOAT,
				   CH_HDR(VIGIL_CCMD_BIND_OBJECT, VIGIL_OBJ_VERTEX_ELEMENTS, 1), 3,
				   CH_HDR(VIGIL_CCMD_SET_VERTEX_BUFFERS, 0, 3), 16, 0, s->vb,
				   CH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_SURFACE, 5), 4, s->rt,
				   VIGIL_FORMAT_R8G8B8A8_UNORM, 0, 0,
				   CH_HDR(VIGIL_CCMD_SET_FRAMEBUFFER_STATE, 0, 3), 1, 0, 4,
				   CH_HDR(VIGIL_CCMD_SET_VIEWPORT_STATE, 0, 7), 0, f2u(4), f2u(4), f2u(0.5f),
				   f2u(4), f2u(4), f2u(0.5f),
				   CH_HDR(VIGIL_CCMD_BIND_SHADER, 0, 2), 1, 0,
				   CH_HDR(VIGIL_CCMD_BIND_SHADER, 0, 2), 2, 1), VIGIL_OK);
}

/* Pixels of the render target inside [x0, x1) x [y0, y1) equal `in`, the others `out`. */
static void expect(struct scene *s, uint32_t x0, uint32_t y0, uint32_t x1, uint32_t y1, uint32_t in,
		   uint32_t out)
{
	struct ch_res *r = ch_get(&s->c, s->rt);
	struct vigil_box b = { 0, 0, 0, 8, 8, 1 };

	memset(r->mem, 0, r->size);
	assert_int_equal(ch_get2(&s->c, s->rt, 0, &b), VIGIL_OK);
	for (uint32_t y = 0; y < 8; y++) {
		for (uint32_t x = 0; x < 8; x++) {
			uint32_t v;
			memcpy(&v, r->mem + ch_offset(r, 0, x, y, 0), 4);
			if (v != (x >= x0 && x < x1 && y >= y0 && y < y1 ? in : out))
				fail_msg("pixel (%u, %u) = %08x", x, y, v);
		}
	}
}

static void draw_constant_colour(void **state)
{
	struct scene s;

	(void)state;
	open_scene(&s);
	set_color(&s, 1.0f, 0.0f, 1.0f, 1.0f);
	assert_int_equal(draw(&s), VIGIL_OK);
	expect(&s, 0, 0, 8, 8, 0xffff00ffu, 0);
	set_color(&s, 0.0f, 1.0f, 0.0f, 0.0f);
	assert_int_equal(draw(&s), VIGIL_OK);
	expect(&s, 0, 0, 8, 8, 0x0000ff00u, 0);
	ch_close(&s.c);
}

static void clear_honours_rasterizer_scissor(void **state)
{
	struct scene s;
	uint32_t rs[10] = { CH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_RASTERIZER, 9), 5, 1u << 14 | 1u << 1 };

	(void)state;
	open_scene(&s);
	assert_int_equal(CH_SUBMIT(&s.c, CH_HDR(VIGIL_CCMD_CLEAR, 0, 8), 4, f2u(1), 0, 0, f2u(1), 0, 0, 0),
			 VIGIL_OK);
	expect(&s, 0, 0, 8, 8, 0xff0000ffu, 0);
	assert_int_equal(ch_submit(&s.c, rs, 10), VIGIL_OK);
	assert_int_equal(CH_SUBMIT(&s.c, CH_HDR(VIGIL_CCMD_BIND_OBJECT, VIGIL_OBJ_RASTERIZER, 1), 5,
				   CH_HDR(VIGIL_CCMD_SET_SCISSOR_STATE, 0, 3), 0, 2u | 3u << 16, 6u | 5u << 16,
				   CH_HDR(VIGIL_CCMD_CLEAR, 0, 8), 4, 0, 0, f2u(1), f2u(1), 0, 0, 0), VIGIL_OK);
	expect(&s, 2, 3, 6, 5, 0xffff0000u, 0xff0000ffu);
	/* the same scissor applies to draws */
	set_color(&s, 0.0f, 1.0f, 0.0f, 1.0f);
	assert_int_equal(draw(&s), VIGIL_OK);
	expect(&s, 2, 3, 6, 5, 0xff00ff00u, 0xff0000ffu);
	ch_close(&s.c);
}

static void shader_destroyed_while_bound(void **state)
{
	struct scene s;

	(void)state;
	open_scene(&s);
	assert_int_equal(CH_SUBMIT(&s.c, CH_HDR(VIGIL_CCMD_DESTROY_OBJECT, VIGIL_OBJ_SHADER, 1), 1,
				   CH_HDR(VIGIL_CCMD_DESTROY_OBJECT, VIGIL_OBJ_SHADER, 1), 2), VIGIL_OK);
	set_color(&s, 0.0f, 0.0f, 1.0f, 1.0f);
	assert_int_equal(draw(&s), VIGIL_OK); /* both stages still bound */
	expect(&s, 0, 0, 8, 8, 0xffff0000u, 0);
	ch_close(&s.c);
}

static void index_buffer_overrun_refused(void **state)
{
	struct scene s;
	uint32_t ib;

	(void)state;
	open_scene(&s);
	ib = ch_res(&s.c, 0, VIGIL_FORMAT_R8_UNORM, VIGIL_BIND_INDEX_BUFFER, 6, 1, 1, 1, 0, 0);
	assert_true(ib != 0);
	set_color(&s, 1.0f, 1.0f, 1.0f, 1.0f);
	assert_int_equal(CH_SUBMIT(&s.c, CH_HDR(VIGIL_CCMD_SET_INDEX_BUFFER, 0, 3), ib, 2, 0), VIGIL_OK);
	/* 3 indices of 2 bytes fit the 6-byte buffer: the draw runs (the indices are zeros: a
	 * degenerate triangle, nothing is drawn) */
	assert_int_equal(CH_SUBMIT(&s.c, CH_HDR(VIGIL_CCMD_DRAW_VBO, 0, 12), 0, 3, 4, 1, 1, 0, 0, 0, 0, 0,
				   2, 0), VIGIL_OK);
	expect(&s, 0, 0, 0, 0, 0, 0);
	/* the index buffer offset locates the first index (Mesa's convention, the draw's start
	 * is already in it): 3 indices from byte 2 end 2 bytes past the buffer, refused */
	assert_int_equal(CH_SUBMIT(&s.c, CH_HDR(VIGIL_CCMD_SET_INDEX_BUFFER, 0, 3), ib, 2, 2), VIGIL_OK);
	assert_int_not_equal(CH_SUBMIT(&s.c, CH_HDR(VIGIL_CCMD_DRAW_VBO, 0, 12), 1, 3, 4, 1, 1, 0, 0, 0,
				       0, 0, 3, 0), VIGIL_OK);
	ch_close(&s.c);
}

/* A 2D view of layer 1 of a two-layer 2D array (the view's target in bits 24+ of its format,
 * its layer range in `a`) samples that layer, through a GL texture view. */
static void sample_array_layer_view(void **state)
{
	struct scene s;
	struct vigil_box b = { 0, 0, 0, 1, 1, 2 };
	const uint32_t red = 0xff0000ffu, green = 0xff00ff00u;
	uint32_t t;
	struct ch_res *r;

	(void)state;
	open_scene(&s);
	assert_int_equal(shader(&s.c, 41, 1, fs_tex_text), VIGIL_OK);
	assert_int_equal(CH_SUBMIT(&s.c, CH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_SAMPLER_STATE, 9), 42,
				   2u << 11, 0, 0, f2u(1000.0f), 0, 0, 0, 0,
				   CH_HDR(VIGIL_CCMD_BIND_SAMPLER_STATES, 0, 3), 1, 0, 42,
				   CH_HDR(VIGIL_CCMD_BIND_SHADER, 0, 2), 41, 1), VIGIL_OK);
	t = ch_res(&s.c, 7 /* 2D_ARRAY */, VIGIL_FORMAT_R8G8B8A8_UNORM, VIGIL_BIND_SAMPLER_VIEW, 1, 1, 1, 2, 0, 0);
	assert_true(t != 0);
	r = ch_get(&s.c, t);
	memcpy(r->mem + ch_offset(r, 0, 0, 0, 0), &red, 4);
	memcpy(r->mem + ch_offset(r, 0, 0, 0, 1), &green, 4);
	assert_int_equal(ch_put(&s.c, t, 0, &b), VIGIL_OK);
	assert_int_equal(CH_SUBMIT(&s.c, CH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_SAMPLER_VIEW, 6), 44, t,
				   VIGIL_FORMAT_R8G8B8A8_UNORM | 2u << 24, 1u | 1u << 16, 0,
				   0u | 1u << 3 | 2u << 6 | 3u << 9,
				   CH_HDR(VIGIL_CCMD_SET_SAMPLER_VIEWS, 0, 3), 1, 0, 44), VIGIL_OK);
	set_color(&s, 0.5f, 0.5f, 0.0f, 0.0f);
	assert_int_equal(draw(&s), VIGIL_OK);
	expect(&s, 0, 0, 8, 8, green, 0);
	ch_close(&s.c);
}

static void unbuildable_program_draws_nothing(void **state)
{
	struct scene s;

	(void)state;
	open_scene(&s);
	assert_int_equal(shader(&s.c, 43, 0, vs_kill_text), VIGIL_OK);
	assert_int_equal(CH_SUBMIT(&s.c, CH_HDR(VIGIL_CCMD_BIND_SHADER, 0, 2), 43, 0), VIGIL_OK);
	set_color(&s, 1.0f, 0.0f, 0.0f, 1.0f);
	assert_int_equal(draw(&s), VIGIL_OK); /* refused by the emitter: nothing is drawn */
	assert_int_equal(draw(&s), VIGIL_OK); /* the cached failure, same answer */
	expect(&s, 0, 0, 0, 0, 0, 0);
	assert_int_equal(CH_SUBMIT(&s.c, CH_HDR(VIGIL_CCMD_BIND_SHADER, 0, 2), 1, 0), VIGIL_OK);
	assert_int_equal(draw(&s), VIGIL_OK); /* the context was not lost */
	expect(&s, 0, 0, 8, 8, 0xff0000ffu, 0);
	ch_close(&s.c);
}

/* A 1x1 texture of a legacy format sampled through a view and a sampler state: the core
 * composes the view's swizzle with the format's (A8 and L8 are stored in R8). */
static void sample_legacy_format(struct scene *s, uint32_t format, uint32_t want)
{
	struct vigil_box b = { 0, 0, 0, 1, 1, 1 };
	uint32_t t = ch_res(&s->c, 2, format, VIGIL_BIND_SAMPLER_VIEW, 1, 1, 1, 1, 0, 0);

	assert_true(t != 0);
	ch_get(&s->c, t)->mem[0] = 0x80;
	assert_int_equal(ch_put(&s->c, t, 0, &b), VIGIL_OK);
	assert_int_equal(CH_SUBMIT(&s->c, CH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_SAMPLER_VIEW, 6), 40, t, format,
				   0, 0, 0u | 1u << 3 | 2u << 6 | 3u << 9,
				   CH_HDR(VIGIL_CCMD_SET_SAMPLER_VIEWS, 0, 3), 1, 0, 40), VIGIL_OK);
	set_color(s, 0.5f, 0.5f, 0.0f, 0.0f); /* the texture coordinate */
	assert_int_equal(draw(s), VIGIL_OK);
	expect(s, 0, 0, 8, 8, want, 0);
}

static void sample_texture(void **state)
{
	struct scene s;

	(void)state;
	open_scene(&s);
	assert_int_equal(shader(&s.c, 41, 1, fs_tex_text), VIGIL_OK);
	/* sampler state: repeat, nearest, no mipmaps (min_mip_filter NONE = 2) */
	assert_int_equal(CH_SUBMIT(&s.c, CH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_SAMPLER_STATE, 9), 42,
				   2u << 11, 0, 0, f2u(1000.0f), 0, 0, 0, 0,
				   CH_HDR(VIGIL_CCMD_BIND_SAMPLER_STATES, 0, 3), 1, 0, 42,
				   CH_HDR(VIGIL_CCMD_BIND_SHADER, 0, 2), 41, 1), VIGIL_OK);
	sample_legacy_format(&s, VIGIL_FORMAT_A8_UNORM, 0x80000000u);
	sample_legacy_format(&s, VIGIL_FORMAT_L8_UNORM, 0xff808080u);
	ch_close(&s.c);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(draw_constant_colour),
		cmocka_unit_test(clear_honours_rasterizer_scissor),
		cmocka_unit_test(shader_destroyed_while_bound),
		cmocka_unit_test(index_buffer_overrun_refused),
		cmocka_unit_test(sample_texture),
		cmocka_unit_test(sample_array_layer_view),
		cmocka_unit_test(unbuildable_program_draws_nothing),
	};

	backend = ch_backend(argc, argv);
	if (!ch_probe(backend))
		return 77;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
