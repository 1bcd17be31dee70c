/*
 * test_tgsi.c: the bounded TGSI text parser (validator/tgsi).
 *
 * Proves: every shader Mesa sent in the recorded sessions parses (argv[1]: the list written by
 * extract_shaders.py; absent captures skip that test); each R4 case of SECURITY-CASES.md
 * (CVE-2017-6209 long identifier, CVE-2017-5580 texture offsets, undeclared or out-of-limit
 * registers, IMM out of range, first > last, too many inputs/outputs/samplers, missing END or
 * NUL, a 1 MiB temp array) is rejected with its exact status; every limit of tgsi_limits.h is
 * accepted at its value and rejected one above; errors carry the right line and column.
 * Every input is parsed from an exact-size heap copy, so ASan sees any read past the text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tgsi/tgsi_parse.h"
#include "tgsi_test.h"

static const char *real_list;

/* --- real shaders ------------------------------------------------------------------------ */

static char *slurp(const char *path, size_t *ret_len)
{
	FILE *f = fopen(path, "rb");
	char *p;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	p = malloc((size_t)n);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*ret_len = (size_t)n;
	return p;
}

static void real_shaders_parse(void **state)
{
	char line[4096];
	unsigned count = 0;
	FILE *list;

	(void)state;
	if (!real_list)
		skip();
	list = fopen(real_list, "r");
	assert_non_null(list);
	while (fgets(line, sizeof(line), list)) {
		struct vigil_tgsi_error err;
		size_t len;
		char *text;

		line[strcspn(line, "\n")] = 0;
		text = slurp(line, &len);
		if (parse_n(text, len, &err, NULL) != VIGIL_OK)
			fail_msg("%s: %s at %u:%u: %s", line, vigil_status_name(err.status), err.line,
				 err.col, err.reason);
		/* without its NUL the same text is TRUNCATED */
		assert_int_equal(parse_n(text, len - 1, &err, NULL), VIGIL_E_TRUNCATED);
		free(text);
		count++;
	}
	fclose(list);
	print_message("%u real shaders parsed\n", count);
	assert_true(count >= 35);
}

/* The GS of sm-gs-atan, as PROTOCOL.md section 5 quotes it, down to the IR. */
static void gs_ir(void **state)
{
	static const char gs[] =
		"GEOM\nPROPERTY GS_INPUT_PRIMITIVE TRIANGLES\nPROPERTY GS_MAX_OUTPUT_VERTICES 3\n"
		"DCL IN[][0], GENERIC[0]\nDCL OUT[0], POSITION\nDCL CONST[0..3]\n"
		"DCL TEMP[0..2], ARRAY(1), LOCAL\nDCL TEMP[3..55]\nDCL ADDR[0]\n"
		"IMM[0] UINT32 {0, 1566444395, 1048576000, 1065353216}\n"
		"IMM[1] FLT32 {0x3f800000, 0x00000000, 0x00000000, 0x00000000}\n"
		"  0: MOV TEMP[0], IN[2][0]\n"
		"  1: MAX TEMP[4].xy, CONST[1].xyxx, -|CONST[1].xyxx|\n"
		"  2: BGNLOOP :0\n"
		"  3:   UIF TEMP[3].xxxx :5\n"
		"  4:     BRK\n"
		"  5:   ENDIF\n"
		"  6:   UARL ADDR[0].x, TEMP[3].xxxx\n"
		"  7:   MOV_SAT TEMP[55], TEMP[ADDR[0].x+2](1)\n"
		"  8:   EMIT IMM[0].xxxx\n"
		"  9: ENDLOOP :0\n"
		" 10: END\n";
	struct vigil_tgsi_shader *sh = NULL;
	struct vigil_tgsi_error err;
	const struct vigil_tgsi_insn *in;

	(void)state;
	assert_int_equal(parse_n(gs, sizeof(gs), &err, &sh), VIGIL_OK);
	assert_int_equal(sh->processor, VIGIL_TGSI_GEOM);
	assert_int_equal(sh->prop_count, 2);
	assert_int_equal(sh->props[1].value, 3);
	assert_int_equal(sh->decl_count, 6);
	assert_true(sh->decls[0].has_dim);
	assert_int_equal(sh->decls[3].array_id, 1);
	assert_int_equal(sh->imm_count, 2);
	assert_int_equal(sh->imms[0].v[1], 1566444395u);
	assert_int_equal(sh->imms[1].v[0], 0x3f800000u);
	assert_int_equal(sh->insn_count, 11);
	in = &sh->insns[1];
	assert_int_equal(in->dst.mask, 0x3);
	assert_true(in->src[1].negate && in->src[1].absolute);
	assert_int_equal(in->src[1].swizzle[2], 0);
	in = &sh->insns[3];
	assert_true(in->has_label);
	assert_int_equal(in->label, 5);
	in = &sh->insns[7];
	assert_true(in->saturate);
	assert_true(in->src[0].reg.indirect);
	assert_int_equal(in->src[0].reg.index, 2);
	assert_int_equal(in->src[0].reg.array_id, 1);
	assert_int_equal(in->src[0].reg.ind_file, VIGIL_TGSI_FILE_ADDR);
	assert_int_equal(sh->insns[0].src[0].reg.dim, 2);
	vigil_tgsi_free(sh);
}

