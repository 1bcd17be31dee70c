/*
 * test_glsl_exec_stages.c: the execution checks of test_glsl_exec.c beyond a lone fragment
 * shader: a transform feedback capture with a gap (gl_SkipComponents), a geometry shader
 * turning a point into a triangle (flat varying, primitive id), a TCS + TES pair (levels,
 * per-vertex and patch varyings, gl_TessCoord), a compute shader (shared memory across a
 * barrier, SSBO atomics, accesses past the buffer's end, RESQ) and one on images (load, image
 * atomic, RESQ, store). Each returns true when every value read back is exact.
 *
 * Inputs are test data (trusted); called by test_glsl_exec.c's main with a current context.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec_stages.h"

#define CLEAR 0xdeadbeefu

/* Stream output of OUT[1] (11, 22, 33, 44): with a gap (.yz at dword 1 of a 4-dword stride,
 * gl_SkipComponents1 on both sides; GLES must refuse) or without (.xyzw at dword 0). */
bool xfb_case(bool gles, unsigned ver, bool gap)
{
	static const char vs_so[] = "VERT\nDCL IN[0]\nDCL OUT[0], POSITION\nDCL OUT[1], GENERIC[0]\n"
				    "IMM[0] UINT32 {11, 22, 33, 44}\n"
				    "  0: MOV OUT[0], IN[0]\n  1: MOV OUT[1], IMM[0]\n  2: END\n";
	const uint32_t want_gap[4] = { 0xa5a5a5a5u, 22, 33, 0xa5a5a5a5u }, want_full[4] = { 11, 22, 33, 44 };
	struct vigil_tgsi_shader *vs = gh_parse(vs_so, "xfb VS"), *fs = NULL;
	struct vigil_glsl_opts o, fo;
	struct vigil_glsl_info info, finfo;
	char *src = NULL, *fsrc = NULL;
	const char *why = "";
	GLuint sh[2] = { 0, 0 }, prog = 0, buf = 0;
	uint32_t out[12];
	bool ok = false;
	vigil_status s;

	if (!vs || !(fs = gh_partner_fs(vs)))
		goto out;
	gh_default_opts(&o, gles, ver);
	o.so_active = true;
	o.so_count = 1;
	o.so[0].register_index = 1;
	o.so[0].start_component = gap ? 1 : 0;
	o.so[0].num_components = gap ? 2 : 4;
	o.so[0].dst_offset = gap ? 1 : 0;
	o.so_stride[0] = 4;
	o.next = fs;
	s = vigil_glsl_emit_why(vs, &o, &src, &info, &why);
	if (gles && gap) { /* gaps need gl_SkipComponents, which GLES lacks */
		ok = s == VIGIL_E_UNSUPPORTED;
		if (!ok)
			fprintf(stderr, "xfb with gaps on GLES: status %s, want UNSUPPORTED\n", vigil_status_name(s));
		goto out;
	}
	if (s != VIGIL_OK || info.so_varying_count != (gap ? 3u : 1u) || info.uses_winsys_y ||
	    strcmp(info.so_varyings[gap ? 1 : 0], "vs_so0") ||
	    (gap && (strcmp(info.so_varyings[0], "gl_SkipComponents1") ||
		     strcmp(info.so_varyings[2], "gl_SkipComponents1")))) {
		fprintf(stderr, "xfb: emit %s (%s), %u names\n", vigil_status_name(s), why,
			(unsigned)info.so_varying_count);
		goto out;
	}
	gh_default_opts(&fo, gles, ver);
	fo.prev = vs;
	if (vigil_glsl_emit_why(fs, &fo, &fsrc, &finfo, &why) != VIGIL_OK)
		goto out;
	sh[0] = gh_compile(GL_VERTEX_SHADER, src, "xfb");
	sh[1] = gh_compile(GL_FRAGMENT_SHADER, fsrc, "xfb FS");
	if (!sh[0] || !sh[1])
		goto out;
	{
		const char *srcs[2] = { src, fsrc };

		prog = gh_link(sh, 2, srcs, &info, false, "xfb");
	}
	if (!prog)
		goto out;
	memset(out, 0xa5, sizeof(out));
	glGenBuffers(1, &buf);
	glBindBuffer(GL_TRANSFORM_FEEDBACK_BUFFER, buf);
	glBufferData(GL_TRANSFORM_FEEDBACK_BUFFER, sizeof(out), out, GL_STATIC_READ);
	glBindBufferBase(GL_TRANSFORM_FEEDBACK_BUFFER, 0, buf);
	glUseProgram(prog);
	glEnable(GL_RASTERIZER_DISCARD);
	glBeginTransformFeedback(GL_TRIANGLES);
	glDrawArrays(GL_TRIANGLES, 0, 3);
	glEndTransformFeedback();
	glDisable(GL_RASTERIZER_DISCARD);
	{
		const uint32_t *p = glMapBufferRange(GL_TRANSFORM_FEEDBACK_BUFFER, 0, sizeof(out), GL_MAP_READ_BIT);

		ok = p != NULL;
		for (unsigned v = 0; v < 3 && ok; v++) {
			if (memcmp(&p[v * 4], gap ? want_gap : want_full, sizeof(want_gap))) {
				fprintf(stderr, "xfb vertex %u: %08x %08x %08x %08x\n", v, p[v * 4], p[v * 4 + 1],
					p[v * 4 + 2], p[v * 4 + 3]);
				ok = false;
			}
		}
		if (p)
			glUnmapBuffer(GL_TRANSFORM_FEEDBACK_BUFFER);
	}
	ok = ok && glGetError() == GL_NO_ERROR;
out:
	if (buf)
		glDeleteBuffers(1, &buf);
	gh_release(prog, 2, sh, (char *[]){ src, fsrc }, (struct vigil_tgsi_shader *[]){ vs, fs });
	return ok;
}

