/*
 * blit.c: BLIT (glBlitFramebuffer) and RESOURCE_COPY_REGION (glCopyImageSubData or a buffer
 * copy).
 *
 * Input: BLIT / RESOURCE_COPY_REGION records (untrusted values). Boxes are re-checked against
 * the core's descriptors with the validator's box functions before GL sees them (blit boxes
 * after normalizing negative extents, which mirror). A blit copies min(src depth, dst depth)
 * layers one to one; each layer is a glBlitFramebuffer between two scratch FBOs with the
 * record's mask (colour / depth / stencil), filter and optional scissor. Format conversions are
 * those glBlitFramebuffer performs between the two resources' own formats on desktop GL; on
 * GLES each layer goes to blit_gles.c, which honours the record's view formats (sRGB or not)
 * and emulates what GLES's glBlitFramebuffer refuses (multisampled destinations, resolves
 * between different rectangles or formats).
 */
#include <stdlib.h>

#include "core_priv.h"
#include "vigil_records.h"

static bool axis(int32_t start, int32_t extent, uint32_t *ret_start, uint32_t *ret_len)
{
	int64_t lo = start, len = extent;

	if (len < 0) {
		lo += len;
		len = -len;
	}
	if (lo < 0 || lo > INT32_MAX || len > INT32_MAX)
		return false;
	*ret_start = (uint32_t)lo;
	*ret_len = (uint32_t)len;
	return true;
}

static vigil_status check_blit_box(const struct core_res *r, uint32_t level, int32_t x, int32_t y,
				   int32_t z, int32_t w, int32_t h, int32_t d, struct vigil_box *ret)
{
	if (!axis(x, w, &ret->x, &ret->w) || !axis(y, h, &ret->y, &ret->h) || !axis(z, d, &ret->z, &ret->d))
		return VIGIL_E_BOX;
	return vigil_res_check_box(&r->desc, level, ret);
}

static GLenum attachment_for(const struct core_format *f, GLbitfield *mask)
{
	if (f->flags & (CORE_FMT_DEPTH | CORE_FMT_STENCIL)) {
		*mask &= (GLbitfield)(((f->flags & CORE_FMT_DEPTH) ? GL_DEPTH_BUFFER_BIT : 0u) |
				      ((f->flags & CORE_FMT_STENCIL) ? GL_STENCIL_BUFFER_BIT : 0u));
		if ((f->flags & CORE_FMT_DEPTH) && (f->flags & CORE_FMT_STENCIL))
			return GL_DEPTH_STENCIL_ATTACHMENT;
		return (f->flags & CORE_FMT_DEPTH) ? GL_DEPTH_ATTACHMENT : GL_STENCIL_ATTACHMENT;
	}
	*mask &= GL_COLOR_BUFFER_BIT;
	return GL_COLOR_ATTACHMENT0;
}