/* --- R4: SECURITY-CASES.md ---------------------------------------------------------------- */

#define VS_HEAD "VERT\nDCL IN[0]\nDCL OUT[0], POSITION\nDCL TEMP[0..3]\n"

static void r4_long_identifier(void **state)
{
	char text[256];

	(void)state;
	/* CVE-2017-6209: PROPERTY with a 65-byte identifier; 64 bytes lex (and are unknown) */
	snprintf(text, sizeof(text), "VERT\nPROPERTY %065d 1\n  0: END\n", 0);
	memset(text + 14, 'A', 65);
	expect_at(text, VIGIL_E_COUNT, 2, 10);
	snprintf(text, sizeof(text), "VERT\nPROPERTY %064d 1\n  0: END\n", 0);
	memset(text + 14, 'A', 64);
	expect(text, VIGIL_E_ENUM);
	/* in any position: an opcode, a number */
	snprintf(text, sizeof(text), VS_HEAD "  0: MOV%062d TEMP[0], IN[0]\n  1: END\n", 0);
	expect(text, VIGIL_E_COUNT);
	snprintf(text, sizeof(text), VS_HEAD "  0: MOV TEMP[%065d], IN[0]\n  1: END\n", 1);
	expect(text, VIGIL_E_COUNT);
}

static void texoffsets(struct buf *b, unsigned n)
{
	buf_add(b, "FRAG\nDCL IN[0]\nDCL OUT[0], COLOR\nDCL SAMP[0]\nDCL SVIEW[0], 2D, FLOAT\n"
		   "IMM[0] INT32 {1, -1, 0, 0}\n  0: TEX OUT[0], IN[0], SAMP[0], 2D");
	for (unsigned i = 0; i < n; i++)
		buf_add(b, ", IMM[0].xyz");
	buf_add(b, "\n  1: END\n");
}

static void r4_tex_offsets(void **state)
{
	struct buf b = { 0 };

	(void)state;
	texoffsets(&b, 4); /* VIGIL_TGSI_MAX_TEX_OFFSETS */
	expect(b.p, VIGIL_OK);
	b.len = 0;
	texoffsets(&b, 5); /* CVE-2017-5580 */
	expect_at(b.p, VIGIL_E_COUNT, 7, 84);
	b.len = 0;
	texoffsets(&b, 64);
	expect(b.p, VIGIL_E_COUNT);
	free(b.p);
}

