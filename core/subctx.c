/*
 * subctx.c: sub-contexts, surfaces and the framebuffer state of the core.
 *
 * Input: CREATE/SET/DESTROY_SUB_CTX, CREATE_OBJECT(SURFACE), surface releases and
 * SET_FRAMEBUFFER_STATE records (untrusted values; handles resolve only in the current
 * sub-context's own map, the way the validator scopes them). Each sub-context owns a GL context
 * in the guest context's share group (sub-context 0 uses the root context) and its FBO.
 * Guarantees: a surface holds a reference on its resource and is kept alive by the framebuffer
 * binding that uses it, so neither dies while GL can still reach it; sub-context 0 always
 * exists; destroying a sub-context releases its surfaces exactly once.
 */
#include <stdlib.h>
#include <string.h>

#include "core_priv.h"
#include "vigil_records.h"
#include "vigil_spec.h"

#define CORE_MAX_SUBS VIGIL_LIMIT_MAX_SUB_CTX /* the validator's quota: slots including 0 */

vigil_status core_sub_init0(struct vigil_core_ctx *ctx)
{
	ctx->subs = calloc(4, sizeof(*ctx->subs));
	if (!ctx->subs)
		return VIGIL_E_EXHAUSTED;
	ctx->nsubs = 4;
	ctx->subs[0].live = true;
	ctx->subs[0].gl = ctx->root;
	ctx->cur = 0;
	return VIGIL_OK;
}

static bool find_sub(struct vigil_core_ctx *ctx, uint32_t id, uint32_t *ret_idx)
{
	for (uint32_t i = 0; i < ctx->nsubs; i++) {
		if (ctx->subs[i].live && ctx->subs[i].id == id) {
			*ret_idx = i;
			return true;
		}
	}
	return false;
}

vigil_status core_sub_create(struct vigil_core_ctx *ctx, uint32_t id)
{
	uint32_t idx;
	vigil_status s;

	if (find_sub(ctx, id, &idx))
		return VIGIL_OK; /* as virglrenderer: re-creating a live id is a no-op */
	for (idx = 1; idx < ctx->nsubs && ctx->subs[idx].live; idx++)
		;
	if (idx == ctx->nsubs) {
		struct core_sub *n;
		if (ctx->nsubs >= CORE_MAX_SUBS)
			return VIGIL_E_EXHAUSTED;
		n = realloc(ctx->subs, (size_t)ctx->nsubs * 2u * sizeof(*n));
		if (!n)
			return VIGIL_E_EXHAUSTED;
		memset(n + ctx->nsubs, 0, (size_t)ctx->nsubs * sizeof(*n));
		ctx->subs = n;
		ctx->nsubs *= 2u;
	}
	memset(&ctx->subs[idx], 0, sizeof(ctx->subs[idx]));
	s = vigil_egl_ctx_create(ctx->core->egl, ctx->root, &ctx->subs[idx].gl);
	if (s != VIGIL_OK)
		return s;
	ctx->subs[idx].id = id;
	ctx->subs[idx].live = true;
	return VIGIL_OK;
}

vigil_status core_sub_set(struct vigil_core_ctx *ctx, uint32_t id)
{
	uint32_t idx;

	if (!find_sub(ctx, id, &idx))
		return VIGIL_E_UNKNOWN_HANDLE;
	if (idx != ctx->cur)
		glFlush(); /* make this context's work visible to the share group */
	ctx->cur = idx;
	return core_make_current(ctx) ? VIGIL_OK : VIGIL_E_STATE;
}

static void surface_unref(struct vigil_core_ctx *ctx, struct core_surface *sf)
{
	if (!sf || --sf->refs)
		return;
	core_res_unref(ctx, sf->res);
	free(sf);
}

/* Releases everything the sub-context holds; GL state is deleted in its own context. */
void core_sub_fini(struct vigil_core_ctx *ctx, struct core_sub *sub)
{
	struct vigil_egl *egl = ctx->core->egl;

	if (!sub->live)
		return;
	if (vigil_egl_make_current(egl, sub->gl)) {
		GLuint fbos[3] = { sub->fbo, sub->read_fbo, sub->draw_fbo };
		glDeleteFramebuffers(3, fbos);
	}
	core_pipe_fini(ctx, sub); /* before the surfaces: nothing there refers to them */
	for (uint32_t i = 0; i < 8; i++) {
		surface_unref(ctx, sub->cbufs[i]);
		sub->cbufs[i] = NULL;
	}
	surface_unref(ctx, sub->zsurf);
	sub->zsurf = NULL;
	for (uint32_t i = 0; i < sub->surfaces.cap; i++)
		surface_unref(ctx, core_map_slot(&sub->surfaces, i));
	core_map_fini(&sub->surfaces);
	if (sub->gl != ctx->root)
		vigil_egl_ctx_destroy(egl, sub->gl);
	sub->gl = NULL;
	sub->live = false;
	vigil_egl_make_current(egl, ctx->root);
}

vigil_status core_sub_destroy(struct vigil_core_ctx *ctx, uint32_t id)
{
	uint32_t idx;

	if (id == 0)
		return VIGIL_E_STATE;
	if (!find_sub(ctx, id, &idx))
		return VIGIL_E_UNKNOWN_HANDLE;
	core_sub_fini(ctx, &ctx->subs[idx]);
	if (ctx->cur == idx)
		ctx->cur = 0; /* virglrenderer falls back to sub-context 0 */
	return core_make_current(ctx) ? VIGIL_OK : VIGIL_E_STATE;
}

