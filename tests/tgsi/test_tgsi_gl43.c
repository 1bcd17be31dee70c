/*
 * test_tgsi_gl43.c: the TGSI parser on what Mesa 22.3's nir_to_tgsi emits for GL 4.3 / GLES 3.2
 * (images, shader storage buffers, shared memory, atomic counters, memory qualifiers, indirect
 * 2-D indices, 64-bit immediates) in tgsi_dump's text forms.
 *
 * Proves: the 59 real Mesa 22.3.6 texts of tests/tgsi/mesa-gl43/ (argv[1]: that directory)
 * parse and round-trip; a compute shader and a tessellation control shader using all of these
 * constructs parse into the exact IR fields (tgsi_ir.h) the GLSL emitter reads; per-vertex and
 * per-patch registers share a file; an IN/OUT register may be declared again with the same
 * semantic (packed components) and TES_PRIM_MODE is a number, as tgsi_dump writes them; each new
 * construct's malformed, repeated, undeclared or out-of-limit variant is rejected with its exact
 * status; the new limits (VIGIL_TGSI_MAX_HWATOMICS, _HWATOMIC_BUFFERS, _MEMORY, _IMAGES,
 * _BUFFERS) hold at max and fail at max + 1.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>

#include "tgsi/tgsi_parse.h"
#include "tgsi/tgsi_tables.h"
#include "tgsi_test.h"

static const char cs_text[] =
	"COMP\n"
	"PROPERTY CS_FIXED_BLOCK_WIDTH 64\n"
	"PROPERTY CS_FIXED_BLOCK_HEIGHT 1\n"
	"PROPERTY CS_FIXED_BLOCK_DEPTH 1\n"
	"DCL SV[0], THREAD_ID\n"
	"DCL IMAGE[0], 2D, PIPE_FORMAT_R32G32B32A32_FLOAT, WR\n"
	"DCL IMAGE[1], BUFFER, PIPE_FORMAT_R32_UINT\n"
	"DCL BUFFER[0]\n"
	"DCL BUFFER[1], ATOMIC\n"
	"DCL MEMORY[1], SHARED\n"
	"DCL HWATOMIC[0][0..3]\n"
	"DCL CONST[0..3]\n"
	"DCL CONST[1][0..3]\n"
	"DCL CONST[2][0..3]\n"
	"DCL ADDR[0..2]\n"
	"DCL TEMP[0..3], LOCAL\n"
	"IMM[0] UINT32 {0, 4, 0, 0}\n"
	"IMM[1] FLT64 {    1.00000000,    -2.50000000}\n"
	"IMM[2] UINT64 {18446744073709551615, 7}\n"
	"IMM[3] INT64 {-9223372036854775808, 9223372036854775807}\n"
	"  0: LOAD TEMP[0], BUFFER[0], IMM[0].xxxx\n"
	"  1: STORE BUFFER[1].x, IMM[0].xxxx, TEMP[0].xxxx\n"
	"  2: LOAD TEMP[1], IMAGE[0], SV[0].xyyy, 2D, PIPE_FORMAT_R32G32B32A32_FLOAT\n"
	"  3: STORE IMAGE[0], SV[0].xyyy, TEMP[1], 2D, PIPE_FORMAT_R32G32B32A32_FLOAT\n"
	"  4: ATOMUADD TEMP[2].x, MEMORY[0], IMM[0].xxxx, IMM[0].yyyy\n"
	"  5: STORE MEMORY[0].x, IMM[0].xxxx, TEMP[2].xxxx\n"
	"  6: ATOMUADD TEMP[2].x, HWATOMIC[0][1], IMM[0].xxxx, IMM[0].yyyy\n"
	"  7: UARL ADDR[1].x, TEMP[0].xxxx\n"
	"  8: MOV TEMP[3], CONST[ADDR[1].x+1][2]\n"
	"  9: LOAD TEMP[0].x, BUFFER[0], IMM[0].xxxx, COHERENT, VOLATILE\n"
	" 10: UARL ADDR[2].x, TEMP[0].xxxx\n"
	" 11: LOAD TEMP[0], IMAGE[ADDR[2].x], SV[0].xyyy, COHERENT, RESTRICT, 2D, "
	"PIPE_FORMAT_R32G32B32A32_FLOAT\n"
	" 12: ATOMUADD TEMP[2].x, HWATOMIC[0][ADDR[2].x+1], IMM[0].xxxx, IMM[0].yyyy\n"
	" 13: RESQ TEMP[0], BUFFER[0]\n"
	" 14: BARRIER\n"
	" 15: MEMBAR IMM[0].xxxx\n"
	" 16: LOAD TEMP[0], IMAGE[1], SV[0].xxxx, PIPE_FORMAT_R32_UINT\n"
	" 17: END\n";

static const char tcs_text[] =
	"TESS_CTRL\n"
	"PROPERTY TCS_VERTICES_OUT 3\n"
	"DCL IN[][0], GENERIC[0]\n"
	"DCL OUT[][0], GENERIC[0]\n"
	"DCL SV[0], INVOCATIONID\n"
	"DCL ADDR[0..1]\n"
	"DCL TEMP[0]\n"
	"  0: UARL ADDR[1].x, SV[0].xxxx\n"
	"  1: MOV TEMP[0], IN[ADDR[1].x][0]\n"
	"  2: MOV OUT[ADDR[1].x][0], TEMP[0]\n"
	"  3: END\n";

/* Tessellation mixes per-vertex (2-D) and per-patch (1-D) registers in one file. */
static const char tcs_patch_text[] =
	"TESS_CTRL\n"
	"PROPERTY TCS_VERTICES_OUT 3\n"
	"DCL IN[][0], POSITION\n"
	"DCL OUT[][0], POSITION\n"
	"DCL OUT[1], TESSOUTER\n"
	"DCL OUT[2], TESSINNER\n"
	"DCL OUT[3], PATCH[0]\n"
	"DCL SV[0], INVOCATIONID\n"
	"DCL TEMP[0]\n"
	"IMM[0] FLT32 {0x3f800000, 0x3f800000, 0x3f800000, 0x3f800000}\n"
	"  0: MOV TEMP[0], IN[0][0]\n"
	"  1: MOV OUT[0][0], TEMP[0]\n"
	"  2: MOV OUT[1], IMM[0]\n"
	"  3: MOV OUT[2].xy, IMM[0]\n"
	"  4: MOV OUT[3], IMM[0]\n"
	"  5: END\n";

