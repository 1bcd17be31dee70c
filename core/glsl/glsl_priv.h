/*
 * glsl_priv.h: the emitter's private state, shared by the files of core/glsl/ (one instance per
 * vigil_glsl_emit call, heap-allocated, no globals).
 *
 * Trust: the IR is validated (tgsi_ir.h); this state only holds bounded tables derived from it.
 * Guarantees: every text append goes through the capped buffer (vg_buf), whose error is sticky;
 * the first "cannot express" reason is sticky too (ctx->err, ctx->why), so the emit functions can
 * run to the end and the entry point reports the first failure.
 *
 * Register model: TGSI registers are untyped 32-bit vec4s. TEMP, ADDR and OUT registers are
 * stored as uvec4 (bit-exact for integers whose patterns are NaNs), CONST and IMM are uvec4, and
 * every operand is bit-cast to the type its opcode reads (floatBitsToUint / uintBitsToFloat /
 * int() / uint()). Inputs keep their GLSL type (vec4 varyings, typed VS attributes, built-ins)
 * and are cast on read. Output registers are module-scope uvec4 variables copied to the GLSL
 * outputs by vg_store() at END, RET and each EMIT, except in a tessellation control shader,
 * whose per-vertex and per-patch outputs are read and written in place (glsl_tess.c).
 */
#ifndef VIGIL_GLSL_PRIV_H
#define VIGIL_GLSL_PRIV_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "glsl.h"
#include "tgsi_ir.h"
#include "tgsi_limits.h"

/* Capped, growing text buffer. */
struct vg_buf {
	char *p;
	size_t len, cap;
	bool failed; /* allocation failure or above VIGIL_GLSL_MAX_TEXT */
};