/* Geometry shader: a point becomes a full-screen triangle; the GS reads its input varying and
 * the primitive id, writes a flat varying per EMIT (the last vertex provokes), and the FS
 * reads it back through the GS's output names. */
bool gs_case(bool gles, unsigned ver)
{
	static const char vs_t[] = "VERT\nDCL IN[0]\nDCL OUT[0], POSITION\nDCL OUT[1], GENERIC[0]\n"
				   "IMM[0] UINT32 {7, 8, 9, 10}\n"
				   "  0: MOV OUT[0], IN[0]\n  1: MOV OUT[1], IMM[0]\n  2: END\n";
	static const char gs_t[] = "GEOM\nPROPERTY GS_INPUT_PRIMITIVE POINTS\n"
				   "PROPERTY GS_OUTPUT_PRIMITIVE TRIANGLE_STRIP\nPROPERTY GS_MAX_OUTPUT_VERTICES 3\n"
				   "DCL IN[][0], POSITION\nDCL IN[][1], GENERIC[0]\nDCL SV[0], PRIM_ID\n"
				   "DCL OUT[0], POSITION\nDCL OUT[1], GENERIC[5]\nDCL TEMP[0]\n"
				   "IMM[0] UINT32 {3212836864, 1077936128, 0, 1065353216}\nIMM[1] UINT32 {0, 1, 2, 100}\n"
				   "  0: MOV OUT[0], IMM[0].xxzw\n  1: MOV OUT[1], IMM[1].xxxx\n"
				   "  2: EMIT IMM[1].xxxx\n"
				   "  3: MOV OUT[0], IMM[0].yxzw\n  4: EMIT IMM[1].xxxx\n"
				   "  5: MOV OUT[0], IMM[0].xyzw\n"
				   "  6: UADD TEMP[0], IN[0][1], IMM[1].wwww\n"
				   "  7: UADD TEMP[0].w, SV[0].xxxx, IMM[1].zzzz\n"
				   "  8: MOV OUT[1], TEMP[0]\n  9: EMIT IMM[1].xxxx\n"
				   " 10: ENDPRIM IMM[1].xxxx\n 11: END\n";
	static const char fs_t[] = "FRAG\nDCL IN[0], GENERIC[5], CONSTANT\nDCL OUT[0], COLOR\n"
				   "  0: MOV OUT[0], IN[0]\n  1: END\n";
	const uint32_t want[4] = { 107, 108, 109, 2 };
	struct vigil_tgsi_shader *sh[3] = { gh_parse(vs_t, "gs VS"), gh_parse(gs_t, "GS"), gh_parse(fs_t, "gs FS") };
	char *src[3] = { NULL, NULL, NULL };
	GLuint obj[3] = { 0, 0, 0 }, prog = 0;
	static const GLenum stages[3] = { GL_VERTEX_SHADER, GL_GEOMETRY_SHADER, GL_FRAGMENT_SHADER };
	uint32_t px[4] = { 0 };
	bool ok = false;

	for (unsigned i = 0; i < 3; i++) {
		struct vigil_glsl_opts o;
		struct vigil_glsl_info info;
		const char *why = "";

		if (!sh[i])
			goto out;
		gh_default_opts(&o, gles, ver);
		o.prev = i ? sh[i - 1] : NULL;
		o.next = i < 2 ? sh[i + 1] : NULL;
		o.cbuf_type[0] = VIGIL_GLSL_UINT;
		if (vigil_glsl_emit_why(sh[i], &o, &src[i], &info, &why) != VIGIL_OK) {
			fprintf(stderr, "gs: emit stage %u failed (%s)\n", i, why);
			goto out;
		}
		if ((obj[i] = gh_compile(stages[i], src[i], "gs")) == 0)
			goto out;
	}
	{
		const char *srcs[3] = { src[0], src[1], src[2] };

		prog = gh_link(obj, 3, srcs, NULL, false, "gs");
	}
	if (!prog)
		goto out;
	glUseProgram(prog);
	set_emulation_uniforms(prog, 0.0f);
	glFrontFace(GL_CCW);
	{
		const GLuint clear[4] = { CLEAR, CLEAR, CLEAR, CLEAR };

		glClearBufferuiv(GL_COLOR, 0, clear);
	}
	glDrawArrays(GL_POINTS, 2, 1); /* primitive id 0 */
	glReadPixels(1, 2, 1, 1, GL_RGBA_INTEGER, GL_UNSIGNED_INT, px);
	ok = glGetError() == GL_NO_ERROR && !memcmp(px, want, sizeof(want));
	if (!ok)
		fprintf(stderr, "gs: got %x %x %x %x\n", px[0], px[1], px[2], px[3]);
out:
	gh_release(prog, 3, obj, src, sh);
	return ok;
}

