/*
 * egl.c: EGL display and context management for the rendering core (see vigil_egl.h).
 *
 * Host configuration only; no guest data reaches this file. The display is opened once per
 * core; the context version is negotiated once (the first version in the preference list that
 * EGL grants) and reused for every later context so that all contexts of a core agree.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <epoxy/egl.h>
#include <gbm.h>

#include "vigil_egl.h"

struct vigil_egl {
	EGLDisplay dpy;
	struct gbm_device *gbm;
	int fd;
	bool gles;
	EGLint major, minor;
};

struct vigil_egl_ctx {
	EGLContext ctx;
};

static const EGLint gl_versions[][2] = { { 4, 6 }, { 4, 5 }, { 4, 4 }, { 4, 3 }, { 4, 2 },
					 { 4, 1 }, { 4, 0 }, { 3, 3 } };
static const EGLint gles_versions[][2] = { { 3, 2 }, { 3, 1 }, { 3, 0 } };

static EGLContext make_context(struct vigil_egl *egl, EGLContext share, EGLint major, EGLint minor)
{
	EGLint attrs[16];
	unsigned n = 0;

	attrs[n++] = EGL_CONTEXT_MAJOR_VERSION;
	attrs[n++] = major;
	attrs[n++] = EGL_CONTEXT_MINOR_VERSION;
	attrs[n++] = minor;
	if (!egl->gles) {
		attrs[n++] = EGL_CONTEXT_OPENGL_PROFILE_MASK;
		attrs[n++] = EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT;
	}
	attrs[n++] = EGL_NONE;
	if (!eglBindAPI(egl->gles ? EGL_OPENGL_ES_API : EGL_OPENGL_API))
		return EGL_NO_CONTEXT;
	return eglCreateContext(egl->dpy, EGL_NO_CONFIG_KHR, share, attrs);
}

static vigil_status negotiate(struct vigil_egl *egl)
{
	const EGLint(*v)[2] = egl->gles ? gles_versions : gl_versions;
	size_t n = egl->gles ? sizeof(gles_versions) / sizeof(gles_versions[0])
			     : sizeof(gl_versions) / sizeof(gl_versions[0]);

	for (size_t i = 0; i < n; i++) {
		EGLContext c = make_context(egl, EGL_NO_CONTEXT, v[i][0], v[i][1]);
		if (c != EGL_NO_CONTEXT) {
			eglDestroyContext(egl->dpy, c);
			egl->major = v[i][0];
			egl->minor = v[i][1];
			return VIGIL_OK;
		}
	}
	return VIGIL_E_UNSUPPORTED;
}

static EGLDisplay open_display(struct vigil_egl *egl, const char *render_node)
{
	if (!epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_EXT_platform_base"))
		return EGL_NO_DISPLAY;
	if (!render_node) {
		if (!epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_MESA_platform_surfaceless"))
			return EGL_NO_DISPLAY;
		return eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, NULL);
	}
	if (!epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_MESA_platform_gbm") &&
	    !epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_KHR_platform_gbm"))
		return EGL_NO_DISPLAY;
	egl->fd = open(render_node, O_RDWR | O_CLOEXEC);
	if (egl->fd < 0)
		return EGL_NO_DISPLAY;
	egl->gbm = gbm_create_device(egl->fd);
	if (!egl->gbm)
		return EGL_NO_DISPLAY;
	return eglGetPlatformDisplayEXT(EGL_PLATFORM_GBM_MESA, egl->gbm, NULL);
}

vigil_status vigil_egl_open(enum vigil_backend backend, const char *render_node, struct vigil_egl **ret_egl)
{
	struct vigil_egl *egl = calloc(1, sizeof(*egl));
	vigil_status s = VIGIL_E_UNSUPPORTED;
	EGLint major, minor;

	if (!egl)
		return VIGIL_E_EXHAUSTED;
	egl->fd = -1;
	egl->dpy = EGL_NO_DISPLAY;
	egl->gles = backend == VIGIL_BACKEND_GLES;
	if (backend != VIGIL_BACKEND_GL && backend != VIGIL_BACKEND_GLES)
		goto out;
	egl->dpy = open_display(egl, render_node);
	if (egl->dpy == EGL_NO_DISPLAY)
		goto out;
	if (!eglInitialize(egl->dpy, &major, &minor)) {
		egl->dpy = EGL_NO_DISPLAY;
		goto out;
	}
	if (!epoxy_has_egl_extension(egl->dpy, "EGL_KHR_surfaceless_context") ||
	    (!epoxy_has_egl_extension(egl->dpy, "EGL_KHR_no_config_context") &&
	     !epoxy_has_egl_extension(egl->dpy, "EGL_MESA_configless_context")) ||
	    !epoxy_has_egl_extension(egl->dpy, "EGL_KHR_create_context"))
		goto out;
	s = negotiate(egl);
	if (s != VIGIL_OK)
		goto out;
	*ret_egl = egl;
	egl = NULL;
out:
	vigil_egl_close(egl);
	return s;
}

void vigil_egl_close(struct vigil_egl *egl)
{
	if (!egl)
		return;
	if (egl->dpy != EGL_NO_DISPLAY) {
		eglMakeCurrent(egl->dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
		eglTerminate(egl->dpy);
	}
	if (egl->gbm)
		gbm_device_destroy(egl->gbm);
	if (egl->fd >= 0)
		close(egl->fd);
	free(egl);
}

vigil_status vigil_egl_ctx_create(struct vigil_egl *egl, struct vigil_egl_ctx *share,
				  struct vigil_egl_ctx **ret_ctx)
{
	struct vigil_egl_ctx *c = calloc(1, sizeof(*c));

	if (!c)
		return VIGIL_E_EXHAUSTED;
	c->ctx = make_context(egl, share ? share->ctx : EGL_NO_CONTEXT, egl->major, egl->minor);
	if (c->ctx == EGL_NO_CONTEXT) {
		free(c);
		return VIGIL_E_EXHAUSTED;
	}
	*ret_ctx = c;
	return VIGIL_OK;
}

void vigil_egl_ctx_destroy(struct vigil_egl *egl, struct vigil_egl_ctx *ctx)
{
	if (!ctx)
		return;
	if (eglGetCurrentContext() == ctx->ctx)
		eglMakeCurrent(egl->dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
	eglDestroyContext(egl->dpy, ctx->ctx);
	free(ctx);
}

bool vigil_egl_make_current(struct vigil_egl *egl, struct vigil_egl_ctx *ctx)
{
	EGLContext c = ctx ? ctx->ctx : EGL_NO_CONTEXT;

	if (eglGetCurrentContext() == c)
		return true;
	return eglMakeCurrent(egl->dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, c) == EGL_TRUE;
}

int vigil_egl_gl_version(const struct vigil_egl *egl)
{
	return (int)(egl->major * 10 + egl->minor);
}

bool vigil_egl_is_gles(const struct vigil_egl *egl)
{
	return egl->gles;
}
