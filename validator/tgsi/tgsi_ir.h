/*
 * tgsi_ir.h: the validated shader IR the TGSI text parser produces.
 *
 * Trust: everything here was checked by tgsi_parse.c; a consumer (the core's GLSL emitter) may
 * rely on these invariants without re-checking: every count is at most its VIGIL_TGSI_MAX_*
 * limit; every enum field is inside its enumeration; a direct register index is below its
 * file's limit and covered by a declaration; an indirect operand's base offset lies in
 * (-limit, limit) of its file and, with an array id, inside that declared array; immediates are
 * referenced below imm_count; nesting is balanced and the program ends with END. Indirect
 * addressing can still reach any index at run time: the emitter must clamp it. A STORE's
 * destination is BUFFER, IMAGE or MEMORY, every other destination OUT, TEMP or ADDR; fields a
 * statement or operand kind does not use are 0 (vigil_tgsi_ir_check, tgsi_wire.h, enforces all
 * of this on IR that crossed a process boundary).
 *
 * Resources (GL 4.3 / GLES 3.2): IMAGE, BUFFER and HWATOMIC registers are checked like the
 * others (HWATOMIC always 2-D: HWATOMIC[binding][counter], the binding below
 * VIGIL_TGSI_MAX_HWATOMIC_BUFFERS and each counter declared in that binding). MEMORY is the one
 * exception to "direct index declared": Mesa 22.3 declares shared memory as MEMORY[1], SHARED
 * (the index is the memory type) but accesses it as MEMORY[0], so a MEMORY operand only needs
 * some MEMORY declaration and an index below VIGIL_TGSI_MAX_MEMORY; the emitter maps every
 * MEMORY operand onto the declared block(s) by type, never by index.
 *
 * Declarations: a register is covered by at most one declaration, except IN/OUT registers, which
 * Mesa declares once per packed component range (DCL OUT[2], GENERIC[1] and DCL OUT[2].xy,
 * GENERIC[1]): repeats carry the same semantic, index and dimension, each with its own usage
 * mask, and the emitter merges them. An IN/OUT file may mix per-vertex (has_dim) and per-patch
 * registers (tessellation); an operand is 2-D exactly when its register (or array) was declared
 * 2-D.
 */
#ifndef VIGIL_TGSI_IR_H
#define VIGIL_TGSI_IR_H

#include <stdbool.h>
#include <stdint.h>

#include "tgsi_limits.h"

enum vigil_tgsi_processor {
	VIGIL_TGSI_VERT, VIGIL_TGSI_FRAG, VIGIL_TGSI_GEOM,
	VIGIL_TGSI_TESS_CTRL, VIGIL_TGSI_TESS_EVAL, VIGIL_TGSI_COMP,
	VIGIL_TGSI_PROCESSOR_COUNT /* values equal the pipe shader stages */
};

enum vigil_tgsi_file {
	VIGIL_TGSI_FILE_NULL, VIGIL_TGSI_FILE_CONST, VIGIL_TGSI_FILE_IN, VIGIL_TGSI_FILE_OUT,
	VIGIL_TGSI_FILE_TEMP, VIGIL_TGSI_FILE_SAMP, VIGIL_TGSI_FILE_ADDR, VIGIL_TGSI_FILE_IMM,
	VIGIL_TGSI_FILE_SV, VIGIL_TGSI_FILE_IMAGE, VIGIL_TGSI_FILE_SVIEW, VIGIL_TGSI_FILE_BUFFER,
	VIGIL_TGSI_FILE_MEMORY, VIGIL_TGSI_FILE_HWATOMIC,
	VIGIL_TGSI_FILE_COUNT
};

/* The 64-bit types hold two values per immediate: v[0] | v[1] << 32 and v[2] | v[3] << 32
 * (FLT64: IEEE-754 binary64 bit patterns). */
enum vigil_tgsi_imm_type { VIGIL_TGSI_IMM_FLT32, VIGIL_TGSI_IMM_UINT32, VIGIL_TGSI_IMM_INT32,
			   VIGIL_TGSI_IMM_FLT64, VIGIL_TGSI_IMM_UINT64, VIGIL_TGSI_IMM_INT64,
			   VIGIL_TGSI_IMM_TYPE_COUNT };

/* MEMORY declaration types (the TGSI_MEMORY_TYPE_* numbers). */
enum vigil_tgsi_mem_type { VIGIL_TGSI_MEM_GLOBAL, VIGIL_TGSI_MEM_SHARED, VIGIL_TGSI_MEM_PRIVATE,
			   VIGIL_TGSI_MEM_INPUT, VIGIL_TGSI_MEM_TYPE_COUNT };

/* Memory qualifier bits of LOAD, STORE, ATOM* and RESQ (the TGSI_MEMORY_* bits). */
enum vigil_tgsi_mem_qualifier {
	VIGIL_TGSI_MEMQ_COHERENT = 1u << 0, VIGIL_TGSI_MEMQ_RESTRICT = 1u << 1,
	VIGIL_TGSI_MEMQ_VOLATILE = 1u << 2, VIGIL_TGSI_MEMQ_STREAM_CACHE_POLICY = 1u << 3,
	VIGIL_TGSI_MEMQ_ALL = 0xfu
};

