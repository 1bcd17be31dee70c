/*
 * blit_gles.c: one layer of a BLIT on the GLES backend, where glBlitFramebuffer refuses much of
 * what Gallium's blit means: any multisampled destination, a multisample resolve between
 * different rectangles or formats, and it has no switch for sRGB decode / encode (the
 * attachment's format decides).
 *
 * Input: a blit job whose boxes core_blit already re-checked against both resources (the
 * signed rectangles lie inside the levels), the source / destination view formats of the
 * record (untrusted values, looked up in the format table; an unknown one means the resource's
 * own format). The read / draw scratch FBOs are bound and the guest scissor is set by the
 * caller. Guarantees: the view formats only take effect through texture views of the same
 * block size and aspect (so GL never reinterprets a texel size); a multisampled source that
 * glBlitFramebuffer cannot resolve as asked is first resolved into a temporary single-sampled
 * texture over the same rectangle; a multisampled destination is written by drawing a
 * triangle whose fragment shader reads the source (texelFetch per sample when the source has
 * the destination's sample count and the blit is unscaled, else one value for every sample):
 * colour as the format's type, depth through gl_FragDepth, stencil one bit per pass (discard
 * where the bit is 0, REPLACE into that bit only). Every object it makes is deleted before it
 * returns; GL state it changes is state core_apply_state sets again for every draw.
 */
#include <stdio.h>
#include <stdlib.h>

#include "core_priv.h"
#include "vigil_records.h"

/* One layer of one level of a texture, as GL attaches or samples it. */
struct img {
	GLuint tex;
	GLenum target;
	GLint level, layer;
	GLenum internal;
	uint32_t samples, flags;
	bool own; /* a view or temporary this file deletes */
};

enum kind { K_FLOAT, K_SINT, K_UINT, K_DEPTH, K_STENCIL, K_COUNT };

static const char fs_head[] =
	"#version 320 es\n"
	"precision highp float; precision highp int;\n"
	"uniform highp %ssampler2D%s src;\n"
	"uniform vec4 srect; uniform vec4 drect; uniform int lin; uniform uint bit;\n"
	"%s"
	"void main() {\n"
	"  vec2 t = (gl_FragCoord.xy - drect.xy) / (drect.zw - drect.xy);\n"
	"  vec2 s = srect.xy + t * (srect.zw - srect.xy);\n"
	"  ivec2 size = textureSize(src%s);\n"
	"  ivec2 c = clamp(ivec2(floor(s)), ivec2(0), size - 1);\n"
	"  %svec4 v = %s;\n"
	"  %s;\n"
	"}\n";

static const char vs_src[] =
	"#version 320 es\n"
	"void main() {\n"
	"  vec2 p = vec2(float((gl_VertexID & 1) * 4 - 1), float((gl_VertexID >> 1) * 4 - 1));\n"
	"  gl_Position = vec4(p, 0.0, 1.0);\n"
	"}\n";

static GLuint build(enum kind k, bool ms)
{
	static const char *const pre[K_COUNT] = { "", "i", "u", "", "u" };
	static const char *const out[K_COUNT] = {
		"out highp vec4 o;\n", "out highp ivec4 o;\n", "out highp uvec4 o;\n", "", "" };
	static const char *const body[K_COUNT] = {
		"o = v", "o = v", "o = v", "gl_FragDepth = v.r",
		"if (((v.r >> bit) & 1u) == 0u) discard",
	};
	const char *fetch = ms ? "texelFetch(src, c, gl_SampleID)" :
		(k == K_FLOAT ? "(lin != 0 ? texture(src, s / vec2(size)) : texelFetch(src, c, 0))" :
		 "texelFetch(src, c, 0)");
	char fs[1536];

	if (snprintf(fs, sizeof(fs), fs_head, pre[k], ms ? "MS" : "", out[k], ms ? "" : ", 0",
		     pre[k], fetch, body[k]) >= (int)sizeof(fs))
		return 0;
	return vigil_gles_program(vs_src, fs);
}

