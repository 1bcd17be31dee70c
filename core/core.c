/*
 * core.c: the rendering core's entry points (vigil_core.h): the core (EGL display, probe
 * context, format table, limits) and guest contexts (root GL context, resource table,
 * sub-contexts), backing attachment and idle waits.
 *
 * Inputs: host configuration, and from callers the internal handles of records (untrusted
 * values, resolved only through the context's own map). Guarantees: each guest context is its
 * own GL share group, so no GL object of one context is reachable from another; destroying a
 * context releases every resource's backing through config.release_backing exactly once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_priv.h"

bool core_make_current(struct vigil_core_ctx *ctx)
{
	return vigil_egl_make_current(ctx->core->egl, core_cur_sub(ctx)->gl);
}

vigil_status core_gl_check(struct vigil_core_ctx *ctx)
{
	vigil_status s = VIGIL_OK;

	/* Bounded: a broken driver could report errors forever. */
	for (int i = 0; i < 16 && glGetError() != GL_NO_ERROR; i++) {
		ctx->gl_errors++;
		s = VIGIL_E_STATE;
	}
	return s;
}

/* What the host offers beyond the base versions (3.3 core / ES 3.0): each flag names the desktop
 * version or the GLES extension that provides it (the functions are the same entry points,
 * which libepoxy resolves through the registry's aliases). */
static void core_host_features(struct vigil_core *core)
{
	int v = core->gl_version;

	if (core->gles) {
		core->has_viewport_array = epoxy_has_gl_extension("GL_OES_viewport_array");
		core->has_base_instance = epoxy_has_gl_extension("GL_EXT_base_instance");
		core->has_copy_image = v >= 32 || epoxy_has_gl_extension("GL_OES_copy_image") ||
				       epoxy_has_gl_extension("GL_EXT_copy_image");
		core->has_clip_cull = epoxy_has_gl_extension("GL_EXT_clip_cull_distance");
		core->has_offset_clamp = epoxy_has_gl_extension("GL_EXT_polygon_offset_clamp");
		core->has_clip_control = epoxy_has_gl_extension("GL_EXT_clip_control");
		return;
	}
	core->has_viewport_array = v >= 41;
	core->has_base_instance = v >= 42;
	core->has_copy_image = v >= 43;
	core->has_clip_cull = v >= 45;
	core->has_offset_clamp = v >= 46;
	core->has_clip_control = v >= 45;
}

vigil_status vigil_core_create(const struct vigil_core_config *cfg, struct vigil_core **ret_core)
{
	struct vigil_core *core = calloc(1, sizeof(*core));
	vigil_status s;

	if (!core)
		return VIGIL_E_EXHAUSTED;
	core->cfg = *cfg;
	s = vigil_egl_open(cfg->backend, cfg->render_node, &core->egl);
	if (s != VIGIL_OK)
		goto fail;
	s = vigil_egl_ctx_create(core->egl, NULL, &core->probe);
	if (s != VIGIL_OK)
		goto fail;
	if (!vigil_egl_make_current(core->egl, core->probe)) {
		s = VIGIL_E_UNSUPPORTED;
		goto fail;
	}
	core->gles = vigil_egl_is_gles(core->egl);
	core->gl_version = epoxy_gl_version();
	if (core->gles ? core->gl_version < 30 : core->gl_version < 33) {
		s = VIGIL_E_UNSUPPORTED;
		goto fail;
	}
	core->has_get_sub_image = !core->gles &&
		(core->gl_version >= 45 || epoxy_has_gl_extension("GL_ARB_get_texture_sub_image"));
	core->has_clear_tex = core->gles ? epoxy_has_gl_extension("GL_EXT_clear_texture")
					 : (core->gl_version >= 44 || epoxy_has_gl_extension("GL_ARB_clear_texture"));
	core->has_tex_view = core->gles ? (epoxy_has_gl_extension("GL_OES_texture_view") ||
					   epoxy_has_gl_extension("GL_EXT_texture_view"))
					: (core->gl_version >= 43 || epoxy_has_gl_extension("GL_ARB_texture_view"));
	core->has_srgb_write = !core->gles || epoxy_has_gl_extension("GL_EXT_sRGB_write_control");
	core->has_depth_clamp = !core->gles || epoxy_has_gl_extension("GL_EXT_depth_clamp");
	core_host_features(core);
	snprintf(core->renderer, sizeof(core->renderer), "%s", (const char *)glGetString(GL_RENDERER));
	core_formats_init(&core->formats, cfg->backend);
	core_probe(core);
	vigil_egl_make_current(core->egl, NULL);
	core_probe_readback(core);
	*ret_core = core;
	return VIGIL_OK;
fail:
	vigil_core_destroy(core);
	return s;
}