vigil_status core_surface_create(struct vigil_core_ctx *ctx, const void *rec)
{
	const struct vigil_rec_create_surface *r = rec;
	struct core_sub *sub = core_cur_sub(ctx);
	struct core_res *res = core_res_get(ctx, r->res.v);
	struct core_surface *sf;
	vigil_status s;

	if (!res)
		return VIGIL_E_UNKNOWN_HANDLE;
	if (res->target != GL_ARRAY_BUFFER) {
		uint32_t first = r->b & 0xffffu, last = r->b >> 16;
		if (r->a > res->desc.last_level || first > last ||
		    last >= vigil_res_level_layers(&res->desc, r->a))
			return VIGIL_E_STATE;
	}
	sf = calloc(1, sizeof(*sf));
	if (!sf)
		return VIGIL_E_EXHAUSTED;
	sf->handle = r->handle.v;
	sf->refs = 1;
	sf->res = res;
	sf->format = r->format;
	sf->level = r->a;
	sf->first_layer = r->b & 0xffffu;
	sf->last_layer = r->b >> 16;
	s = core_map_put(&sub->surfaces, sf->handle, sf);
	if (s != VIGIL_OK) {
		free(sf);
		return s;
	}
	res->refs++;
	return VIGIL_OK;
}

vigil_status core_surface_release(struct vigil_core_ctx *ctx, uint32_t handle)
{
	struct core_surface *sf = core_map_del(&core_cur_sub(ctx)->surfaces, handle);

	if (!sf)
		return VIGIL_E_UNKNOWN_HANDLE;
	surface_unref(ctx, sf);
	return VIGIL_OK;
}

static GLenum zs_attachment(const struct core_format *f)
{
	if ((f->flags & CORE_FMT_DEPTH) && (f->flags & CORE_FMT_STENCIL))
		return GL_DEPTH_STENCIL_ATTACHMENT;
	return (f->flags & CORE_FMT_DEPTH) ? GL_DEPTH_ATTACHMENT : GL_STENCIL_ATTACHMENT;
}

/* Attaches the state to the FBO (first layer of each surface; layered rendering comes with
 * draws). Surfaces on buffers cannot be attached and leave the attachment empty. */
static void attach_all(struct vigil_core_ctx *ctx, struct core_sub *sub)
{
	GLenum bufs[8];
	const GLenum zs[3] = { GL_DEPTH_ATTACHMENT, GL_STENCIL_ATTACHMENT, GL_DEPTH_STENCIL_ATTACHMENT };

	glBindFramebuffer(GL_FRAMEBUFFER, sub->fbo);
	for (uint32_t i = 0; i < 8; i++) {
		const struct core_surface *sf = sub->cbufs[i];
		bool ok = sf && sf->res->target != GL_ARRAY_BUFFER;
		core_fb_attach(ctx, GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0 + i, ok ? sf->res : NULL,
			       ok ? sf->level : 0, ok ? sf->first_layer : 0);
		bufs[i] = ok ? GL_COLOR_ATTACHMENT0 + i : GL_NONE;
	}
	for (uint32_t i = 0; i < 3; i++)
		core_fb_attach(ctx, GL_FRAMEBUFFER, zs[i], NULL, 0, 0);
	if (sub->zsurf && sub->zsurf->res->target != GL_ARRAY_BUFFER)
		core_fb_attach(ctx, GL_FRAMEBUFFER, zs_attachment(sub->zsurf->res->fmt), sub->zsurf->res,
			       sub->zsurf->level, sub->zsurf->first_layer);
	glDrawBuffers(8, bufs);
}

vigil_status core_set_framebuffer(struct vigil_core_ctx *ctx, const void *rec)
{
	const struct vigil_rec_set_framebuffer_state *r = rec;
	struct core_sub *sub = core_cur_sub(ctx);
	struct core_surface *next[8] = { NULL }, *z = NULL;

	if (r->nr_cbufs > 8 || r->count_cbufs > 8 || r->count_cbufs < r->nr_cbufs)
		return VIGIL_E_STATE;
	if (r->zsurf.v && !(z = core_map_get(&sub->surfaces, r->zsurf.v)))
		return VIGIL_E_UNKNOWN_HANDLE;
	if (z && !(z->res->fmt && (z->res->fmt->flags & (CORE_FMT_DEPTH | CORE_FMT_STENCIL))))
		return VIGIL_E_STATE;
	for (uint32_t i = 0; i < r->nr_cbufs; i++) {
		if (r->cbufs[i].cbuf.v && !(next[i] = core_map_get(&sub->surfaces, r->cbufs[i].cbuf.v)))
			return VIGIL_E_UNKNOWN_HANDLE;
	}
	for (uint32_t i = 0; i < 8; i++) {
		if (next[i])
			next[i]->refs++;
		surface_unref(ctx, sub->cbufs[i]);
		sub->cbufs[i] = next[i];
	}
	if (z)
		z->refs++;
	surface_unref(ctx, sub->zsurf);
	sub->zsurf = z;
	sub->nr_cbufs = r->nr_cbufs;
	if (!sub->fbo)
		glGenFramebuffers(1, &sub->fbo);
	attach_all(ctx, sub);
	glBindFramebuffer(GL_FRAMEBUFFER, 0);
	return core_gl_check(ctx);
}

vigil_status core_bind_framebuffer(struct vigil_core_ctx *ctx)
{
	struct core_sub *sub = core_cur_sub(ctx);

	if (!sub->fbo)
		return VIGIL_E_STATE;
	glBindFramebuffer(GL_FRAMEBUFFER, sub->fbo);
	return VIGIL_OK;
}