static GLuint prog(struct vigil_core_ctx *ctx, enum kind k, bool ms)
{
	GLuint *slot = &ctx->gles.blit_prog[k * 2 + (ms ? 1 : 0)];

	if (!*slot)
		*slot = build(k, ms);
	return *slot;
}

static void attach(GLenum fbt, GLenum att, const struct img *m)
{
	switch (m->target) {
	case GL_TEXTURE_2D:
	case GL_TEXTURE_2D_MULTISAMPLE:
		glFramebufferTexture2D(fbt, att, m->target, m->tex, m->level);
		break;
	case GL_TEXTURE_CUBE_MAP:
		glFramebufferTexture2D(fbt, att, (GLenum)(GL_TEXTURE_CUBE_MAP_POSITIVE_X + (GLenum)m->layer),
				       m->tex, m->level);
		break;
	default:
		glFramebufferTextureLayer(fbt, att, m->tex, m->level, m->layer);
		break;
	}
}

static void detach(GLenum fbt, GLenum att)
{
	glFramebufferTexture2D(fbt, att, GL_TEXTURE_2D, 0, 0);
}

static void img_free(struct img *m)
{
	if (m->own && m->tex)
		glDeleteTextures(1, &m->tex);
	m->tex = 0;
	m->own = false;
}

/* The resource's layer as an image; with `view`, always a texture view of that one level and
 * layer (2D or 2D multisample) in the internal format `internal`. */
static vigil_status img_of(struct vigil_core_ctx *ctx, const struct core_res *r, uint32_t level,
			   uint32_t layer, GLenum internal, bool view, struct img *ret)
{
	bool ms = r->desc.nr_samples > 1;

	*ret = (struct img){ r->id, r->target, (GLint)level, (GLint)layer, r->fmt->internal,
			     ms ? r->desc.nr_samples : 1u, r->fmt->flags, false };
	if (!view && internal == r->fmt->internal)
		return VIGIL_OK;
	if (!ctx->core->has_tex_view || r->target == GL_TEXTURE_3D)
		return view ? VIGIL_E_UNSUPPORTED : VIGIL_OK; /* the resource's own format */
	(void)core_gl_check(ctx);
	glGenTextures(1, &ret->tex);
	glTextureView(ret->tex, ms ? GL_TEXTURE_2D_MULTISAMPLE : GL_TEXTURE_2D, r->id, internal, level, 1,
		      layer, 1);
	if (core_gl_check(ctx) != VIGIL_OK) {
		glDeleteTextures(1, &ret->tex);
		*ret = (struct img){ 0 };
		return VIGIL_E_UNSUPPORTED;
	}
	ret->own = true;
	ret->target = ms ? GL_TEXTURE_2D_MULTISAMPLE : GL_TEXTURE_2D;
	ret->level = 0;
	ret->layer = 0;
	ret->internal = internal;
	return VIGIL_OK;
}

/* The internal format the record's view format asks for: only an uncompressed colour format of
 * the same block size and the same class flags as the resource's own (sRGB <-> linear, unorm <->
 * snorm), so glBlitFramebuffer never meets an integer / float mix it would refuse. */
static GLenum view_internal(const struct vigil_core *core, const struct core_res *r, uint32_t virgl)
{
	const struct core_format *f = core_format_get(&core->formats, virgl);
	const uint32_t aspects = CORE_FMT_DEPTH | CORE_FMT_STENCIL | CORE_FMT_COMPRESSED;

	if (!f || f->block_bytes != r->fmt->block_bytes || ((f->flags | r->fmt->flags) & aspects) ||
	    f->flags != r->fmt->flags)
		return r->fmt->internal;
	return f->internal;
}

/* Resolves the box of `s` (rectangle x0..x1, y0..y1 of level 0 coordinates of s) into a new
 * single-sampled texture large enough that the same rectangle exists in it. */
