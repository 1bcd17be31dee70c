/*
 * tgsi_limits.h: every bound the TGSI text parser enforces, in one place, as the names the
 * parser, the IR's wire decoder and the GLSL emitter use.
 *
 * Trust: none needed (constants). Guarantees: the parser never accepts a shader beyond these
 * values, so the IR's sizes and every register index in it are bounded by them. The values are
 * spec/enums.xml's limits (generated into vigil_spec.h as VIGIL_LIMIT_*, documented in the
 * generated protocol reference with their reasons): Gallium's PIPE_MAX_* where one exists (as
 * virglrenderer 0.10.4 compiles them), vigil's own caps otherwise; real Mesa shaders stay far
 * below each. tests/tgsi checks each one at max and max+1.
 */
#ifndef VIGIL_TGSI_LIMITS_H
#define VIGIL_TGSI_LIMITS_H

#include "vigil_spec.h"

/* Text: bytes including the NUL (the spec's MAX_SHADER_TEXT_BYTES). */
#define VIGIL_TGSI_MAX_TEXT_BYTES VIGIL_LIMIT_MAX_SHADER_TEXT_BYTES
/* Longest identifier or number token, in bytes (CVE-2017-6209: a longer one is rejected). */
#define VIGIL_TGSI_MAX_IDENT VIGIL_LIMIT_TGSI_MAX_IDENT

/* Statement counts of one shader. */
#define VIGIL_TGSI_MAX_INSNS VIGIL_LIMIT_TGSI_MAX_INSNS             /* instructions including END */
#define VIGIL_TGSI_MAX_DECLS VIGIL_LIMIT_TGSI_MAX_DECLS             /* DCL statements */
#define VIGIL_TGSI_MAX_IMMS VIGIL_LIMIT_TGSI_MAX_IMMS               /* IMM statements */
#define VIGIL_TGSI_MAX_PROPS VIGIL_LIMIT_TGSI_MAX_PROPS             /* PROPERTY statements */
#define VIGIL_TGSI_MAX_NESTING VIGIL_LIMIT_TGSI_MAX_NESTING         /* open IF/LOOP/SWITCH */
#define VIGIL_TGSI_MAX_TEX_OFFSETS VIGIL_LIMIT_TGSI_MAX_TEX_OFFSETS /* CVE-2017-5580 */
#define VIGIL_TGSI_MAX_SRC VIGIL_LIMIT_TGSI_MAX_SRC                 /* SAMPLE_D's sources */

/* Register files: an index must be below its file's bound (and declared). */
#define VIGIL_TGSI_MAX_TEMPS VIGIL_LIMIT_TGSI_MAX_TEMPS
#define VIGIL_TGSI_MAX_INPUTS VIGIL_LIMIT_TGSI_MAX_INPUTS
#define VIGIL_TGSI_MAX_OUTPUTS VIGIL_LIMIT_TGSI_MAX_OUTPUTS
#define VIGIL_TGSI_MAX_CONSTS VIGIL_LIMIT_TGSI_MAX_CONSTS             /* vec4 slots per buffer */
#define VIGIL_TGSI_MAX_CONST_BUFFERS VIGIL_LIMIT_MAX_CONST_BUFFERS    /* CONST[b][i] */
#define VIGIL_TGSI_MAX_SAMPLERS VIGIL_LIMIT_MAX_SAMPLERS
#define VIGIL_TGSI_MAX_SAMPLER_VIEWS VIGIL_LIMIT_MAX_SAMPLER_VIEWS
#define VIGIL_TGSI_MAX_ADDRS VIGIL_LIMIT_TGSI_MAX_ADDRS
#define VIGIL_TGSI_MAX_SYSTEM_VALUES VIGIL_LIMIT_TGSI_MAX_SYSTEM_VALUES
#define VIGIL_TGSI_MAX_BUFFERS VIGIL_LIMIT_MAX_SHADER_BUFFERS
#define VIGIL_TGSI_MAX_IMAGES VIGIL_LIMIT_MAX_SHADER_IMAGES
#define VIGIL_TGSI_MAX_MEMORY VIGIL_LIMIT_TGSI_MAX_MEMORY
#define VIGIL_TGSI_MAX_HWATOMICS VIGIL_LIMIT_TGSI_MAX_HWATOMICS         /* HWATOMIC[b][i]: i */
#define VIGIL_TGSI_MAX_HWATOMIC_BUFFERS VIGIL_LIMIT_MAX_ATOMIC_BUFFERS  /* HWATOMIC[b][i]: b */
#define VIGIL_TGSI_MAX_VERTICES VIGIL_LIMIT_TGSI_MAX_VERTICES           /* IN[v][i]: v */

/* Other operand values. */
#define VIGIL_TGSI_MAX_ARRAY_ID VIGIL_LIMIT_TGSI_MAX_ARRAY_ID
#define VIGIL_TGSI_MAX_SEMANTIC_INDEX VIGIL_LIMIT_TGSI_MAX_SEMANTIC_INDEX
#define VIGIL_TGSI_MAX_PROPERTY_VALUE VIGIL_LIMIT_TGSI_MAX_PROPERTY_VALUE

#endif
