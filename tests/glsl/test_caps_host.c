/*
 * test_caps_host.c: the caps a backend advertises follow what the host offers (core/caps.c's
 * rows name the host feature each bit needs). For each backend, a context of that API says
 * which features the host has (versions and extensions, as core.c's core_host_features reads
 * them), and the caps set 2 of a core on the same backend must advertise exactly those:
 * max_viewports 16 or 1, start_instance, has_cull, polygon_offset_clamp, TEXTURE_VIEW,
 * COPY_IMAGE, CLIP_HALFZ, SRGB_WRITE_CONTROL (and the feature-check level 6 that needs it);
 * and the GLSL level that lets Mesa expose GL 4.3 (430+).
 *   usage: test_caps_host gl|gles
 * Exit: 0 passed, 1 a mismatch (printed), 77 no context of that API.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glsl_harness.h"
#include "vigil_core.h"

#define OFF_BSET 260u
#define OFF_GLSL_LEVEL 264u
#define OFF_MAX_VIEWPORTS 300u
#define OFF_CAPABILITY_BITS 392u
#define OFF_HOST_FEATURE_CHECK_VERSION 556u

static int failures;

static uint32_t rd32(const uint8_t *caps, size_t off)
{
	uint32_t v;

	memcpy(&v, caps + off, sizeof(v));
	return v;
}

static void expect(const char *what, bool got, bool want)
{
	printf("%s %s: advertised %d, host has %d\n", got == want ? "ok  " : "FAIL", what, got, want);
	if (got != want)
		failures++;
}

static bool ext(const char *name)
{
	return epoxy_has_gl_extension(name);
}

int main(int argc, char **argv)
{
	bool gles = argc > 1 && !strcmp(argv[1], "gles");
	struct vigil_core_config cfg = { .backend = gles ? VIGIL_BACKEND_GLES : VIGIL_BACKEND_GL };
	struct vigil_core *core = NULL;
	static uint8_t caps[2048];
	struct gh_env e;
	size_t len = 0;
	int v, rc = gh_open(&e, gles);
	bool viewports, base_instance, cull, offset_clamp, view, copy_image, clip_control, srgb_write;
	uint32_t bset, capbits;

	if (rc)
		return rc;
	v = e.version;
	viewports = gles ? ext("GL_OES_viewport_array") : v >= 41;
	base_instance = gles ? ext("GL_EXT_base_instance") : v >= 42;
	cull = gles ? ext("GL_EXT_clip_cull_distance") : v >= 45;
	offset_clamp = gles ? ext("GL_EXT_polygon_offset_clamp") : v >= 46;
	view = gles ? ext("GL_OES_texture_view") || ext("GL_EXT_texture_view") : v >= 43;
	copy_image = gles ? v >= 32 || ext("GL_OES_copy_image") || ext("GL_EXT_copy_image") : v >= 43;
	clip_control = gles ? ext("GL_EXT_clip_control") : v >= 45;
	srgb_write = !gles || ext("GL_EXT_sRGB_write_control");
	gh_close(&e);

	if (vigil_core_create(&cfg, &core) != VIGIL_OK) {
		printf("FAIL: no core on this backend\n");
		return 1;
	}
	if (vigil_core_caps(core, 2, caps, sizeof(caps), &len) != VIGIL_OK || len < OFF_CAPABILITY_BITS + 4) {
		printf("FAIL: caps set 2\n");
		vigil_core_destroy(core);
		return 1;
	}
	bset = rd32(caps, OFF_BSET);
	capbits = rd32(caps, OFF_CAPABILITY_BITS);
	expect("max_viewports 16", rd32(caps, OFF_MAX_VIEWPORTS) == 16u, viewports);
	expect("max_viewports 1", rd32(caps, OFF_MAX_VIEWPORTS) == 1u, !viewports);
	expect("bset.start_instance", (bset >> 5) & 1u, base_instance);
	expect("bset.has_cull", (bset >> 27) & 1u, cull);
	expect("bset.polygon_offset_clamp", (bset >> 30) & 1u, offset_clamp);
	expect("TEXTURE_VIEW", (capbits >> 1) & 1u, view);
	expect("COPY_IMAGE", (capbits >> 3) & 1u, copy_image);
	expect("CLIP_HALFZ", (capbits >> 27) & 1u, clip_control);
	expect("HOST_IS_GLES", (capbits >> 19) & 1u, gles);
	expect("SRGB_WRITE_CONTROL", (capbits >> 15) & 1u, srgb_write);
	/* Mesa reads level 1 as "sRGB write control follows its bit": without the bit the guest
	 * would lose ARB_framebuffer_sRGB, so the level needs it (caps.c) */
	expect("host_feature_check_version 6 (compat profile at glsl_level)",
	       rd32(caps, OFF_HOST_FEATURE_CHECK_VERSION) == 6u, srgb_write);
	expect("glsl_level >= 430 (GL 4.3 for the guest)", rd32(caps, OFF_GLSL_LEVEL) >= 430u, gles ? v >= 32 : v >= 45);
	vigil_core_destroy(core);
	printf("%d failure(s)\n", failures);
	return failures ? 1 : 0;
}