static const char tes_patch_text[] =
	"TESS_EVAL\n"
	"PROPERTY TES_PRIM_MODE 4\n"
	"DCL IN[][0], POSITION\n"
	"DCL IN[1], PATCH[0]\n"
	"DCL IN[2], TESSOUTER\n"
	"DCL SV[0], TESSCOORD\n"
	"DCL OUT[0], POSITION\n"
	"DCL TEMP[0]\n"
	"  0: MUL TEMP[0], IN[0][2], SV[0].xxxx\n"
	"  1: ADD OUT[0], TEMP[0], IN[1]\n"
	"  2: MOV OUT[0].z, IN[2].xxxx\n"
	"  3: END\n";

static const char *mesa_dir;

/* Every text Mesa 22.3.6 sent for the GL 4.3 piglit tests (tests/tgsi/mesa-gl43/README.md). */
static void mesa_gl43_shaders_parse(void **state)
{
	struct dirent *e;
	unsigned count = 0;
	DIR *d;

	(void)state;
	if (!mesa_dir)
		skip();
	d = opendir(mesa_dir);
	assert_non_null(d);
	while ((e = readdir(d))) {
		char path[4096], *text;
		struct vigil_tgsi_error err;
		size_t len;
		long n;
		FILE *f;

		if (!strstr(e->d_name, ".tgsi"))
			continue;
		assert_true(snprintf(path, sizeof(path), "%s/%s", mesa_dir, e->d_name) < (int)sizeof(path));
		f = fopen(path, "rb");
		assert_non_null(f);
		assert_int_equal(fseek(f, 0, SEEK_END), 0);
		n = ftell(f);
		assert_true(n > 0);
		rewind(f);
		len = (size_t)n;
		text = malloc(len);
		assert_non_null(text);
		assert_int_equal(fread(text, 1, len, f), len);
		fclose(f);
		if (parse_n(text, len, &err, NULL) != VIGIL_OK)
			fail_msg("%s: %s at %u:%u: %s", e->d_name, vigil_status_name(err.status), err.line,
				 err.col, err.reason);
		free(text);
		count++;
	}
	closedir(d);
	print_message("%u Mesa GL 4.3 shaders parsed\n", count);
	assert_int_equal(count, 59);
}

