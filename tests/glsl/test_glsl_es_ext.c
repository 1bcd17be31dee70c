/*
 * test_glsl_es_ext.c: what the GLES dialect may use only through a host extension or a bound
 * resource (vigil_glsl_opts.es_ext, .image_fmt) is refused without it, and with it is emitted
 * with the right `#extension` line or format qualifier and compiles and links on the GLES host.
 *   - gl_ViewportIndex (GS output) needs GL_OES_viewport_array;
 *   - gl_ClipDistance (VS output) and user clip planes need GL_EXT_clip_cull_distance;
 *   - dual-source blending (output index 1) needs GL_EXT_blend_func_extended;
 *   - an image declared without a format takes the bound view's (GLSL ES requires one), and
 *     its type follows that format (rgba8ui -> uimage2D).
 * Exit: 0 all passed, 1 any failure, 77 no GLES context or the host lacks the extensions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glsl_harness.h"
#include "tgsi_tables.h"

static const char gs_viewport[] =
	"GEOM\n"
	"PROPERTY GS_INPUT_PRIMITIVE POINTS\n"
	"PROPERTY GS_OUTPUT_PRIMITIVE POINTS\n"
	"PROPERTY GS_MAX_OUTPUT_VERTICES 1\n"
	"PROPERTY GS_INVOCATIONS 1\n"
	"DCL IN[][0], POSITION\n"
	"DCL OUT[0], POSITION\n"
	"DCL OUT[1], VIEWPORT_INDEX\n"
	"IMM[0] UINT32 {3, 0, 0, 0}\n"
	"  0: MOV OUT[0], IN[0][0]\n"
	"  1: MOV OUT[1], IMM[0].xxxx\n"
	"  2: EMIT IMM[0].yyyy\n"
	"  3: END\n";

static const char vs_clip[] =
	"VERT\n"
	"PROPERTY NUM_CLIPDIST_ENABLED 4\n"
	"DCL IN[0]\n"
	"DCL OUT[0], POSITION\n"
	"DCL OUT[1], CLIPDIST[0]\n"
	"  0: MOV OUT[0], IN[0]\n"
	"  1: MOV OUT[1], IN[0]\n"
	"  2: END\n";

static const char vs_plain[] =
	"VERT\n"
	"DCL IN[0]\n"
	"DCL OUT[0], POSITION\n"
	"  0: MOV OUT[0], IN[0]\n"
	"  1: END\n";

static const char cs_unformatted[] =
	"COMP\n"
	"PROPERTY CS_FIXED_BLOCK_WIDTH 4\n"
	"PROPERTY CS_FIXED_BLOCK_HEIGHT 1\n"
	"PROPERTY CS_FIXED_BLOCK_DEPTH 1\n"
	"DCL SV[0], THREAD_ID\n"
	"DCL IMAGE[0], 2D, PIPE_FORMAT_NONE, WR\n"
	"DCL TEMP[0]\n"
	"IMM[0] UINT32 {0, 0, 0, 7}\n"
	"  0: MOV TEMP[0].xy, SV[0].xyxx\n"
	"  1: STORE IMAGE[0], TEMP[0].xyyy, IMM[0]\n"
	"  2: END\n";

static const char fs_dual[] =
	"FRAG\n"
	"DCL OUT[0], COLOR\n"
	"DCL OUT[1], COLOR[1]\n"
	"IMM[0] FLT32 {0x3f800000, 0x3f000000, 0x3e800000, 0x3f800000}\n"
	"  0: MOV OUT[0], IMM[0]\n"
	"  1: MOV OUT[1], IMM[0].wzyx\n"
	"  2: END\n";

static int failures;

static void check(bool ok, const char *what)
{
	printf("%s %s\n", ok ? "ok  " : "FAIL", what);
	if (!ok)
		failures++;
}

/* Emits sh with o; returns the status, the text in *ret (caller frees). */
static vigil_status emit(const struct vigil_tgsi_shader *sh, const struct vigil_glsl_opts *o, char **ret)
{
	struct vigil_glsl_info info;
	const char *why = NULL;
	vigil_status s;

	*ret = NULL;
	s = vigil_glsl_emit_why(sh, o, ret, &info, &why);
	if (s != VIGIL_OK)
		printf("     (emission: %s: %s)\n", vigil_status_name(s), why ? why : "?");
	return s;
}