static void r4_registers(void **state)
{
	(void)state;
	/* above the declared range */
	expect_at(VS_HEAD "  0: MOV TEMP[4], IN[0]\n  1: END\n", VIGIL_E_RANGE, 5, 10);
	expect(VS_HEAD "  0: MOV OUT[0], IN[1]\n  1: END\n", VIGIL_E_RANGE);
	expect(VS_HEAD "  0: MOV OUT[1], IN[0]\n  1: END\n", VIGIL_E_RANGE);
	expect(VS_HEAD "  0: MOV TEMP[0], CONST[0]\n  1: END\n", VIGIL_E_RANGE);
	/* above PIPE_MAX_* / the file's limit, declared or used */
	expect(VS_HEAD "  0: MOV TEMP[4096], IN[0]\n  1: END\n", VIGIL_E_RANGE);
	expect(VS_HEAD "  0: MOV TEMP[4294967295], IN[0]\n  1: END\n", VIGIL_E_RANGE);
	expect(VS_HEAD "  0: MOV TEMP[4294967296], IN[0]\n  1: END\n", VIGIL_E_RANGE);
	expect(VS_HEAD "  0: MOV TEMP[0], TEMP[ADDR[0].x]\n  1: END\n", VIGIL_E_RANGE);
	expect(VS_HEAD "DCL ADDR[0]\n  0: MOV TEMP[0], TEMP[ADDR[0].x+4096]\n  1: END\n",
	       VIGIL_E_RANGE);
	expect(VS_HEAD "DCL ADDR[0]\n  0: MOV TEMP[0], TEMP[ADDR[0].x-4095]\n  1: END\n", VIGIL_OK);
	expect(VS_HEAD "DCL ADDR[0]\n  0: MOV TEMP[0], TEMP[ADDR[0].x+4](1)\n  1: END\n",
	       VIGIL_E_RANGE);
	/* indirect access needs the file (the constant buffer) declared at all */
	expect(VS_HEAD "DCL ADDR[0]\n  0: MOV TEMP[0], CONST[ADDR[0].x+3]\n  1: END\n",
	       VIGIL_E_RANGE);
	expect(VS_HEAD "DCL ADDR[0]\nDCL CONST[0..7]\n  0: MOV TEMP[0], CONST[ADDR[0].x+3]\n"
		       "  1: END\n", VIGIL_OK);
	expect(VS_HEAD "DCL ADDR[0]\nDCL CONST[0..7]\n  0: MOV TEMP[0], CONST[1][ADDR[0].x]\n"
		       "  1: END\n", VIGIL_E_RANGE);
	expect(VS_HEAD "DCL ADDR[0]\n  0: MOV TEMP[0], IMM[ADDR[0].x]\n  1: END\n", VIGIL_E_RANGE);
}

static void r4_imm_index(void **state)
{
	(void)state;
	expect(VS_HEAD "IMM[0] UINT32 {1, 2, 3, 4}\n  0: MOV TEMP[0], IMM[0].wzyx\n  1: END\n",
	       VIGIL_OK);
	expect_at(VS_HEAD "IMM[0] UINT32 {1, 2, 3, 4}\n  0: MOV TEMP[0], IMM[1]\n  1: END\n",
		  VIGIL_E_RANGE, 6, 19);
	expect(VS_HEAD "  0: MOV TEMP[0], IMM[1024]\n  1: END\n", VIGIL_E_RANGE);
	expect(VS_HEAD "IMM[1] UINT32 {1, 2, 3, 4}\n  0: END\n", VIGIL_E_RELATION);
	expect(VS_HEAD "IMM[0] UINT32 {1, 2, 3}\n  0: END\n", VIGIL_E_COUNT);
	expect(VS_HEAD "IMM[0] UINT32 {1, 2, 3, 4, 5}\n  0: END\n", VIGIL_E_COUNT);
	expect(VS_HEAD "IMM[0] INT32 {-2147483648, 2147483647, 0, 0}\n  0: END\n", VIGIL_OK);
	expect(VS_HEAD "IMM[0] INT32 {2147483648, 0, 0, 0}\n  0: END\n", VIGIL_E_RANGE);
	expect(VS_HEAD "IMM[0] FLT32 {1, 0, 0, 0}\n  0: END\n", VIGIL_E_UNSUPPORTED);
	expect(VS_HEAD "IMM[0] FLT32 {0x123456789, 0, 0, 0}\n  0: END\n", VIGIL_E_RANGE);
}

static void r4_first_above_last(void **state)
{
	(void)state;
	expect_at("VERT\nDCL TEMP[3..1]\n  0: END\n", VIGIL_E_RELATION, 2, 13);
	expect("VERT\nDCL TEMP[3..3]\n  0: END\n", VIGIL_OK);
	expect("VERT\nDCL TEMP[0..3]\nDCL TEMP[3]\n  0: END\n", VIGIL_E_RELATION);
}