/* Mesa declares a register once per packed component range; TES_PRIM_MODE is a number. */
static void redeclarations_and_prim_mode(void **state)
{
	(void)state;
	expect("VERT\nDCL IN[0]\nDCL OUT[0], POSITION\nDCL OUT[2], GENERIC[1]\n"
	       "DCL OUT[2].xy, GENERIC[1]\n  0: MOV OUT[2], IN[0]\n  1: END\n", VIGIL_OK);
	expect("VERT\nDCL OUT[2], GENERIC[1]\nDCL OUT[2].xy, GENERIC[2]\n  0: END\n", VIGIL_E_RELATION);
	expect("VERT\nDCL OUT[2], GENERIC[1]\nDCL OUT[2].xy, COLOR[1]\n  0: END\n", VIGIL_E_RELATION);
	expect("VERT\nDCL OUT[2], GENERIC[1]\nDCL OUT[2].xy\n  0: END\n", VIGIL_E_RELATION);
	expect("VERT\nDCL TEMP[2]\nDCL TEMP[2]\n  0: END\n", VIGIL_E_RELATION);
	expect("TESS_CTRL\nDCL OUT[][0], GENERIC[0]\nDCL OUT[0], GENERIC[0]\n  0: END\n",
	       VIGIL_E_RELATION);
	expect("TESS_EVAL\nPROPERTY TES_PRIM_MODE 4\n  0: END\n", VIGIL_OK);
	expect("TESS_EVAL\nPROPERTY TES_PRIM_MODE 15\n  0: END\n", VIGIL_E_RANGE);
	expect("TESS_EVAL\nPROPERTY TES_PRIM_MODE TRIANGLES\n  0: END\n", VIGIL_E_ENUM);
}

static int find_format(const char *pipe)
{
	for (unsigned i = 0; i < vigil_tgsi_image_format_count; i++)
		if (strcmp(vigil_tgsi_image_formats[i].pipe, pipe) == 0)
			return (int)i;
	return -1;
}

static int find_target(const char *name)
{
	for (unsigned i = 0; i < vigil_tgsi_target_count; i++)
		if (strcmp(vigil_tgsi_target_names[i], name) == 0)
			return (int)i;
	return -1;
}