static vigil_status resolve(struct vigil_core_ctx *ctx, const struct img *s, GLenum att,
			    GLbitfield mask, const struct vigil_box *b, struct img *ret)
{
	GLsizei w = (GLsizei)(b->x + b->w), h = (GLsizei)(b->y + b->h);
	GLint x0 = (GLint)b->x, y0 = (GLint)b->y;
	const GLenum cb = GL_COLOR_ATTACHMENT0;
	GLboolean scissor = glIsEnabled(GL_SCISSOR_TEST);

	if (w <= 0 || h <= 0)
		return VIGIL_E_BOX;
	*ret = (struct img){ 0, GL_TEXTURE_2D, 0, 0, s->internal, 1, s->flags, true };
	glGenTextures(1, &ret->tex);
	glBindTexture(GL_TEXTURE_2D, ret->tex);
	glTexStorage2D(GL_TEXTURE_2D, 1, s->internal, w, h);
	glBindTexture(GL_TEXTURE_2D, 0);
	attach(GL_READ_FRAMEBUFFER, att, s);
	attach(GL_DRAW_FRAMEBUFFER, att, ret);
	glReadBuffer(att == GL_COLOR_ATTACHMENT0 ? cb : GL_NONE);
	glDrawBuffers(1, att == GL_COLOR_ATTACHMENT0 ? &cb : (const GLenum[]){ GL_NONE });
	glDisable(GL_SCISSOR_TEST);
	glBlitFramebuffer(x0, y0, x0 + (GLint)b->w, y0 + (GLint)b->h, x0, y0, x0 + (GLint)b->w,
			  y0 + (GLint)b->h, mask, GL_NEAREST);
	if (scissor)
		glEnable(GL_SCISSOR_TEST);
	detach(GL_READ_FRAMEBUFFER, att);
	detach(GL_DRAW_FRAMEBUFFER, att);
	if (core_gl_check(ctx) != VIGIL_OK) {
		img_free(ret);
		return VIGIL_E_STATE;
	}
	return VIGIL_OK;
}

static void set_rects(GLuint p, const struct vigil_rec_blit *r)
{
	glUniform4f(glGetUniformLocation(p, "srect"), (float)r->src_x, (float)r->src_y,
		    (float)r->src_x + (float)r->src_w, (float)r->src_y + (float)r->src_h);
	glUniform4f(glGetUniformLocation(p, "drect"), (float)r->dst_x, (float)r->dst_y,
		    (float)r->dst_x + (float)r->dst_w, (float)r->dst_y + (float)r->dst_h);
	glUniform1i(glGetUniformLocation(p, "src"), 0);
}

