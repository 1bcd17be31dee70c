/*
 * test_glsl_exec.c: the emitted GLSL computes what Gallium's TGSI semantics say, bit for bit.
 * Each case is a TGSI fragment shader whose COLOR[0] (an RGBA32UI colour buffer) receives four
 * results; its inputs come from CONST[0..1] (uploaded to fs_c0 with glUniform4uiv, so the GLSL
 * compiler cannot fold them) and, for TXF, an RGBA32UI texture. A full-screen triangle covers a 4x4
 * target; pixel (1, 2) is read back with glReadPixels and compared exactly. Covered: SLT (1.0f) vs FSLT (~0),
 * UDIV/UMOD/IDIV/MOD by zero (~0) and INT_MIN / -1, IBFE/UBFE/BFI bit ranges, POPC/LSB/UMSB/
 * IMSB/BREV edge values, shift counts masked to 5 bits, UMUL_HI/IMUL_HI, UIF testing bits where
 * IF tests the float (-0.0), indirect TEMP and CONST indices clamped to their declaration, NaN
 * bit patterns surviving MOV, I2F/F2I, TXF texel fetch; gl_FragCoord for both origins, both pixel
 * centres and a flipped target (pixel (1, 2) of a 4x4 target); two-sided colour and FACE on
 * front and back faces; flat varyings carrying NaN and denormal bit patterns; doubles (GLES:
 * computed as floats); the fixed-function emulation: alpha test (pass, discard, NEVER),
 * polygon stipple (hole, no hole) and a user clip plane. The checks of other stages (transform
 * feedback, geometry, tessellation, compute, images) are in test_glsl_exec_stages.c.
 *
 * usage: test_glsl_exec gl|gles. Exit 0 pass, 1 failure, 77 no EGL context.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec_stages.h"

#define F1 0x3f800000u
#define F2 0x40000000u

struct exec_case {
	const char *name;
	const char *body; /* appended after the common FS declarations */
	uint32_t c[2][4];
	uint32_t want[4];
	float fb_height; /* vigil_fb_height, 0: the framebuffer's height (4) */
	bool cw;         /* clockwise front faces: the triangle is back-facing */
	uint8_t alpha_func; /* opts.alpha_func (PIPE_FUNC_* + 1), vigil_alpha_ref = 0.5 */
	uint8_t emul;       /* EMUL_* below */
	uint16_t min_gl;    /* desktop GLSL version the case needs, 0: any */
	uint16_t min_es;    /* with min_gl: the GLES version it needs there, 0: not on GLES */
};

enum {
	EMUL_STIPPLE_HOLE = 1, /* polygon stipple with a hole at the pixel read back */
	EMUL_STIPPLE_FULL = 2, /* polygon stipple without a hole there */
	EMUL_CLIP_PLANE = 3,   /* user clip plane 0 = (1, 0, 0, 0): x >= 0 kept (GL only) */
};

#define CLEAR 0xdeadbeefu

static const char fs_head[] = "FRAG\n"
			      "DCL OUT[0], COLOR\n"
			      "DCL CONST[0..1]\n"
			      "DCL TEMP[0..4]\n"
			      "DCL ADDR[0]\n";