static void compute_ir(void **state)
{
	struct vigil_tgsi_shader *sh = NULL;
	struct vigil_tgsi_error err;
	const struct vigil_tgsi_insn *in;
	const struct vigil_tgsi_decl *d;
	int rgba32f = find_format("PIPE_FORMAT_R32G32B32A32_FLOAT");

	(void)state;
	assert_true(rgba32f > 0);
	assert_string_equal(vigil_tgsi_image_formats[rgba32f].glsl, "rgba32f");
	if (parse_n(cs_text, sizeof(cs_text), &err, &sh) != VIGIL_OK)
		fail_msg("%s at %u:%u: %s", vigil_status_name(err.status), err.line, err.col,
			 err.reason);
	assert_int_equal(sh->processor, VIGIL_TGSI_COMP);
	d = &sh->decls[1];
	assert_int_equal(d->file, VIGIL_TGSI_FILE_IMAGE);
	assert_int_equal(d->target, find_target("2D"));
	assert_int_equal(d->image_format, rgba32f);
	assert_true(d->image_writable);
	assert_false(d->image_raw);
	d = &sh->decls[2];
	assert_int_equal(d->target, find_target("BUFFER"));
	assert_int_equal(d->image_format, find_format("PIPE_FORMAT_R32_UINT"));
	assert_false(d->image_writable);
	assert_false(sh->decls[3].atomic);
	assert_true(sh->decls[4].atomic);
	d = &sh->decls[5];
	assert_int_equal(d->file, VIGIL_TGSI_FILE_MEMORY);
	assert_int_equal(d->first, 1);
	assert_int_equal(d->mem_type, VIGIL_TGSI_MEM_SHARED);
	d = &sh->decls[6];
	assert_int_equal(d->file, VIGIL_TGSI_FILE_HWATOMIC);
	assert_true(d->has_dim);
	assert_int_equal(d->dim, 0);
	assert_int_equal(d->last, 3);

	/* 64-bit immediates: two values, low word first */
	assert_int_equal(sh->imms[1].type, VIGIL_TGSI_IMM_FLT64);
	assert_int_equal(sh->imms[1].v[0], 0);
	assert_int_equal(sh->imms[1].v[1], 0x3ff00000u);
	assert_int_equal(sh->imms[1].v[2], 0);
	assert_int_equal(sh->imms[1].v[3], 0xc0040000u);
	assert_int_equal(sh->imms[2].type, VIGIL_TGSI_IMM_UINT64);
	assert_int_equal(sh->imms[2].v[0], 0xffffffffu);
	assert_int_equal(sh->imms[2].v[1], 0xffffffffu);
	assert_int_equal(sh->imms[2].v[2], 7);
	assert_int_equal(sh->imms[2].v[3], 0);
	assert_int_equal(sh->imms[3].type, VIGIL_TGSI_IMM_INT64);
	assert_int_equal(sh->imms[3].v[0], 0);
	assert_int_equal(sh->imms[3].v[1], 0x80000000u);
	assert_int_equal(sh->imms[3].v[2], 0xffffffffu);
	assert_int_equal(sh->imms[3].v[3], 0x7fffffffu);

	in = &sh->insns[1];
	assert_int_equal(in->dst.reg.file, VIGIL_TGSI_FILE_BUFFER);
	assert_int_equal(in->dst.mask, 0x1);
	assert_int_equal(in->mem_qualifier, 0);
	in = &sh->insns[3];
	assert_int_equal(in->dst.reg.file, VIGIL_TGSI_FILE_IMAGE);
	assert_int_equal(in->mem_target, find_target("2D"));
	assert_int_equal(in->mem_format, rgba32f);
	in = &sh->insns[8];
	assert_true(in->src[0].reg.has_dim);
	assert_true(in->src[0].reg.dim_indirect);
	assert_false(in->src[0].reg.indirect);
	assert_int_equal(in->src[0].reg.dim_ind_file, VIGIL_TGSI_FILE_ADDR);
	assert_int_equal(in->src[0].reg.dim_ind_index, 1);
	assert_int_equal(in->src[0].reg.dim_ind_comp, 0);
	assert_int_equal(in->src[0].reg.dim, 1);
	assert_int_equal(in->src[0].reg.index, 2);
	in = &sh->insns[9];
	assert_int_equal(in->mem_qualifier, VIGIL_TGSI_MEMQ_COHERENT | VIGIL_TGSI_MEMQ_VOLATILE);
	assert_int_equal(in->mem_target, 0);
	assert_int_equal(in->mem_format, 0);
	in = &sh->insns[11];
	assert_int_equal(in->mem_qualifier, VIGIL_TGSI_MEMQ_COHERENT | VIGIL_TGSI_MEMQ_RESTRICT);
	assert_true(in->src[0].reg.indirect);
	assert_int_equal(in->src[0].reg.ind_index, 2);
	in = &sh->insns[12];
	assert_true(in->src[0].reg.has_dim && in->src[0].reg.indirect);
	assert_int_equal(in->src[0].reg.index, 1);
	assert_int_equal(sh->insns[16].mem_format, find_format("PIPE_FORMAT_R32_UINT"));
	assert_int_equal(sh->insns[16].mem_target, 0);
	vigil_tgsi_free(sh);

	sh = NULL;
	assert_int_equal(parse_n(tcs_text, sizeof(tcs_text), &err, &sh), VIGIL_OK);
	in = &sh->insns[2];
	assert_true(in->dst.reg.dim_indirect);
	assert_int_equal(in->dst.reg.file, VIGIL_TGSI_FILE_OUT);
	assert_int_equal(in->dst.reg.dim, 0);
	assert_true(sh->insns[1].src[0].reg.dim_indirect);
	vigil_tgsi_free(sh);
}

