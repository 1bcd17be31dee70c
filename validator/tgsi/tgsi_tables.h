/*
 * tgsi_tables.h: the names of the TGSI text language (Mesa's tgsi_strings.c and
 * tgsi_info_opcodes.h): processors, register files, opcodes with their operand counts,
 * semantics, texture targets, properties and the small keyword sets.
 *
 * Trust: constant data. Guarantees: every table index fits a uint8_t (opcodes a uint16_t), and
 * the lookup helpers in tgsi_lex.h return either a valid index or -1.
 */
#ifndef VIGIL_TGSI_TABLES_H
#define VIGIL_TGSI_TABLES_H

#include <stdint.h>

#include "tgsi_ir.h"

enum vigil_tgsi_op_flag {
	VIGIL_TGSI_OPF_TEX = 1u << 0,    /* trailing texture target and offsets */
	VIGIL_TGSI_OPF_BRANCH = 1u << 1, /* optional " :label" */
	VIGIL_TGSI_OPF_UNSUPPORTED = 1u << 2, /* subroutines: refused (Mesa 22 never emits them) */
	VIGIL_TGSI_OPF_MEM = 1u << 3,    /* trailing memory qualifiers, image target and format */
};

/* Structured control flow role (nesting checks). */
enum vigil_tgsi_flow {
	VIGIL_TGSI_FLOW_NONE, VIGIL_TGSI_FLOW_IF, VIGIL_TGSI_FLOW_ELSE, VIGIL_TGSI_FLOW_ENDIF,
	VIGIL_TGSI_FLOW_LOOP, VIGIL_TGSI_FLOW_ENDLOOP, VIGIL_TGSI_FLOW_BRK, VIGIL_TGSI_FLOW_CONT,
	VIGIL_TGSI_FLOW_SWITCH, VIGIL_TGSI_FLOW_CASE, VIGIL_TGSI_FLOW_ENDSWITCH,
	VIGIL_TGSI_FLOW_END,
};

#define VIGIL_TGSI_OPCODE_STORE 162u

struct vigil_tgsi_opinfo {
	const char *name;
	uint16_t opcode; /* TGSI_OPCODE_* number */
	uint8_t num_dst;
	uint8_t num_src;
	uint8_t flags;
	uint8_t flow;
};

extern const struct vigil_tgsi_opinfo vigil_tgsi_opcodes[];
extern const unsigned vigil_tgsi_opcode_count;

/* Name tables: index = the IR value. */
extern const char *const vigil_tgsi_processor_names[VIGIL_TGSI_PROCESSOR_COUNT];
extern const char *const vigil_tgsi_file_names[VIGIL_TGSI_FILE_COUNT];
extern const char *const vigil_tgsi_imm_type_names[VIGIL_TGSI_IMM_TYPE_COUNT];
extern const char *const vigil_tgsi_semantic_names[];
extern const unsigned vigil_tgsi_semantic_count;
extern const char *const vigil_tgsi_target_names[];     /* 0 = UNKNOWN, never accepted */
extern const unsigned vigil_tgsi_target_count;
extern const char *const vigil_tgsi_return_type_names[5];
extern const char *const vigil_tgsi_interp_names[4];
extern const char *const vigil_tgsi_location_names[3];
extern const char *const vigil_tgsi_property_names[];
extern const unsigned vigil_tgsi_property_count;
extern const char *const vigil_tgsi_primitive_names[];
extern const unsigned vigil_tgsi_primitive_count;
extern const char *const vigil_tgsi_origin_names[2];
extern const char *const vigil_tgsi_center_names[2];

/* Mesa declares a GS's gl_PrimitiveIDIn as a per-vertex input (DCL IN[][n], PRIM_ID) and reads
 * it 1-D (IN[n]): true for that one case (a GS input register n inside a PRIM_ID declaration
 * that is 2-D), where the parser and the IR check accept the 1-D use. */
bool vigil_tgsi_gs_primid_in(const struct vigil_tgsi_shader *sh, uint32_t n);
#define VIGIL_TGSI_SEM_PRIMID 9u /* "PRIM_ID" in vigil_tgsi_semantic_names */
extern const char *const vigil_tgsi_mem_type_names[VIGIL_TGSI_MEM_TYPE_COUNT];
extern const char *const vigil_tgsi_memory_names[4]; /* qualifier bit i = 1 << i */

/* Image formats an IMAGE declaration or a memory instruction may name: the GLSL image format
 * layout qualifiers (GL 4.3 / GLES 3.1) as Mesa's Gallium formats; index 0 is
 * PIPE_FORMAT_NONE (glsl ""). The IR stores the index. */
struct vigil_tgsi_image_format {
	const char *pipe; /* "PIPE_FORMAT_R8G8B8A8_UNORM" */
	const char *glsl; /* "rgba8" */
};
extern const struct vigil_tgsi_image_format vigil_tgsi_image_formats[];
extern const unsigned vigil_tgsi_image_format_count;

/* Which value table a property's value comes from. */
enum vigil_tgsi_propval { VIGIL_TGSI_PV_UINT, VIGIL_TGSI_PV_PRIM, VIGIL_TGSI_PV_ORIGIN,
			  VIGIL_TGSI_PV_CENTER, VIGIL_TGSI_PV_PROCESSOR,
			  VIGIL_TGSI_PV_PRIM_NUM /* a primitive as its number (TES_PRIM_MODE 4) */ };
enum vigil_tgsi_propval vigil_tgsi_property_kind(unsigned prop);

/* Register index bound of a file (0 for NULL and IMM, which are checked otherwise). */
uint32_t vigil_tgsi_file_limit(unsigned file);

#endif