/* Draws src into the attachment `att` of d (bound to the draw FBO by the caller). */
static vigil_status draw_pass(struct vigil_core_ctx *ctx, const struct core_blit_job *j,
			      const struct img *src, const struct img *d, GLenum att)
{
	const struct vigil_rec_blit *r = j->r;
	bool per_sample = src->samples > 1;
	const GLenum cb = GL_COLOR_ATTACHMENT0;
	uint32_t lw = j->dst->desc.level[r->dst_level].width, lh = j->dst->desc.level[r->dst_level].height;
	int64_t x0 = j->db.x, y0 = j->db.y, x1 = (int64_t)j->db.x + j->db.w, y1 = (int64_t)j->db.y + j->db.h;
	GLuint p;

	if (r->scissor_enable) {
		x0 = x0 > r->scissor_minx ? x0 : r->scissor_minx;
		y0 = y0 > r->scissor_miny ? y0 : r->scissor_miny;
		x1 = x1 < r->scissor_maxx ? x1 : r->scissor_maxx;
		y1 = y1 < r->scissor_maxy ? y1 : r->scissor_maxy;
	}
	if (x1 <= x0 || y1 <= y0 || r->dst_w == 0 || r->dst_h == 0)
		return VIGIL_OK;
	attach(GL_DRAW_FRAMEBUFFER, att, d);
	glDrawBuffers(1, att == GL_COLOR_ATTACHMENT0 ? &cb : (const GLenum[]){ GL_NONE });
	if (glCheckFramebufferStatus(GL_DRAW_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
		detach(GL_DRAW_FRAMEBUFFER, att);
		return VIGIL_E_UNSUPPORTED;
	}
	glViewport(0, 0, (GLsizei)lw, (GLsizei)lh);
	glEnable(GL_SCISSOR_TEST);
	glScissor((GLint)x0, (GLint)y0, (GLsizei)(x1 - x0), (GLsizei)(y1 - y0));
	glDisable(GL_BLEND);
	glDisable(GL_CULL_FACE);
	glDisable(GL_POLYGON_OFFSET_FILL);
	glDisable(GL_SAMPLE_ALPHA_TO_COVERAGE);
	glDisable(GL_SAMPLE_COVERAGE);
	glDisable(GL_SAMPLE_MASK);
	glDisable(GL_DEPTH_TEST);
	glDisable(GL_STENCIL_TEST);
	glActiveTexture(GL_TEXTURE0);
	glBindSampler(0, 0);
	glBindTexture(src->target, src->tex);
	if (src->target == GL_TEXTURE_2D) {
		GLint f = r->filter == 1u && j->mask == GL_COLOR_BUFFER_BIT ? GL_LINEAR : GL_NEAREST;
		glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, f);
		glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, f);
		glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
		glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
	}
	glBindVertexArray(0);
	if (j->mask & GL_COLOR_BUFFER_BIT) {
		enum kind k = (src->flags & CORE_FMT_UINT) ? K_UINT : (src->flags & CORE_FMT_SINT) ? K_SINT : K_FLOAT;

		p = prog(ctx, k, per_sample);
		if (!p)
			goto unsupported;
		glUseProgram(p);
		set_rects(p, r);
		glUniform1i(glGetUniformLocation(p, "lin"), r->filter == 1u ? 1 : 0);
		glColorMaski(0, GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
		glDrawArrays(GL_TRIANGLES, 0, 3);
	}
	glColorMaski(0, GL_FALSE, GL_FALSE, GL_FALSE, GL_FALSE);
	if (j->mask & GL_DEPTH_BUFFER_BIT) {
		p = prog(ctx, K_DEPTH, per_sample);
		if (!p)
			goto unsupported;
		if (src->flags & CORE_FMT_STENCIL)
			glTexParameteri(src->target, GL_DEPTH_STENCIL_TEXTURE_MODE, GL_DEPTH_COMPONENT);
		glUseProgram(p);
		set_rects(p, r);
		glEnable(GL_DEPTH_TEST);
		glDepthFunc(GL_ALWAYS);
		glDepthMask(GL_TRUE);
		glDrawArrays(GL_TRIANGLES, 0, 3);
		glDisable(GL_DEPTH_TEST);
	}
	if (j->mask & GL_STENCIL_BUFFER_BIT) {
		const GLint zero = 0;

		p = prog(ctx, K_STENCIL, per_sample);
		if (!p)
			goto unsupported;
		if (src->flags & CORE_FMT_DEPTH)
			glTexParameteri(src->target, GL_DEPTH_STENCIL_TEXTURE_MODE, GL_STENCIL_INDEX);
		glUseProgram(p);
		set_rects(p, r);
		glStencilMask(0xffu);
		glClearBufferiv(GL_STENCIL, 0, &zero);
		glEnable(GL_STENCIL_TEST);
		glStencilFunc(GL_ALWAYS, 0xff, 0xffu);
		glStencilOp(GL_KEEP, GL_KEEP, GL_REPLACE);
		for (GLuint bit = 0; bit < 8u; bit++) {
			glStencilMask(1u << bit);
			glUniform1ui(glGetUniformLocation(p, "bit"), bit);
			glDrawArrays(GL_TRIANGLES, 0, 3);
		}
		glStencilMask(0xffu);
		glDisable(GL_STENCIL_TEST);
	}
	glColorMaski(0, GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
	glUseProgram(0);
	glBindTexture(src->target, 0);
	detach(GL_DRAW_FRAMEBUFFER, att);
	return core_gl_check(ctx);
unsupported:
	glColorMaski(0, GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
	glBindTexture(src->target, 0);
	detach(GL_DRAW_FRAMEBUFFER, att);
	return VIGIL_E_UNSUPPORTED;
}

static bool same_rects(const struct vigil_rec_blit *r)
{
	return r->src_x == r->dst_x && r->src_y == r->dst_y && r->src_w == r->dst_w && r->src_h == r->dst_h;
}

vigil_status core_blit_gles(struct vigil_core_ctx *ctx, const struct core_blit_job *j, uint32_t i)
{
	const struct vigil_rec_blit *r = j->r;
	bool colour = j->satt == GL_COLOR_ATTACHMENT0;
	GLenum sin = colour ? view_internal(ctx->core, j->src, r->src_format) : j->src->fmt->internal;
	GLenum din = colour ? view_internal(ctx->core, j->dst, r->dst_format) : j->dst->fmt->internal;
	bool dst_ms = j->dst->desc.nr_samples > 1;
	struct img s = { 0 }, d = { 0 }, t = { 0 };
	const GLenum cb = GL_COLOR_ATTACHMENT0;
	vigil_status st;

	if (ctx->core->has_srgb_write)
		glEnable(GL_FRAMEBUFFER_SRGB); /* the views' formats decide (core_apply_srgb's default is off) */
	st = img_of(ctx, j->src, r->src_level, j->sb.z + i, sin, dst_ms, &s);
	if (st == VIGIL_OK)
		st = img_of(ctx, j->dst, r->dst_level, j->db.z + i, din, false, &d);
	if (st != VIGIL_OK)
		goto out;
	/* A multisampled source glBlitFramebuffer cannot take as it is: resolve it first. */
	if (s.samples > 1 && (dst_ms ? (s.samples != d.samples || !same_rects(r)) :
			      (!same_rects(r) || s.internal != d.internal))) {
		st = resolve(ctx, &s, j->satt, j->mask, &j->sb, &t);
		if (st != VIGIL_OK)
			goto out;
		img_free(&s);
		s = t;
	}
	if (dst_ms) {
		st = draw_pass(ctx, j, &s, &d, j->datt);
		goto out;
	}
	attach(GL_READ_FRAMEBUFFER, j->satt, &s);
	attach(GL_DRAW_FRAMEBUFFER, j->datt, &d);
	glReadBuffer(colour ? cb : GL_NONE);
	glDrawBuffers(1, j->datt == GL_COLOR_ATTACHMENT0 ? &cb : (const GLenum[]){ GL_NONE });
	glBlitFramebuffer(r->src_x, r->src_y, r->src_x + r->src_w, r->src_y + r->src_h, r->dst_x,
			  r->dst_y, r->dst_x + r->dst_w, r->dst_y + r->dst_h, j->mask,
			  (r->filter == 1u && j->mask == GL_COLOR_BUFFER_BIT) ? GL_LINEAR : GL_NEAREST);
	detach(GL_READ_FRAMEBUFFER, j->satt);
	detach(GL_DRAW_FRAMEBUFFER, j->datt);
	st = core_gl_check(ctx);
out:
	if (ctx->core->has_srgb_write)
		glDisable(GL_FRAMEBUFFER_SRGB);
	img_free(&s);
	img_free(&d);
	return st;
}

void core_blit_gles_fini(struct vigil_core_ctx *ctx)
{
	for (size_t i = 0; i < sizeof(ctx->gles.blit_prog) / sizeof(ctx->gles.blit_prog[0]); i++) {
		if (ctx->gles.blit_prog[i])
			glDeleteProgram(ctx->gles.blit_prog[i]);
		ctx->gles.blit_prog[i] = 0;
	}
}
