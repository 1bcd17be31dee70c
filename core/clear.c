/*
 * clear.c: CLEAR (the framebuffer's colour buffers, depth, stencil) and CLEAR_TEXTURE.
 *
 * Input: CLEAR / CLEAR_TEXTURE records (untrusted values). CLEAR applies to the current
 * sub-context's framebuffer state with the record's raw colour words interpreted by each
 * attachment's format class (float bits, int or uint), the depth as the record's double and the
 * stencil masked to 8 bits, over every layer of each surface's layer range. The write masks do
 * not apply (Gallium clear semantics); the scissor of the bound rasterizer does when it enables
 * scissoring (virglrenderer's behaviour, which Mesa's state tracker relies on for clears after a
 * scissored draw). CLEAR_TEXTURE re-checks its box
 * against the level and writes the record's texel (in the resource's format) into every texel
 * of the box, with glClearTexSubImage where the host has it, else by uploading the texel
 * replicated over the box.
 */
#include <stdlib.h>
#include <string.h>

#include "core_priv.h"
#include "vigil_records.h"

static void reset_write_state(void)
{
	glDisable(GL_SCISSOR_TEST);
	glDisable(GL_RASTERIZER_DISCARD);
	for (GLuint i = 0; i < 8; i++)
		glColorMaski(i, GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
	glDepthMask(GL_TRUE);
	glStencilMask(0xffu);
}

static void clear_colour(const struct core_surface *sf, uint32_t i, const uint32_t color[4])
{
	if (sf->res->fmt->flags & CORE_FMT_UINT) {
		glClearBufferuiv(GL_COLOR, (GLint)i, color);
	} else if (sf->res->fmt->flags & CORE_FMT_SINT) {
		GLint iv[4];
		memcpy(iv, color, sizeof(iv));
		glClearBufferiv(GL_COLOR, (GLint)i, iv);
	} else {
		GLfloat fv[4];
		memcpy(fv, color, sizeof(fv));
		glClearBufferfv(GL_COLOR, (GLint)i, fv);
	}
}

static void clear_zs(bool cd, bool cs, GLfloat d, GLint stencil)
{
	if (cd && cs)
		glClearBufferfi(GL_DEPTH_STENCIL, 0, d, stencil);
	else if (cd)
		glClearBufferfv(GL_DEPTH, 0, &d);
	else if (cs)
		glClearBufferiv(GL_STENCIL, 0, &stencil);
}

/* The framebuffer attaches the first layer of each surface; a clear covers all of its layers
 * (Gallium clears every layer of a layered surface), one attached layer at a time. */
static void layer(struct vigil_core_ctx *ctx, GLenum att, const struct core_surface *sf, uint32_t z)
{
	core_fb_attach(ctx, GL_FRAMEBUFFER, att, sf->res, sf->level, z);
}

vigil_status core_clear(struct vigil_core_ctx *ctx, const void *rec)
{
	const struct vigil_rec_clear *r = rec;
	struct core_sub *sub = core_cur_sub(ctx);
	const uint32_t color[4] = { r->color0, r->color1, r->color2, r->color3 };
	uint64_t dbits = (uint64_t)r->depth_hi << 32 | r->depth_lo;
	double depth;
	GLint stencil = (GLint)(r->stencil & 0xffu);
	vigil_status s;

	if (!sub->fbo)
		return VIGIL_OK; /* no framebuffer state yet: nothing is bound, nothing to clear */
	if (!core_render_allowed(ctx))
		return VIGIL_OK; /* Gallium clears obey the render condition */
	s = core_bind_framebuffer(ctx);
	if (s != VIGIL_OK)
		return s;
	if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
		glBindFramebuffer(GL_FRAMEBUFFER, 0);
		return VIGIL_OK; /* a surface GL cannot render to (a sampler-only format): as draws do */
	}
	memcpy(&depth, &dbits, sizeof(depth));
	if (!(depth >= 0.0)) /* NaN and negatives */
		depth = 0.0;
	if (depth > 1.0)
		depth = 1.0;
	reset_write_state();
	core_apply_clear_scissor(ctx); /* as virglrenderer: the bound rasterizer's scissor applies */
	core_apply_srgb(ctx, true);    /* an sRGB surface stores the clear colour encoded */
	for (uint32_t i = 0; i < sub->nr_cbufs && i < 8; i++) {
		const struct core_surface *sf = sub->cbufs[i];
		if (!sf || !(r->buffers & (4u << i)) || !sf->res->fmt)
			continue;
		for (uint32_t z = sf->first_layer; z <= sf->last_layer; z++) {
			if (z != sf->first_layer)
				layer(ctx, GL_COLOR_ATTACHMENT0 + i, sf, z);
			clear_colour(sf, i, color);
		}
		if (sf->last_layer > sf->first_layer)
			layer(ctx, GL_COLOR_ATTACHMENT0 + i, sf, sf->first_layer);
	}
	if (sub->zsurf && sub->zsurf->res->fmt) {
		const struct core_surface *sf = sub->zsurf;
		uint32_t f = sf->res->fmt->flags;
		bool cd = (r->buffers & 1u) && (f & CORE_FMT_DEPTH);
		bool cs = (r->buffers & 2u) && (f & CORE_FMT_STENCIL);
		GLenum att = (f & CORE_FMT_DEPTH) ? ((f & CORE_FMT_STENCIL) ? GL_DEPTH_STENCIL_ATTACHMENT :
					   GL_DEPTH_ATTACHMENT) : GL_STENCIL_ATTACHMENT;
		for (uint32_t z = sf->first_layer; (cd || cs) && z <= sf->last_layer; z++) {
			if (z != sf->first_layer)
				layer(ctx, att, sf, z);
			clear_zs(cd, cs, (GLfloat)depth, stencil);
		}
		if ((cd || cs) && sf->last_layer > sf->first_layer)
			layer(ctx, att, sf, sf->first_layer);
	}
	core_apply_srgb(ctx, false);
	glBindFramebuffer(GL_FRAMEBUFFER, 0);
	return core_gl_check(ctx);
}