/* Emits x (with prev/next partners set) and links it with the partner stages. */
static bool links(const struct vigil_tgsi_shader *vs, const struct vigil_tgsi_shader *gs,
		  const struct vigil_tgsi_shader *fs, const struct vigil_glsl_opts *base, const char *what)
{
	GLuint obj[3] = { 0, 0, 0 };
	char *text[3] = { NULL, NULL, NULL };
	unsigned n = gs ? 3u : 2u;
	const struct vigil_tgsi_shader *st[3];
	bool ok = true;
	GLuint prog;

	st[0] = vs;
	st[1] = gs ? gs : fs;
	st[2] = fs;
	for (unsigned i = 0; i < n && ok; i++) {
		struct vigil_glsl_opts o = *base;
		o.prev = i ? st[i - 1] : NULL;
		o.next = i + 1 < n ? st[i + 1] : NULL;
		ok = emit(st[i], &o, &text[i]) == VIGIL_OK &&
		     (obj[i] = gh_compile(gh_stage(st[i]->processor), text[i], what)) != 0;
	}
	if (ok) {
		prog = gh_link(obj, n, (const char *const *)text, NULL, false, what);
		ok = prog != 0;
		if (prog)
			glDeleteProgram(prog);
	}
	for (unsigned i = 0; i < n; i++) {
		if (obj[i])
			glDeleteShader(obj[i]);
		free(text[i]);
	}
	return ok;
}

static uint8_t fmt_index(const char *glsl)
{
	for (unsigned i = 1; i < vigil_tgsi_image_format_count; i++)
		if (!strcmp(vigil_tgsi_image_formats[i].glsl, glsl))
			return (uint8_t)i;
	return 0;
}

static void test_viewport(void)
{
	struct vigil_tgsi_shader *gs = gh_parse(gs_viewport, "gs_viewport");
	struct vigil_tgsi_shader *vs = gs ? gh_partner_vs(gs) : NULL;
	struct vigil_tgsi_shader *fs = gs ? gh_partner_fs(gs) : NULL;
	struct vigil_glsl_opts o;
	char *text = NULL;

	if (!gs || !vs || !fs) {
		check(false, "viewport shaders parse");
		goto out;
	}
	gh_default_opts(&o, true, 320);
	check(emit(gs, &o, &text) == VIGIL_E_UNSUPPORTED, "gl_ViewportIndex refused without OES_viewport_array");
	free(text);
	o.es_ext = VIGIL_GLSL_ES_VIEWPORT_ARRAY;
	o.prev = vs;
	o.next = fs;
	check(emit(gs, &o, &text) == VIGIL_OK && strstr(text, "#extension GL_OES_viewport_array : require") &&
	      strstr(text, "gl_ViewportIndex = "), "gl_ViewportIndex with #extension GL_OES_viewport_array");
	free(text);
	check(links(vs, gs, fs, &o, "gs_viewport"), "viewport GS links on the GLES host");
out:
	vigil_tgsi_free(gs);
	vigil_tgsi_free(vs);
	vigil_tgsi_free(fs);
}

static void test_clip(void)
{
	struct vigil_tgsi_shader *vs = gh_parse(vs_clip, "vs_clip");
	struct vigil_tgsi_shader *plain = gh_parse(vs_plain, "vs_plain");
	struct vigil_tgsi_shader *fs = vs ? gh_partner_fs(vs) : NULL;
	struct vigil_glsl_opts o;
	char *text = NULL;

	if (!vs || !plain || !fs) {
		check(false, "clip shaders parse");
		goto out;
	}
	gh_default_opts(&o, true, 320);
	o.next = fs;
	check(emit(vs, &o, &text) == VIGIL_E_UNSUPPORTED, "gl_ClipDistance refused without EXT_clip_cull_distance");
	free(text);
	o.clip_plane_enable = 3;
	check(emit(plain, &o, &text) == VIGIL_E_UNSUPPORTED, "user clip planes refused without EXT_clip_cull_distance");
	free(text);
	o.clip_plane_enable = 0;
	o.es_ext = VIGIL_GLSL_ES_CLIP_CULL;
	check(emit(vs, &o, &text) == VIGIL_OK && strstr(text, "#extension GL_EXT_clip_cull_distance : require") &&
	      strstr(text, "gl_ClipDistance[3] = "), "gl_ClipDistance with #extension GL_EXT_clip_cull_distance");
	free(text);
	check(links(vs, NULL, fs, &o, "vs_clip"), "clip-distance VS links on the GLES host");
	o.clip_plane_enable = 3;
	check(emit(plain, &o, &text) == VIGIL_OK && strstr(text, "gl_ClipDistance[1] = dot("),
	      "user clip planes become gl_ClipDistance with the extension");
	free(text);
	check(links(plain, NULL, fs, &o, "vs_plain_clip"), "user-clip-plane VS links on the GLES host");
out:
	vigil_tgsi_free(vs);
	vigil_tgsi_free(plain);
	vigil_tgsi_free(fs);
}

