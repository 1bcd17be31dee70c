/*
 * test_tgsi_wire.c: vigil_tgsi_wire_decode as a hostile-input decoder (tgsi_wire.h).
 *
 * Proves: a reference shader using every kind of statement and operand encodes and decodes;
 * every proper prefix of its blob and every blob with bytes appended is rejected; then one
 * field at a time is forged (at least one mutation per check of tgsi_wire.c and tgsi_check.c:
 * magic, version, reserved bytes, each count beyond its limit or beyond the blob, each enum
 * one past its range, fields set where their statement or operand kind leaves them zero,
 * undefined flag bits, non-zero padding, undeclared, overlapping and out-of-limit registers,
 * bad arrays, labels, operand counts against the opcode table, unbalanced control flow, END
 * missing or not last) and each forged blob is VIGIL_E_STATE. Padding policy under test:
 * garbage in padding is rejected, never ignored. Blobs are decoded from exact-size heap copies
 * (ASan sees any read past the end).
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
#include "tgsi/tgsi_tables.h"
#include "tgsi/tgsi_wire.h"
#include "tgsi_test.h"

static const char ref_text[] =
	"FRAG\n"
	"PROPERTY FS_COORD_ORIGIN UPPER_LEFT\n"
	"DCL IN[0], GENERIC[0], PERSPECTIVE\n"                     /* decl 0 */
	"DCL OUT[0], COLOR\n"                                      /* decl 1 */
	"DCL SAMP[0]\n"                                            /* decl 2 */
	"DCL SVIEW[0], 2D, FLOAT\n"                                /* decl 3 */
	"DCL IMAGE[0], 2D, PIPE_FORMAT_R8G8B8A8_UNORM, WR\n"       /* decl 4 */
	"DCL BUFFER[0]\n"                                          /* decl 5 */
	"DCL MEMORY[1], SHARED\n"                                  /* decl 6 */
	"DCL CONST[0..1]\n"                                        /* decl 7 */
	"DCL TEMP[0..3], ARRAY(1)\n"                               /* decl 8 */
	"DCL ADDR[0]\n"                                            /* decl 9 */
	"IMM[0] FLT32 {0x3f800000, 0x00000000, 0x00000000, 0x00000000}\n"
	"  0: UIF IN[0].xxxx :2\n"
	"  1:   MOV TEMP[0], CONST[1]\n"
	"  2: ENDIF\n"
	"  3: TEX TEMP[1], IN[0], SAMP[0], 2D, IMM[0].xyz\n"
	"  4: LOAD TEMP[1], BUFFER[0], IMM[0].xxxx, COHERENT\n"
	"  5: UARL ADDR[0].x, IMM[0].xxxx\n"
	"  6: MOV TEMP[2], TEMP[ADDR[0].x+1](1)\n"
	"  7: MOV OUT[0], TEMP[1]\n"
	"  8: END\n";

enum where { HDR, PROP, DECL, IMM, INSN };

/* Operand byte offsets inside an instruction record (dst first, then sources, offsets). */
#define OPND(k) (16u + 32u * (k))
/* Register fields. */
#define R_FILE 0u
#define R_FLAGS 1u
#define R_INDFILE 2u
#define R_INDCOMP 3u
#define R_ARRAY 6u
#define R_INDEX 8u
#define R_DIM 12u
#define R_INDINDEX 16u

static uint8_t *blob;
static size_t blob_len;

