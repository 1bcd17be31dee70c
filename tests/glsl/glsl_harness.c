/*
 * glsl_harness.c: see glsl_harness.h. Test code: inputs are trusted, failures are printed and
 * returned, never fatal here.
 */
#include "glsl_harness.h"

#include <dlfcn.h>
#include <link.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tgsi_tables.h"
#include "vigil_egl.h"

/* Keep Mesa's driver modules mapped until exit so that LeakSanitizer names their frames and
 * tests/core/lsan.supp matches only Mesa's own allocations (as tests/core does). */
static int pin_module(struct dl_phdr_info *info, size_t size, void *user)
{
	(void)size;
	(void)user;
	if (info->dlpi_name && (strstr(info->dlpi_name, "_dri.so") || strstr(info->dlpi_name, "gallium") ||
				strstr(info->dlpi_name, "LLVM")))
		(void)dlopen(info->dlpi_name, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
	return 0;
}

int gh_open(struct gh_env *e, bool gles)
{
	memset(e, 0, sizeof(*e));
	e->gles = gles;
	if (vigil_egl_open(gles ? VIGIL_BACKEND_GLES : VIGIL_BACKEND_GL, NULL, &e->egl) != VIGIL_OK)
		return 77;
	if (vigil_egl_ctx_create(e->egl, NULL, &e->ctx) != VIGIL_OK || !vigil_egl_make_current(e->egl, e->ctx)) {
		gh_close(e);
		return 77;
	}
	e->version = vigil_egl_gl_version(e->egl);
	dl_iterate_phdr(pin_module, NULL);
	return 0;
}

void gh_close(struct gh_env *e)
{
	if (e->ctx) {
		vigil_egl_make_current(e->egl, NULL);
		vigil_egl_ctx_destroy(e->egl, e->ctx);
	}
	if (e->egl)
		vigil_egl_close(e->egl);
	memset(e, 0, sizeof(*e));
}

struct vigil_tgsi_shader *gh_parse(const char *text, const char *what)
{
	size_t len = strlen(text) + 1;
	char *copy = malloc(len);
	struct vigil_tgsi_shader *sh = NULL;
	struct vigil_tgsi_error err;

	if (!copy)
		return NULL;
	memcpy(copy, text, len);
	if (vigil_tgsi_parse(copy, len, &sh, &err) != VIGIL_OK) {
		fprintf(stderr, "%s: TGSI parse error %s at %u:%u: %s\n%s\n", what,
			vigil_status_name(err.status), (unsigned)err.line, (unsigned)err.col,
			err.reason ? err.reason : "", text);
		sh = NULL;
	}
	free(copy);
	return sh;
}

char *gh_read_file(const char *path, size_t *ret_len)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		p = malloc((size_t)n + 1);
		if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
			free(p);
			p = NULL;
		}
		if (p) {
			p[n] = '\0';
			if (ret_len)
				*ret_len = (size_t)n;
		}
	}
	fclose(f);
	return p;
}

struct tb {
	char p[65536];
	size_t len;
};