static void tessellation_mixes_dimensions(void **state)
{
	(void)state;
	expect(tcs_patch_text, VIGIL_OK);
	expect(tes_patch_text, VIGIL_E_RELATION); /* IN[0][2]: IN[2] is a patch input */
	expect("TESS_EVAL\nDCL IN[][0], POSITION\nDCL IN[1], PATCH[0]\nDCL TEMP[0]\n"
	       "  0: ADD TEMP[0], IN[0][0], IN[1]\n  1: END\n", VIGIL_OK);
	expect("TESS_EVAL\nDCL IN[][0], POSITION\nDCL IN[1], PATCH[0]\nDCL TEMP[0]\n"
	       "  0: MOV TEMP[0], IN[0]\n  1: END\n", VIGIL_E_RELATION);
	expect("TESS_EVAL\nDCL IN[][0], POSITION\nDCL IN[1], PATCH[0]\nDCL TEMP[0]\n"
	       "  0: MOV TEMP[0], IN[1][1]\n  1: END\n", VIGIL_E_RELATION);
	expect("TESS_EVAL\nDCL IN[][0], POSITION\nDCL IN[0], PATCH[0]\n  0: END\n", VIGIL_E_RELATION);
	/* indirect: per-vertex and per-patch arrays checked by their own declarations */
	expect("TESS_CTRL\nDCL IN[][0..3], ARRAY(1)\nDCL OUT[4..5], ARRAY(2)\nDCL ADDR[0]\n"
	       "DCL TEMP[0]\n  0: MOV TEMP[0], IN[0][ADDR[0].x+1](1)\n"
	       "  1: MOV OUT[ADDR[0].x+4](2), TEMP[0]\n  2: END\n", VIGIL_OK);
	expect("TESS_CTRL\nDCL IN[][0..3], ARRAY(1)\nDCL ADDR[0]\nDCL TEMP[0]\n"
	       "  0: MOV TEMP[0], IN[ADDR[0].x+1](1)\n  1: END\n", VIGIL_E_RELATION);
	expect("TESS_CTRL\nDCL OUT[4..5]\nDCL ADDR[0]\nDCL TEMP[0]\n"
	       "  0: MOV OUT[0][ADDR[0].x+4], TEMP[0]\n  1: END\n", VIGIL_E_RANGE);
}

#define CS "COMP\nDCL TEMP[0..1]\nDCL ADDR[0..2]\nIMM[0] UINT32 {0, 0, 0, 0}\n"

