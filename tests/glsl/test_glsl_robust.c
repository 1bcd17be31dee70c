/*
 * test_glsl_robust.c: the emitter's behaviour on inputs at their limits and on hostile options,
 * without a GL context (run it under ASan+UBSan: any out-of-bounds access fails the run).
 *
 * Proves: (1) every corpus shader, emitted with 3000 pseudo-random option sets per shader
 * (out-of-enum attribute and colour-buffer types, random stream-output entries, random
 * prev/next stages of any kind, every version number including invalid ones), returns one of
 * OK, UNSUPPORTED, RANGE, RELATION or EXHAUSTED and, on OK, a NUL-terminated text below
 * VIGIL_GLSL_MAX_TEXT; (2) the largest shader the parser accepts (4096 temporaries, 8191
 * instructions with clamped indirect operands) emits within the cap or fails with EXHAUSTED;
 * (3) the indirect operands in it are emitted as clamp(...) to their declared ranges.
 *
 * usage: test_glsl_robust MANIFEST DIR [REAL_LIST]. Exit 0 pass, 1 failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glsl.h"
#include "tgsi_parse.h"

#define MAX_SHADERS 256

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (p = malloc((size_t)n + 1)) != NULL) {
		if (fread(p, 1, (size_t)n, f) != (size_t)n) {
			free(p);
			p = NULL;
		} else {
			p[n] = '\0';
		}
	}
	fclose(f);
	return p;
}

static struct vigil_tgsi_shader *parse(const char *text)
{
	struct vigil_tgsi_shader *sh = NULL;

	if (vigil_tgsi_parse(text, strlen(text) + 1, &sh, NULL) != VIGIL_OK)
		return NULL;
	return sh;
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

static void random_opts(struct vigil_glsl_opts *o, struct vigil_tgsi_shader **all, unsigned n)
{
	static const uint32_t versions[] = { 330, 400, 410, 420, 430, 440, 450, 300, 310, 320, 0, 331, 460 };

	memset(o, 0, sizeof(*o));
	o->gles = rnd() & 1u;
	o->version = versions[rnd() % (sizeof(versions) / sizeof(versions[0]))];
	o->prev = rnd() % 3u ? all[rnd() % n] : NULL;
	o->next = rnd() % 3u ? all[rnd() % n] : NULL;
	for (unsigned i = 0; i < 32; i++)
		o->attr_type[i] = (uint8_t)(rnd() % 5u);
	o->clip_plane_enable = (uint8_t)rnd();
	o->so_active = rnd() & 1u;
	o->flatshade = rnd() & 1u;
	o->poly_stipple = rnd() & 1u;
	o->alpha_func = (uint8_t)(rnd() % 10u);
	o->nr_cbufs = (uint8_t)(rnd() % 11u);
	for (unsigned i = 0; i < 8; i++)
		o->cbuf_type[i] = (uint8_t)(rnd() % 5u);
	o->dual_src_blend = rnd() & 1u;
	o->sprite_coord_enable = (uint8_t)rnd();
	o->sprite_coord_upper_left = rnd() & 1u;
	o->shared_bytes = rnd() % 3u ? 1024u : rnd();
	o->so_count = rnd() % 4u ? rnd() % 6u : rnd() % 100u;
	for (unsigned i = 0; i < 64; i++) {
		o->so[i].register_index = (uint8_t)(rnd() % 12u);
		o->so[i].start_component = (uint8_t)(rnd() % 5u);
		o->so[i].num_components = (uint8_t)(rnd() % 6u);
		o->so[i].output_buffer = (uint8_t)(rnd() % 5u);
		o->so[i].stream = (uint8_t)(rnd() % 4u ? 0u : rnd() % 4u);
		o->so[i].dst_offset = (uint16_t)(rnd() % 70u);
	}
	for (unsigned i = 0; i < 4; i++)
		o->so_stride[i] = rnd() % 80u;
}

static bool allowed(vigil_status s)
{
	return s == VIGIL_OK || s == VIGIL_E_UNSUPPORTED || s == VIGIL_E_RANGE || s == VIGIL_E_RELATION ||
	       s == VIGIL_E_EXHAUSTED;
}

static unsigned hostile_options(struct vigil_tgsi_shader **all, unsigned n)
{
	unsigned failures = 0, ok = 0;

	for (unsigned i = 0; i < n; i++) {
		for (unsigned k = 0; k < 3000; k++) {
			struct vigil_glsl_opts o;
			struct vigil_glsl_info info;
			char *text = NULL;
			vigil_status s;

			random_opts(&o, all, n);
			s = vigil_glsl_emit(all[i], &o, &text, &info);
			if (!allowed(s) || (s == VIGIL_OK && (!text || strlen(text) >= VIGIL_GLSL_MAX_TEXT)) ||
			    (s != VIGIL_OK && text)) {
				fprintf(stderr, "FAIL shader %u option set %u: status %s\n", i, k, vigil_status_name(s));
				failures++;
			}
			ok += s == VIGIL_OK;
			free(text);
		}
	}
	printf("hostile options: %u shaders x 3000 option sets, %u emitted, %u failures\n", n, ok, failures);
	return failures + (ok == 0);
}

/* The largest shader the parser takes: every TEMP declared, 8191 instructions. */
static unsigned largest_shader(void)
{
	size_t cap = 2u * 1024u * 1024u, len = 0;
	char *t = malloc(cap);
	struct vigil_tgsi_shader *sh;
	struct vigil_glsl_opts o;
	struct vigil_glsl_info info;
	char *text = NULL;
	vigil_status s;
	unsigned fail = 0;

	if (!t)
		return 1;
	len += (size_t)snprintf(t + len, cap - len,
				"VERT\nDCL IN[0]\nDCL OUT[0], POSITION\nDCL CONST[0..4095]\n"
				"DCL TEMP[0..4031]\nDCL TEMP[4032..4095], ARRAY(1)\nDCL ADDR[0]\n"
				"IMM[0] UINT32 {1, 2, 3, 4}\n  0: UARL ADDR[0].x, IN[0].xxxx\n");
	for (unsigned i = 1; i < 8191; i++)
		len += (size_t)snprintf(t + len, cap - len,
					"UMAD TEMP[ADDR[0].x+%u](1).xyzw, CONST[ADDR[0].x+%u].wzyx, "
					"-TEMP[%u].yxzw, |CONST[ADDR[0].x+4095].zwxy|\n",
					4032u + i % 64u, i % 4096u, i % 4032u);
	snprintf(t + len, cap - len, "END\n");
	sh = parse(t);
	free(t);
	if (!sh) {
		fprintf(stderr, "FAIL largest shader does not parse\n");
		return 1;
	}
	memset(&o, 0, sizeof(o));
	o.version = 330;
	s = vigil_glsl_emit(sh, &o, &text, &info);
	if (s == VIGIL_OK) {
		size_t n = strlen(text);

		if (n >= VIGIL_GLSL_MAX_TEXT || info.const0_vec4s != 4096 ||
		    !strstr(text, "ta1[clamp(int(a0.x) + (1), 0, 63)]") ||
		    !strstr(text, "vs_c0[clamp(int(a0.x) + (4095), 0, 4095)]")) {
			fprintf(stderr, "FAIL largest shader: %zu bytes, const0_vec4s %u, clamps missing\n", n,
				(unsigned)info.const0_vec4s);
			fail = 1;
		}
		printf("largest shader: %zu bytes of GLSL\n", n);
	} else if (s != VIGIL_E_EXHAUSTED) {
		fprintf(stderr, "FAIL largest shader: status %s\n", vigil_status_name(s));
		fail = 1;
	}
	free(text);
	vigil_tgsi_free(sh);
	return fail;
}