static void r4_inputs_outputs(void **state)
{
	(void)state;
	expect("VERT\nDCL IN[79]\nDCL OUT[79], GENERIC[0]\n  0: END\n", VIGIL_OK);
	expect("VERT\nDCL IN[80]\n  0: END\n", VIGIL_E_RANGE);
	expect("VERT\nDCL IN[0..80]\n  0: END\n", VIGIL_E_RANGE);
	expect("VERT\nDCL OUT[80], GENERIC[0]\n  0: END\n", VIGIL_E_RANGE);
}

static void r4_samplers(void **state)
{
	(void)state;
	expect("FRAG\nDCL SAMP[31]\nDCL SVIEW[127], 2D, FLOAT\n  0: END\n", VIGIL_OK);
	expect("FRAG\nDCL SAMP[32]\n  0: END\n", VIGIL_E_RANGE);
	expect("FRAG\nDCL SVIEW[128], 2D, FLOAT\n  0: END\n", VIGIL_E_RANGE);
	expect("FRAG\nDCL IN[0]\nDCL OUT[0], COLOR\nDCL SAMP[0]\n"
	       "  0: TEX OUT[0], IN[0], SAMP[1], 2D\n  1: END\n", VIGIL_E_RANGE);
}

static void r4_end_and_nul(void **state)
{
	static const char no_nul[] = "VERT\n  0: END\n";
	struct vigil_tgsi_error err;

	(void)state;
	expect(VS_HEAD "  0: MOV OUT[0], IN[0]\n", VIGIL_E_TRUNCATED);
	expect("VERT\n", VIGIL_E_TRUNCATED);
	expect("", VIGIL_E_TRUNCATED);
	assert_int_equal(parse_n(no_nul, sizeof(no_nul) - 1, &err, NULL), VIGIL_E_TRUNCATED);
	assert_int_equal(parse_n(no_nul, sizeof(no_nul), &err, NULL), VIGIL_OK);
	/* the NUL ends the text even if bytes follow it inside the span */
	assert_int_equal(parse_n("VERT\n\0  0: END\n", 16, &err, NULL), VIGIL_E_TRUNCATED);
	assert_int_equal(parse_n("VERT 0: END\0garbage", 20, &err, NULL), VIGIL_OK);
	expect("VERT\n  0: END\n  1: NOP\n", VIGIL_E_TRAILING);
}

static void r4_huge_temp_array(void **state)
{
	(void)state;
	/* 65536 vec4 temporaries = 1 MiB */
	expect_at("FRAG\nDCL TEMP[0..65535], ARRAY(1), LOCAL\n  0: END\n", VIGIL_E_RANGE, 2, 5);
	expect("FRAG\nDCL TEMP[0..4095], ARRAY(1), LOCAL\n  0: END\n", VIGIL_OK);
	expect("FRAG\nDCL TEMP[0..4096]\n  0: END\n", VIGIL_E_RANGE);
}

/* --- limits at max and max + 1 ----------------------------------------------------------- */