static void declarations(void **state)
{
	(void)state;
	expect(CS "DCL IMAGE[0]\n  0: END\n", VIGIL_E_ENUM);
	expect(CS "DCL IMAGE[0], 5D\n  0: END\n", VIGIL_E_ENUM);
	expect(CS "DCL IMAGE[0], 2D, PIPE_FORMAT_BOGUS\n  0: END\n", VIGIL_E_ENUM);
	expect(CS "DCL IMAGE[0], 2D, PIPE_FORMAT_NONE, WR, RAW\n  0: END\n", VIGIL_OK);
	expect(CS "DCL IMAGE[0], 2D, WR, WR\n  0: END\n", VIGIL_E_RELATION);
	expect(CS "DCL IMAGE[0], 2D, PIPE_FORMAT_R8_UNORM, PIPE_FORMAT_R8_UINT\n  0: END\n",
	       VIGIL_E_RELATION);
	expect(CS "DCL IMAGE[31], 2D\n  0: END\n", VIGIL_OK);
	expect(CS "DCL IMAGE[32], 2D\n  0: END\n", VIGIL_E_RANGE);
	expect(CS "DCL BUFFER[31]\n  0: END\n", VIGIL_OK);
	expect(CS "DCL BUFFER[32]\n  0: END\n", VIGIL_E_RANGE);
	expect(CS "DCL BUFFER[0], ATOMIC, ATOMIC\n  0: END\n", VIGIL_E_RELATION);
	expect(CS "DCL BUFFER[0], SHARED\n  0: END\n", VIGIL_E_ENUM);
	expect(CS "DCL TEMP[2], ATOMIC\n  0: END\n", VIGIL_E_ENUM);
	expect(CS "DCL MEMORY[0]\n  0: END\n", VIGIL_OK);
	expect(CS "DCL MEMORY[3], INPUT\n  0: END\n", VIGIL_OK);
	expect(CS "DCL MEMORY[4], SHARED\n  0: END\n", VIGIL_E_RANGE);
	expect(CS "DCL MEMORY[1], SHARED, PRIVATE\n  0: END\n", VIGIL_E_RELATION);
	expect(CS "DCL MEMORY[1], SHARED\nDCL MEMORY[2], PRIVATE\n  0: END\n", VIGIL_OK);
	expect(CS "DCL MEMORY[1], SHARED\nDCL MEMORY[1], SHARED\n  0: END\n", VIGIL_E_RELATION);
	expect(CS "DCL HWATOMIC[0]\n  0: END\n", VIGIL_E_ENUM);
	expect(CS "DCL HWATOMIC[0][1023]\n  0: END\n", VIGIL_OK);
	expect(CS "DCL HWATOMIC[0][1024]\n  0: END\n", VIGIL_E_RANGE);
	expect(CS "DCL HWATOMIC[31][0]\n  0: END\n", VIGIL_OK);
	expect(CS "DCL HWATOMIC[32][0]\n  0: END\n", VIGIL_E_RANGE);
	expect(CS "DCL HWATOMIC[0][0..3]\nDCL HWATOMIC[0][3]\n  0: END\n", VIGIL_E_RELATION);
	expect(CS "DCL HWATOMIC[0][0..3]\nDCL HWATOMIC[1][0..3]\n  0: END\n", VIGIL_OK);
	expect(CS "DCL HWATOMIC[0][0..3], ARRAY(1)\n  0: END\n", VIGIL_OK);
}

