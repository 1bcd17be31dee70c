/*
 * resource.c: resource creation, reference counting and destruction in the core.
 *
 * Input: the create arguments of a RESOURCE_CREATE(2) record and the internal handle of the
 * VIGIL_XREC_RESOURCE_HANDLE record that follows it. The core does not trust the validator's
 * verdict: vigil_res_desc_init runs again here and its descriptor (Mesa's guest layout) is the
 * one every later transfer is checked against. Guarantees: a texture gets immutable storage for
 * all its levels and reads back as zeros before the guest writes it (SECURITY-CASES R8); a
 * resource dies (GL object deleted, backing released through config.release_backing) exactly
 * once, when its last reference (guest or surface) goes.
 */
#include <stdlib.h>
#include <string.h>

#include "core_priv.h"

struct core_res *core_res_get(struct vigil_core_ctx *ctx, uint32_t handle)
{
	return core_map_get(&ctx->resources, handle);
}

static void res_free(struct vigil_core_ctx *ctx, struct core_res *r, bool gl)
{
	const struct vigil_core_config *cfg = &ctx->core->cfg;

	if (gl && r->id) {
		if (r->target == GL_ARRAY_BUFFER)
			glDeleteBuffers(1, &r->id);
		else
			glDeleteTextures(1, &r->id);
	}
	if (r->bk.iov && cfg->release_backing)
		cfg->release_backing(cfg->release_user, r->cookie);
	free(r->bk.iov);
	free(r);
}

void core_res_unref(struct vigil_core_ctx *ctx, struct core_res *r)
{
	if (--r->refs)
		return;
	core_map_del(&ctx->resources, r->handle);
	res_free(ctx, r, true);
}

void core_res_destroy_all(struct vigil_core_ctx *ctx, bool gl)
{
	for (uint32_t i = 0; i < ctx->resources.cap; i++) {
		struct core_res *r = core_map_slot(&ctx->resources, i);
		if (r)
			res_free(ctx, r, gl);
	}
	core_map_fini(&ctx->resources);
}

/* Zero every level: glClearTexImage where the host has it, else an upload of zeros. */
static vigil_status zero_texture(struct vigil_core_ctx *ctx, struct core_res *r)
{
	const struct vigil_res_desc *d = &r->desc;
	vigil_status s = VIGIL_OK;
	void *zeros = NULL;

	for (uint32_t l = 0; l <= d->last_level && s == VIGIL_OK; l++) {
		struct vigil_box b = { 0, 0, 0, d->level[l].width, d->level[l].height,
				       vigil_res_level_layers(d, l) };
		size_t row, rows, total;

		if (ctx->core->has_clear_tex && !(r->fmt->flags & CORE_FMT_COMPRESSED)) {
			glClearTexImage(r->id, (GLint)l, r->fmt->format, r->fmt->type, NULL);
			continue;
		}
		if (!core_box_bytes(r, &b, &row, &rows, &total))
			return VIGIL_E_OVERFLOW;
		if (!zeros) {
			/* Level 0 is the largest level; calloc'd pages stay untouched until read. */
			zeros = calloc(1, total);
			if (!zeros)
				return VIGIL_E_EXHAUSTED;
		}
		s = core_tex_upload(ctx, r, l, &b, zeros, total);
	}
	free(zeros);
	return s;
}