/* `fmt` is always one of this file's literals, with two %u conversions. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void many(struct buf *b, const char *head, const char *fmt, unsigned n, const char *tail)
{
	b->len = 0;
	buf_add(b, "%s", head);
	for (unsigned i = 0; i < n; i++)
		buf_add(b, fmt, i, i);
	buf_add(b, "%s", tail);
}
#pragma GCC diagnostic pop

static void limit_counts(void **state)
{
	struct buf b = { 0 };
	char tail[64];

	(void)state;
	/* instructions: n NOPs + END */
	snprintf(tail, sizeof(tail), "END\n");
	many(&b, "VERT\n", "NOP\n", VIGIL_TGSI_MAX_INSNS - 1, tail);
	expect(b.p, VIGIL_OK);
	many(&b, "VERT\n", "NOP\n", VIGIL_TGSI_MAX_INSNS, tail);
	expect(b.p, VIGIL_E_COUNT);
	/* declarations */
	many(&b, "VERT\n", "DCL TEMP[%u]\n", VIGIL_TGSI_MAX_DECLS, "END\n");
	expect(b.p, VIGIL_OK);
	many(&b, "VERT\n", "DCL TEMP[%u]\n", VIGIL_TGSI_MAX_DECLS + 1, "END\n");
	expect(b.p, VIGIL_E_COUNT);
	/* immediates */
	many(&b, "VERT\n", "IMM[%u] UINT32 {%u, 0, 0, 0}\n", VIGIL_TGSI_MAX_IMMS, "END\n");
	expect(b.p, VIGIL_OK);
	many(&b, "VERT\n", "IMM[%u] UINT32 {%u, 0, 0, 0}\n", VIGIL_TGSI_MAX_IMMS + 1, "END\n");
	expect(b.p, VIGIL_E_COUNT);
	/* properties */
	many(&b, "VERT\n", "PROPERTY SEPARABLE_PROGRAM 1\n", VIGIL_TGSI_MAX_PROPS, "END\n");
	expect(b.p, VIGIL_OK);
	many(&b, "VERT\n", "PROPERTY SEPARABLE_PROGRAM 1\n", VIGIL_TGSI_MAX_PROPS + 1, "END\n");
	expect(b.p, VIGIL_E_COUNT);
	free(b.p);
}

static void nest(struct buf *b, unsigned n)
{
	b->len = 0;
	buf_add(b, "FRAG\nDCL TEMP[0]\n");
	for (unsigned i = 0; i < n; i++)
		buf_add(b, i % 3 == 0 ? "UIF TEMP[0].xxxx\n" : i % 3 == 1 ? "BGNLOOP\n" : "SWITCH TEMP[0].x\n");
	for (unsigned i = n; i-- > 0;)
		buf_add(b, i % 3 == 0 ? "ENDIF\n" : i % 3 == 1 ? "ENDLOOP\n" : "ENDSWITCH\n");
	buf_add(b, "END\n");
}

static void limit_nesting(void **state)
{
	struct buf b = { 0 };

	(void)state;
	nest(&b, VIGIL_TGSI_MAX_NESTING);
	expect(b.p, VIGIL_OK);
	nest(&b, VIGIL_TGSI_MAX_NESTING + 1);
	expect(b.p, VIGIL_E_COUNT);
	nest(&b, 100000);
	expect(b.p, VIGIL_E_COUNT);
	free(b.p);
}

static void limit_text_bytes(void **state)
{
	static const char body[] = "VERT\n  0: END\n";
	size_t max = VIGIL_TGSI_MAX_TEXT_BYTES;
	char *t = malloc(max + 1);
	struct vigil_tgsi_error err;

	(void)state;
	assert_non_null(t);
	memset(t, ' ', max + 1);
	memcpy(t, body, sizeof(body) - 1);
	t[max - 1] = 0;
	assert_int_equal(parse_n(t, max, &err, NULL), VIGIL_OK);
	t[max - 1] = ' ';
	t[max] = 0;
	assert_int_equal(parse_n(t, max + 1, &err, NULL), VIGIL_E_COUNT);
	free(t);
}

