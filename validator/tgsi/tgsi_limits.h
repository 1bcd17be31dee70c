/*
 * tgsi_limits.h: every bound the TGSI text parser enforces, in one place.
 *
 * Trust: none needed (constants). Guarantees: the parser never accepts a shader beyond these
 * values, so the IR's sizes and every register index in it are bounded by them. Values follow
 * Gallium's PIPE_MAX_* where one exists (as virglrenderer 0.10.4 compiles them) and are vigil's
 * own caps otherwise; real Mesa shaders stay far below each. They move into spec/enums.xml when
 * the parser is wired into the shader rule; tests/tgsi checks each one at max and max+1.
 */
#ifndef VIGIL_TGSI_LIMITS_H
#define VIGIL_TGSI_LIMITS_H

/* Text: bytes including the NUL (same cap as the spec's MAX_SHADER_TEXT_BYTES). */
#define VIGIL_TGSI_MAX_TEXT_BYTES 1048576u
/* Longest identifier or number token, in bytes (CVE-2017-6209: a longer one is rejected). */
#define VIGIL_TGSI_MAX_IDENT 64u

/* Statement counts of one shader. */
#define VIGIL_TGSI_MAX_INSNS 8192u   /* instructions including END */
#define VIGIL_TGSI_MAX_DECLS 1024u   /* DCL statements */
#define VIGIL_TGSI_MAX_IMMS 1024u    /* IMM statements (4 values each) */
#define VIGIL_TGSI_MAX_PROPS 32u     /* PROPERTY statements (29 names exist) */
#define VIGIL_TGSI_MAX_NESTING 32u   /* open IF/UIF, BGNLOOP and SWITCH blocks */
#define VIGIL_TGSI_MAX_TEX_OFFSETS 4u /* CVE-2017-5580: TGSI_FULL_MAX_TEX_OFFSETS */
#define VIGIL_TGSI_MAX_SRC 5u        /* most source operands of any opcode (SAMPLE_D) */

/* Register files: an index must be below its file's bound (and declared). */
#define VIGIL_TGSI_MAX_TEMPS 4096u         /* TEMP: a 1 MiB temp array (65536 vec4) is refused */
#define VIGIL_TGSI_MAX_INPUTS 80u          /* PIPE_MAX_SHADER_INPUTS */
#define VIGIL_TGSI_MAX_OUTPUTS 80u         /* PIPE_MAX_SHADER_OUTPUTS */
#define VIGIL_TGSI_MAX_CONSTS 4096u        /* vec4 slots in one constant buffer */
#define VIGIL_TGSI_MAX_CONST_BUFFERS 32u   /* PIPE_MAX_CONSTANT_BUFFERS: CONST[b][i] */
#define VIGIL_TGSI_MAX_SAMPLERS 32u        /* PIPE_MAX_SAMPLERS (spec MAX_SAMPLERS) */
#define VIGIL_TGSI_MAX_SAMPLER_VIEWS 128u  /* PIPE_MAX_SHADER_SAMPLER_VIEWS */
#define VIGIL_TGSI_MAX_ADDRS 3u            /* ADDR[0..2] */
#define VIGIL_TGSI_MAX_SYSTEM_VALUES 32u   /* SV */
#define VIGIL_TGSI_MAX_BUFFERS 32u         /* PIPE_MAX_SHADER_BUFFERS */
#define VIGIL_TGSI_MAX_IMAGES 32u          /* virglrenderer's PIPE_MAX_SHADER_IMAGES */
#define VIGIL_TGSI_MAX_MEMORY 4u           /* MEMORY (shared/private/input) */
#define VIGIL_TGSI_MAX_HWATOMICS 1024u     /* HWATOMIC[b][i]: counter (dword) i of one binding */
#define VIGIL_TGSI_MAX_HWATOMIC_BUFFERS 32u /* HWATOMIC[b][i]: b, PIPE_MAX_HW_ATOMIC_BUFFERS */
#define VIGIL_TGSI_MAX_VERTICES 32u        /* 2-D input/output vertex index: IN[v][i] (patches) */

/* Other operand values. */
#define VIGIL_TGSI_MAX_ARRAY_ID 255u       /* ARRAY(n) and TEMP[ADDR[0].x](n) */
#define VIGIL_TGSI_MAX_SEMANTIC_INDEX 255u /* GENERIC[n], TEXCOORD[n], ... */
#define VIGIL_TGSI_MAX_PROPERTY_VALUE 65535u

#endif