static const struct exec_case cases[] = {
	{ "SLT writes 1.0f, FSLT/FSGE write ~0",
	  "  0: SLT TEMP[0].x, CONST[0].xxxx, CONST[0].yyyy\n"
	  "  1: FSLT TEMP[0].y, CONST[0].xxxx, CONST[0].yyyy\n"
	  "  2: SLT TEMP[0].z, CONST[0].yyyy, CONST[0].xxxx\n"
	  "  3: FSGE TEMP[0].w, CONST[0].yyyy, CONST[0].xxxx\n"
	  "  4: MOV OUT[0], TEMP[0]\n  5: END\n",
	  { { F1, F2, 0, 0 } }, { F1, 0xffffffffu, 0, 0xffffffffu } },
	{ "UDIV/UMOD by zero give ~0; IDIV/MOD truncate",
	  "  0: UDIV TEMP[0].x, CONST[0].xxxx, CONST[0].yyyy\n"
	  "  1: UMOD TEMP[0].y, CONST[0].xxxx, CONST[0].yyyy\n"
	  "  2: IDIV TEMP[0].z, CONST[0].zzzz, CONST[0].wwww\n"
	  "  3: MOD TEMP[0].w, CONST[0].zzzz, CONST[0].wwww\n"
	  "  4: MOV OUT[0], TEMP[0]\n  5: END\n",
	  { { 7, 0, 0xfffffff9u, 2 } }, { 0xffffffffu, 0xffffffffu, 0xfffffffdu, 0xffffffffu } },
	{ "IDIV/MOD by zero give -1, INT_MIN / -1 = INT_MIN",
	  "  0: IDIV TEMP[0].x, CONST[0].xxxx, CONST[0].yyyy\n"
	  "  1: MOD TEMP[0].y, CONST[0].xxxx, CONST[0].yyyy\n"
	  "  2: IDIV TEMP[0].z, CONST[0].zzzz, CONST[0].wwww\n"
	  "  3: UDIV TEMP[0].w, CONST[0].xxxx, CONST[0].wwww\n"
	  "  4: MOV OUT[0], TEMP[0]\n  5: END\n",
	  { { 7, 0, 0x80000000u, 0xffffffffu } }, { 0xffffffffu, 0xffffffffu, 0x80000000u, 0 } },
	{ "UBFE/IBFE/BFI with Gallium's ranges",
	  "IMM[0] UINT32 {255, 4, 0, 0}\n"
	  "  0: UBFE TEMP[0].x, CONST[0].xxxx, CONST[0].yyyy, CONST[0].zzzz\n"
	  "  1: IBFE TEMP[0].y, CONST[0].xxxx, CONST[0].yyyy, CONST[0].zzzz\n"
	  "  2: UBFE TEMP[0].z, CONST[0].xxxx, CONST[0].yyyy, CONST[0].wwww\n"
	  "  3: BFI TEMP[0].w, CONST[0].wwww, IMM[0].xxxx, IMM[0].yyyy, IMM[0].yyyy\n"
	  "  4: MOV OUT[0], TEMP[0]\n  5: END\n",
	  { { 0x0000ff00u, 8, 8, 0 } }, { 0xffu, 0xffffffffu, 0, 0xf0u } },
	{ "POPC, LSB(0) = -1, UMSB, IMSB(-1) = -1",
	  "  0: POPC TEMP[0].x, CONST[0].xxxx\n"
	  "  1: LSB TEMP[0].y, CONST[0].yyyy\n"
	  "  2: UMSB TEMP[0].z, CONST[0].zzzz\n"
	  "  3: IMSB TEMP[0].w, CONST[0].wwww\n"
	  "  4: MOV OUT[0], TEMP[0]\n  5: END\n",
	  { { 0xf0u, 0, 0x80000000u, 0xffffffffu } }, { 4, 0xffffffffu, 31, 0xffffffffu } },
	{ "BREV, IMSB of a positive and a negative value, LSB",
	  "  0: BREV TEMP[0].x, CONST[0].xxxx\n"
	  "  1: IMSB TEMP[0].y, CONST[0].yyyy\n"
	  "  2: IMSB TEMP[0].z, CONST[0].zzzz\n"
	  "  3: LSB TEMP[0].w, CONST[0].wwww\n"
	  "  4: MOV OUT[0], TEMP[0]\n  5: END\n",
	  { { 1, 0x7fffffffu, 0xfffffff0u, 0x00010000u } }, { 0x80000000u, 30, 3, 16 } },
	{ "shift counts are masked to 5 bits; UMUL_HI/IMUL_HI",
	  "  0: SHL TEMP[0].x, CONST[0].xxxx, CONST[0].yyyy\n"
	  "  1: ISHR TEMP[0].y, CONST[0].zzzz, CONST[0].wwww\n"
	  "  2: UMUL_HI TEMP[0].z, CONST[0].zzzz, CONST[0].zzzz\n"
	  "  3: IMUL_HI TEMP[0].w, CONST[1].xxxx, CONST[1].yyyy\n"
	  "  4: MOV OUT[0], TEMP[0]\n  5: END\n",
	  { { 1, 33, 0xffffffffu, 63 }, { 0xfffffffeu, 3 } }, { 2, 0xffffffffu, 0xfffffffeu, 0xffffffffu } },
	{ "UIF tests bits (-0.0 is true), IF tests the float (-0.0 is false)",
	  "IMM[0] UINT32 {0, 1, 2, 3}\n"
	  "  0: MOV TEMP[0], IMM[0].xxxx\n"
	  "  1: UIF CONST[0].xxxx\n"
	  "  2:   MOV TEMP[0].x, IMM[0].yyyy\n"
	  "  3: ENDIF\n"
	  "  4: IF CONST[0].xxxx\n"
	  "  5:   MOV TEMP[0].y, IMM[0].yyyy\n"
	  "  6: ELSE\n"
	  "  7:   MOV TEMP[0].z, IMM[0].zzzz\n"
	  "  8: ENDIF\n"
	  "  9: MOV OUT[0], TEMP[0]\n 10: END\n",
	  { { 0x80000000u } }, { 1, 0, 2, 0 } },
	{ "indirect TEMP array and CONST reads are clamped to the declaration",
	  "DCL TEMP[5..7], ARRAY(1)\n"
	  "IMM[0] UINT32 {10, 20, 30, 0}\n"
	  "  0: MOV TEMP[5], IMM[0].xxxx\n"
	  "  1: MOV TEMP[6], IMM[0].yyyy\n"
	  "  2: MOV TEMP[7], IMM[0].zzzz\n"
	  "  3: UARL ADDR[0].x, CONST[0].xxxx\n"
	  "  4: MOV TEMP[0].x, TEMP[ADDR[0].x+5](1).xxxx\n"
	  "  5: MOV TEMP[0].z, CONST[ADDR[0].x].xxxx\n"
	  "  6: UARL ADDR[0].x, CONST[0].yyyy\n"
	  "  7: MOV TEMP[0].y, TEMP[ADDR[0].x+5](1).xxxx\n"
	  "  8: MOV TEMP[0].w, CONST[ADDR[0].x+1].wwww\n"
	  "  9: MOV OUT[0], TEMP[0]\n 10: END\n",
	  { { 7, 0xfffffffbu, 0, 66 }, { 55, 0, 0, 0 } }, { 30, 10, 55, 66 } },
	{ "NaN bit patterns survive MOV; I2F, F2I",
	  "  0: MOV TEMP[0].xy, CONST[0].xyxx\n"
	  "  1: I2F TEMP[0].z, CONST[0].zzzz\n"
	  "  2: F2I TEMP[0].w, CONST[0].wwww\n"
	  "  3: MOV OUT[0], TEMP[0]\n  4: END\n",
	  { { 0xffffffffu, 0x7fc00001u, 0xfffffffdu, 0xc0600000u } },
	  { 0xffffffffu, 0x7fc00001u, 0xc0400000u, 0xfffffffdu } },
	{ "TXF fetches the exact texel of a UINT view",
	  "DCL SAMP[0]\n"
	  "DCL SVIEW[0], 2D, UINT\n"
	  "  0: TXF TEMP[0], CONST[0], SAMP[0], 2D\n"
	  "  1: MOV OUT[0], TEMP[0]\n  2: END\n",
	  { { 1, 1, 0, 0 } }, { 0x30, 0x31, 0x32, 0x33 } },
	{ "gl_FragCoord: upper-left origin, half-integer centres (pixel 1,2 of 4x4)",
	  "DCL IN[0], POSITION, LINEAR\n  0: MOV OUT[0], IN[0]\n  1: END\n",
	  { { 0 } }, { 0x3fc00000u, 0x3fc00000u, 0x3f000000u, F1 } },
	{ "gl_FragCoord: upper-left origin on a flipped target (vigil_fb_height < 0)",
	  "DCL IN[0], POSITION, LINEAR\n  0: MOV OUT[0], IN[0]\n  1: END\n",
	  { { 0 } }, { 0x3fc00000u, 0x40200000u, 0x3f000000u, F1 }, -4.0f, false },
	{ "gl_FragCoord: lower-left origin, integer centres (GL; GLES ignores both: test_glsl_exec_tex.c)",
	  "PROPERTY FS_COORD_ORIGIN LOWER_LEFT\nPROPERTY FS_COORD_PIXEL_CENTER INTEGER\n"
	  "DCL IN[0], POSITION, LINEAR\n  0: MOV OUT[0], IN[0]\n  1: END\n",
	  { { 0 } }, { F1, F2, 0x3f000000u, F1 }, 0.0f, false, 0, 0, 330 },
	{ "two-sided colour, front face: COLOR (flat integer bits) and FACE = +1.0",
	  "DCL IN[0], COLOR[0], CONSTANT\nDCL IN[1], FACE, CONSTANT\n"
	  "  0: MOV TEMP[0].xy, IN[0].xyxx\n  1: MOV TEMP[0].zw, IN[1].xxxx\n"
	  "  2: MOV OUT[0], TEMP[0]\n  3: END\n",
	  { { 0 } }, { 1, 2, F1, F1 } },
	{ "two-sided colour, back face: BCOLOR and FACE = -1.0",
	  "DCL IN[0], COLOR[0], CONSTANT\nDCL IN[1], FACE, CONSTANT\n"
	  "  0: MOV TEMP[0].xy, IN[0].xyxx\n  1: MOV TEMP[0].zw, IN[1].xxxx\n"
	  "  2: MOV OUT[0], TEMP[0]\n  3: END\n",
	  { { 0 } }, { 5, 6, 0xbf800000u, 0xbf800000u }, 0.0f, true },
	{ "flat varying carries NaN and denormal bit patterns exactly",
	  "DCL IN[0], GENERIC[0], CONSTANT\n  0: MOV OUT[0], IN[0]\n  1: END\n",
	  { { 0 } }, { 0xffffffffu, 0x7fc00001u, 1, 0x80000000u } },
	{ "alpha test GREATER 0.5 passes alpha 0.75",
	  "IMM[0] UINT32 {1, 2, 3, 1061158912}\n  0: MOV OUT[0], IMM[0]\n  1: END\n",
	  { { 0 } }, { 1, 2, 3, 0x3f400000u }, 0.0f, false, 5 },
	{ "alpha test GREATER 0.5 discards alpha 0.25",
	  "IMM[0] UINT32 {1, 2, 3, 1048576000}\n  0: MOV OUT[0], IMM[0]\n  1: END\n",
	  { { 0 } }, { CLEAR, CLEAR, CLEAR, CLEAR }, 0.0f, false, 5 },
	{ "alpha test NEVER discards",
	  "IMM[0] UINT32 {1, 2, 3, 4}\n  0: MOV OUT[0], IMM[0]\n  1: END\n",
	  { { 0 } }, { CLEAR, CLEAR, CLEAR, CLEAR }, 0.0f, false, 1 },
	{ "polygon stipple: a clear bit at the pixel's (x, upper-left y) discards it",
	  "IMM[0] UINT32 {1, 2, 3, 4}\n  0: MOV OUT[0], IMM[0]\n  1: END\n",
	  { { 0 } }, { CLEAR, CLEAR, CLEAR, CLEAR }, 0.0f, false, 0, EMUL_STIPPLE_HOLE },
	{ "polygon stipple: a set bit keeps the pixel",
	  "IMM[0] UINT32 {1, 2, 3, 4}\n  0: MOV OUT[0], IMM[0]\n  1: END\n",
	  { { 0 } }, { 1, 2, 3, 4 }, 0.0f, false, 0, EMUL_STIPPLE_FULL },
	{ "user clip plane x >= 0 clips the pixel at x = -0.25 (GL)",
	  "IMM[0] UINT32 {1, 2, 3, 4}\n  0: MOV OUT[0], IMM[0]\n  1: END\n",
	  { { 0 } }, { CLEAR, CLEAR, CLEAR, CLEAR }, 0.0f, false, 0, EMUL_CLIP_PLANE },
	{ "doubles: DADD on packed pairs, D2F, DSLT writing ~0 to .z (GLSL 4.00)",
	  "  0: DADD TEMP[0], CONST[0], CONST[1]\n  1: D2F TEMP[1].xy, TEMP[0]\n"
	  "  2: DSLT TEMP[1].zw, CONST[0], CONST[1]\n  3: MOV OUT[0], TEMP[1]\n  4: END\n",
	  { { 0, 0x3ff80000u, 0, 0xc0000000u }, { 0, 0x40000000u, 0, 0x3fe00000u } },
	  { 0x40600000u, 0xbfc00000u, 0xffffffffu, 0 }, 0.0f, false, 0, 0, 400, 320 },
	{ "doubles: bits kept when moved, -0.0 + -0.0 = -0.0, D2F into .z alone (its first channel) "
	  "rounds to nearest even (GLES: as floats)",
	  "  0: MOV TEMP[0], CONST[0]\n  1: DADD TEMP[1].xy, CONST[1], CONST[1]\n"
	  "  2: D2F TEMP[0].z, CONST[1].zwzw\n  3: MOV TEMP[0].w, TEMP[1].yyyy\n"
	  "  4: MOV OUT[0], TEMP[0]\n  5: END\n",
	  { { 0x12345678u, 0x3ff12345u, 0, 0 }, { 0, 0x80000000u, 0x30000000u, 0x3ff00000u } },
	  { 0x12345678u, 0x3ff12345u, 0x3f800002u, 0x80000000u }, 0.0f, false, 0, 0, 400, 320 },
	{ "64-bit integers: sign/zero extension, U64ADD, U64SHL by 33, U64DIV by zero = ~0 (GLSL 4.00)",
	  "  0: I2I64 TEMP[0], CONST[0].xxxx\n  1: U2I64 TEMP[1], CONST[0].yzzz\n"
	  "  2: U64ADD TEMP[2], TEMP[0], TEMP[1]\n  3: U64SHL TEMP[2].xy, TEMP[2], CONST[0].wwww\n"
	  "  4: U64DIV TEMP[2].zw, TEMP[0], TEMP[1]\n  5: MOV OUT[0], TEMP[2]\n  6: END\n",
	  { { 0xffffffffu, 5, 0, 33 } }, { 0, 8, 0xffffffffu, 0xffffffffu }, 0.0f, false, 0, 0, 400 },
	{ "64-bit signed division: INT64_MIN / -1 = INT64_MIN, -7 / 0 = -1 (GLSL 4.00)",
	  "  0: I64DIV TEMP[0], CONST[0], CONST[0].zwzw\n  1: I64DIV TEMP[1], CONST[1], CONST[1].zwzw\n"
	  "  2: MOV TEMP[0].zw, TEMP[1].xyxy\n  3: MOV OUT[0], TEMP[0]\n  4: END\n",
	  { { 0, 0x80000000u, 0xffffffffu, 0xffffffffu }, { 0xfffffff9u, 0xffffffffu, 0, 0 } },
	  { 0, 0x80000000u, 0xffffffffu, 0xffffffffu }, 0.0f, false, 0, 0, 400 },
	{ "MOV_SAT clamps, negate and abs modifiers",
	  "  0: MOV_SAT TEMP[0].x, CONST[0].xxxx\n"
	  "  1: MOV TEMP[0].y, -CONST[0].xxxx\n"
	  "  2: MOV TEMP[0].z, |CONST[0].yyyy|\n"
	  "  3: INEG TEMP[0].w, CONST[0].zzzz\n"
	  "  4: MOV OUT[0], TEMP[0]\n  5: END\n",
	  { { F2, 0xbf800000u, 5, 0 } }, { F1, 0xc0000000u, F1, 0xfffffffbu } },
};