vigil_status core_blit(struct vigil_core_ctx *ctx, const void *rec)
{
	const struct vigil_rec_blit *r = rec;
	struct core_res *src = core_res_get(ctx, r->src_res.v), *dst = core_res_get(ctx, r->dst_res.v);
	struct core_sub *sub = core_cur_sub(ctx);
	struct vigil_box sb, db;
	GLbitfield mask = 0;
	GLenum satt, datt;
	vigil_status s;
	uint32_t layers;

	if (!src || !dst)
		return VIGIL_E_UNKNOWN_HANDLE;
	if (r->render_condition_enable && !core_render_allowed(ctx))
		return VIGIL_OK; /* SET_RENDER_CONDITION says skip */
	if (src->target == GL_ARRAY_BUFFER || dst->target == GL_ARRAY_BUFFER)
		return VIGIL_E_STATE;
	s = check_blit_box(src, r->src_level, r->src_x, r->src_y, r->src_z, r->src_w, r->src_h, r->src_d, &sb);
	if (s == VIGIL_OK)
		s = check_blit_box(dst, r->dst_level, r->dst_x, r->dst_y, r->dst_z, r->dst_w, r->dst_h, r->dst_d, &db);
	if (s != VIGIL_OK)
		return s;
	if (r->mask & 0xfu)
		mask |= GL_COLOR_BUFFER_BIT;
	if (r->mask & 0x10u)
		mask |= GL_DEPTH_BUFFER_BIT;
	if (r->mask & 0x20u)
		mask |= GL_STENCIL_BUFFER_BIT;
	satt = attachment_for(src->fmt, &mask);
	datt = attachment_for(dst->fmt, &mask);
	if (!mask)
		return VIGIL_OK;
	if (!sub->read_fbo)
		glGenFramebuffers(1, &sub->read_fbo);
	if (!sub->draw_fbo)
		glGenFramebuffers(1, &sub->draw_fbo);
	glBindFramebuffer(GL_READ_FRAMEBUFFER, sub->read_fbo);
	glBindFramebuffer(GL_DRAW_FRAMEBUFFER, sub->draw_fbo);
	glDisable(GL_RASTERIZER_DISCARD);
	glColorMaski(0, GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
	glDepthMask(GL_TRUE);
	glStencilMask(0xffu);
	if (r->scissor_enable) {
		glEnable(GL_SCISSOR_TEST);
		glScissor((GLint)r->scissor_minx, (GLint)r->scissor_miny,
			  (GLsizei)(r->scissor_maxx > r->scissor_minx ? r->scissor_maxx - r->scissor_minx : 0),
			  (GLsizei)(r->scissor_maxy > r->scissor_miny ? r->scissor_maxy - r->scissor_miny : 0));
	} else {
		glDisable(GL_SCISSOR_TEST);
	}
	layers = sb.d < db.d ? sb.d : db.d;
	if (ctx->core->gles) {
		const struct core_blit_job j = { r, src, dst, sb, db, mask, satt, datt };

		for (uint32_t i = 0; i < layers && s == VIGIL_OK; i++)
			s = core_blit_gles(ctx, &j, i);
		glDisable(GL_SCISSOR_TEST);
		glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
		glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
		return s;
	}
	for (uint32_t i = 0; i < layers; i++) {
		const GLenum cb = GL_COLOR_ATTACHMENT0;
		core_fb_attach(ctx, GL_READ_FRAMEBUFFER, satt, src, r->src_level, sb.z + i);
		core_fb_attach(ctx, GL_DRAW_FRAMEBUFFER, datt, dst, r->dst_level, db.z + i);
		glReadBuffer(satt == GL_COLOR_ATTACHMENT0 ? cb : GL_NONE);
		glDrawBuffers(1, datt == GL_COLOR_ATTACHMENT0 ? &cb : (const GLenum[]){ GL_NONE });
		/* Mirrored boxes keep their sign: (x, x + w) with w < 0 flips the axis. */
		glBlitFramebuffer(r->src_x, r->src_y, r->src_x + r->src_w, r->src_y + r->src_h,
				  r->dst_x, r->dst_y, r->dst_x + r->dst_w, r->dst_y + r->dst_h, mask,
				  (r->filter == 1u && mask == GL_COLOR_BUFFER_BIT) ? GL_LINEAR : GL_NEAREST);
		core_fb_attach(ctx, GL_READ_FRAMEBUFFER, satt, NULL, 0, 0);
		core_fb_attach(ctx, GL_DRAW_FRAMEBUFFER, datt, NULL, 0, 0);
	}
	glDisable(GL_SCISSOR_TEST);
	glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
	glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
	return core_gl_check(ctx);
}

vigil_status core_copy_region(struct vigil_core_ctx *ctx, const void *rec)
{
	const struct vigil_rec_resource_copy_region *r = rec;
	struct core_res *src = core_res_get(ctx, r->src_res.v), *dst = core_res_get(ctx, r->dst_res.v);
	struct vigil_box sb = { r->src_x, r->src_y, r->src_z, r->src_w, r->src_h, r->src_d };
	struct vigil_box db = { r->dst_x, r->dst_y, r->dst_z, r->src_w, r->src_h, r->src_d };
	vigil_status s;

	if (!src || !dst)
		return VIGIL_E_UNKNOWN_HANDLE;
	if ((src->target == GL_ARRAY_BUFFER) != (dst->target == GL_ARRAY_BUFFER))
		return VIGIL_E_STATE;
	s = vigil_res_check_box(&src->desc, r->src_level, &sb);
	if (s == VIGIL_OK)
		s = vigil_res_check_box(&dst->desc, r->dst_level, &db);
	if (s != VIGIL_OK)
		return s;
	if (src->target == GL_ARRAY_BUFFER) {
		glBindBuffer(GL_COPY_READ_BUFFER, src->id);
		glBindBuffer(GL_COPY_WRITE_BUFFER, dst->id);
		glCopyBufferSubData(GL_COPY_READ_BUFFER, GL_COPY_WRITE_BUFFER, (GLintptr)sb.x,
				    (GLintptr)db.x, (GLsizeiptr)sb.w);
		glBindBuffer(GL_COPY_READ_BUFFER, 0);
		glBindBuffer(GL_COPY_WRITE_BUFFER, 0);
		return core_gl_check(ctx);
	}
	if (src->fmt->block_bytes != dst->fmt->block_bytes)
		return VIGIL_E_STATE;
	/* The Gallium box as is: unlike glTexSubImage, glCopyImageSubData addresses the layers of
	 * every array target, GL_TEXTURE_1D_ARRAY included, with z and depth (GL 4.6 18.3.3). */
	glCopyImageSubData(src->id, src->target, (GLint)r->src_level, (GLint)sb.x, (GLint)sb.y,
			   (GLint)sb.z, dst->id, dst->target, (GLint)r->dst_level, (GLint)db.x,
			   (GLint)db.y, (GLint)db.z, (GLsizei)sb.w, (GLsizei)sb.h, (GLsizei)sb.d);
	return core_gl_check(ctx);
}
