/*
 * gles_read.c: texture readback on the GLES 3.x backend, where glGetTexImage does not exist and
 * glReadPixels reads only a few colour format/type pairs (never depth or stencil).
 *
 * Input: a box the caller re-checked against the resource's descriptor and a destination of at
 * least the box's packed size. Every path ends in glReadPixels(GL_RGBA_INTEGER,
 * GL_UNSIGNED_INT) from an RGBA32UI render target, which every GLES 3 implementation supports,
 * so the bytes are exact:
 *  - colour and compressed formats: each layer of the box is copied bit for bit
 *    (glCopyImageSubData, same-size view class, or compressed block == texel) into an unsigned
 *    integer texture of the texel / block size, then a texelFetch pass writes those words to
 *    the RGBA32UI target; B5G6R5 (no view class) is read with glReadPixels in its own format;
 *  - depth: the layer is copied into a 2D texture of the same format and a texelFetch pass
 *    writes the unorm value back as the integer whose unorm -> float conversion gives the
 *    sampled float (Z16, Z24), or the float's bits (Z32F);
 *  - stencil: the same pass over a stencil view (GL_DEPTH_STENCIL_TEXTURE_MODE) or an S8
 *    texture through a usampler2D.
 * The result is written in the table's GL pixel layout, as glGetTexImage would.
 */
#include <stdlib.h>
#include <string.h>

#include "core_priv.h"

static const char vs_src[] =
	"#version 300 es\n"
	"void main() {\n"
	"  vec2 p = vec2(float((gl_VertexID & 1) * 4 - 1), float((gl_VertexID >> 1) * 4 - 1));\n"
	"  gl_Position = vec4(p, 0.0, 1.0);\n"
	"}\n";

static const char fs_uint[] =
	"#version 300 es\n"
	"precision highp float; precision highp int;\n"
	"uniform highp usampler2D src;\n"
	"out highp uvec4 o;\n"
	"void main() { o = texelFetch(src, ivec2(gl_FragCoord.xy), 0); }\n";

/* mode 0: 16-bit unorm, 1: 24-bit unorm, 2: float bits. The unorm integer is the candidate near
 * d * (2^n - 1) whose conversion back to float (as a sampler computes it, by a multiply with the
 * reciprocal or a division) reproduces d exactly; the nearest one if none does. 1.0 is read as
 * the maximum: it is what a clear or a write of depth 1.0 stores, and the one value a multiply
 * cannot tell apart from its neighbour (0xfffffe * (1.0 / 0xffffff) rounds to 1.0 as well; no
 * other 16- or 24-bit pair collides under either conversion), so without this the lowest
 * candidate, 0xfffffe, won. */
static const char fs_depth[] =
	"#version 300 es\n"
	"precision highp float; precision highp int;\n"
	"uniform highp sampler2D src;\n"
	"uniform int mode;\n"
	"out highp uvec4 o;\n"
	"void main() {\n"
	"  float d = texelFetch(src, ivec2(gl_FragCoord.xy), 0).r;\n"
	"  if (mode == 2) { o = uvec4(floatBitsToUint(d), 0u, 0u, 0u); return; }\n"
	"  float m = mode == 0 ? 65535.0 : 16777215.0;\n"
	"  int c = int(clamp(floor(d * m + 0.5), 0.0, m));\n"
	"  int best = c; float bd = 2.0; bool exact = false;\n"
	"  if (d >= 1.0) { o = uvec4(uint(m), 0u, 0u, 0u); return; }\n"
	"  for (int k = -2; k <= 2; k++) {\n"
	"    int v = c + k;\n"
	"    if (v < 0 || float(v) > m) continue;\n"
	"    float a = float(v) * (1.0 / m);\n"
	"    float b = float(v) / m;\n"
	"    if (!exact && (a == d || b == d)) { best = v; exact = true; }\n"
	"    float e = abs(b - d);\n"
	"    if (!exact && e < bd) { bd = e; best = v; }\n"
	"  }\n"
	"  o = uvec4(uint(best), 0u, 0u, 0u);\n"
	"}\n";

static GLuint compile(GLenum type, const char *src)
{
	GLuint sh = glCreateShader(type);
	GLint ok = 0;

	glShaderSource(sh, 1, &src, NULL);
	glCompileShader(sh);
	glGetShaderiv(sh, GL_COMPILE_STATUS, &ok);
	if (!ok) {
		glDeleteShader(sh);
		return 0;
	}
	return sh;
}