static const char vs_text[] = "VERT\nDCL IN[0]\nDCL OUT[0], POSITION\nDCL OUT[1], COLOR[0]\n"
			      "DCL OUT[2], BCOLOR[0]\nDCL OUT[3], GENERIC[0]\n"
			      "IMM[0] UINT32 {1, 2, 3, 4}\nIMM[1] UINT32 {5, 6, 7, 8}\n"
			      "IMM[2] UINT32 {4294967295, 2143289345, 1, 2147483648}\n"
			      "  0: MOV OUT[0], IN[0]\n  1: MOV OUT[1], IMM[0]\n  2: MOV OUT[2], IMM[1]\n"
			      "  3: MOV OUT[3], IMM[2]\n  4: END\n";

static const float tri[] = { -1, -1, 0, 1, 3, -1, 0, 1, -1, 3, 0, 1 };

struct gpu {
	GLuint fbo, rt, tex, vao, vbo;
};

static void gpu_init(struct gpu *g)
{
	static const uint32_t texels[2 * 2 * 4] = {
		0x00, 0x01, 0x02, 0x03, 0x10, 0x11, 0x12, 0x13,
		0x20, 0x21, 0x22, 0x23, 0x30, 0x31, 0x32, 0x33,
	};

	glGenTextures(1, &g->rt);
	glBindTexture(GL_TEXTURE_2D, g->rt);
	glTexStorage2D(GL_TEXTURE_2D, 1, GL_RGBA32UI, 4, 4);
	glGenFramebuffers(1, &g->fbo);
	glBindFramebuffer(GL_FRAMEBUFFER, g->fbo);
	glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, g->rt, 0);
	glGenTextures(1, &g->tex);
	glActiveTexture(GL_TEXTURE0);
	glBindTexture(GL_TEXTURE_2D, g->tex);
	glTexStorage2D(GL_TEXTURE_2D, 1, GL_RGBA32UI, 2, 2);
	glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, 2, 2, GL_RGBA_INTEGER, GL_UNSIGNED_INT, texels);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
	glGenVertexArrays(1, &g->vao);
	glBindVertexArray(g->vao);
	glGenBuffers(1, &g->vbo);
	glBindBuffer(GL_ARRAY_BUFFER, g->vbo);
	glBufferData(GL_ARRAY_BUFFER, sizeof(tri), tri, GL_STATIC_DRAW);
	glVertexAttribPointer(0, 4, GL_FLOAT, GL_FALSE, 0, NULL);
	glEnableVertexAttribArray(0);
	glViewport(0, 0, 4, 4);
}

