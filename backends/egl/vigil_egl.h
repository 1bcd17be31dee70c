/*
 * vigil_egl.h: the EGL layer of the rendering core: one display (the Mesa surfaceless platform,
 * or GBM on a DRM render node) and surfaceless GL / GLES contexts on it.
 *
 * Inputs are trusted host configuration (backend choice, render node path); nothing here sees
 * guest data. Guarantees: a display that opened can create contexts of the requested API
 * (desktop GL: 4.x core, else the highest core >= 3.3; GLES: 3.2, else 3.1, else 3.0); contexts
 * never need a surface (EGL_KHR_surfaceless_context) or a config (EGL_KHR_no_config_context);
 * every context created with a share context shares its objects with it.
 */
#ifndef VIGIL_EGL_H
#define VIGIL_EGL_H

#include <stdbool.h>

#include "vigil_core.h"
#include "vigil_status.h"

struct vigil_egl;
struct vigil_egl_ctx;

/* Opens the display and checks the extensions vigil needs. The result owns the display (and the
 * GBM device and its file descriptor when render_node is set). UNSUPPORTED when no display or
 * no context of the requested API can be created. */
vigil_status vigil_egl_open(enum vigil_backend backend, const char *render_node, struct vigil_egl **ret_egl);
void vigil_egl_close(struct vigil_egl *egl);

/* A context sharing objects with `share` (NULL: a new share group). Owned by the caller. */
vigil_status vigil_egl_ctx_create(struct vigil_egl *egl, struct vigil_egl_ctx *share,
				  struct vigil_egl_ctx **ret_ctx);
void vigil_egl_ctx_destroy(struct vigil_egl *egl, struct vigil_egl_ctx *ctx);

/* Makes ctx current on this thread (NULL: none); false when EGL refuses. */
bool vigil_egl_make_current(struct vigil_egl *egl, struct vigil_egl_ctx *ctx);

/* The context version every context of this display gets (e.g. 45 or 32). */
int vigil_egl_gl_version(const struct vigil_egl *egl);
bool vigil_egl_is_gles(const struct vigil_egl *egl);

#endif