static void u32_at(uint8_t *p, uint32_t v)
{
	for (unsigned i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static size_t at(enum where w, unsigned i)
{
	uint32_t props = blob[7], decls = blob[8], imms = blob[12];
	size_t off = 24;

	if (w == HDR)
		return 0;
	if (w == PROP)
		return off + 8u * i;
	off += 8u * props;
	if (w == DECL)
		return off + 32u * i;
	off += 32u * decls;
	if (w == IMM)
		return off + 24u * i;
	off += 24u * imms;
	for (unsigned k = 0; k < i; k++)
		off += 16u + 32u * ((unsigned)blob[off + 3] + blob[off + 4] + blob[off + 6]);
	return off;
}

/* Decode n bytes of p from an exact-size copy. */
static vigil_status decode_copy(const uint8_t *p, size_t n)
{
	uint8_t *copy = malloc(n ? n : 1);
	struct vigil_tgsi_shader *sh = (void *)1;
	vigil_status s;

	assert_non_null(copy);
	memcpy(copy, p, n);
	s = vigil_tgsi_wire_decode(copy, n, &sh);
	free(copy);
	if (s == VIGIL_OK)
		vigil_tgsi_free(sh);
	else
		assert_null(sh);
	return s;
}

static int setup(void **state)
{
	struct vigil_tgsi_shader *sh = NULL;
	struct vigil_tgsi_error err;

	(void)state;
	if (parse_n(ref_text, sizeof(ref_text), &err, &sh) != VIGIL_OK) {
		fprintf(stderr, "reference shader: %s at %u:%u: %s\n", vigil_status_name(err.status),
			err.line, err.col, err.reason);
		return -1;
	}
	blob_len = vigil_tgsi_wire_size(sh);
	blob = malloc(blob_len);
	if (!blob || vigil_tgsi_wire_encode(sh, blob, blob_len) != VIGIL_OK)
		return -1;
	vigil_tgsi_free(sh);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(blob);
	return 0;
}

static void reference_decodes(void **state)
{
	(void)state;
	assert_int_equal(blob[8], 10); /* decl_count: the layout the mutations assume */
	assert_int_equal(blob[16], 9); /* insn_count */
	assert_int_equal(decode_copy(blob, blob_len), VIGIL_OK);
	assert_int_equal(vigil_tgsi_wire_decode(NULL, 0, &(struct vigil_tgsi_shader *){ NULL }),
			 VIGIL_E_STATE);
}

static void truncated_and_trailing(void **state)
{
	uint8_t *longer = calloc(1, blob_len + 8);

	(void)state;
	for (size_t n = 0; n < blob_len; n++)
		if (decode_copy(blob, n) != VIGIL_E_STATE)
			fail_msg("prefix of %zu bytes accepted", n);
	assert_non_null(longer);
	memcpy(longer, blob, blob_len);
	assert_int_equal(decode_copy(longer, blob_len + 1), VIGIL_E_STATE);
	assert_int_equal(decode_copy(longer, blob_len + 8), VIGIL_E_STATE);
	free(longer);
}

struct mutation {
	const char *name;
	enum where w;
	unsigned index;
	unsigned off;
	unsigned width; /* 1 or 4 */
	uint32_t value;
};

#define TGT_COUNT 19u /* vigil_tgsi_target_count (checked in forged_fields) */
#define FMT_COUNT 40u /* vigil_tgsi_image_format_count */

static const struct mutation mutations[] = {
	/* header */
	{ "bad magic", HDR, 0, 0, 1, 'W' },
	{ "bad version", HDR, 0, 4, 1, 2 },
	{ "reserved header word", HDR, 0, 20, 4, 1 },
	{ "processor out of range", HDR, 0, 6, 1, VIGIL_TGSI_PROCESSOR_COUNT },
	{ "prop_count above the limit", HDR, 0, 7, 1, VIGIL_TGSI_MAX_PROPS + 1 },
	{ "decl_count above the limit", HDR, 0, 8, 4, VIGIL_TGSI_MAX_DECLS + 1 },
	{ "decl_count that would overflow 32 bits", HDR, 0, 8, 4, 0x08000000u },
	{ "decl_count UINT32_MAX", HDR, 0, 8, 4, 0xffffffffu },
	{ "imm_count above the limit", HDR, 0, 12, 4, VIGIL_TGSI_MAX_IMMS + 1 },
	{ "insn_count zero", HDR, 0, 16, 4, 0 },
	{ "insn_count above the limit", HDR, 0, 16, 4, VIGIL_TGSI_MAX_INSNS + 1 },
	{ "insn_count past the blob", HDR, 0, 16, 4, 10 },
	{ "decl_count past the blob", HDR, 0, 8, 4, 11 },
	{ "prop_count past the blob", HDR, 0, 7, 1, 2 },
	/* property */
	{ "property name out of range", PROP, 0, 0, 1, 29 },
	{ "property value out of its table", PROP, 0, 4, 4, 2 },
	{ "property padding", PROP, 0, 2, 1, 1 },
	/* declarations */
	{ "decl file out of range", DECL, 0, 0, 1, VIGIL_TGSI_FILE_COUNT },
	{ "decl file NULL", DECL, 0, 0, 1, VIGIL_TGSI_FILE_NULL },
	{ "decl file IMM", DECL, 0, 0, 1, VIGIL_TGSI_FILE_IMM },
	{ "decl mask 0", DECL, 0, 1, 1, 0 },
	{ "decl mask above xyzw", DECL, 0, 1, 1, 0x10 },
	{ "decl undefined flag bit", DECL, 0, 2, 1, 0x80 | 0x2 },
	{ "decl semantic out of range", DECL, 0, 3, 1, 49 },
	{ "decl interpolation out of range", DECL, 0, 4, 1, 5 },
	{ "decl location out of range", DECL, 0, 5, 1, 4 },
	{ "interpolation on an output", DECL, 1, 4, 1, 1 },
	{ "semantic on a sampler", DECL, 2, 2, 1, 0x2 },
	{ "SVIEW target out of range", DECL, 3, 6, 1, TGT_COUNT },
	{ "SVIEW target 0", DECL, 3, 6, 1, 0 },
	{ "target on an input", DECL, 0, 6, 1, 1 },
	{ "SVIEW return type out of range", DECL, 3, 8, 1, 6 },
	{ "return type on an image", DECL, 4, 9, 1, 1 },
	{ "image format out of range", DECL, 4, 7, 1, FMT_COUNT },
	{ "image format on a buffer", DECL, 5, 7, 1, 1 },
	{ "WR on a buffer", DECL, 5, 2, 1, 0x10 },
	{ "ATOMIC on an input", DECL, 0, 2, 1, 0x2 | 0x40 },
	{ "memory type out of range", DECL, 6, 12, 1, 4 },
	{ "memory type on a buffer", DECL, 5, 12, 1, 1 },
	{ "decl padding", DECL, 0, 13, 1, 1 },
	{ "decl first > last", DECL, 8, 16, 4, 4 },
	{ "decl last above the file's limit", DECL, 8, 20, 4, VIGIL_TGSI_MAX_TEMPS },
	{ "array id above the limit", DECL, 8, 14, 1, 0 }, /* + high byte below */
	{ "array id declared twice", DECL, 7, 14, 1, 1 },
	{ "register declared twice", DECL, 9, 0, 1, VIGIL_TGSI_FILE_TEMP },
	{ "2-D declaration of TEMP", DECL, 8, 2, 1, 0x1 },
	{ "CONST buffer above the limit", DECL, 7, 24, 4, VIGIL_TGSI_MAX_CONST_BUFFERS },
	{ "semantic index above the limit", DECL, 0, 28, 4, VIGIL_TGSI_MAX_SEMANTIC_INDEX + 1 },
	/* immediates */
	{ "imm type out of range", IMM, 0, 0, 1, VIGIL_TGSI_IMM_TYPE_COUNT },
	{ "imm padding", IMM, 0, 1, 1, 1 },
	{ "imm tail padding", IMM, 0, 20, 1, 1 },
	/* instructions */
	{ "unknown opcode", INSN, 1, 0, 1, 2 },
	{ "subroutine opcode", INSN, 2, 0, 1, 100 }, /* ENDIF -> BGNSUB */
	{ "source count differs from the opcode", INSN, 1, 0, 1, 8 }, /* MOV -> ADD */
	{ "undefined insn flag bit", INSN, 1, 2, 1, 8 },
	{ "insn padding", INSN, 1, 10, 1, 1 },
	{ "label at the instruction limit", INSN, 0, 12, 4, VIGIL_TGSI_MAX_INSNS },
	{ "label on a non-branch opcode", INSN, 1, 2, 1, 4 },
	{ "label value without the label flag", INSN, 1, 12, 4, 1 },
	{ "texture target out of range", INSN, 3, 5, 1, TGT_COUNT },
	{ "texture target 0 on TEX", INSN, 3, 5, 1, 0 },
	{ "texture target on MOV", INSN, 1, 5, 1, 3 },
	{ "memory qualifier out of range", INSN, 4, 7, 1, 16 },
	{ "memory target out of range", INSN, 4, 8, 1, TGT_COUNT },
	{ "memory format out of range", INSN, 4, 9, 1, FMT_COUNT },
	{ "memory trailer on MOV", INSN, 1, 9, 1, 1 },
	{ "unbalanced flow: ENDIF -> NOP", INSN, 2, 0, 1, 107 },
	{ "END missing: END -> NOP", INSN, 8, 0, 1, 107 },
	{ "END not last: ENDIF -> END", INSN, 2, 0, 1, 117 },
	/* operands */
	{ "dst file out of range", INSN, 1, OPND(0) + R_FILE, 1, VIGIL_TGSI_FILE_COUNT },
	{ "dst file IN", INSN, 1, OPND(0) + R_FILE, 1, VIGIL_TGSI_FILE_IN },
	{ "dst mask 0", INSN, 1, OPND(0) + 24, 1, 0 },
	{ "dst padding", INSN, 1, OPND(0) + 25, 1, 1 },
	{ "src file NULL", INSN, 1, OPND(1) + R_FILE, 1, VIGIL_TGSI_FILE_NULL },
	{ "undeclared direct index", INSN, 1, OPND(1) + R_INDEX, 4, 2 },
	{ "negative direct index", INSN, 1, OPND(1) + R_INDEX, 4, 0xffffffffu },
	{ "IMM index past the immediates", INSN, 3, OPND(3) + R_INDEX, 4, 1 },
	{ "swizzle out of range", INSN, 1, OPND(1) + 24, 1, 4 },
	{ "undefined src flag bit", INSN, 1, OPND(1) + 28, 1, 4 },
	{ "src padding", INSN, 1, OPND(1) + 29, 1, 1 },
	{ "undefined register flag bit", INSN, 1, OPND(1) + R_FLAGS, 1, 8 },
	{ "2-D index on TEMP", INSN, 7, OPND(1) + R_FLAGS, 1, 1 },
	{ "2-D use of a 1-D declared output", INSN, 7, OPND(0) + R_FLAGS, 1, 1 },
	{ "dimension without the 2-D flag", INSN, 1, OPND(1) + R_DIM, 4, 1 },
	{ "indirect component out of range", INSN, 6, OPND(1) + R_INDCOMP, 1, 4 },
	{ "indirect through CONST", INSN, 6, OPND(1) + R_INDFILE, 1, VIGIL_TGSI_FILE_CONST },
	{ "indirect through an undeclared ADDR", INSN, 6, OPND(1) + R_INDINDEX, 4, 1 },
	{ "indirect base outside its array", INSN, 6, OPND(1) + R_INDEX, 4, 4 },
	{ "indirect base beyond the file's limit", INSN, 6, OPND(1) + R_INDEX, 4, VIGIL_TGSI_MAX_TEMPS },
	{ "array id without indirect", INSN, 1, OPND(1) + R_ARRAY, 1, 1 },
	{ "undeclared array", INSN, 6, OPND(1) + R_ARRAY, 1, 2 },
	{ "indirect fields on a direct register", INSN, 1, OPND(1) + R_INDINDEX, 4, 1 },
	{ "indirect texture offset", INSN, 3, OPND(3) + R_FLAGS, 1, 2 },
	{ "texture offset swizzle out of range", INSN, 3, OPND(3) + 26, 1, 4 },
	{ "texture offset padding", INSN, 3, OPND(3) + 27, 1, 1 },
};

static void forged_fields(void **state)
{
	uint8_t *copy = malloc(blob_len);
	unsigned n = 0;

	(void)state;
	assert_non_null(copy);
	assert_int_equal(vigil_tgsi_target_count, TGT_COUNT);
	assert_int_equal(vigil_tgsi_image_format_count, FMT_COUNT);
	assert_int_equal(vigil_tgsi_semantic_count, 49);
	assert_int_equal(vigil_tgsi_property_count, 29);
	for (size_t i = 0; i < sizeof(mutations) / sizeof(mutations[0]); i++) {
		const struct mutation *m = &mutations[i];
		size_t off;

		memcpy(copy, blob, blob_len);
		off = at(m->w, m->index) + m->off;
		assert_true(off + m->width <= blob_len);
		if (m->width == 4)
			u32_at(copy + off, m->value);
		else
			copy[off] = (uint8_t)m->value;
		if (strcmp(m->name, "array id above the limit") == 0)
			copy[off + 1] = 1; /* 256 */
		if (memcmp(copy, blob, blob_len) == 0)
			fail_msg("mutation \"%s\" changes nothing", m->name);
		if (decode_copy(copy, blob_len) != VIGIL_E_STATE)
			fail_msg("forged blob accepted: %s", m->name);
		n++;
	}
	print_message("%u forged blobs rejected\n", n);
	free(copy);
}

/* vigil_tgsi_ir_check on in-memory IR: what the decoder rejects, the check rejects too. */
static void ir_check_direct(void **state)
{
	struct vigil_tgsi_shader *sh = NULL;
	struct vigil_tgsi_error err;
	int32_t saved;

	(void)state;
	assert_int_equal(vigil_tgsi_ir_check(NULL), VIGIL_E_STATE);
	assert_int_equal(parse_n(ref_text, sizeof(ref_text), &err, &sh), VIGIL_OK);
	assert_int_equal(vigil_tgsi_ir_check(sh), VIGIL_OK);
	saved = sh->insns[1].src[0].reg.index;
	sh->insns[1].src[0].reg.index = 2;
	assert_int_equal(vigil_tgsi_ir_check(sh), VIGIL_E_STATE);
	sh->insns[1].src[0].reg.index = saved;
	sh->insn_count--; /* END gone */
	assert_int_equal(vigil_tgsi_ir_check(sh), VIGIL_E_STATE);
	sh->insn_count++;
	sh->decls[8].last = VIGIL_TGSI_MAX_TEMPS;
	assert_int_equal(vigil_tgsi_ir_check(sh), VIGIL_E_STATE);
	vigil_tgsi_free(sh);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reference_decodes),
		cmocka_unit_test(truncated_and_trailing),
		cmocka_unit_test(forged_fields),
		cmocka_unit_test(ir_check_direct),
	};

	return cmocka_run_group_tests_name("tgsi_wire", tests, setup, teardown);
}