/* Tessellation: a TCS passing positions and writing levels, a per-vertex and a patch varying,
 * a TES interpolating the triangle and adding both varyings into a flat output. */
bool tess_case(bool gles, unsigned ver)
{
	static const char vs_t[] = "VERT\nDCL IN[0]\nDCL OUT[0], POSITION\n  0: MOV OUT[0], IN[0]\n  1: END\n";
	static const char tcs_t[] = "TESS_CTRL\nPROPERTY TCS_VERTICES_OUT 3\n"
				    "DCL IN[][0], POSITION\nDCL SV[0], INVOCATIONID\n"
				    "DCL OUT[][0], POSITION\nDCL OUT[][1], GENERIC[0]\n"
				    "DCL OUT[2], TESSOUTER\nDCL OUT[3], TESSINNER\nDCL OUT[4], PATCH[0]\n"
				    "DCL ADDR[0]\nDCL TEMP[0]\n"
				    "IMM[0] UINT32 {1065353216, 100, 200, 300}\n"
				    "  0: UARL ADDR[0].x, SV[0].xxxx\n"
				    "  1: MOV OUT[ADDR[0].x][0], IN[ADDR[0].x][0]\n"
				    "  2: UADD TEMP[0], IMM[0].yzwy, SV[0].xxxx\n"
				    "  3: MOV OUT[ADDR[0].x][1], TEMP[0]\n"
				    "  4: MOV OUT[2], IMM[0].xxxx\n  5: MOV OUT[3], IMM[0].xxxx\n"
				    "  6: MOV OUT[4], IMM[0].yyzz\n  7: END\n";
	static const char tes_t[] = "TESS_EVAL\nPROPERTY TES_PRIM_MODE 4\nPROPERTY TES_SPACING 2\n"
				    "DCL IN[][0], POSITION\nDCL IN[][1], GENERIC[0]\nDCL IN[2], PATCH[0]\n"
				    "DCL SV[0], TESSCOORD\nDCL OUT[0], POSITION\nDCL OUT[1], GENERIC[7]\n"
				    "DCL TEMP[0]\n"
				    "  0: MUL TEMP[0], IN[0][0], SV[0].xxxx\n"
				    "  1: MAD TEMP[0], IN[1][0], SV[0].yyyy, TEMP[0]\n"
				    "  2: MAD OUT[0], IN[2][0], SV[0].zzzz, TEMP[0]\n"
				    "  3: UADD OUT[1], IN[2][1], IN[2]\n  4: END\n";
	static const char fs_t[] = "FRAG\nDCL IN[0], GENERIC[7], CONSTANT\nDCL OUT[0], COLOR\n"
				   "  0: MOV OUT[0], IN[0]\n  1: END\n";
	/* vertex 2's generic (100, 200, 300, 100) + 2, plus the patch (100, 100, 200, 200) */
	const uint32_t want[4] = { 202, 302, 502, 302 };
	const char *texts[4] = { vs_t, tcs_t, tes_t, fs_t };
	static const GLenum stages[4] = { GL_VERTEX_SHADER, GL_TESS_CONTROL_SHADER,
					  GL_TESS_EVALUATION_SHADER, GL_FRAGMENT_SHADER };
	struct vigil_tgsi_shader *sh[4] = { NULL, NULL, NULL, NULL };
	char *src[4] = { NULL, NULL, NULL, NULL };
	GLuint obj[4] = { 0, 0, 0, 0 }, prog = 0;
	uint32_t px[4] = { 0 };
	bool ok = false;

	for (unsigned i = 0; i < 4; i++)
		if (!(sh[i] = gh_parse(texts[i], "tess")))
			goto out;
	for (unsigned i = 0; i < 4; i++) {
		struct vigil_glsl_opts o;
		struct vigil_glsl_info info;
		const char *why = "";

		gh_default_opts(&o, gles, ver);
		o.prev = i ? sh[i - 1] : NULL;
		o.next = i < 3 ? sh[i + 1] : NULL;
		o.cbuf_type[0] = VIGIL_GLSL_UINT;
		if (vigil_glsl_emit_why(sh[i], &o, &src[i], &info, &why) != VIGIL_OK) {
			fprintf(stderr, "tess: emit stage %u failed (%s)\n", i, why);
			goto out;
		}
		if (!(obj[i] = gh_compile(stages[i], src[i], "tess")))
			goto out;
	}
	{
		const char *srcs[4] = { src[0], src[1], src[2], src[3] };

		prog = gh_link(obj, 4, srcs, NULL, false, "tess");
	}
	if (!prog)
		goto out;
	glUseProgram(prog);
	set_emulation_uniforms(prog, 0.0f);
	{
		const GLuint clear[4] = { CLEAR, CLEAR, CLEAR, CLEAR };

		glClearBufferuiv(GL_COLOR, 0, clear);
	}
	glPatchParameteri(GL_PATCH_VERTICES, 3);
	glDrawArrays(GL_PATCHES, 0, 3);
	glReadPixels(1, 2, 1, 1, GL_RGBA_INTEGER, GL_UNSIGNED_INT, px);
	ok = glGetError() == GL_NO_ERROR && !memcmp(px, want, sizeof(want));
	if (!ok)
		fprintf(stderr, "tess: got %u %u %u %u\n", px[0], px[1], px[2], px[3]);
out:
	gh_release(prog, 4, obj, src, sh);
	return ok;
}