GLuint vigil_gles_program(const char *vs, const char *fs)
{
	GLuint v = compile(GL_VERTEX_SHADER, vs), f = compile(GL_FRAGMENT_SHADER, fs), p = 0;
	GLint ok = 0;

	if (v && f) {
		p = glCreateProgram();
		glAttachShader(p, v);
		glAttachShader(p, f);
		glLinkProgram(p);
		glGetProgramiv(p, GL_LINK_STATUS, &ok);
		if (!ok) {
			glDeleteProgram(p);
			p = 0;
		}
	}
	glDeleteShader(v);
	glDeleteShader(f);
	return p;
}

static GLuint program(const char *fs)
{
	return vigil_gles_program(vs_src, fs);
}

static bool helpers(struct vigil_core_ctx *ctx)
{
	struct core_gles_helpers *h = &ctx->gles;

	if (!h->prog_copy_uint)
		h->prog_copy_uint = program(fs_uint);
	if (!h->prog_depth) {
		h->prog_depth = program(fs_depth);
		if (h->prog_depth)
			h->depth_mode_loc = glGetUniformLocation(h->prog_depth, "mode");
	}
	return h->prog_copy_uint && h->prog_depth;
}

void vigil_gles_helpers_fini(struct vigil_core_ctx *ctx)
{
	struct core_gles_helpers *h = &ctx->gles;

	if (h->prog_copy_uint)
		glDeleteProgram(h->prog_copy_uint);
	if (h->prog_depth)
		glDeleteProgram(h->prog_depth);
	core_blit_gles_fini(ctx);
	memset(h, 0, sizeof(*h));
}

static GLuint temp_tex(GLenum internal, GLsizei w, GLsizei h)
{
	GLuint t;

	glGenTextures(1, &t);
	glBindTexture(GL_TEXTURE_2D, t);
	glTexStorage2D(GL_TEXTURE_2D, 1, internal, w, h);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
	return t;
}

/* Integer texture with one texel per block of `bytes` bytes; comps x bits per component. */
static GLenum raw_class(uint32_t bytes, uint32_t *ret_comps, uint32_t *ret_bits)
{
	static const struct { uint32_t bytes, comps, bits; GLenum internal; } cls[] = {
		{ 1, 1, 8, GL_R8UI }, { 2, 1, 16, GL_R16UI }, { 3, 3, 8, GL_RGB8UI },
		{ 4, 1, 32, GL_R32UI }, { 6, 3, 16, GL_RGB16UI }, { 8, 2, 32, GL_RG32UI },
		{ 12, 3, 32, GL_RGB32UI }, { 16, 4, 32, GL_RGBA32UI },
	};
	for (size_t i = 0; i < sizeof(cls) / sizeof(cls[0]); i++) {
		if (cls[i].bytes == bytes) {
			*ret_comps = cls[i].comps;
			*ret_bits = cls[i].bits;
			return cls[i].internal;
		}
	}
	return 0;
}

/* Draws `prog` sampling `tex` on unit 0 into an RGBA32UI target of w x h; reads it into out
 * (w * h * 4 words). */
static void run_pass(struct vigil_core_ctx *ctx, GLuint prog, GLuint tex, GLsizei w, GLsizei h,
		     uint32_t *out)
{
	struct core_sub *sub = core_cur_sub(ctx);
	GLuint rt = temp_tex(GL_RGBA32UI, w, h);
	const GLenum cb = GL_COLOR_ATTACHMENT0;

	if (!sub->draw_fbo)
		glGenFramebuffers(1, &sub->draw_fbo);
	glBindFramebuffer(GL_FRAMEBUFFER, sub->draw_fbo);
	glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, rt, 0);
	glDrawBuffers(1, &cb);
	glReadBuffer(GL_COLOR_ATTACHMENT0);
	glViewport(0, 0, w, h);
	glDisable(GL_SCISSOR_TEST);
	glDisable(GL_BLEND);
	glDisable(GL_DEPTH_TEST);
	glDisable(GL_STENCIL_TEST);
	glDisable(GL_RASTERIZER_DISCARD);
	glColorMaski(0, GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
	glUseProgram(prog);
	glUniform1i(glGetUniformLocation(prog, "src"), 0);
	glActiveTexture(GL_TEXTURE0);
	glBindTexture(GL_TEXTURE_2D, tex);
	/* the last draw's sampler object on unit 0 would override the texture's NEAREST: a
	 * LINEAR one makes the integer texture incomplete and texelFetch read zeros (the
	 * pipeline binds every unit's sampler again before each draw) */
	glBindSampler(0, 0);
	glBindVertexArray(0);
	glDrawArrays(GL_TRIANGLES, 0, 3);
	glPixelStorei(GL_PACK_ALIGNMENT, 1);
	glPixelStorei(GL_PACK_ROW_LENGTH, 0);
	glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
	glReadPixels(0, 0, w, h, GL_RGBA_INTEGER, GL_UNSIGNED_INT, out);
	glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, 0, 0);
	glBindFramebuffer(GL_FRAMEBUFFER, 0);
	glBindTexture(GL_TEXTURE_2D, 0);
	glUseProgram(0);
	glDeleteTextures(1, &rt);
}