static void test_dual(void)
{
	struct vigil_tgsi_shader *fs = gh_parse(fs_dual, "fs_dual");
	struct vigil_tgsi_shader *vs = fs ? gh_partner_vs(fs) : NULL;
	struct vigil_glsl_opts o;
	char *text = NULL;

	if (!fs || !vs) {
		check(false, "dual-source shaders parse");
		goto out;
	}
	gh_default_opts(&o, true, 300);
	o.dual_src_blend = true;
	o.nr_cbufs = 1;
	o.prev = vs;
	check(emit(fs, &o, &text) == VIGIL_E_UNSUPPORTED, "dual-source blending refused without EXT_blend_func_extended");
	free(text);
	o.es_ext = VIGIL_GLSL_ES_BLEND_FUNC_EXTENDED;
	check(emit(fs, &o, &text) == VIGIL_OK && strstr(text, "#extension GL_EXT_blend_func_extended : require") &&
	      strstr(text, "layout(location = 0, index = 1) out"), "output index 1 with #extension GL_EXT_blend_func_extended");
	free(text);
	check(links(vs, NULL, fs, &o, "fs_dual"), "dual-source FS links on the GLES host");
out:
	vigil_tgsi_free(fs);
	vigil_tgsi_free(vs);
}

static void test_image(void)
{
	struct vigil_tgsi_shader *cs = gh_parse(cs_unformatted, "cs_unformatted");
	struct vigil_glsl_opts o;
	char *text = NULL;
	GLuint obj;

	if (!cs) {
		check(false, "image shader parses");
		return;
	}
	gh_default_opts(&o, true, 310);
	check(emit(cs, &o, &text) == VIGIL_E_UNSUPPORTED, "unformatted image refused with no bound format");
	free(text);
	o.image_fmt[0] = fmt_index("rgba8");
	check(o.image_fmt[0] && emit(cs, &o, &text) == VIGIL_OK && strstr(text, "layout(rgba8, binding = 0)") &&
	      strstr(text, " image2D "), "unformatted image takes the bound rgba8");
	obj = text ? gh_compile(GL_COMPUTE_SHADER, text, "cs rgba8") : 0;
	check(obj != 0, "rgba8 image CS compiles on the GLES host");
	if (obj)
		glDeleteShader(obj);
	free(text);
	o.image_fmt[0] = fmt_index("rgba8ui");
	check(o.image_fmt[0] && emit(cs, &o, &text) == VIGIL_OK && strstr(text, "layout(rgba8ui, binding = 0)") &&
	      strstr(text, " uimage2D "), "unformatted image takes the bound rgba8ui as uimage2D");
	obj = text ? gh_compile(GL_COMPUTE_SHADER, text, "cs rgba8ui") : 0;
	check(obj != 0, "rgba8ui image CS compiles on the GLES host");
	if (obj)
		glDeleteShader(obj);
	free(text);
	gh_default_opts(&o, false, 430);
	o.image_fmt[0] = fmt_index("rgba8ui"); /* GL: a writeonly image needs no format; ignored */
	check(emit(cs, &o, &text) == VIGIL_OK && strstr(text, "layout(binding = 0)"),
	      "GL keeps the unformatted writeonly image");
	free(text);
	vigil_tgsi_free(cs);
}

int main(void)
{
	struct gh_env e;
	int rc = gh_open(&e, true);

	if (rc)
		return rc;
	if (!epoxy_has_gl_extension("GL_OES_viewport_array") ||
	    !epoxy_has_gl_extension("GL_EXT_clip_cull_distance") ||
	    !epoxy_has_gl_extension("GL_EXT_blend_func_extended") || e.version < 32) {
		printf("SKIP: the GLES host lacks OES_viewport_array / EXT_clip_cull_distance / "
		       "EXT_blend_func_extended / ES 3.2\n");
		gh_close(&e);
		return 77;
	}
	test_viewport();
	test_clip();
	test_dual();
	test_image();
	gh_close(&e);
	printf("%d failure(s)\n", failures);
	return failures ? 1 : 0;
}