/* A register reference. Direct: file[index] (2-D: file[dim][index]). Indirect:
 * file[ind_file[ind_index].ind_comp + index](array_id), index then being a signed offset.
 * Indirect 2-D index (dim_indirect, only with has_dim, only CONST/IN/OUT):
 * file[dim_ind_file[dim_ind_index].dim_ind_comp + dim][...], dim then being the base offset,
 * 0 <= dim < the dimension's limit (constant buffers or vertices); dim_ind_file is ADDR or TEMP
 * and that register is declared; the dim_ind_* fields are 0 when !dim_indirect. */
struct vigil_tgsi_reg {
	uint8_t file;          /* enum vigil_tgsi_file */
	bool has_dim;          /* 2-D: IN[v][i] vertex, CONST[b][i] buffer */
	bool indirect;
	uint8_t ind_file;      /* ADDR or TEMP */
	uint8_t ind_comp;      /* 0..3 = x..w */
	uint16_t array_id;     /* 0 = none */
	int32_t index;         /* >= 0 unless indirect */
	uint32_t dim;
	uint32_t ind_index;
	bool dim_indirect;
	uint8_t dim_ind_file;  /* ADDR or TEMP */
	uint8_t dim_ind_comp;  /* 0..3 */
	uint32_t dim_ind_index;
};

struct vigil_tgsi_dst {
	struct vigil_tgsi_reg reg;
	uint8_t mask; /* bit 0 = x ... bit 3 = w, never 0 */
};

struct vigil_tgsi_src {
	struct vigil_tgsi_reg reg;
	uint8_t swizzle[4]; /* 0..3 */
	bool negate;
	bool absolute;
};

struct vigil_tgsi_texoff {
	struct vigil_tgsi_reg reg; /* direct only */
	uint8_t swizzle[3];
};

struct vigil_tgsi_insn {
	uint16_t opcode; /* TGSI opcode number (tgsi_tables.h) */
	bool saturate;
	bool precise;
	bool has_label;
	uint8_t num_dst;
	uint8_t num_src;
	uint8_t tex_target;  /* enum vigil_tgsi_target, 0 when not a texture opcode */
	uint8_t num_offsets; /* <= VIGIL_TGSI_MAX_TEX_OFFSETS */
	uint32_t label;      /* branch label as written, below VIGIL_TGSI_MAX_INSNS; informational
			      * (Mesa leaves stale labels after removing instructions): control
			      * flow is structured and checked by nesting, never by labels */
	struct vigil_tgsi_dst dst;
	struct vigil_tgsi_src src[VIGIL_TGSI_MAX_SRC];
	struct vigil_tgsi_texoff offsets[VIGIL_TGSI_MAX_TEX_OFFSETS];
	/* Memory trailer (only on opcodes with VIGIL_TGSI_OPF_MEM, else all 0): qualifier bits
	 * (enum vigil_tgsi_mem_qualifier, within VIGIL_TGSI_MEMQ_ALL), the image's texture target
	 * (index into vigil_tgsi_target_names, 0 = not given: TGSI omits BUFFER) and
	 * its format (index into vigil_tgsi_image_formats, 0 = PIPE_FORMAT_NONE / not given). */
	uint8_t mem_qualifier;
	uint8_t mem_target;
	uint8_t mem_format;
};

struct vigil_tgsi_decl {
	uint8_t file;
	uint8_t mask;          /* usage mask, 0xf when none was given */
	bool has_dim;          /* IN[][a..b] (dim unsized) or CONST[b][a..b] */
	bool has_semantic;
	bool local;
	bool invariant;
	uint8_t semantic;      /* tgsi_tables.h semantic index */
	uint8_t interp;        /* 0 none, else 1 + CONSTANT/LINEAR/PERSPECTIVE/COLOR */
	uint8_t location;      /* 0 none, else 1 + CENTER/CENTROID/SAMPLE */
	uint8_t target;        /* SVIEW, IMAGE: texture target (1..target count - 1), else 0 */
	uint8_t return_type[4];/* SVIEW: 1 + UNORM..FLOAT */
	uint16_t array_id;
	uint32_t first, last;  /* first <= last < file limit */
	uint32_t dim;          /* CONST buffer index, HWATOMIC binding */
	uint32_t semantic_index;
	/* IMAGE only (else 0/false): format index into vigil_tgsi_image_formats (0 = NONE),
	 * WR and RAW flags. */
	uint8_t image_format;
	bool image_writable;
	bool image_raw;
	bool atomic;           /* BUFFER only: ", ATOMIC" */
	uint8_t mem_type;      /* MEMORY only: enum vigil_tgsi_mem_type (GLOBAL when not given) */
};

struct vigil_tgsi_imm {
	uint8_t type; /* enum vigil_tgsi_imm_type, below VIGIL_TGSI_IMM_TYPE_COUNT */
	uint32_t v[4];
};

struct vigil_tgsi_prop {
	uint8_t name;   /* tgsi_tables.h property index */
	uint32_t value; /* number, or index into the property's name table */
};

/* One parsed shader; owned by the caller of vigil_tgsi_parse, freed with vigil_tgsi_free. */
struct vigil_tgsi_shader {
	uint8_t processor;
	uint32_t insn_count, decl_count, imm_count, prop_count;
	struct vigil_tgsi_insn *insns;
	struct vigil_tgsi_decl *decls;
	struct vigil_tgsi_imm *imms;
	struct vigil_tgsi_prop props[VIGIL_TGSI_MAX_PROPS];
};

#endif