/* Compute: shared memory across a barrier, SSBO store/load/atomics (ATOMUADD, the signed
 * ATOMIMIN compare-and-swap loop), accesses past the buffer's end dropped or reading 0, RESQ. */
bool compute_case(bool gles, unsigned ver)
{
	static const char cs[] = "COMP\n"
				 "PROPERTY CS_FIXED_BLOCK_WIDTH 4\nPROPERTY CS_FIXED_BLOCK_HEIGHT 1\n"
				 "PROPERTY CS_FIXED_BLOCK_DEPTH 1\n"
				 "DCL SV[0], THREAD_ID\nDCL BUFFER[0]\nDCL MEMORY[1], SHARED\nDCL TEMP[0..3]\n"
				 "IMM[0] UINT32 {2, 4, 100, 1}\nIMM[1] UINT32 {16, 20, 65536, 24}\n"
				 "IMM[2] UINT32 {57005, 28, 1, 0}\n"
				 "  0: SHL TEMP[0].x, SV[0].xxxx, IMM[0].xxxx\n"
				 "  1: UADD TEMP[1].x, SV[0].xxxx, IMM[0].zzzz\n"
				 "  2: STORE MEMORY[0].x, TEMP[0].xxxx, TEMP[1].xxxx\n"
				 "  3: BARRIER\n"
				 "  4: XOR TEMP[2].x, SV[0].xxxx, IMM[0].wwww\n"
				 "  5: SHL TEMP[2].x, TEMP[2].xxxx, IMM[0].xxxx\n"
				 "  6: LOAD TEMP[3].x, MEMORY[0], TEMP[2].xxxx\n"
				 "  7: STORE BUFFER[0].x, TEMP[0].xxxx, TEMP[3].xxxx\n"
				 "  8: ATOMUADD TEMP[3].y, BUFFER[0], IMM[1].xxxx, IMM[0].wwww\n"
				 "  9: INEG TEMP[1].x, SV[0].xxxx\n"
				 " 10: ATOMIMIN TEMP[3].z, BUFFER[0], IMM[1].yyyy, TEMP[1].xxxx\n"
				 " 11: STORE BUFFER[0].x, IMM[1].zzzz, IMM[2].xxxx\n"
				 " 12: LOAD TEMP[3].w, BUFFER[0], IMM[1].zzzz\n"
				 " 13: STORE BUFFER[0].x, IMM[1].wwww, TEMP[3].wwww\n"
				 " 14: RESQ TEMP[1].x, BUFFER[0]\n"
				 " 15: STORE BUFFER[0].x, IMM[2].yyyy, TEMP[1].xxxx\n"
				 " 16: END\n";
	static const uint32_t init[8] = { 0x55, 0x55, 0x55, 0x55, 0, 0, 0x55, 0x55 };
	static const uint32_t want[8] = { 101, 100, 103, 102, 4, 0xfffffffdu, 0, 32 };
	struct vigil_tgsi_shader *sh = gh_parse(cs, "compute");
	struct vigil_glsl_opts o;
	struct vigil_glsl_info info;
	char *src = NULL;
	const char *why = "";
	GLuint obj = 0, prog = 0, buf = 0;
	bool ok = false;

	if (!sh)
		return false;
	gh_default_opts(&o, gles, ver);
	o.shared_bytes = 16;
	if (vigil_glsl_emit_why(sh, &o, &src, &info, &why) != VIGIL_OK || info.ssbo_mask != 1u) {
		fprintf(stderr, "compute: emit failed (%s)\n", why);
		goto out;
	}
	obj = gh_compile(GL_COMPUTE_SHADER, src, "compute");
	if (!obj)
		goto out;
	{
		const char *srcs[1] = { src };

		prog = gh_link(&obj, 1, srcs, NULL, false, "compute");
	}
	if (!prog)
		goto out;
	glGenBuffers(1, &buf);
	glBindBuffer(GL_SHADER_STORAGE_BUFFER, buf);
	glBufferData(GL_SHADER_STORAGE_BUFFER, sizeof(init), init, GL_DYNAMIC_COPY);
	glBindBufferBase(GL_SHADER_STORAGE_BUFFER, 0, buf);
	glUseProgram(prog);
	glDispatchCompute(1, 1, 1);
	glMemoryBarrier(GL_ALL_BARRIER_BITS);
	{
		const uint32_t *p = glMapBufferRange(GL_SHADER_STORAGE_BUFFER, 0, sizeof(init), GL_MAP_READ_BIT);

		ok = p && !memcmp(p, want, sizeof(want));
		if (p && !ok)
			fprintf(stderr, "compute: got %x %x %x %x %x %x %x %x\n", p[0], p[1], p[2], p[3], p[4], p[5],
				p[6], p[7]);
		if (p)
			glUnmapBuffer(GL_SHADER_STORAGE_BUFFER);
	}
	ok = ok && glGetError() == GL_NO_ERROR;
out:
	if (buf)
		glDeleteBuffers(1, &buf);
	gh_release(prog, 1, &obj, &src, &sh);
	return ok;
}