static void operands(void **state)
{
	(void)state;
	/* MEMORY needs some declaration; its index is the type Mesa declared, not checked */
	expect(CS "  0: LOAD TEMP[0], MEMORY[0], IMM[0].xxxx\n  1: END\n", VIGIL_E_RANGE);
	expect(CS "DCL MEMORY[1], SHARED\n  0: LOAD TEMP[0], MEMORY[3], IMM[0].xxxx\n  1: END\n",
	       VIGIL_OK);
	expect(CS "DCL MEMORY[1], SHARED\n  0: LOAD TEMP[0], MEMORY[4], IMM[0].xxxx\n  1: END\n",
	       VIGIL_E_RANGE);
	expect(CS "DCL HWATOMIC[0][0..3]\n  0: ATOMUADD TEMP[0], HWATOMIC[0][4], IMM[0], IMM[0]\n"
		  "  1: END\n", VIGIL_E_RANGE);
	expect(CS "DCL HWATOMIC[0][0..3]\n  0: ATOMUADD TEMP[0], HWATOMIC[1][0], IMM[0], IMM[0]\n"
		  "  1: END\n", VIGIL_E_RANGE);
	expect(CS "DCL HWATOMIC[0][0..3]\n  0: ATOMUADD TEMP[0], HWATOMIC[0], IMM[0], IMM[0]\n"
		  "  1: END\n", VIGIL_E_ENUM);
	expect(CS "DCL HWATOMIC[0][0..3]\n  0: ATOMUADD TEMP[0], HWATOMIC[32][0], IMM[0], IMM[0]\n"
		  "  1: END\n", VIGIL_E_RANGE);
	expect(CS "DCL HWATOMIC[0][0..3]\n"
		  "  0: ATOMUADD TEMP[0], HWATOMIC[ADDR[0].x][0], IMM[0], IMM[0]\n  1: END\n",
	       VIGIL_E_UNSUPPORTED);
	expect(CS "DCL HWATOMIC[0][0..3]\n"
		  "  0: ATOMUADD TEMP[0], HWATOMIC[1][ADDR[0].x], IMM[0], IMM[0]\n  1: END\n",
	       VIGIL_E_RANGE);
	expect(CS "  0: LOAD TEMP[0], BUFFER[0], IMM[0]\n  1: END\n", VIGIL_E_RANGE);
	expect(CS "  0: LOAD TEMP[0], BUFFER[ADDR[0].x], IMM[0]\n  1: END\n", VIGIL_E_RANGE);
	expect(CS "DCL BUFFER[0]\n  0: LOAD TEMP[0], BUFFER[ADDR[0].x+31], IMM[0]\n  1: END\n",
	       VIGIL_OK);
	expect(CS "DCL BUFFER[0]\n  0: LOAD TEMP[0], BUFFER[ADDR[0].x+32], IMM[0]\n  1: END\n",
	       VIGIL_E_RANGE);
	/* STORE writes a resource, everything else a TEMP/OUT/ADDR */
	expect(CS "DCL BUFFER[0]\n  0: STORE TEMP[0], IMM[0], IMM[0]\n  1: END\n", VIGIL_E_ENUM);
	expect(CS "DCL BUFFER[0]\n  0: MOV BUFFER[0], IMM[0]\n  1: END\n", VIGIL_E_ENUM);
	expect(CS "DCL BUFFER[0]\n  0: STORE BUFFER[0].x, IMM[0], IMM[0]\n  1: END\n", VIGIL_OK);
	/* memory trailer */
	expect(CS "DCL BUFFER[0]\n  0: LOAD TEMP[0], BUFFER[0], IMM[0], COHERENT, COHERENT\n"
		  "  1: END\n", VIGIL_E_RELATION);
	expect(CS "DCL BUFFER[0]\n  0: LOAD TEMP[0], BUFFER[0], IMM[0], 2D, 3D\n  1: END\n",
	       VIGIL_E_RELATION);
	expect(CS "DCL BUFFER[0]\n  0: LOAD TEMP[0], BUFFER[0], IMM[0], PIPE_FORMAT_R8_UNORM, "
		  "PIPE_FORMAT_NONE\n  1: END\n", VIGIL_E_RELATION);
	expect(CS "DCL BUFFER[0]\n  0: LOAD TEMP[0], BUFFER[0], IMM[0], SOMETIMES\n  1: END\n",
	       VIGIL_E_ENUM);
	expect(CS "DCL BUFFER[0]\n  0: LOAD TEMP[0], BUFFER[0], IMM[0], VOLATILE, "
		  "STREAM_CACHE_POLICY, RESTRICT, COHERENT\n  1: END\n", VIGIL_OK);
	expect(CS "  0: MOV TEMP[0], IMM[0], COHERENT\n  1: END\n", VIGIL_E_COUNT);
	/* indirect 2-D */
	expect(CS "DCL CONST[1][0]\n  0: MOV TEMP[0], CONST[ADDR[1].x+31][0]\n  1: END\n",
	       VIGIL_OK);
	expect(CS "DCL CONST[1][0]\n  0: MOV TEMP[0], CONST[ADDR[1].x+32][0]\n  1: END\n",
	       VIGIL_E_RANGE);
	expect(CS "DCL CONST[1][0]\n  0: MOV TEMP[0], CONST[ADDR[1].x-1][0]\n  1: END\n",
	       VIGIL_E_RANGE);
	expect(CS "  0: MOV TEMP[0], CONST[ADDR[1].x][0]\n  1: END\n", VIGIL_E_RANGE);
	expect("COMP\nDCL TEMP[0..1]\nDCL CONST[1][0]\n  0: MOV TEMP[0], CONST[ADDR[1].x][0]\n"
	       "  1: END\n", VIGIL_E_RANGE);
	expect(CS "  0: MOV TEMP[0], TEMP[ADDR[1].x][0]\n  1: END\n", VIGIL_E_ENUM);
	expect(CS "DCL CONST[1][0]\n  0: MOV TEMP[0], CONST[ADDR[1].x][ADDR[2].x]\n  1: END\n",
	       VIGIL_OK);
}

