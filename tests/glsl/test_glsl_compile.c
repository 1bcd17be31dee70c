/*
 * test_glsl_compile.c: every TGSI shader of the corpus emits GLSL that the host GL compiles and
 * links, on every GLSL version the shader's features allow, and is refused with exactly
 * VIGIL_E_UNSUPPORTED below that.
 *
 * usage: test_glsl_compile gl|gles MANIFEST DIR [REAL_LIST]
 *   MANIFEST: lines "file.tgsi MIN_GL MIN_ES [dual|so2]" (0: never on that API; dual: the FS
 *   is emitted for dual-source blending; so2: OUT[1] and OUT[2] are captured by stream output
 *   from vertex streams 0 and 1 into buffers 0 and 1, and linked with those names) naming hand-written shaders in DIR that cover each implemented opcode and semantic; REAL_LIST: the shaders Mesa sent in
 *   the recorded sessions (tests/tgsi/extract_shaders.py), expected on GLSL 330 / ES 300 (a GS
 *   on ES 320). Each shader is linked with partner stages synthesised as TGSI (a VS writing what
 *   it reads, an FS reading what it writes) and emitted with opts.prev / opts.next, so varying
 *   names and interpolation qualifiers must match across separately emitted stages.
 * Exit: 0 all passed, 1 any failure (GLSL and info log printed), 77 no EGL context.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glsl_harness.h"

static const unsigned gl_versions[] = { 330, 400, 410, 420, 430, 440, 450 };
static const unsigned es_versions[] = { 300, 310, 320 };

struct counts {
	unsigned shaders, linked, refused, failed;
};

struct stage {
	struct vigil_tgsi_shader *sh;
	char *text;
	struct vigil_glsl_info info;
	GLuint obj;
};

/* Emits and links the chain [VS partner] X [FS partner]; returns 1 linked, 0 refused, -1 failed. */
/* Manifest flags: options the shader needs to make sense. */
enum { FLAG_DUAL = 1, FLAG_SO2 = 2 };

static int run_chain(struct vigil_tgsi_shader *x, bool gles, unsigned ver, bool ff, unsigned flags,
		     const char *what, const char **ret_why)
{
	struct stage st[4];
	unsigned n = 0, i;
	int rc = -1;
	GLuint prog;

	memset(st, 0, sizeof(st));
	if (x->processor != VIGIL_TGSI_VERT && x->processor != VIGIL_TGSI_COMP)
		st[n++].sh = gh_partner_vs(x);
	st[n++].sh = x;
	if (x->processor == VIGIL_TGSI_TESS_CTRL) {
		st[n].sh = gh_partner_tes(x);
		if (st[n].sh)
			st[n + 1].sh = gh_partner_fs(st[n].sh);
		n += 2;
	} else if (x->processor != VIGIL_TGSI_FRAG && x->processor != VIGIL_TGSI_COMP) {
		st[n++].sh = gh_partner_fs(x);
	}
	for (i = 0; i < n; i++)
		if (!st[i].sh)
			goto out;
	for (i = 0; i < n; i++) {
		struct vigil_glsl_opts o;
		vigil_status s;

		gh_default_opts(&o, gles, ver);
		o.prev = i ? st[i - 1].sh : NULL;
		o.next = i + 1 < n ? st[i + 1].sh : NULL;
		o.shared_bytes = 1024;
		if ((flags & FLAG_DUAL) && st[i].sh->processor == VIGIL_TGSI_FRAG) {
			o.dual_src_blend = true;
			o.es_ext = VIGIL_GLSL_ES_BLEND_FUNC_EXTENDED; /* llvmpipe's GLES has it */
		}
		if ((flags & FLAG_SO2) && st[i].sh == x) { /* OUT[1] -> buffer 0 (stream 0), OUT[2] -> 1 (1) */
			o.so_active = true;
			o.so_count = 2;
			for (unsigned k = 0; k < 2; k++) {
				o.so[k].register_index = (uint8_t)(1 + k);
				o.so[k].num_components = 4;
				o.so[k].output_buffer = (uint8_t)k;
				o.so[k].stream = (uint8_t)k;
				o.so_stride[k] = 4;
			}
		}
		if (ff) { /* fixed-function emulation the rasterizer and DSA state ask for */
			o.flatshade = true;
			if (st[i].sh->processor == VIGIL_TGSI_FRAG) {
				o.alpha_func = 5; /* PIPE_FUNC_GREATER + 1 */
				o.poly_stipple = true;
				o.sprite_coord_enable = 1;
				o.nr_cbufs = 2;
			} else if (!gles) {
				o.clip_plane_enable = 0x21;
			}
		}
		s = vigil_glsl_emit_why(st[i].sh, &o, &st[i].text, &st[i].info, ret_why);
		if (s != VIGIL_OK) {
			rc = s == VIGIL_E_UNSUPPORTED ? 0 : -1;
			if (rc < 0)
				fprintf(stderr, "%s: emit status %s (%s)\n", what, vigil_status_name(s), *ret_why);
			goto out;
		}
	}
	for (i = 0; i < n && getenv("VIGIL_GLSL_DUMP"); i++)
		printf("==== %s stage %u\n%s", what, i, st[i].text);
	for (i = 0; i < n; i++) {
		st[i].obj = gh_compile(gh_stage(st[i].sh->processor), st[i].text, what);
		if (!st[i].obj)
			goto out;
	}
	{
		GLuint objs[4] = { st[0].obj, st[1].obj, st[2].obj, st[3].obj };
		const char *srcs[4] = { st[0].text, st[1].text, st[2].text, st[3].text };

		/* GLES links a TES without a TCS only into a separable program (the parser does not
		 * take TCS text yet) */
		const struct vigil_glsl_info *xfb = NULL;

		for (i = 0; i < n; i++)
			if (st[i].sh == x && st[i].info.so_varying_count)
				xfb = &st[i].info;
		prog = gh_link(objs, n, srcs, xfb, gles && x->processor == VIGIL_TGSI_TESS_EVAL, what);
	}
	if (prog) {
		glDeleteProgram(prog);
		rc = 1;
	}
out:
	for (i = 0; i < n; i++) {
		if (st[i].obj)
			glDeleteShader(st[i].obj);
		free(st[i].text);
		if (st[i].sh && st[i].sh != x)
			vigil_tgsi_free(st[i].sh);
	}
	return rc;
}