static void limit_files(void **state)
{
	(void)state;
	expect("VERT\nDCL TEMP[4095]\n  0: MOV TEMP[4095], TEMP[4095]\n  1: END\n", VIGIL_OK);
	expect("VERT\nDCL CONST[4095]\n  0: END\n", VIGIL_OK);
	expect("VERT\nDCL CONST[4096]\n  0: END\n", VIGIL_E_RANGE);
	expect("VERT\nDCL CONST[31][0..1]\nDCL TEMP[0]\n  0: MOV TEMP[0], CONST[31][1]\n  1: END\n",
	       VIGIL_OK);
	expect("VERT\nDCL CONST[32][0..1]\n  0: END\n", VIGIL_E_RANGE);
	expect("VERT\nDCL CONST[1][0..1]\nDCL TEMP[0]\n  0: MOV TEMP[0], CONST[2][1]\n  1: END\n",
	       VIGIL_E_RANGE);
	expect("VERT\nDCL ADDR[2]\n  0: END\n", VIGIL_OK);
	expect("VERT\nDCL ADDR[3]\n  0: END\n", VIGIL_E_RANGE);
	expect("VERT\nDCL SV[31], INSTANCEID\n  0: END\n", VIGIL_OK);
	expect("VERT\nDCL SV[32], INSTANCEID\n  0: END\n", VIGIL_E_RANGE);
	expect("GEOM\nDCL IN[][0]\nDCL TEMP[0]\n  0: MOV TEMP[0], IN[31][0]\n  1: END\n", VIGIL_OK);
	expect("GEOM\nDCL IN[][0]\nDCL TEMP[0]\n  0: MOV TEMP[0], IN[32][0]\n  1: END\n",
	       VIGIL_E_RANGE);
	expect("GEOM\nDCL IN[][0]\nDCL TEMP[0]\n  0: MOV TEMP[0], IN[0]\n  1: END\n",
	       VIGIL_E_RELATION);
	/* Mesa's gl_PrimitiveIDIn: declared per vertex, read 1-D; only PRIM_ID, only in a GS */
	expect("GEOM\nDCL IN[][0], PRIM_ID\nDCL TEMP[0]\n  0: MOV TEMP[0], IN[0].xxxx\n  1: END\n", VIGIL_OK);
	expect("GEOM\nDCL IN[][0], GENERIC[0]\nDCL TEMP[0]\n  0: MOV TEMP[0], IN[0]\n  1: END\n",
	       VIGIL_E_RELATION);
	expect("TESS_EVAL\nDCL IN[][0], PRIM_ID\nDCL TEMP[0]\n  0: MOV TEMP[0], IN[0]\n  1: END\n",
	       VIGIL_E_RELATION);
	expect("VERT\nDCL TEMP[0], ARRAY(255)\n  0: END\n", VIGIL_OK);
	expect("VERT\nDCL TEMP[0], ARRAY(256)\n  0: END\n", VIGIL_E_RANGE);
	expect("VERT\nDCL TEMP[0], ARRAY(0)\n  0: END\n", VIGIL_E_RANGE);
	expect("VERT\nDCL TEMP[0], ARRAY(1)\nDCL TEMP[1], ARRAY(1)\n  0: END\n", VIGIL_E_RELATION);
	expect("VERT\nDCL OUT[0], GENERIC[255]\n  0: END\n", VIGIL_OK);
	expect("VERT\nDCL OUT[0], GENERIC[256]\n  0: END\n", VIGIL_E_RANGE);
	expect("GEOM\nPROPERTY GS_MAX_OUTPUT_VERTICES 65535\n  0: END\n", VIGIL_OK);
	expect("GEOM\nPROPERTY GS_MAX_OUTPUT_VERTICES 65536\n  0: END\n", VIGIL_E_RANGE);
}

/* --- grammar and statuses ----------------------------------------------------------------- */

