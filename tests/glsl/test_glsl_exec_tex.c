/*
 * test_glsl_exec_tex.c: texture targets GLES lacks (1D, 1D array, rectangle, their shadow
 * forms) read the texels Gallium's semantics name, on both APIs: desktop GL samples the native
 * targets, GLES the 2D storage the core gives them (1D: 2D of height 1, 1D array: 2D array of
 * height 1, rectangle: 2D) through the emitter's emulation (normalised rectangle coordinates,
 * t = 0.5 for 1D, texelFetch / textureSize with the extra dimension). Each case is a TGSI
 * fragment shader writing four results to an RGBA32UI target; pixel (1, 2) of 4x4 is compared
 * exactly. A shadow lookup through a view with constant channels (opts.shadow_swizzle, Mesa's
 * depth texture modes) gets them. Also: on GLES the FS_COORD_ORIGIN / PIXEL_CENTER properties are ignored (the caps
 * never advertise them there; Mesa transforms gl_FragCoord itself), on GL they apply.
 *
 * usage: test_glsl_exec_tex gl|gles. Exit 0 pass, 1 failure, 77 no EGL context.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glsl_harness.h"

#define F1 0x3f800000u

enum tex_kind { T_NONE, T_1D, T_1D_ARRAY, T_RECT, T_SHADOW_1D, T_SHADOW_RECT };

struct tex_case {
	const char *name;
	enum tex_kind kind;
	const char *body; /* after "FRAG", OUT[0], CONST[0..2], TEMP[0..3], SAMP[0] */
	uint32_t c[3][4];
	uint32_t want[2][4]; /* GL, GLES */
	uint8_t shadow_swizzle; /* opts.shadow_swizzle[0] */
};

/* Texels (RGBA32UI, red channel): 1D x -> 10 * (x + 1); 1D array layer l, x -> 100 * (l + 1) + x;
 * rectangle (x, y) -> 100 + 10 * y + x (4 x 2). Depth (32F): x -> 0.25 * (x + 1), every row. */