/* Compute on images: imageLoad from one r32ui image, imageAtomicAdd and imageStore into another
 * (atomics: GLSL 4.30 / ES 3.20), RESQ as imageSize, read back through a framebuffer. */
bool image_case(bool gles, unsigned ver)
{
	static const char cs[] = "COMP\n"
				 "PROPERTY CS_FIXED_BLOCK_WIDTH 2\nPROPERTY CS_FIXED_BLOCK_HEIGHT 2\n"
				 "PROPERTY CS_FIXED_BLOCK_DEPTH 1\n"
				 "DCL SV[0], THREAD_ID\n"
				 "DCL IMAGE[0], 2D, PIPE_FORMAT_R32_UINT\n"
				 "DCL IMAGE[1], 2D, PIPE_FORMAT_R32_UINT, WR\n"
				 "DCL TEMP[0..2]\nIMM[0] UINT32 {1000, 0, 0, 0}\n"
				 "  0: LOAD TEMP[0], IMAGE[0], SV[0].xyyy, 2D, PIPE_FORMAT_R32_UINT\n"
				 "  1: ATOMUADD TEMP[1].x, IMAGE[1], SV[0].xyyy, TEMP[0].xxxx, 2D, PIPE_FORMAT_R32_UINT\n"
				 "  2: RESQ TEMP[2], IMAGE[1]\n"
				 "  3: UMAD TEMP[1].x, TEMP[2].xxxx, IMM[0].xxxx, TEMP[1].xxxx\n"
				 "  4: UADD TEMP[1].x, TEMP[1].xxxx, TEMP[2].yyyy\n"
				 "  5: STORE IMAGE[1], SV[0].xyyy, TEMP[1].xxxx, 2D, PIPE_FORMAT_R32_UINT\n"
				 "  6: END\n";
	static const uint32_t src_texels[4] = { 1, 2, 3, 4 }, dst_init[4] = { 10, 20, 30, 40 };
	/* old value + size.x * 1000 + size.y */
	static const uint32_t want[4] = { 2012, 2022, 2032, 2042 };
	struct vigil_tgsi_shader *sh = gh_parse(cs, "image CS");
	struct vigil_glsl_opts o;
	struct vigil_glsl_info info;
	char *src = NULL;
	const char *why = "";
	GLuint obj = 0, prog = 0, tex[2] = { 0, 0 }, fbo = 0;
	uint32_t got[16];
	bool ok = false;

	if (!sh)
		return false;
	gh_default_opts(&o, gles, ver);
	if (vigil_glsl_emit_why(sh, &o, &src, &info, &why) != VIGIL_OK || info.image_mask != 3u) {
		fprintf(stderr, "image: emit failed (%s)\n", why);
		goto out;
	}
	if (!(obj = gh_compile(GL_COMPUTE_SHADER, src, "image")))
		goto out;
	{
		const char *srcs[1] = { src };

		prog = gh_link(&obj, 1, srcs, NULL, false, "image");
	}
	if (!prog)
		goto out;
	glGenTextures(2, tex);
	for (unsigned i = 0; i < 2; i++) {
		glBindTexture(GL_TEXTURE_2D, tex[i]);
		glTexStorage2D(GL_TEXTURE_2D, 1, GL_R32UI, 2, 2);
		glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, 2, 2, GL_RED_INTEGER, GL_UNSIGNED_INT,
				i ? dst_init : src_texels);
		glBindImageTexture(i, tex[i], 0, GL_FALSE, 0, i ? GL_READ_WRITE : GL_READ_ONLY, GL_R32UI);
	}
	glUseProgram(prog);
	glDispatchCompute(1, 1, 1);
	glMemoryBarrier(GL_ALL_BARRIER_BITS);
	glGenFramebuffers(1, &fbo);
	glBindFramebuffer(GL_FRAMEBUFFER, fbo);
	glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex[1], 0);
	memset(got, 0, sizeof(got));
	glReadPixels(0, 0, 2, 2, GL_RGBA_INTEGER, GL_UNSIGNED_INT, got);
	ok = glGetError() == GL_NO_ERROR;
	for (unsigned i = 0; i < 4 && ok; i++)
		ok = got[i * 4] == want[i];
	if (!ok)
		fprintf(stderr, "image: got %u %u %u %u\n", got[0], got[4], got[8], got[12]);
out:
	if (fbo)
		glDeleteFramebuffers(1, &fbo);
	if (tex[0])
		glDeleteTextures(2, tex);
	gh_release(prog, 1, &obj, &src, &sh);
	return ok;
}