static void copy_layer(const struct core_res *r, uint32_t level, const struct vigil_box *b,
		       uint32_t layer, GLuint dst)
{
	GLint z = r->target == GL_TEXTURE_2D ? 0 : (GLint)(b->z + layer);

	glCopyImageSubData(r->id, r->target, (GLint)level, (GLint)b->x, (GLint)b->y, z, dst,
			   GL_TEXTURE_2D, 0, 0, 0, 0, (GLsizei)b->w, (GLsizei)b->h, 1);
}

static void put(uint8_t *p, uint32_t v, uint32_t bytes)
{
	for (uint32_t i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8u * i));
}

static vigil_status read_color(struct vigil_core_ctx *ctx, const struct core_res *r, uint32_t level,
			       const struct vigil_box *b, uint8_t *out, uint32_t *words)
{
	const struct core_format *f = r->fmt;
	GLsizei bw = (GLsizei)((b->w + f->block_w - 1u) / f->block_w);
	GLsizei bh = (GLsizei)((b->h + f->block_h - 1u) / f->block_h);
	size_t texels = (size_t)bw * (size_t)bh, n = 0;
	uint32_t comps, bits;
	GLenum cls = raw_class(f->block_bytes, &comps, &bits);
	GLuint tmp;

	if (!cls)
		return VIGIL_E_UNSUPPORTED;
	tmp = temp_tex(cls, bw, bh);
	for (uint32_t z = 0; z < b->d; z++) {
		copy_layer(r, level, b, z, tmp);
		run_pass(ctx, ctx->gles.prog_copy_uint, tmp, bw, bh, words);
		for (size_t t = 0; t < texels; t++)
			for (uint32_t c = 0; c < comps; c++, n += bits / 8u)
				put(out + n, words[t * 4u + c], bits / 8u);
	}
	glDeleteTextures(1, &tmp);
	return VIGIL_OK;
}

/* B5G6R5: no view class; colour-renderable, so read it from an FBO in its own format. */
static vigil_status read_direct(struct vigil_core_ctx *ctx, const struct core_res *r, uint32_t level,
				const struct vigil_box *b, uint8_t *out)
{
	struct core_sub *sub = core_cur_sub(ctx);
	size_t layer_bytes = (size_t)b->w * b->h * r->fmt->block_bytes;

	if (!sub->read_fbo)
		glGenFramebuffers(1, &sub->read_fbo);
	glBindFramebuffer(GL_READ_FRAMEBUFFER, sub->read_fbo);
	glPixelStorei(GL_PACK_ALIGNMENT, 1);
	glPixelStorei(GL_PACK_ROW_LENGTH, 0);
	glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
	for (uint32_t z = 0; z < b->d; z++) {
		core_fb_attach(ctx, GL_READ_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, r, level, b->z + z);
		glReadBuffer(GL_COLOR_ATTACHMENT0);
		glReadPixels((GLint)b->x, (GLint)b->y, (GLsizei)b->w, (GLsizei)b->h, r->fmt->format,
			     r->fmt->type, out + z * layer_bytes);
	}
	core_fb_attach(ctx, GL_READ_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, NULL, 0, 0);
	glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
	return VIGIL_OK;
}