void vg_buf_free(struct vg_buf *b);
void vg_puts(struct vg_buf *b, const char *s);
void vg_printf(struct vg_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A bounded expression string (operands, register names). */
#define VG_EXPR 4096u
struct vg_expr {
	char s[VG_EXPR];
	enum vigil_glsl_type type; /* GLSL type of the vec4 value: FLOAT vec4, INT ivec4, UINT uvec4 */
};

/* Helper functions (emitted before main when used), bit index = enum value. */
enum vg_helper {
	VG_H_SEL, VG_H_UDIV, VG_H_UMOD, VG_H_IDIV, VG_H_IMOD, VG_H_UBFE, VG_H_IBFE, VG_H_BFI,
	VG_H_BREV, VG_H_POPC, VG_H_LSB, VG_H_UMSB, VG_H_IMSB, VG_H_UMULHI, VG_H_IMULHI,
	VG_H_I64DIV, VG_H_I64MOD, /* need GL_ARB_gpu_shader_int64 */
	VG_H_D2F, VG_H_F2D,       /* GLES: doubles kept as IEEE bits, computed as floats */
	VG_H_COUNT
};

struct vg_ctx {
	const struct vigil_tgsi_shader *sh;
	const struct vigil_glsl_opts *o;
	struct vigil_glsl_info *info;
	const char *pfx;
	bool gles;
	uint32_t ver;
	struct vg_buf ext, decl, body; /* #extension lines, declarations, main body */
	vigil_status err;
	const char *why;
	uint32_t helpers;  /* 1 << enum vg_helper */
	unsigned indent;
	bool last_vertex_stage;
	/* declaration maps: decl index + 1, 0 = undeclared */
	uint16_t in_decl[VIGIL_TGSI_MAX_INPUTS];
	uint16_t out_decl[VIGIL_TGSI_MAX_OUTPUTS];
	uint16_t sv_decl[VIGIL_TGSI_MAX_SYSTEM_VALUES];
	uint16_t array_decl[VIGIL_TGSI_MAX_ARRAY_ID + 1];
	uint16_t temp_array[VIGIL_TGSI_MAX_TEMPS]; /* array id of a TEMP register, 0 = none */
	uint32_t const_size[VIGIL_TGSI_MAX_CONST_BUFFERS]; /* last declared index + 1 */
	uint8_t samp_target[VIGIL_TGSI_MAX_SAMPLERS];     /* 0 = sampler unused */
	bool in_array_indirect[VIGIL_TGSI_MAX_ARRAY_ID + 1];
	bool writes_clipdist, writes_position;
	uint32_t gs_in_vertices;
	uint32_t tcs_vertices; /* TCS_VERTICES_OUT */
	bool redirect_dst;     /* vg_store_dst writes the whole value to vg_rr (glsl_res.c) */
};

/* Records the first reason the shader cannot be expressed. */
void vg_fail(struct vg_ctx *c, vigil_status s, const char *why);
bool vg_gl(const struct vg_ctx *c, uint32_t gl_ver, uint32_t es_ver); /* version at least */
void vg_line(struct vg_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vg_expr_set(struct vg_ctx *c, struct vg_expr *e, enum vigil_glsl_type t, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* snprintf that records VIGIL_E_EXHAUSTED instead of truncating silently */
void vg_fmt(struct vg_ctx *c, char *out, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void vg_use_helper(struct vg_ctx *c, enum vg_helper h);
void vg_emit_helpers(struct vg_ctx *c, struct vg_buf *out);
const char *vg_vec(enum vigil_glsl_type t); /* "vec4", "ivec4", "uvec4" */
/* Converts a vec4 expression between GLSL types, bit-preserving. */
void vg_cast(struct vg_ctx *c, struct vg_expr *e, enum vigil_glsl_type to);

/* glsl_decl.c */
void vg_scan(struct vg_ctx *c);
void vg_emit_decls(struct vg_ctx *c);
const struct vigil_tgsi_decl *vg_decl_of(const struct vg_ctx *c, unsigned file, uint32_t index);
/* Whether d is the declaration that owns register r (the first one; repeats are skipped). */
bool vg_decl_owns(const struct vg_ctx *c, const struct vigil_tgsi_decl *d, uint32_t r);
void vg_imm_literal(struct vg_ctx *c, uint32_t imm, unsigned comp, char *out, size_t n);

/* Semantic and property numbers (tgsi_tables.c name tables). */
enum {
	S_POSITION = 0, S_COLOR = 1, S_BCOLOR = 2, S_FOG = 3, S_PSIZE = 4, S_GENERIC = 5,
	S_NORMAL = 6, S_FACE = 7, S_EDGEFLAG = 8, S_PRIMID = 9, S_INSTANCEID = 10, S_VERTEXID = 11,
	S_STENCIL = 12, S_CLIPDIST = 13, S_CLIPVERTEX = 14, S_TEXCOORD = 19, S_PCOORD = 20,
	S_VIEWPORT = 21, S_LAYER = 22, S_SAMPLEID = 23, S_SAMPLEPOS = 24, S_SAMPLEMASK = 25,
	S_INVOCATIONID = 26, S_VERTEXID_NOBASE = 27, S_BASEVERTEX = 28, S_PATCH = 29,
	S_HELPER = 34, S_BASEINSTANCE = 35, S_DRAWID = 36, S_GRID_SIZE = 15, S_BLOCK_ID = 16,
	S_BLOCK_SIZE = 17, S_THREAD_ID = 18, S_TESSCOORD = 30, S_TESSOUTER = 31, S_TESSINNER = 32,
	S_VERTICESIN = 33,
};
enum {
	P_GS_IN = 0, P_GS_OUT = 1, P_GS_MAXV = 2, P_FS_ORIGIN = 3, P_FS_CENTER = 4,
	P_COLOR0_ALL = 5, P_PROHIBIT_UCPS = 7, P_GS_INVOC = 8, P_NUM_CLIPDIST = 15, P_NUM_CULLDIST = 16, P_EARLY_Z = 17,
	P_CS_BLOCK_W = 20, P_CS_BLOCK_H = 21, P_CS_BLOCK_D = 22, P_TCS_VERTICES = 10, P_TES_PRIM = 11, P_TES_SPACING = 12,
	P_TES_CW = 13, P_TES_POINTS = 14,
};

/* glsl_io.c */
bool vg_prop(const struct vigil_tgsi_shader *sh, unsigned name, uint32_t *ret);
bool vg_is_varying(unsigned sem);
/* "<producer prefix>_out_<semantic>_<index>", e.g. "vs_out_generic_12" */
void vg_vary_name(const struct vg_ctx *c, bool input, unsigned sem, uint32_t idx, char *out, size_t n);
const struct vigil_tgsi_decl *vg_find_sem(const struct vigil_tgsi_shader *sh, unsigned file,
					  unsigned sem, uint32_t idx);
uint32_t vg_sem_index(const struct vigil_tgsi_decl *d, uint32_t reg);
void vg_interp_quals(struct vg_ctx *c, const struct vigil_tgsi_decl *d, bool flatshade, char *out,
		     size_t n);
void vg_need_ext(struct vg_ctx *c, const char *ext);
void vg_need_clip_cull(struct vg_ctx *c);      /* GLES: EXT_clip_cull_distance or fail */
void vg_need_viewport_index(struct vg_ctx *c); /* ARB / OES_viewport_array or fail */
void vg_need_point_size(struct vg_ctx *c); /* gl_PointSize in a GS, TCS or TES */
void vg_fragcoord_expr(struct vg_ctx *c, struct vg_expr *e);
bool vg_prev_writes(const struct vg_ctx *c, unsigned sem, uint32_t idx);
void vg_emit_io_decls(struct vg_ctx *c);
void vg_emit_input_arrays(struct vg_ctx *c);

/* glsl_out.c */
void vg_emit_output_decls(struct vg_ctx *c);
void vg_emit_store_fn(struct vg_ctx *c);
void vg_emit_prologue(struct vg_ctx *c);
void vg_emit_uniforms(struct vg_ctx *c, struct vg_buf *out);
/* Expression of input register IN[index] (vertex: 2-D vertex expression or NULL) */
void vg_input_expr(struct vg_ctx *c, uint32_t index, const char *vertex, struct vg_expr *e);
void vg_sv_expr(struct vg_ctx *c, uint32_t index, struct vg_expr *e);
/* GLSL name of the varying variable of an input register (for INTERP_*), or false */
bool vg_input_var(struct vg_ctx *c, uint32_t index, char *out, size_t n);

/* glsl_alu.c */
/* The run-time index of an indirect operand (ADDR or TEMP component) as a GLSL int. */
void vg_ind_expr(struct vg_ctx *c, const struct vigil_tgsi_reg *r, char *out, size_t n);
void vg_src(struct vg_ctx *c, const struct vigil_tgsi_src *s, enum vigil_glsl_type t,
	    struct vg_expr *e);
void vg_reg_name(struct vg_ctx *c, const struct vigil_tgsi_reg *r, struct vg_expr *e);
void vg_store_dst(struct vg_ctx *c, const struct vigil_tgsi_insn *in, const struct vg_expr *v);
bool vg_emit_alu(struct vg_ctx *c, const struct vigil_tgsi_insn *in);

/* glsl_tex.c */
bool vg_emit_tex(struct vg_ctx *c, const struct vigil_tgsi_insn *in);
void vg_sampler_type(struct vg_ctx *c, unsigned n, char *out, size_t len);
/* The SAMP declaration range holding index base. */
bool vg_samp_range(const struct vg_ctx *c, int32_t base, uint32_t *lo, uint32_t *hi);

/* glsl_chain.c: indirect IN/OUT access without an array */
bool vg_chain_needed(const struct vg_ctx *c, const struct vigil_tgsi_reg *r);
void vg_chain_read(struct vg_ctx *c, const struct vigil_tgsi_reg *r, struct vg_expr *e);
void vg_chain_write(struct vg_ctx *c, const struct vigil_tgsi_insn *in, const struct vg_expr *val);

/* glsl_tess.c */
bool vg_tcs_output(const struct vg_ctx *c, const struct vigil_tgsi_reg *r);
void vg_tcs_read(struct vg_ctx *c, const struct vigil_tgsi_reg *r, struct vg_expr *e);
void vg_tcs_write(struct vg_ctx *c, const struct vigil_tgsi_insn *in, const struct vg_expr *val);
void vg_tcs_decl_output(struct vg_ctx *c, const struct vigil_tgsi_decl *d, uint32_t r);
void vg_tes_patch_input(struct vg_ctx *c, const struct vigil_tgsi_decl *d, uint32_t reg, struct vg_expr *e);
void vg_tes_decl_patch_inputs(struct vg_ctx *c);

/* glsl_f64.c */
bool vg_emit_f64(struct vg_ctx *c, const struct vigil_tgsi_insn *in);

/* glsl_res.c */
void vg_emit_res_decls(struct vg_ctx *c);
bool vg_emit_res(struct vg_ctx *c, const struct vigil_tgsi_insn *in);

/* glsl_flow.c */
void vg_emit_body(struct vg_ctx *c);

#endif