static void check_shader(const struct gh_env *env, const char *path, unsigned min_gl, unsigned min_es,
			 unsigned flags, struct counts *k)
{
	const unsigned *vers = env->gles ? es_versions : gl_versions;
	size_t nv = env->gles ? sizeof(es_versions) / sizeof(es_versions[0])
			      : sizeof(gl_versions) / sizeof(gl_versions[0]);
	unsigned ctx_glsl = (unsigned)env->version * 10u;
	unsigned min = env->gles ? min_es : min_gl;
	char *text = gh_read_file(path, NULL);
	struct vigil_tgsi_shader *sh = text ? gh_parse(text, path) : NULL;

	k->shaders++;
	if (!sh) {
		fprintf(stderr, "FAIL %s: unreadable or does not parse\n", path);
		k->failed++;
		free(text);
		return;
	}
	for (size_t i = 0; i < nv; i++) {
		const char *why = "";
		char what[512];
		bool expect = min && vers[i] >= min;
		int rc;

		if (vers[i] > ctx_glsl)
			continue;
		snprintf(what, sizeof(what), "%s @ %u%s", path, vers[i], env->gles ? " es" : "");
		for (int ff = 0; ff < 2; ff++) {
			rc = run_chain(sh, env->gles, vers[i], ff, flags, what, &why);
			if (rc == 1 && expect) {
				k->linked++;
			} else if (rc == 0 && !expect) {
				k->refused++;
			} else {
				fprintf(stderr, "FAIL %s%s: %s (%s)\n", what, ff ? " (fixed-function options)" : "",
					rc == 1 ? "emitted below its minimum version (manifest wrong?)"
					: rc == 0 ? "refused" : "failed", why);
				k->failed++;
			}
		}
	}
	vigil_tgsi_free(sh);
	free(text);
}

static void run_manifest(const struct gh_env *env, const char *manifest, const char *dir, struct counts *k)
{
	char *m = gh_read_file(manifest, NULL);
	char *save = NULL;

	if (!m) {
		fprintf(stderr, "FAIL cannot read %s\n", manifest);
		k->failed++;
		return;
	}
	for (char *line = strtok_r(m, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char name[256], path[1024], flag[32] = "";
		unsigned gl, es;

		if (line[0] == '#' || sscanf(line, "%255s %u %u %31s", name, &gl, &es, flag) < 3)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		check_shader(env, path, gl, es,
			     !strcmp(flag, "dual") ? FLAG_DUAL : !strcmp(flag, "so2") ? FLAG_SO2 : 0u, k);
	}
	free(m);
}

static void run_real(const struct gh_env *env, const char *list, struct counts *k)
{
	char *l = gh_read_file(list, NULL);
	char *save = NULL;

	if (!l) {
		fprintf(stderr, "FAIL cannot read %s\n", list);
		k->failed++;
		return;
	}
	for (char *line = strtok_r(l, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *text = gh_read_file(line, NULL);
		bool gs = text && strncmp(text, "GEOM", 4) == 0;
		bool tg4 = text && strstr(text, " TG4 ");

		free(text);
		/* Mesa's shaders need no more than these versions (TG4: textureGather) */
		check_shader(env, line, tg4 ? 400 : 330, gs ? 320 : tg4 ? 310 : 300, 0, k);
	}
	free(l);
}

int main(int argc, char **argv)
{
	struct gh_env env;
	struct counts k = { 0 };
	int rc;

	if (argc < 4 || (strcmp(argv[1], "gl") && strcmp(argv[1], "gles"))) {
		fprintf(stderr, "usage: %s gl|gles MANIFEST DIR [REAL_LIST]\n", argv[0]);
		return 1;
	}
	rc = gh_open(&env, strcmp(argv[1], "gles") == 0);
	if (rc) {
		printf("SKIP: no EGL context\n");
		return rc;
	}
	run_manifest(&env, argv[2], argv[3], &k);
	if (argc > 4)
		run_real(&env, argv[4], &k);
	gh_close(&env);
	printf("%s: %u shaders, %u version/shader pairs compiled and linked, %u refused as expected, %u failures\n",
	       argv[1], k.shaders, k.linked, k.refused, k.failed);
	return k.failed || !k.linked ? 1 : 0;
}