void set_emulation_uniforms(GLuint prog, float fb_height)
{
	GLint loc;

	if ((loc = glGetUniformLocation(prog, "vigil_winsys_y")) >= 0)
		glUniform1f(loc, 1.0f);
	if ((loc = glGetUniformLocation(prog, "vigil_fb_height")) >= 0)
		glUniform1f(loc, fb_height != 0.0f ? fb_height : 4.0f);
}

/* Emits VS + FS, links, draws; the pixel in *px. false on any failure (printed). */
static bool draw_case(const struct exec_case *k, bool gles, unsigned ver, uint32_t px[4])
{
	char fs_text[4096];
	struct vigil_tgsi_shader *vs = gh_parse(vs_text, "exec VS"), *fs;
	struct vigil_glsl_opts vo, fo;
	struct vigil_glsl_info vi, fi;
	char *vsrc = NULL, *fsrc = NULL;
	const char *why = "";
	GLuint sh[2] = { 0, 0 }, prog = 0;
	bool ok = false;
	GLint loc;

	snprintf(fs_text, sizeof(fs_text), "%s%s", fs_head, k->body);
	fs = gh_parse(fs_text, k->name);
	if (!vs || !fs)
		goto out;
	gh_default_opts(&vo, gles, ver);
	gh_default_opts(&fo, gles, ver);
	vo.next = fs;
	fo.prev = vs;
	fo.cbuf_type[0] = VIGIL_GLSL_UINT;
	fo.alpha_func = k->alpha_func;
	fo.poly_stipple = k->emul == EMUL_STIPPLE_HOLE || k->emul == EMUL_STIPPLE_FULL;
	if (k->emul == EMUL_CLIP_PLANE)
		vo.clip_plane_enable = 1;
	if (vigil_glsl_emit_why(vs, &vo, &vsrc, &vi, &why) != VIGIL_OK ||
	    vigil_glsl_emit_why(fs, &fo, &fsrc, &fi, &why) != VIGIL_OK) {
		fprintf(stderr, "%s: emit failed (%s)\n", k->name, why);
		goto out;
	}
	if (fi.const0_vec4s != 2 || fi.fs_outputs_mask != 1 || vi.vs_inputs_mask != 1) {
		fprintf(stderr, "%s: info const0_vec4s %u fs_outputs_mask %u vs_inputs_mask %u\n", k->name,
			(unsigned)fi.const0_vec4s, fi.fs_outputs_mask, (unsigned)vi.vs_inputs_mask);
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
	set_emulation_uniforms(prog, k->fb_height);
	if ((loc = glGetUniformLocation(prog, "vigil_alpha_ref")) >= 0)
		glUniform1f(loc, 0.5f);
	if ((loc = glGetUniformLocation(prog, "vigil_stipple")) >= 0) {
		GLuint rows[32];

		/* pixel (1, 2) of the 4-high target is upper-left row 1; bit 31 - x is column x */
		for (unsigned i = 0; i < 32; i++)
			rows[i] = 0xffffffffu;
		if (k->emul == EMUL_STIPPLE_HOLE)
			rows[1] &= ~(1u << 30);
		else
			rows[1] &= ~(1u << 31); /* a hole elsewhere in the row */
		glUniform1uiv(loc, 32, rows);
	}
	if ((loc = glGetUniformLocation(prog, "vigil_clip_plane")) >= 0) {
		const GLfloat planes[8 * 4] = { 1.0f, 0.0f, 0.0f, 0.0f };

		glUniform4fv(loc, 8, planes);
		glEnable(GL_CLIP_DISTANCE0);
	}
	glFrontFace(k->cw ? GL_CW : GL_CCW);
	loc = glGetUniformLocation(prog, "fs_c0"); /* absent when the case reads no constant */
	if (loc >= 0)
		glUniform4uiv(loc, 2, &k->c[0][0]);
	if ((loc = glGetUniformLocation(prog, "fs_samp0")) >= 0)
		glUniform1i(loc, 0);
	{
		const GLuint clear[4] = { CLEAR, CLEAR, CLEAR, CLEAR };

		glClearBufferuiv(GL_COLOR, 0, clear);
	}
	glDrawArrays(GL_TRIANGLES, 0, 3);
	if (k->emul == EMUL_CLIP_PLANE)
		glDisable(GL_CLIP_DISTANCE0);
	memset(px, 0, 4 * sizeof(px[0]));
	glReadPixels(1, 2, 1, 1, GL_RGBA_INTEGER, GL_UNSIGNED_INT, px);
	ok = glGetError() == GL_NO_ERROR;
	if (!ok)
		fprintf(stderr, "%s: GL error\n", k->name);
	if (getenv("VIGIL_GLSL_DUMP"))
		printf("%s\n%s\n", vsrc, fsrc);
out:
	gh_release(prog, 2, sh, (char *[]){ vsrc, fsrc }, (struct vigil_tgsi_shader *[]){ vs, fs });
	return ok;
}

int main(int argc, char **argv)
{
	struct gh_env env;
	struct gpu g;
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
	memset(&g, 0, sizeof(g));
	gpu_init(&g);
	for (unsigned v = 0; v < nver; v++) {
		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			uint32_t px[4];
			const struct exec_case *k = &cases[i];

			if (gles && k->emul == EMUL_CLIP_PLANE)
				continue; /* no gl_ClipDistance on GLES: the emitter refuses */
			if (k->min_gl && (gles ? !k->min_es || versions[v] < k->min_es : versions[v] < k->min_gl))
				continue; /* refused there (tests/glsl/tgsi covers the refusal) */
			if (draw_case(k, gles, versions[v], px) && !memcmp(px, k->want, sizeof(px))) {
				pass++;
				continue;
			}
			fail++;
			fprintf(stderr, "FAIL %s @ %u: got %08x %08x %08x %08x, want %08x %08x %08x %08x\n",
				k->name, versions[v], px[0], px[1], px[2], px[3], k->want[0], k->want[1],
				k->want[2], k->want[3]);
		}
		for (int gap = 0; gap < 2; gap++) {
			if (xfb_case(gles, versions[v], gap)) {
				pass++;
			} else {
				fail++;
				fprintf(stderr, "FAIL transform feedback%s @ %u\n", gap ? " with gaps" : "", versions[v]);
			}
		}
	}
	if (!gles || env.version >= 32) {
		unsigned gv = gles ? 320 : 330;

		if (gs_case(gles, gv)) {
			pass++;
		} else {
			fail++;
			fprintf(stderr, "FAIL geometry shader @ %u\n", gv);
		}
	}
	if (env.version >= (gles ? 32 : 40)) {
		unsigned tv = gles ? 320 : 400;

		if (tess_case(gles, tv)) {
			pass++;
		} else {
			fail++;
			fprintf(stderr, "FAIL tessellation @ %u\n", tv);
		}
	}
	if (env.version >= (gles ? 31 : 43)) {
		unsigned cv = gles ? 310 : 430;

		if (compute_case(gles, cv)) {
			pass++;
		} else {
			fail++;
			fprintf(stderr, "FAIL compute @ %u\n", cv);
		}
	}
	if (env.version >= (gles ? 32 : 43)) {
		unsigned iv = gles ? 320 : 430;

		if (image_case(gles, iv)) {
			pass++;
		} else {
			fail++;
			fprintf(stderr, "FAIL compute images @ %u\n", iv);
		}
		glBindFramebuffer(GL_FRAMEBUFFER, 0);
	}
	gh_close(&env);
	printf("%s: %u execution checks passed, %u failed\n", argv[1], pass, fail);
	return fail ? 1 : 0;
}
