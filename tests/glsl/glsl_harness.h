/*
 * glsl_harness.h: shared pieces of the GLSL emitter tests: an EGL surfaceless context (desktop
 * core or GLES, through the core's own EGL layer), TGSI parsing from memory, partner stages
 * synthesised as TGSI so a lone shader can be linked, and compile/link with the info log and
 * the GLSL printed on failure.
 *
 * Inputs are test data (trusted). Every helper reports failure to its caller; nothing exits.
 */
#ifndef VIGIL_GLSL_HARNESS_H
#define VIGIL_GLSL_HARNESS_H

#include <stdbool.h>
#include <stddef.h>

#include <epoxy/gl.h>

#include "glsl.h"
#include "tgsi_parse.h"

struct gh_env {
	struct vigil_egl *egl;
	struct vigil_egl_ctx *ctx;
	bool gles;
	int version; /* context version, e.g. 45 or 32 */
};

/* 0 on success, 77 when no context of that API exists. */
int gh_open(struct gh_env *e, bool gles);
void gh_close(struct gh_env *e);

/* Parses NUL-terminated text (copied to an exact-size buffer); NULL on error (printed). */
struct vigil_tgsi_shader *gh_parse(const char *text, const char *what);
char *gh_read_file(const char *path, size_t *ret_len);

/* A TGSI vertex shader writing every varying `consumer` reads (plus POSITION), or a fragment
 * shader reading every varying `producer` writes. Owned by the caller. */
struct vigil_tgsi_shader *gh_partner_vs(const struct vigil_tgsi_shader *consumer);
struct vigil_tgsi_shader *gh_partner_fs(const struct vigil_tgsi_shader *producer);

/* A TES reading every output a TCS writes (per-vertex and per-patch). */
struct vigil_tgsi_shader *gh_partner_tes(const struct vigil_tgsi_shader *tcs);

void gh_default_opts(struct vigil_glsl_opts *o, bool gles, unsigned version);

/* Compiles one stage; 0 on failure (log and source printed). */
GLuint gh_compile(GLenum stage, const char *src, const char *what);
/* Links the given shaders (0 entries are skipped), with the transform feedback names of xfb
 * and optionally as a separable program; 0 on failure (log and sources printed). */
GLuint gh_link(const GLuint *shaders, unsigned n, const char *const *srcs, const struct vigil_glsl_info *xfb,
	       bool separable, const char *what);
/* Releases what a case built: the program (0: none), then n stages' GL shader objects, GLSL
 * texts and parsed TGSI (any entry may be 0 / NULL). */
void gh_release(GLuint prog, unsigned n, const GLuint *obj, char *const *src,
		struct vigil_tgsi_shader *const *ir);
GLenum gh_stage(unsigned processor);

#endif