static void grammar(void **state)
{
	(void)state;
	expect("frag\ndcl in[0], generic[0], perspective, centroid\ndcl out[0], color\n"
	       "  0: mov out[0], in[0]\n  1: end\n", VIGIL_OK);
	expect("TESS_CTRL\nPROPERTY TCS_VERTICES_OUT 3\n  0: END\n", VIGIL_OK);
	expect("COMP\nPROPERTY CS_FIXED_BLOCK_WIDTH 64\n  0: END\n", VIGIL_OK);
	expect("FRAG\nPROPERTY FS_COORD_ORIGIN SIDEWAYS\n  0: END\n", VIGIL_E_ENUM);
	expect("PIXL\n  0: END\n", VIGIL_E_ENUM);
	expect(VS_HEAD "  0: FROB TEMP[0], IN[0]\n  1: END\n", VIGIL_E_UNKNOWN_CMD);
	expect(VS_HEAD "  0: MOV_FOO TEMP[0], IN[0]\n  1: END\n", VIGIL_E_UNKNOWN_CMD);
	expect(VS_HEAD "  0: MOV_SAT_PRECISE TEMP[0], IN[0]\n  1: END\n", VIGIL_OK);
	expect(VS_HEAD "  1: MOV TEMP[0], IN[0]\n  1: END\n", VIGIL_E_RELATION);
	expect(VS_HEAD "  0: MOV TEMP[0]\n  1: END\n", VIGIL_E_COUNT);
	expect(VS_HEAD "  0: MOV TEMP[0], IN[0], IN[0]\n  1: END\n", VIGIL_E_COUNT);
	expect(VS_HEAD "  0: MOV IN[0], TEMP[0]\n  1: END\n", VIGIL_E_ENUM);
	expect(VS_HEAD "  0: MOV TEMP[0].yx, IN[0]\n  1: END\n", VIGIL_E_ENUM);
	expect(VS_HEAD "  0: MOV TEMP[0], IN[0].xyz\n  1: END\n", VIGIL_E_ENUM);
	expect(VS_HEAD "  0: MOV TEMP[0], IN[0].xyzq\n  1: END\n", VIGIL_E_ENUM);
	expect(VS_HEAD "  0: MOV TEMP[0], |IN[0].x\n  1: END\n", VIGIL_E_ENUM);
	expect(VS_HEAD "  0: MOV TEMP[0], IN[0]; comment\n  1: END\n", VIGIL_E_ENUM);
	expect(VS_HEAD "  0: TEX TEMP[0], IN[0], IN[0], 4D\n  1: END\n", VIGIL_E_ENUM);
	expect(VS_HEAD "  0: ELSE\n  1: END\n", VIGIL_E_RELATION);
	expect(VS_HEAD "  0: ENDLOOP\n  1: END\n", VIGIL_E_RELATION);
	expect(VS_HEAD "  0: BRK\n  1: END\n", VIGIL_E_RELATION);
	expect(VS_HEAD "  0: IF TEMP[0].xxxx :2\n  1: END\n", VIGIL_E_RELATION);
	/* labels are informational: Mesa leaves stale ones past the end; only the limit counts */
	expect(VS_HEAD "  0: IF TEMP[0].xxxx :97\n  1: ENDIF\n  2: END\n", VIGIL_OK);
	expect(VS_HEAD "  0: IF TEMP[0].xxxx :8192\n  1: ENDIF\n  2: END\n", VIGIL_E_RANGE);
	expect(VS_HEAD "  0: IF TEMP[0].xxxx :2\n  1: ELSE :2\n  2: ENDIF\n  3: END\n", VIGIL_OK);
	expect(VS_HEAD "  0: CAL :1\n  1: END\n", VIGIL_E_UNSUPPORTED);
	expect("VERT\nDCL IMAGE[0], 2D, PIPE_FORMAT_R8_UNORM\n  0: END\n", VIGIL_OK);
	expect("VERT\nDCL TEMP[0], LOCAL, LOCAL\n  0: END\n", VIGIL_E_RELATION);
	expect("VERT\nDCL TEMP[0], POSITION\n  0: END\n", VIGIL_E_RELATION);
	expect("VERT\nDCL IN[0], BOGUS\n  0: END\n", VIGIL_E_ENUM);
	expect("VERT\nDCL IN[0].xz\n  0: END\n", VIGIL_OK);
	expect("VERT\nDCL\n", VIGIL_E_ENUM);
	expect("VERT\n  0: END\x01", VIGIL_E_ENUM);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(real_shaders_parse),
		cmocka_unit_test(gs_ir),
		cmocka_unit_test(r4_long_identifier),
		cmocka_unit_test(r4_tex_offsets),
		cmocka_unit_test(r4_registers),
		cmocka_unit_test(r4_imm_index),
		cmocka_unit_test(r4_first_above_last),
		cmocka_unit_test(r4_inputs_outputs),
		cmocka_unit_test(r4_samplers),
		cmocka_unit_test(r4_end_and_nul),
		cmocka_unit_test(r4_huge_temp_array),
		cmocka_unit_test(limit_counts),
		cmocka_unit_test(limit_nesting),
		cmocka_unit_test(limit_text_bytes),
		cmocka_unit_test(limit_files),
		cmocka_unit_test(grammar),
	};

	if (argc > 1)
		real_list = argv[1];
	return cmocka_run_group_tests_name("tgsi", tests, NULL, NULL);
}