static const struct tex_case cases[] = {
	{ "1D: TEX s = 0.6, TXP s = 1.2 / 2, TXF x = 3, TXQ width", T_1D,
	  "DCL SVIEW[0], 1D, UINT\n"
	  "  0: TEX TEMP[0], CONST[0], SAMP[0], 1D\n"
	  "  1: TXP TEMP[1], CONST[1], SAMP[0], 1D\n"
	  "  2: TXF TEMP[2], CONST[2], SAMP[0], 1D\n"
	  "  3: TXQ TEMP[3].x, CONST[2].wwww, SAMP[0], 1D\n"
	  "  4: MOV TEMP[0].y, TEMP[1].xxxx\n  5: MOV TEMP[0].z, TEMP[2].xxxx\n"
	  "  6: MOV TEMP[0].w, TEMP[3].xxxx\n  7: MOV OUT[0], TEMP[0]\n  8: END\n",
	  { { 0x3f19999au }, { 0x3f99999au, 0, 0, 0x40000000u }, { 3, 0, 0, 0 } },
	  { { 30, 30, 40, 4 }, { 30, 30, 40, 4 } } },
	{ "1D array: TEX (0.1, layer 1), TXF (2, layer 0) with offset -1, TXQ width and layers", T_1D_ARRAY,
	  "DCL SVIEW[0], 1D_ARRAY, UINT\n"
	  "IMM[0] INT32 {-1, 0, 0, 0}\n"
	  "  0: TEX TEMP[0], CONST[0], SAMP[0], 1D_ARRAY\n"
	  "  1: TXF TEMP[1], CONST[1], SAMP[0], 1D_ARRAY, IMM[0].xyz\n"
	  "  2: TXQ TEMP[2].xy, CONST[1].wwww, SAMP[0], 1D_ARRAY\n"
	  "  3: MOV TEMP[0].y, TEMP[1].xxxx\n  4: MOV TEMP[0].zw, TEMP[2].xxxy\n"
	  "  5: MOV OUT[0], TEMP[0]\n  6: END\n",
	  { { 0x3dcccccdu, F1 }, { 2, 0, 0, 0 } },
	  { { 200, 101, 4, 2 }, { 200, 101, 4, 2 } } },
	{ "rectangle: TXP (7, 3) / 2, TXF (3, 0) with offset (-1, 1), TXQ", T_RECT,
	  "DCL SVIEW[0], RECT, UINT\n"
	  "IMM[0] INT32 {-1, 1, 0, 0}\n"
	  "  0: TXP TEMP[0], CONST[0], SAMP[0], RECT\n"
	  "  1: TXF TEMP[1], CONST[1], SAMP[0], RECT, IMM[0].xyz\n"
	  "  2: TXQ TEMP[2], CONST[1].wwww, SAMP[0], RECT\n"
	  "  3: MOV TEMP[0].y, TEMP[1].xxxx\n  4: MOV TEMP[0].zw, TEMP[2].xxxy\n"
	  "  5: MOV OUT[0], TEMP[0]\n  6: END\n",
	  { { 0x40e00000u, 0x40400000u, 0, 0x40000000u }, { 3, 0, 0, 0 } },
	  { { 113, 112, 4, 2 }, { 113, 112, 4, 2 } } },
	{ "shadow rectangle: LEQUAL ref 0.6 against 0.75 (1.0) and 0.25 (0.0), TXQ", T_SHADOW_RECT,
	  "DCL SVIEW[0], SHADOWRECT, FLOAT\n"
	  "  0: TEX TEMP[0].x, CONST[0], SAMP[0], SHADOWRECT\n"
	  "  1: TEX TEMP[0].y, CONST[1], SAMP[0], SHADOWRECT\n"
	  "  2: TXQ TEMP[1], CONST[2].xxxx, SAMP[0], SHADOWRECT\n"
	  "  3: MOV TEMP[0].zw, TEMP[1].xxxy\n  4: MOV OUT[0], TEMP[0]\n  5: END\n",
	  { { 0x40200000u, 0x3f000000u, 0x3f19999au }, { 0x3f000000u, 0x3fc00000u, 0x3f19999au } },
	  { { F1, 0, 4, 2 }, { F1, 0, 4, 2 } } },
	{ "shadow 1D: LEQUAL ref 0.6 at s = 0.6 (1.0), TXP s = 0.2 / 2 (0.0), TXQ width", T_SHADOW_1D,
	  "DCL SVIEW[0], SHADOW1D, FLOAT\n"
	  "  0: TEX TEMP[0].x, CONST[0], SAMP[0], SHADOW1D\n"
	  "  1: TXP TEMP[0].y, CONST[1], SAMP[0], SHADOW1D\n"
	  "  2: TXQ TEMP[1].x, CONST[2].xxxx, SAMP[0], SHADOW1D\n"
	  "  3: MOV TEMP[0].z, TEMP[1].xxxx\n  4: MOV OUT[0], TEMP[0]\n  5: END\n",
	  { { 0x3f19999au, 0, 0x3f19999au }, { 0x3e4ccccdu, 0, 0x3f99999au, 0x40000000u } },
	  { { F1, 0, 4, 0 }, { F1, 0, 4, 0 } } },
	{ "shadow rectangle through an (R, R, R, ONE) view: pass (1, 1), fail (0, alpha 1.0)", T_SHADOW_RECT,
	  "DCL SVIEW[0], SHADOWRECT, FLOAT\n"
	  "  0: TEX TEMP[0], CONST[0], SAMP[0], SHADOWRECT\n"
	  "  1: TEX TEMP[1], CONST[1], SAMP[0], SHADOWRECT\n"
	  "  2: MOV TEMP[0].zw, TEMP[1].xxxw\n  3: MOV OUT[0], TEMP[0]\n  4: END\n",
	  { { 0x40200000u, 0x3f000000u, 0x3f19999au }, { 0x3f000000u, 0x3fc00000u, 0x3f19999au } },
	  { { F1, F1, 0, F1 }, { F1, F1, 0, F1 } }, 2u << 6 },
	{ "gl_FragCoord with LOWER_LEFT / INTEGER: applied on GL, ignored on GLES", T_NONE,
	  "PROPERTY FS_COORD_ORIGIN LOWER_LEFT\nPROPERTY FS_COORD_PIXEL_CENTER INTEGER\n"
	  "DCL IN[0], POSITION, LINEAR\n  0: MOV OUT[0], IN[0]\n  1: END\n",
	  { { 0 } },
	  { { F1, 0x40000000u, 0x3f000000u, F1 }, { 0x3fc00000u, 0x3fc00000u, 0x3f000000u, F1 } } },
};

static const char vs_text[] = "VERT\nDCL IN[0]\nDCL OUT[0], POSITION\n  0: MOV OUT[0], IN[0]\n  1: END\n";
static const float tri[] = { -1, -1, 0, 1, 3, -1, 0, 1, -1, 3, 0, 1 };