static void imm64(void **state)
{
	(void)state;
	expect(CS "IMM[1] FLT64 {1, 2}\n  0: END\n", VIGIL_E_ENUM);
	expect(CS "IMM[1] FLT64 {0x3ff00000, 0}\n  0: END\n", VIGIL_E_UNSUPPORTED);
	expect(CS "IMM[1] FLT64 {1.5, 2.0, 3.0}\n  0: END\n", VIGIL_E_COUNT);
	expect(CS "IMM[1] FLT64 {1.5}\n  0: END\n", VIGIL_E_COUNT);
	expect(CS "IMM[1] FLT64 {1.x, 2.0}\n  0: END\n", VIGIL_E_ENUM);
	expect(CS "IMM[1] FLT64 {12345678901234567890123456789.5, -0.00000001}\n  0: END\n",
	       VIGIL_OK);
	expect(CS "IMM[1] UINT64 {18446744073709551616, 0}\n  0: END\n", VIGIL_E_RANGE);
	expect(CS "IMM[1] UINT64 {-1, 0}\n  0: END\n", VIGIL_E_ENUM);
	expect(CS "IMM[1] UINT64 {0xffffffff, 0}\n  0: END\n", VIGIL_OK);
	expect(CS "IMM[1] INT64 {9223372036854775808, 0}\n  0: END\n", VIGIL_E_RANGE);
	expect(CS "IMM[1] INT64 {-9223372036854775809, 0}\n  0: END\n", VIGIL_E_RANGE);
	/* a 32-bit type still refuses numbers above 32 bits */
	expect(CS "IMM[1] UINT32 {4294967296, 0, 0, 0}\n  0: END\n", VIGIL_E_RANGE);
	expect(CS "IMM[1] INT64 {1, 2}\nIMM[2] UINT32 {4294967296, 0, 0, 0}\n  0: END\n",
	       VIGIL_E_RANGE);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mesa_gl43_shaders_parse),
		cmocka_unit_test(redeclarations_and_prim_mode),
		cmocka_unit_test(compute_ir),
		cmocka_unit_test(tessellation_mixes_dimensions),
		cmocka_unit_test(declarations),
		cmocka_unit_test(operands),
		cmocka_unit_test(imm64),
	};

	if (argc > 1)
		mesa_dir = argv[1];
	return cmocka_run_group_tests_name("tgsi_gl43", tests, NULL, NULL);
}