void vigil_core_destroy(struct vigil_core *core)
{
	if (!core)
		return;
	if (core->egl) {
		vigil_egl_ctx_destroy(core->egl, core->probe);
		vigil_egl_close(core->egl);
	}
	free(core);
}

vigil_status vigil_core_ctx_create(struct vigil_core *core, const char *debug_name,
				   struct vigil_core_ctx **ret_ctx)
{
	struct vigil_core_ctx *ctx = calloc(1, sizeof(*ctx));
	vigil_status s;

	if (!ctx)
		return VIGIL_E_EXHAUSTED;
	ctx->core = core;
	snprintf(ctx->name, sizeof(ctx->name), "%s", debug_name ? debug_name : "");
	s = vigil_egl_ctx_create(core->egl, NULL, &ctx->root);
	if (s == VIGIL_OK)
		s = core_sub_init0(ctx);
	if (s == VIGIL_OK && !core_make_current(ctx))
		s = VIGIL_E_EXHAUSTED;
	if (s != VIGIL_OK) {
		vigil_core_ctx_destroy(ctx);
		return s;
	}
	*ret_ctx = ctx;
	return VIGIL_OK;
}

void vigil_core_ctx_destroy(struct vigil_core_ctx *ctx)
{
	struct vigil_egl *egl;

	if (!ctx)
		return;
	egl = ctx->core->egl;
	if (ctx->root && vigil_egl_make_current(egl, ctx->root)) {
		for (uint32_t i = 0; i < ctx->nsubs; i++)
			core_sub_fini(ctx, &ctx->subs[i]);
		core_res_destroy_all(ctx, true);
		vigil_gles_helpers_fini(ctx);
		if (ctx->last_sync)
			glDeleteSync(ctx->last_sync);
	} else {
		/* No GL: still hand every backing back to its owner. */
		for (uint32_t i = 0; i < ctx->nsubs; i++)
			core_pipe_free_nogl(&ctx->subs[i]);
		core_res_destroy_all(ctx, false);
	}
	free(ctx->subs);
	core_map_fini(&ctx->resources);
	vigil_egl_ctx_destroy(egl, ctx->root);
	vigil_egl_make_current(egl, NULL);
	free(ctx);
}

vigil_status vigil_core_attach_backing(struct vigil_core_ctx *ctx, uint32_t res_handle,
				       const struct iovec *iov, unsigned niov, void *cookie)
{
	struct core_res *r = core_res_get(ctx, res_handle);
	size_t total = 0;

	if (!r)
		return VIGIL_E_UNKNOWN_HANDLE;
	if (r->bk.iov)
		return VIGIL_E_STATE;
	if (!iov || niov == 0 || niov > VIGIL_CORE_MAX_IOV)
		return VIGIL_E_COUNT;
	for (unsigned i = 0; i < niov; i++) {
		if (iov[i].iov_len && !iov[i].iov_base)
			return VIGIL_E_BACKING;
		if (iov[i].iov_len > SIZE_MAX - total)
			return VIGIL_E_OVERFLOW;
		total += iov[i].iov_len;
	}
	if (total < r->desc.data_size)
		return VIGIL_E_BACKING;
	r->bk.iov = calloc(niov, sizeof(*r->bk.iov));
	if (!r->bk.iov)
		return VIGIL_E_EXHAUSTED;
	memcpy(r->bk.iov, iov, niov * sizeof(*iov));
	r->bk.niov = niov;
	r->bk.size = total;
	r->cookie = cookie;
	return VIGIL_OK;
}