/* Multisampled storage cannot be uploaded to: clear it through the scratch FBO. */
static void zero_multisample(struct vigil_core_ctx *ctx, struct core_res *r)
{
	struct core_sub *sub = core_cur_sub(ctx);
	const GLuint zero_u[4] = { 0, 0, 0, 0 };
	uint32_t layers = vigil_res_level_layers(&r->desc, 0);
	GLenum att = (r->fmt->flags & CORE_FMT_DEPTH) ?
		((r->fmt->flags & CORE_FMT_STENCIL) ? GL_DEPTH_STENCIL_ATTACHMENT : GL_DEPTH_ATTACHMENT) :
		(r->fmt->flags & CORE_FMT_STENCIL) ? GL_STENCIL_ATTACHMENT : GL_COLOR_ATTACHMENT0;

	if (!sub->draw_fbo)
		glGenFramebuffers(1, &sub->draw_fbo);
	glBindFramebuffer(GL_DRAW_FRAMEBUFFER, sub->draw_fbo);
	for (uint32_t z = 0; z < layers; z++) {
		core_fb_attach(ctx, GL_DRAW_FRAMEBUFFER, att, r, 0, z);
		if (att == GL_COLOR_ATTACHMENT0) {
			const GLenum db = GL_COLOR_ATTACHMENT0;
			glDrawBuffers(1, &db);
			glColorMaski(0, GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
			glClearBufferuiv(GL_COLOR, 0, zero_u); /* all-zero bits in every colour type */
		} else {
			glDepthMask(GL_TRUE);
			glStencilMask(0xffu);
			glClearBufferfi(GL_DEPTH_STENCIL, 0, 0.0f, 0);
		}
		core_fb_attach(ctx, GL_DRAW_FRAMEBUFFER, att, NULL, 0, 0);
	}
	glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
}

static void tex_storage(struct vigil_core *core, struct core_res *r)
{
	const struct vigil_res_desc *d = &r->desc;
	GLsizei levels = (GLsizei)d->last_level + 1, w = (GLsizei)d->width, h = (GLsizei)d->height;
	GLsizei layers = (GLsizei)d->array_size, samples = (GLsizei)d->nr_samples;
	GLenum in = r->fmt->internal;

	(void)core;
	glBindTexture(r->target, r->id);
	switch (r->target) {
	case GL_TEXTURE_1D:
		glTexStorage1D(r->target, levels, in, w);
		break;
	case GL_TEXTURE_1D_ARRAY:
		glTexStorage2D(r->target, levels, in, w, layers);
		break;
	case GL_TEXTURE_2D:
	case GL_TEXTURE_RECTANGLE:
	case GL_TEXTURE_CUBE_MAP:
		glTexStorage2D(r->target, levels, in, w, h);
		break;
	case GL_TEXTURE_3D:
		glTexStorage3D(r->target, levels, in, w, h, (GLsizei)d->depth);
		break;
	case GL_TEXTURE_2D_ARRAY: /* also GLES 1D_ARRAY (height 1) */
	case GL_TEXTURE_CUBE_MAP_ARRAY:
		glTexStorage3D(r->target, levels, in, w, h, layers);
		break;
	case GL_TEXTURE_2D_MULTISAMPLE:
		glTexStorage2DMultisample(r->target, samples, in, w, h, GL_TRUE);
		break;
	case GL_TEXTURE_2D_MULTISAMPLE_ARRAY:
		glTexStorage3DMultisample(r->target, samples, in, w, h, layers, GL_TRUE);
		break;
	default:
		break;
	}
	glBindTexture(r->target, 0);
}

static vigil_status make_texture(struct vigil_core_ctx *ctx, struct core_res *r)
{
	struct vigil_core *core = ctx->core;
	vigil_status s;

	r->fmt = core_format_get(&core->formats, r->desc.format);
	if (!r->fmt || !r->fmt->can_sample)
		return VIGIL_E_UNSUPPORTED;
	if (r->desc.nr_samples > 1 && (GLint)r->desc.nr_samples > core->limits.max_samples)
		return VIGIL_E_UNSUPPORTED;
	r->target = core_gl_target(core, r->desc.target, r->desc.nr_samples);
	if (!r->target)
		return VIGIL_E_UNSUPPORTED;
	(void)core_gl_check(ctx);
	glGenTextures(1, &r->id);
	tex_storage(core, r);
	if (core_gl_check(ctx) != VIGIL_OK)
		return VIGIL_E_UNSUPPORTED;
	if (r->desc.nr_samples > 1) {
		zero_multisample(ctx, r);
		s = VIGIL_OK;
	} else {
		s = zero_texture(ctx, r);
	}
	if (s == VIGIL_OK)
		s = core_gl_check(ctx);
	return s;
}

static vigil_status make_buffer(struct vigil_core_ctx *ctx, struct core_res *r)
{
	void *zeros = calloc(1, r->desc.width);

	if (!zeros)
		return VIGIL_E_EXHAUSTED;
	r->target = GL_ARRAY_BUFFER;
	(void)core_gl_check(ctx);
	glGenBuffers(1, &r->id);
	glBindBuffer(GL_COPY_WRITE_BUFFER, r->id);
	glBufferData(GL_COPY_WRITE_BUFFER, (GLsizeiptr)r->desc.width, zeros, GL_DYNAMIC_DRAW);
	glBindBuffer(GL_COPY_WRITE_BUFFER, 0);
	free(zeros);
	return core_gl_check(ctx) == VIGIL_OK ? VIGIL_OK : VIGIL_E_EXHAUSTED;
}

vigil_status core_res_create(struct vigil_core_ctx *ctx, uint32_t guest_id, uint32_t handle,
			     const struct vigil_res_args *a)
{
	struct core_res *r;
	vigil_status s;

	(void)guest_id;
	if (!handle)
		return VIGIL_E_UNKNOWN_HANDLE;
	if (core_res_get(ctx, handle))
		return VIGIL_E_STATE;
	r = calloc(1, sizeof(*r));
	if (!r)
		return VIGIL_E_EXHAUSTED;
	r->handle = handle;
	r->refs = 1;
	r->guest_ref = true;
	s = vigil_res_desc_init(&r->desc, a);
	if (s == VIGIL_OK)
		s = r->desc.target == VIGIL_RES_TARGET_BUFFER ? make_buffer(ctx, r) : make_texture(ctx, r);
	if (s == VIGIL_OK)
		s = core_map_put(&ctx->resources, handle, r);
	if (s != VIGIL_OK) {
		res_free(ctx, r, true);
		return s;
	}
	return VIGIL_OK;
}