static void tb_add(struct tb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void tb_add(struct tb *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(b->p + b->len, sizeof(b->p) - b->len, fmt, ap);
	va_end(ap);
	if (n > 0 && (size_t)n < sizeof(b->p) - b->len)
		b->len += (size_t)n;
}

/* Whether decl i is the first declaration of register r (Mesa repeats IN/OUT declarations for
 * packed components; a partner must declare each register once). */
static bool first_decl(const struct vigil_tgsi_shader *sh, uint32_t i, uint32_t r)
{
	for (uint32_t j = 0; j < i; j++) {
		const struct vigil_tgsi_decl *e = &sh->decls[j];

		if (e->file == sh->decls[i].file && r >= e->first && r <= e->last)
			return false;
	}
	return true;
}

static bool varying_sem(unsigned s)
{
	return s == 1 || s == 2 || s == 3 || s == 5 || s == 6 || s == 19;
}

struct vigil_tgsi_shader *gh_partner_vs(const struct vigil_tgsi_shader *consumer)
{
	struct tb *b = calloc(1, sizeof(*b));
	struct vigil_tgsi_shader *sh;
	unsigned out = 1, insn = 0;

	if (!b)
		return NULL;
	tb_add(b, "VERT\nDCL IN[0]\nDCL OUT[0], POSITION\n");
	for (uint32_t i = 0; i < consumer->decl_count; i++) {
		const struct vigil_tgsi_decl *d = &consumer->decls[i];

		if (d->file != VIGIL_TGSI_FILE_IN || !d->has_semantic || !varying_sem(d->semantic))
			continue;
		for (uint32_t r = d->first; r <= d->last && out < 64; r++)
			if (first_decl(consumer, i, r))
				tb_add(b, "DCL OUT[%u], %s[%u]\n", out++, vigil_tgsi_semantic_names[d->semantic],
				       (unsigned)(d->semantic_index + r - d->first));
	}
	tb_add(b, "IMM[0] UINT32 {0, 1065353216, 0, 1065353216}\n");
	tb_add(b, "%3u: MOV OUT[0], IN[0]\n", insn++);
	for (unsigned k = 1; k < out; k++)
		tb_add(b, "%3u: MOV OUT[%u], IMM[0]\n", insn++, k);
	tb_add(b, "%3u: END\n", insn);
	sh = gh_parse(b->p, "partner VS");
	free(b);
	return sh;
}

struct vigil_tgsi_shader *gh_partner_fs(const struct vigil_tgsi_shader *producer)
{
	struct tb *b = calloc(1, sizeof(*b));
	struct vigil_tgsi_shader *sh;
	unsigned in = 0, insn = 0;
	bool color_seen[256] = { false };

	if (!b)
		return NULL;
	tb_add(b, "FRAG\nDCL OUT[0], COLOR\nDCL TEMP[0]\n");
	for (uint32_t i = 0; i < producer->decl_count; i++) {
		const struct vigil_tgsi_decl *d = &producer->decls[i];

		if (d->file != VIGIL_TGSI_FILE_OUT || !d->has_semantic || !varying_sem(d->semantic))
			continue;
		for (uint32_t r = d->first; r <= d->last && in < 64; r++) {
			uint32_t idx = d->semantic_index + r - d->first;
			unsigned sem = d->semantic == 2 ? 1u : d->semantic; /* BCOLOR feeds COLOR */

			if (!first_decl(producer, i, r))
				continue;
			if (sem == 1) {
				if (idx > 255 || color_seen[idx])
					continue;
				color_seen[idx] = true;
			}
			tb_add(b, "DCL IN[%u], %s[%u], %s\n", in++, vigil_tgsi_semantic_names[sem],
			       (unsigned)idx, sem == 1 ? "COLOR" : "PERSPECTIVE");
		}
	}
	tb_add(b, "IMM[0] UINT32 {0, 0, 0, 1065353216}\n");
	tb_add(b, "%3u: MOV TEMP[0], IMM[0]\n", insn++);
	for (unsigned k = 0; k < in; k++)
		tb_add(b, "%3u: ADD TEMP[0], TEMP[0], IN[%u]\n", insn++, k);
	tb_add(b, "%3u: MOV OUT[0], TEMP[0]\n", insn++);
	tb_add(b, "%3u: END\n", insn);
	sh = gh_parse(b->p, "partner FS");
	free(b);
	return sh;
}

struct vigil_tgsi_shader *gh_partner_tes(const struct vigil_tgsi_shader *tcs)
{
	struct tb *b = calloc(1, sizeof(*b));
	struct vigil_tgsi_shader *sh;
	unsigned in = 0, insn = 0, nvert = 0, npatch = 0;
	unsigned vregs[64], pregs[64];

	if (!b)
		return NULL;
	tb_add(b, "TESS_EVAL\nPROPERTY TES_PRIM_MODE 4\nPROPERTY TES_SPACING 2\n");
	for (uint32_t i = 0; i < tcs->decl_count; i++) {
		const struct vigil_tgsi_decl *d = &tcs->decls[i];

		if (d->file != VIGIL_TGSI_FILE_OUT || !d->has_semantic ||
		    !(varying_sem(d->semantic) || d->semantic == 29 || (d->has_dim && d->semantic == 0)))
			continue;
		for (uint32_t r = d->first; r <= d->last && in < 64; r++) {
			if (!first_decl(tcs, i, r))
				continue;
			if (d->has_dim) {
				vregs[nvert++] = in;
				tb_add(b, "DCL IN[][%u], %s[%u]\n", in++, vigil_tgsi_semantic_names[d->semantic],
				       (unsigned)(d->semantic_index + r - d->first));
			} else {
				pregs[npatch++] = in;
				tb_add(b, "DCL IN[%u], %s[%u]\n", in++, vigil_tgsi_semantic_names[d->semantic],
				       (unsigned)(d->semantic_index + r - d->first));
			}
		}
	}
	tb_add(b, "DCL OUT[0], POSITION\nDCL TEMP[0]\nIMM[0] UINT32 {0, 0, 0, 1065353216}\n");
	tb_add(b, "%3u: MOV TEMP[0], IMM[0]\n", insn++);
	for (unsigned k = 0; k < nvert; k++)
		tb_add(b, "%3u: ADD TEMP[0], TEMP[0], IN[%u][%u]\n", insn++, k % 3u, vregs[k]);
	for (unsigned k = 0; k < npatch; k++)
		tb_add(b, "%3u: ADD TEMP[0], TEMP[0], IN[%u]\n", insn++, pregs[k]);
	tb_add(b, "%3u: MOV OUT[0], TEMP[0]\n%3u: END\n", insn, insn + 1);
	sh = gh_parse(b->p, "partner TES");
	free(b);
	return sh;
}

void gh_default_opts(struct vigil_glsl_opts *o, bool gles, unsigned version)
{
	memset(o, 0, sizeof(*o));
	o->gles = gles;
	o->version = version;
	o->nr_cbufs = 1;
}

GLenum gh_stage(unsigned processor)
{
	switch (processor) {
	case VIGIL_TGSI_VERT: return GL_VERTEX_SHADER;
	case VIGIL_TGSI_FRAG: return GL_FRAGMENT_SHADER;
	case VIGIL_TGSI_GEOM: return GL_GEOMETRY_SHADER;
	case VIGIL_TGSI_TESS_CTRL: return GL_TESS_CONTROL_SHADER;
	case VIGIL_TGSI_TESS_EVAL: return GL_TESS_EVALUATION_SHADER;
	default: return GL_COMPUTE_SHADER;
	}
}

static void print_numbered(const char *src)
{
	unsigned line = 1;

	fprintf(stderr, "%4u  ", line);
	for (const char *p = src; *p; p++) {
		fputc(*p, stderr);
		if (*p == '\n' && p[1])
			fprintf(stderr, "%4u  ", ++line);
	}
	fputc('\n', stderr);
}

GLuint gh_compile(GLenum stage, const char *src, const char *what)
{
	GLuint s = glCreateShader(stage);
	GLint ok = 0;
	char log[4096];

	glShaderSource(s, 1, &src, NULL);
	glCompileShader(s);
	glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
	if (!ok) {
		glGetShaderInfoLog(s, sizeof(log), NULL, log);
		fprintf(stderr, "%s: compile failed:\n%s\n", what, log);
		print_numbered(src);
		glDeleteShader(s);
		return 0;
	}
	return s;
}

GLuint gh_link(const GLuint *shaders, unsigned n, const char *const *srcs, const struct vigil_glsl_info *xfb,
	       bool separable, const char *what)
{
	GLuint p = glCreateProgram();
	GLint ok = 0;
	char log[4096];

	for (unsigned i = 0; i < n; i++)
		if (shaders[i])
			glAttachShader(p, shaders[i]);
	if (separable)
		glProgramParameteri(p, GL_PROGRAM_SEPARABLE, GL_TRUE);
	if (xfb && xfb->so_varying_count) {
		const char *names[160];

		for (uint32_t i = 0; i < xfb->so_varying_count && i < 160; i++)
			names[i] = xfb->so_varyings[i];
		glTransformFeedbackVaryings(p, (GLsizei)xfb->so_varying_count, names, GL_INTERLEAVED_ATTRIBS);
	}
	glLinkProgram(p);
	glGetProgramiv(p, GL_LINK_STATUS, &ok);
	if (!ok) {
		glGetProgramInfoLog(p, sizeof(log), NULL, log);
		fprintf(stderr, "%s: link failed:\n%s\n", what, log);
		for (unsigned i = 0; i < n; i++)
			if (srcs[i])
				print_numbered(srcs[i]);
		glDeleteProgram(p);
		return 0;
	}
	return p;
}

void gh_release(GLuint prog, unsigned n, const GLuint *obj, char *const *src,
		struct vigil_tgsi_shader *const *ir)
{
	if (prog)
		glDeleteProgram(prog);
	for (unsigned i = 0; i < n; i++) {
		if (obj[i])
			glDeleteShader(obj[i]);
		free(src[i]);
		vigil_tgsi_free(ir[i]);
	}
}
