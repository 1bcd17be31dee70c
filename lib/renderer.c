/*
 * renderer.c: vigil_renderer_* of the embedding API (vigil.h): the renderer owns the rendering
 * core (EGL display, backend, probed limits and formats) that all its contexts share, the log
 * callback, and the caps computed by the core. The core runs in this process or, with
 * VIGIL_RENDERER_SPLIT, in a forked sandboxed process (core_if.h picks the implementation).
 *
 * Inputs: the embedder's config (trusted, but unknown flags and API versions are refused so
 * that a newer embedder cannot silently get older behaviour). Guarantees: caps replies never
 * advertise more than the core implements (vigil_core_caps); log lines never carry raw guest
 * bytes (lib_printable).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib_priv.h"
#include "vigil_spec.h"

void lib_log(const struct vigil_renderer *r, enum vigil_log_level level, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (!r->cfg.log)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	r->cfg.log(r->cfg.user, level, line);
}

void lib_printable(const void *text, size_t len, char *buf, size_t n)
{
	const unsigned char *t = text;
	size_t i;

	if (n == 0)
		return;
	for (i = 0; i < len && i + 1 < n && t[i]; i++)
		buf[i] = t[i] >= 0x20 && t[i] < 0x7f ? (char)t[i] : '?';
	buf[i] = 0;
}

vigil_status vigil_renderer_create(const struct vigil_renderer_config *cfg, struct vigil_renderer **ret)
{
	struct vigil_core_config cc = { 0 };
	struct vigil_renderer *r;
	vigil_status s;

	if (!cfg || !ret || cfg->api_version != VIGIL_API_VERSION ||
	    (cfg->flags & ~VIGIL_RENDERER_FLAGS_KNOWN) ||
	    (cfg->backend != VIGIL_BACKEND_GL && cfg->backend != VIGIL_BACKEND_GLES))
		return VIGIL_E_RESERVED;
	r = calloc(1, sizeof(*r));
	if (!r)
		return VIGIL_E_EXHAUSTED;
	r->cfg = *cfg;
	r->cfg.render_node = NULL; /* not kept: the core copies what it needs */
	cc.backend = cfg->backend;
	cc.render_node = cfg->render_node;
	if (cfg->flags & VIGIL_RENDERER_ENCODED_TRANSFERS)
		cc.opt_features |= VIGIL_FEATURE_TRANSFER;
	cc.release_backing = lib_release_backing;
	cc.release_user = r;
	if (cfg->flags & VIGIL_RENDERER_SPLIT) {
		const struct lib_split_opts so = { .log = cfg->log, .log_user = cfg->user,
						   .shader_cache_dir = cfg->shader_cache_dir };

		s = lib_core_split_create(&cc, &so, &r->ops, &r->core);
	} else {
		s = lib_core_direct_create(&cc, &r->ops, &r->core);
	}
	if (s != VIGIL_OK) {
		lib_log(r, VIGIL_LOG_ERROR, "the rendering core failed to initialize: %s",
			vigil_status_name(s));
		free(r);
		return s;
	}
	r->features = r->ops->features(r->core);
	*ret = r;
	return VIGIL_OK;
}

void vigil_renderer_destroy(struct vigil_renderer *r)
{
	if (!r)
		return;
	r->ops->destroy(r->core);
	free(r);
}

vigil_status lib_caps(struct vigil_renderer *r, uint32_t set, void *buf, size_t cap, size_t *ret_len)
{
	if (set != 1 && set != 2)
		return VIGIL_E_UNSUPPORTED;
	return r->ops->caps(r->core, set, buf, cap, ret_len);
}

vigil_status vigil_renderer_caps(struct vigil_renderer *r, uint32_t set, void *buf, size_t cap,
				 size_t *ret_len)
{
	if (!r || (!buf && cap) || !ret_len)
		return VIGIL_E_RESERVED;
	return lib_caps(r, set, buf, cap, ret_len);
}

long vigil_renderer_core_pid(const struct vigil_renderer *r)
{
	return r ? r->ops->core_pid(r->core) : 0;
}

void vigil_renderer_caps_info(struct vigil_renderer *r, uint32_t *ret_max_set, uint32_t *ret_max_size)
{
	(void)r;
	if (ret_max_set)
		*ret_max_set = 2;
	if (ret_max_size)
		*ret_max_size = LIB_CAPS_V2_BYTES;
}