/* Depth and/or stencil of one layer into the GL pixel layout of the format. */
static void read_ds_layer(struct vigil_core_ctx *ctx, const struct core_res *r, GLuint tmp,
			  GLsizei w, GLsizei h, uint8_t *out, uint32_t *dw, uint32_t *sw)
{
	const struct core_format *f = r->fmt;
	size_t n = (size_t)w * (size_t)h;
	GLint mode = f->internal == GL_DEPTH_COMPONENT16 ? 0 :
		     (f->internal == GL_DEPTH24_STENCIL8 ? 1 : 2);
	/* Z24X8 / X8Z24 live in DEPTH24_STENCIL8 too: their X bits are the stencil. */
	bool stencil = (f->flags & CORE_FMT_STENCIL) || f->internal == GL_DEPTH24_STENCIL8 ||
		       f->internal == GL_DEPTH32F_STENCIL8;

	glBindTexture(GL_TEXTURE_2D, tmp);
	if (f->flags & CORE_FMT_DEPTH) {
		if (stencil)
			glTexParameteri(GL_TEXTURE_2D, GL_DEPTH_STENCIL_TEXTURE_MODE, GL_DEPTH_COMPONENT);
		glUseProgram(ctx->gles.prog_depth);
		glUniform1i(ctx->gles.depth_mode_loc, mode);
		run_pass(ctx, ctx->gles.prog_depth, tmp, w, h, dw);
	}
	if (stencil) {
		glBindTexture(GL_TEXTURE_2D, tmp);
		if (f->flags & CORE_FMT_DEPTH)
			glTexParameteri(GL_TEXTURE_2D, GL_DEPTH_STENCIL_TEXTURE_MODE, GL_STENCIL_INDEX);
		run_pass(ctx, ctx->gles.prog_copy_uint, tmp, w, h, sw);
	}
	for (size_t i = 0; i < n; i++) {
		switch (f->internal) {
		case GL_DEPTH_COMPONENT16: put(out + i * 2u, dw[i * 4u], 2); break;
		case GL_DEPTH_COMPONENT32F: put(out + i * 4u, dw[i * 4u], 4); break;
		case GL_DEPTH24_STENCIL8: put(out + i * 4u, (dw[i * 4u] << 8) | (sw[i * 4u] & 0xffu), 4); break;
		case GL_DEPTH32F_STENCIL8:
			put(out + i * 8u, dw[i * 4u], 4);
			put(out + i * 8u + 4u, sw[i * 4u] & 0xffu, 4);
			break;
		default: put(out + i, sw[i * 4u], 1); break; /* S8 */
		}
	}
}

static vigil_status read_ds(struct vigil_core_ctx *ctx, const struct core_res *r, uint32_t level,
			    const struct vigil_box *b, uint8_t *out, uint32_t *dw, uint32_t *sw)
{
	size_t layer_bytes = (size_t)b->w * b->h * r->fmt->block_bytes;
	GLuint tmp = temp_tex(r->fmt->internal, (GLsizei)b->w, (GLsizei)b->h);

	for (uint32_t z = 0; z < b->d; z++) {
		copy_layer(r, level, b, z, tmp);
		read_ds_layer(ctx, r, tmp, (GLsizei)b->w, (GLsizei)b->h, out + z * layer_bytes, dw, sw);
	}
	glDeleteTextures(1, &tmp);
	return VIGIL_OK;
}

vigil_status vigil_gles_download(struct vigil_core_ctx *ctx, const struct core_res *r, uint32_t level,
				 const struct vigil_box *b, void *data, size_t size)
{
	size_t row, rows, total, words;
	uint32_t *dw = NULL, *sw = NULL;
	vigil_status s;

	if (!core_box_bytes(r, b, &row, &rows, &total) || total > size)
		return VIGIL_E_BACKING;
	if (r->fmt->internal == GL_RGB565)
		return read_direct(ctx, r, level, b, data) == VIGIL_OK ? core_gl_check(ctx) : VIGIL_E_STATE;
	if (!helpers(ctx))
		return VIGIL_E_UNSUPPORTED;
	words = (size_t)b->w * b->h * 4u; /* one layer of RGBA32UI, blocks <= texels */
	dw = malloc(words * sizeof(*dw));
	sw = calloc(words, sizeof(*sw));
	if (!dw || !sw) {
		s = VIGIL_E_EXHAUSTED;
	} else if (r->fmt->flags & (CORE_FMT_DEPTH | CORE_FMT_STENCIL)) {
		s = read_ds(ctx, r, level, b, data, dw, sw);
	} else {
		s = read_color(ctx, r, level, b, data, dw);
	}
	free(dw);
	free(sw);
	if (s == VIGIL_OK)
		s = core_gl_check(ctx);
	return s;
}