vigil_status vigil_core_transfer_inline(struct vigil_core_ctx *ctx, uint32_t res_handle, uint32_t level,
					const struct vigil_box *b, uint32_t stride, uint32_t layer_stride,
					void *data, size_t size, bool to_host)
{
	struct iovec one = { data, size };
	struct core_backing bk = { &one, 1, size };
	vigil_status s;

	if (!data || !size)
		return VIGIL_E_BACKING;
	if (!core_make_current(ctx))
		return VIGIL_E_STATE;
	s = core_transfer_bk(ctx, res_handle, &bk, level, b, stride, layer_stride, 0, to_host);
	return s;
}

vigil_status vigil_core_wait_idle(struct vigil_core_ctx *ctx)
{
	if (!core_make_current(ctx))
		return VIGIL_E_STATE;
	glFinish();
	if (ctx->last_sync) {
		glDeleteSync(ctx->last_sync);
		ctx->last_sync = 0;
	}
	return VIGIL_OK;
}

/* glClientWaitSync with a timeout; *ret_done says whether the sync signaled. */
static vigil_status sync_wait(GLsync sync, uint64_t timeout_ns, bool *ret_done)
{
	GLenum r = glClientWaitSync(sync, GL_SYNC_FLUSH_COMMANDS_BIT, (GLuint64)timeout_ns);

	if (r == GL_WAIT_FAILED)
		return VIGIL_E_STATE;
	*ret_done = r == GL_ALREADY_SIGNALED || r == GL_CONDITION_SATISFIED;
	return VIGIL_OK;
}

vigil_status vigil_core_busy(struct vigil_core_ctx *ctx, uint64_t timeout_ns, bool *ret_busy)
{
	bool done = true;
	vigil_status s = VIGIL_OK;

	*ret_busy = false;
	if (!ctx->last_sync)
		return VIGIL_OK;
	if (!core_make_current(ctx))
		return VIGIL_E_STATE;
	s = sync_wait(ctx->last_sync, timeout_ns, &done);
	if (s == VIGIL_OK && done) {
		glDeleteSync(ctx->last_sync);
		ctx->last_sync = 0;
	}
	*ret_busy = !done;
	return s;
}

vigil_status vigil_core_fence_create(struct vigil_core_ctx *ctx, struct vigil_core_fence **ret)
{
	struct vigil_core_fence *f;

	if (!core_make_current(ctx))
		return VIGIL_E_STATE;
	f = calloc(1, sizeof(*f));
	if (!f)
		return VIGIL_E_EXHAUSTED;
	f->sync = glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
	if (!f->sync) {
		free(f);
		return VIGIL_E_EXHAUSTED;
	}
	glFlush(); /* so that the fence can signal without a later flush */
	*ret = f;
	return VIGIL_OK;
}

vigil_status vigil_core_fence_wait(struct vigil_core_ctx *ctx, struct vigil_core_fence *f,
				   uint64_t timeout_ns, bool *ret_signaled)
{
	*ret_signaled = false;
	if (!core_make_current(ctx))
		return VIGIL_E_STATE;
	return sync_wait(f->sync, timeout_ns, ret_signaled);
}

void vigil_core_fence_destroy(struct vigil_core_ctx *ctx, struct vigil_core_fence *f)
{
	if (!f)
		return;
	if (core_make_current(ctx))
		glDeleteSync(f->sync);
	free(f);
}
