/*
 * tgsi_parse_priv.h: the parser state shared by tgsi_parse.c (statements, immediates,
 * properties), tgsi_decl.c (declarations) and tgsi_insn.c (instructions, operands, control
 * flow).
 *
 * One parser per call, heap-allocated by vigil_tgsi_parse; it owns the shader under
 * construction until success hands it to the caller. The declaration maps hold one bit per
 * register below each file's limit, so a register check is a bounded bit test; they are
 * allocated only for the files (and buffers) a shader declares, which keeps the per-shader
 * set-up small (the parser runs on every shader the gate sees).
 */
#ifndef VIGIL_TGSI_PARSE_PRIV_H
#define VIGIL_TGSI_PARSE_PRIV_H

#include "tgsi_ir.h"
#include "tgsi_lex.h"
#include "tgsi_limits.h"

#define VIGIL_TGSI_MAP_BITS VIGIL_TGSI_MAX_TEMPS

_Static_assert(VIGIL_TGSI_MAX_CONSTS <= VIGIL_TGSI_MAP_BITS, "CONST map");
_Static_assert(VIGIL_TGSI_MAX_SAMPLER_VIEWS <= VIGIL_TGSI_MAP_BITS, "SVIEW map");
_Static_assert(VIGIL_TGSI_MAX_INPUTS <= VIGIL_TGSI_MAP_BITS, "IN map");
_Static_assert(VIGIL_TGSI_MAX_OUTPUTS <= VIGIL_TGSI_MAP_BITS, "OUT map");
_Static_assert(VIGIL_TGSI_MAX_HWATOMICS % 8 == 0, "HWATOMIC map");

struct vigil_tgsi_array {
	bool defined;
	bool two_d; /* IN[][a..b] / OUT[][a..b] */
	uint8_t file;
	uint32_t first, last;
};

enum vigil_tgsi_block { VIGIL_TGSI_BLK_IF, VIGIL_TGSI_BLK_ELSE, VIGIL_TGSI_BLK_LOOP,
			VIGIL_TGSI_BLK_SWITCH };

struct vigil_tgsi_parser {
	struct vigil_tgsi_lexer lx;
	struct vigil_tgsi_shader *sh;
	uint32_t insn_cap, decl_cap, imm_cap;
	bool ended;
	uint8_t blocks[VIGIL_TGSI_MAX_NESTING];
	uint32_t depth;
	bool any[VIGIL_TGSI_FILE_COUNT];                    /* some register declared */
	bool cany[VIGIL_TGSI_MAX_CONST_BUFFERS];            /* some CONST[b][i] declared */
	/* IN/OUT ([0] IN, [1] OUT): per-vertex (2-D) and patch (1-D) registers mix in one file
	 * (tessellation), so the dimension is tracked per register */
	bool any1[2], any2[2];
	uint8_t map2[2][VIGIL_TGSI_MAP_BITS / 8]; /* declared 2-D */
	/* IN/OUT register semantics (1 + name, 0 none) and indices: a re-declaration must match */
	uint8_t io_sem[2][VIGIL_TGSI_MAX_INPUTS > VIGIL_TGSI_MAX_OUTPUTS ? VIGIL_TGSI_MAX_INPUTS
									 : VIGIL_TGSI_MAX_OUTPUTS];
	uint8_t io_sem_index[2][VIGIL_TGSI_MAX_INPUTS > VIGIL_TGSI_MAX_OUTPUTS ? VIGIL_TGSI_MAX_INPUTS
									       : VIGIL_TGSI_MAX_OUTPUTS];
	/* Declaration bitmaps, allocated on a file's (buffer's) first declaration with one bit per
	 * register below its limit (NULL: nothing declared), freed by vigil_tgsi_parse. CONST uses
	 * cmap (1-D CONST[i] is buffer 0), HWATOMIC hmap, every other file map. */
	uint8_t *map[VIGIL_TGSI_FILE_COUNT];
	uint8_t *cmap[VIGIL_TGSI_MAX_CONST_BUFFERS];        /* CONST[b][i] */
	bool hany[VIGIL_TGSI_MAX_HWATOMIC_BUFFERS];         /* some HWATOMIC[b][i] declared */
	uint8_t *hmap[VIGIL_TGSI_MAX_HWATOMIC_BUFFERS];     /* HWATOMIC[b][i] */
	bool mem_type_given; /* the DCL MEMORY being parsed named its type */
	struct vigil_tgsi_array arrays[VIGIL_TGSI_MAX_ARRAY_ID + 1];
};

/* Helpers of tgsi_parse.c used by tgsi_insn.c. */
vigil_status vigil_tgsi_expect(struct vigil_tgsi_parser *ps, char c, vigil_status s,
			       const char *reason);
bool vigil_tgsi_declared(const struct vigil_tgsi_parser *ps, unsigned file, uint32_t dim,
			 uint32_t index);
/* Index of the current word in vigil_tgsi_image_formats, or -1. */
int vigil_tgsi_image_format_lookup(const struct vigil_tgsi_lexer *lx);
vigil_status vigil_tgsi_grow(struct vigil_tgsi_parser *ps, void **arr, uint32_t *cap,
			     uint32_t count, size_t elem);

/* tgsi_decl.c: one DCL statement, the current token being DCL. */
vigil_status vigil_tgsi_parse_decl(struct vigil_tgsi_parser *ps);

/* tgsi_insn.c: one instruction, the current token being its label number or opcode. */
vigil_status vigil_tgsi_parse_insn(struct vigil_tgsi_parser *ps);

#endif