static unsigned load_list(const char *list, const char *dir, bool manifest, struct vigil_tgsi_shader **all,
			  unsigned n)
{
	char *l = read_file(list), *save = NULL;

	if (!l)
		return n;
	for (char *line = strtok_r(l, "\n", &save); line && n < MAX_SHADERS; line = strtok_r(NULL, "\n", &save)) {
		char path[1024], name[256];
		char *text;

		if (manifest) {
			if (line[0] == '#' || sscanf(line, "%255s", name) != 1)
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, name);
		} else {
			snprintf(path, sizeof(path), "%s", line);
		}
		text = read_file(path);
		if (text && (all[n] = parse(text)) != NULL)
			n++;
		free(text);
	}
	free(l);
	return n;
}

int main(int argc, char **argv)
{
	struct vigil_tgsi_shader *all[MAX_SHADERS];
	unsigned n = 0, fail = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: %s MANIFEST DIR [REAL_LIST]\n", argv[0]);
		return 1;
	}
	n = load_list(argv[1], argv[2], true, all, n);
	if (argc > 3)
		n = load_list(argv[3], NULL, false, all, n);
	if (n < 10) {
		fprintf(stderr, "FAIL only %u corpus shaders loaded\n", n);
		return 1;
	}
	fail += hostile_options(all, n);
	fail += largest_shader();
	for (unsigned i = 0; i < n; i++)
		vigil_tgsi_free(all[i]);
	return fail ? 1 : 0;
}