static void nearest(GLenum target)
{
	glTexParameteri(target, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
	glTexParameteri(target, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
}

/* The texture of `kind` on unit 0 in the storage the core uses on this API; 0 for T_NONE. */
static GLuint make_texture(enum tex_kind kind, bool gles)
{
	uint32_t texels[4 * 2 * 4];
	float depth[4 * 2];
	GLenum target;
	GLuint t = 0;

	memset(texels, 0, sizeof(texels));
	for (unsigned i = 0; i < 8; i++) {
		unsigned x = i % 4, y = i / 4;

		texels[i * 4] = kind == T_1D ? 10u * (x + 1u) : kind == T_1D_ARRAY ? 100u * (y + 1u) + x
											   : 100u + 10u * y + x;
		depth[i] = 0.25f * (float)(x + 1u);
	}
	if (kind == T_NONE)
		return 0;
	glGenTextures(1, &t);
	glActiveTexture(GL_TEXTURE0);
	switch (kind) {
	case T_1D:
	case T_SHADOW_1D:
		target = gles ? GL_TEXTURE_2D : GL_TEXTURE_1D;
		glBindTexture(target, t);
		if (gles)
			glTexStorage2D(target, 1, kind == T_1D ? GL_RGBA32UI : GL_DEPTH_COMPONENT32F, 4, 1);
		else
			glTexStorage1D(target, 1, kind == T_1D ? GL_RGBA32UI : GL_DEPTH_COMPONENT32F, 4);
		if (gles && kind == T_1D)
			glTexSubImage2D(target, 0, 0, 0, 4, 1, GL_RGBA_INTEGER, GL_UNSIGNED_INT, texels);
		else if (gles)
			glTexSubImage2D(target, 0, 0, 0, 4, 1, GL_DEPTH_COMPONENT, GL_FLOAT, depth);
		else if (kind == T_1D)
			glTexSubImage1D(target, 0, 0, 4, GL_RGBA_INTEGER, GL_UNSIGNED_INT, texels);
		else
			glTexSubImage1D(target, 0, 0, 4, GL_DEPTH_COMPONENT, GL_FLOAT, depth);
		break;
	case T_1D_ARRAY:
		target = gles ? GL_TEXTURE_2D_ARRAY : GL_TEXTURE_1D_ARRAY;
		glBindTexture(target, t);
		if (gles) {
			glTexStorage3D(target, 1, GL_RGBA32UI, 4, 1, 2);
			glTexSubImage3D(target, 0, 0, 0, 0, 4, 1, 2, GL_RGBA_INTEGER, GL_UNSIGNED_INT, texels);
		} else {
			glTexStorage2D(target, 1, GL_RGBA32UI, 4, 2);
			glTexSubImage2D(target, 0, 0, 0, 4, 2, GL_RGBA_INTEGER, GL_UNSIGNED_INT, texels);
		}
		break;
	default: /* rectangles */
		target = gles ? GL_TEXTURE_2D : GL_TEXTURE_RECTANGLE;
		glBindTexture(target, t);
		glTexStorage2D(target, 1, kind == T_RECT ? GL_RGBA32UI : GL_DEPTH_COMPONENT32F, 4, 2);
		if (kind == T_RECT)
			glTexSubImage2D(target, 0, 0, 0, 4, 2, GL_RGBA_INTEGER, GL_UNSIGNED_INT, texels);
		else
			glTexSubImage2D(target, 0, 0, 0, 4, 2, GL_DEPTH_COMPONENT, GL_FLOAT, depth);
		break;
	}
	nearest(target);
	if (kind == T_SHADOW_1D || kind == T_SHADOW_RECT) {
		glTexParameteri(target, GL_TEXTURE_COMPARE_MODE, GL_COMPARE_REF_TO_TEXTURE);
		glTexParameteri(target, GL_TEXTURE_COMPARE_FUNC, GL_LEQUAL);
	}
	return t;
}

/* Emits, links and draws one case; the pixel in px. false on any failure (printed). */
static bool run_case(const struct tex_case *k, bool gles, unsigned ver, uint32_t px[4])
{
	char fs_text[4096];
	struct vigil_tgsi_shader *vs = gh_parse(vs_text, "tex VS"), *fs;
	struct vigil_glsl_opts vo, fo;
	struct vigil_glsl_info vi, fi;
	char *vsrc = NULL, *fsrc = NULL;
	const char *why = "";
	GLuint sh[2] = { 0, 0 }, prog = 0, tex = 0;
	bool ok = false;
	GLint loc;

	snprintf(fs_text, sizeof(fs_text), "FRAG\nDCL OUT[0], COLOR\nDCL CONST[0..2]\nDCL TEMP[0..3]\n%s%s",
		 k->kind != T_NONE ? "DCL SAMP[0]\n" : "", k->body);
	fs = gh_parse(fs_text, k->name);
	if (!vs || !fs)
		goto out;
	gh_default_opts(&vo, gles, ver);
	gh_default_opts(&fo, gles, ver);
	vo.next = fs;
	fo.prev = vs;
	fo.cbuf_type[0] = VIGIL_GLSL_UINT;
	fo.shadow_swizzle[0] = k->shadow_swizzle;
	if (vigil_glsl_emit_why(vs, &vo, &vsrc, &vi, &why) != VIGIL_OK ||
	    vigil_glsl_emit_why(fs, &fo, &fsrc, &fi, &why) != VIGIL_OK) {
		fprintf(stderr, "%s: emit failed (%s)\n", k->name, why);
		goto out;
	}
	sh[0] = gh_compile(GL_VERTEX_SHADER, vsrc, k->name);
	sh[1] = gh_compile(GL_FRAGMENT_SHADER, fsrc, k->name);
	if (!sh[0] || !sh[1])
		goto out;
	{
		const char *srcs[2] = { vsrc, fsrc };

		prog = gh_link(sh, 2, srcs, NULL, false, k->name);
	}
	if (!prog)
		goto out;
	glUseProgram(prog);
	if ((loc = glGetUniformLocation(prog, "vigil_winsys_y")) >= 0)
		glUniform1f(loc, 1.0f);
	if ((loc = glGetUniformLocation(prog, "vigil_fb_height")) >= 0)
		glUniform1f(loc, 4.0f);
	if ((loc = glGetUniformLocation(prog, "fs_c0")) >= 0)
		glUniform4uiv(loc, (GLsizei)fi.const0_vec4s, &k->c[0][0]);
	if ((loc = glGetUniformLocation(prog, "fs_samp0")) >= 0)
		glUniform1i(loc, 0);
	tex = make_texture(k->kind, gles);
	{
		const GLuint clear[4] = { 0xdeadbeefu, 0xdeadbeefu, 0xdeadbeefu, 0xdeadbeefu };

		glClearBufferuiv(GL_COLOR, 0, clear);
	}
	glDrawArrays(GL_TRIANGLES, 0, 3);
	memset(px, 0, 4 * sizeof(px[0]));
	glReadPixels(1, 2, 1, 1, GL_RGBA_INTEGER, GL_UNSIGNED_INT, px);
	ok = glGetError() == GL_NO_ERROR;
	if (!ok)
		fprintf(stderr, "%s: GL error\n", k->name);
	if (getenv("VIGIL_GLSL_DUMP"))
		printf("%s\n", fsrc);
out:
	if (tex)
		glDeleteTextures(1, &tex);
	gh_release(prog, 2, sh, (char *[]){ vsrc, fsrc }, (struct vigil_tgsi_shader *[]){ vs, fs });
	return ok;
}

int main(int argc, char **argv)
{
	struct gh_env env;
	GLuint fbo, rt, vao, vbo;
	unsigned versions[2], nver, pass = 0, fail = 0;
	bool gles;

	if (argc != 2 || (strcmp(argv[1], "gl") && strcmp(argv[1], "gles"))) {
		fprintf(stderr, "usage: %s gl|gles\n", argv[0]);
		return 1;
	}
	gles = strcmp(argv[1], "gles") == 0;
	if (gh_open(&env, gles)) {
		printf("SKIP: no EGL context\n");
		return 77;
	}
	versions[0] = gles ? 300 : 330;
	versions[1] = gles ? (env.version >= 32 ? 320 : 300) : (env.version >= 45 ? 450 : 330);
	nver = versions[1] != versions[0] ? 2 : 1;
	glGenTextures(1, &rt);
	glBindTexture(GL_TEXTURE_2D, rt);
	glTexStorage2D(GL_TEXTURE_2D, 1, GL_RGBA32UI, 4, 4);
	glGenFramebuffers(1, &fbo);
	glBindFramebuffer(GL_FRAMEBUFFER, fbo);
	glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, rt, 0);
	glGenVertexArrays(1, &vao);
	glBindVertexArray(vao);
	glGenBuffers(1, &vbo);
	glBindBuffer(GL_ARRAY_BUFFER, vbo);
	glBufferData(GL_ARRAY_BUFFER, sizeof(tri), tri, GL_STATIC_DRAW);
	glVertexAttribPointer(0, 4, GL_FLOAT, GL_FALSE, 0, NULL);
	glEnableVertexAttribArray(0);
	glViewport(0, 0, 4, 4);
	for (unsigned v = 0; v < nver; v++) {
		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			const struct tex_case *k = &cases[i];
			const uint32_t *want = k->want[gles ? 1 : 0];
			uint32_t px[4];

			if (run_case(k, gles, versions[v], px) && !memcmp(px, want, sizeof(px))) {
				pass++;
				continue;
			}
			fail++;
			fprintf(stderr, "FAIL %s @ %u: got %08x %08x %08x %08x, want %08x %08x %08x %08x\n",
				k->name, versions[v], px[0], px[1], px[2], px[3], want[0], want[1], want[2],
				want[3]);
		}
	}
	glBindFramebuffer(GL_FRAMEBUFFER, 0);
	gh_close(&env);
	printf("%s: %u texture-target checks passed, %u failed\n", argv[1], pass, fail);
	return fail ? 1 : 0;
}
