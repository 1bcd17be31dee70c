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
	} else {
		/* No GL: still hand every backing back to its owner. */
		core_res_destroy_all(ctx, false);
	}
	free(ctx->subs);
	core_map_fini(&ctx->resources);
	vigil_egl_ctx_destroy(egl, ctx->root);
	vigil_egl_make_current(egl, NULL);
	free(ctx);
}

vigil_status vigil_core_attach_backing(struct vigil_core_ctx *ctx, uint32_t res_handle, void *mem,
				       size_t size)
{
	struct core_res *r = core_res_get(ctx, res_handle);

	if (!r || !mem)
		return VIGIL_E_UNKNOWN_HANDLE;
	if (r->mem)
		return VIGIL_E_STATE;
	if (size < r->desc.data_size)
		return VIGIL_E_BACKING;
	r->mem = mem;
	r->mem_size = size;
	return VIGIL_OK;
}

vigil_status vigil_core_wait_idle(struct vigil_core_ctx *ctx)
{
	if (!core_make_current(ctx))
		return VIGIL_E_STATE;
	glFinish();
	return VIGIL_OK;
}