/* The texel in GL's layout for the format (BGRA swap / Z24 rotation as in transfers). */
static void texel_to_gl(const struct core_format *f, const uint32_t value[4], uint8_t out[16])
{
	memcpy(out, value, 16);
	if (f->flags & CORE_FMT_SWAP_RB) {
		uint8_t t = out[0];
		out[0] = out[2];
		out[2] = t;
	}
	if (f->flags & CORE_FMT_Z24_LOW) {
		uint32_t v;
		memcpy(&v, out, 4);
		v = (v << 8) | (v >> 24);
		memcpy(out, &v, 4);
	}
}

vigil_status core_clear_texture(struct vigil_core_ctx *ctx, const void *rec)
{
	const struct vigil_rec_clear_texture *r = rec;
	struct core_res *res = core_res_get(ctx, r->res.v);
	const uint32_t value[4] = { r->value0, r->value1, r->value2, r->value3 };
	struct vigil_box b = { r->x, r->y, r->z, r->w, r->h, r->d };
	uint8_t texel[16];
	size_t row, rows, total, bb;
	uint8_t *fill;
	vigil_status s;

	if (!res)
		return VIGIL_E_UNKNOWN_HANDLE;
	if (res->target == GL_ARRAY_BUFFER)
		return VIGIL_E_STATE;
	s = vigil_res_check_box(&res->desc, r->level, &b);
	if (s != VIGIL_OK)
		return s;
	bb = res->fmt->block_bytes;
	if (bb > sizeof(texel))
		return VIGIL_E_STATE;
	texel_to_gl(res->fmt, value, texel);
	if (ctx->core->has_clear_tex && !(res->fmt->flags & CORE_FMT_COMPRESSED)) {
		GLint y = (GLint)b.y, z = (GLint)b.z;
		GLsizei h = (GLsizei)b.h, d = (GLsizei)b.d;
		if (res->target == GL_TEXTURE_1D_ARRAY) {
			y = z;
			h = d;
			z = 0;
			d = 1;
		}
		glClearTexSubImage(res->id, (GLint)r->level, (GLint)b.x, y, z, (GLsizei)b.w, h, d,
				   res->fmt->format, res->fmt->type, texel);
		return core_gl_check(ctx);
	}
	if (res->desc.nr_samples > 1)
		return VIGIL_E_UNSUPPORTED;
	if (!core_box_bytes(res, &b, &row, &rows, &total))
		return VIGIL_E_OVERFLOW;
	fill = malloc(total ? total : 1u);
	if (!fill)
		return VIGIL_E_EXHAUSTED;
	for (size_t i = 0; i + bb <= total; i += bb)
		memcpy(fill + i, texel, bb);
	s = core_tex_upload(ctx, res, r->level, &b, fill, total);
	free(fill);
	return s;
}
