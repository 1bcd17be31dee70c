/*
 * glsl_alu.c: operands (register names, indirect addressing clamped to the declared range,
 * swizzles, per-type bit-casts, abs/negate), destination writes (write masks, saturate, precise)
 * and the ALU opcodes, one table row each: result type, source types and a GLSL template;
 * plus MOV, INTERP_*, READ_HELPER and the subgroup/clock opcodes, which need special forms.
 *
 * Trust: the IR is validated; an indirect index is a run-time value, so every indirect access
 * is emitted as clamp(index, 0, size - 1) of the array or register file it addresses.
 * Guarantees: an opcode without a row (or whose GLSL needs a version not targeted) fails with
 * VIGIL_E_UNSUPPORTED; Gallium semantics that GLSL leaves undefined (integer division by zero,
 * shift counts, bitfield ranges) are routed through glsl_emit.c's helpers.
 */
#include <stdio.h>
#include <string.h>

#include "glsl_priv.h"

#define F VIGIL_GLSL_FLOAT
#define I VIGIL_GLSL_INT
#define U VIGIL_GLSL_UINT

static const char swz_letter[4] = { 'x', 'y', 'z', 'w' };

/* The run-time index of an indirect operand, as a GLSL int expression. */
void vg_ind_expr(struct vg_ctx *c, const struct vigil_tgsi_reg *r, char *out, size_t n)
{
	char comp = swz_letter[r->ind_comp & 3u];

	if (r->ind_file == VIGIL_TGSI_FILE_ADDR) {
		snprintf(out, n, "int(a%u.%c)", (unsigned)r->ind_index, comp);
	} else if (r->ind_file == VIGIL_TGSI_FILE_TEMP && r->ind_index < VIGIL_TGSI_MAX_TEMPS &&
		   !c->temp_array[r->ind_index]) {
		snprintf(out, n, "int(t%u.%c)", (unsigned)r->ind_index, comp);
	} else {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "indirect index from this register");
		snprintf(out, n, "0");
	}
}

/* name[clamp(ind + off, 0, size - 1)] or name[index - first]. */
static void array_elem(struct vg_ctx *c, const struct vigil_tgsi_reg *r, const char *name,
		       uint32_t first, uint32_t size, struct vg_expr *e, enum vigil_glsl_type t)
{
	char ind[96];
	int64_t off = (int64_t)r->index - (int64_t)first;

	if (!size) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "access to an empty register range");
		vg_expr_set(c, e, t, "%s(0)", vg_vec(t));
		return;
	}
	if (!r->indirect) {
		if (off < 0 || off >= (int64_t)size)
			vg_fail(c, VIGIL_E_RANGE, "register outside its declaration");
		vg_expr_set(c, e, t, "%s[%lld]", name, (long long)(off < 0 ? 0 : off));
		return;
	}
	vg_ind_expr(c, r, ind, sizeof(ind));
	vg_expr_set(c, e, t, "%s[clamp(%s + (%lld), 0, %u)]", name, ind, (long long)off,
		    (unsigned)(size - 1u));
}

static void array_reg(struct vg_ctx *c, const struct vigil_tgsi_reg *r, const char *prefix,
		      uint16_t id, struct vg_expr *e)
{
	const struct vigil_tgsi_decl *d = id && id <= VIGIL_TGSI_MAX_ARRAY_ID && c->array_decl[id]
						  ? &c->sh->decls[c->array_decl[id] - 1u]
						  : NULL;
	char name[32];

	if (!d) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "indirect access outside a declared array");
		vg_expr_set(c, e, U, "uvec4(0u)");
		return;
	}
	snprintf(name, sizeof(name), "%s%u", prefix, (unsigned)id);
	array_elem(c, r, name, d->first, d->last - d->first + 1u, e, U);
}

static void temp_or_out(struct vg_ctx *c, const struct vigil_tgsi_reg *r, struct vg_expr *e)
{
	bool temp = r->file == VIGIL_TGSI_FILE_TEMP;
	uint32_t limit = temp ? VIGIL_TGSI_MAX_TEMPS : VIGIL_TGSI_MAX_OUTPUTS;
	uint16_t id = r->array_id;

	if (!id && r->index >= 0 && (uint32_t)r->index < limit) {
		const struct vigil_tgsi_decl *d = temp ? NULL : vg_decl_of(c, r->file, (uint32_t)r->index);

		id = temp ? c->temp_array[r->index] : (d ? d->array_id : 0);
	}
	if (id) {
		array_reg(c, r, temp ? "ta" : "oa", id, e);
		return;
	}
	if (r->indirect || r->index < 0 || (uint32_t)r->index >= limit) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "indirect access outside a declared array");
		vg_expr_set(c, e, U, "uvec4(0u)");
		return;
	}
	vg_expr_set(c, e, U, "%s%u", temp ? "t" : "o", (unsigned)r->index);
}

/* CONST[ind + dim][i]: uniform buffer arrays (GLSL 4.00 / ES 3.20), a chain of ternaries over
 * the declared buffers >= 1, the buffer index clamped to them (an undeclared one reads 0). */
static void const_indirect_buffer(struct vg_ctx *c, const struct vigil_tgsi_reg *r, struct vg_expr *e)
{
	uint32_t lo = 0, hi = 0;
	char ind[96], name[40], sel[160];
	struct vg_expr elem, acc;
	struct vigil_tgsi_reg one = *r;

	for (uint32_t b = 1; b < VIGIL_TGSI_MAX_CONST_BUFFERS; b++) {
		if (c->const_size[b]) {
			lo = lo ? lo : b;
			hi = b;
		}
	}
	if (!lo || !vg_gl(c, 400, 320)) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "indirect uniform buffer index (GLSL 4.00 / ES 3.20)");
		vg_expr_set(c, e, U, "uvec4(0u)");
		return;
	}
	memset(&one, 0, sizeof(one));
	one.file = r->file;
	one.ind_file = r->dim_ind_file;
	one.ind_comp = r->dim_ind_comp;
	one.ind_index = r->dim_ind_index;
	vg_ind_expr(c, &one, ind, sizeof(ind));
	vg_fmt(c, sel, sizeof(sel), "clamp(%s + %d, %u, %u)", ind, (int)r->dim, (unsigned)lo, (unsigned)hi);
	vg_expr_set(c, &acc, U, "uvec4(0u)");
	one = *r;
	one.dim_indirect = false;
	for (uint32_t b = hi; b >= lo && b > 0; b--) {
		char tmp[VG_EXPR];

		if (!c->const_size[b])
			continue;
		snprintf(name, sizeof(name), "%s_ubo%u_d", c->pfx, (unsigned)b);
		array_elem(c, &one, name, 0, c->const_size[b], &elem, U);
		memcpy(tmp, acc.s, sizeof(tmp));
		vg_expr_set(c, &acc, U, "(%s == %u ? %s : %s)", sel, (unsigned)b, elem.s, tmp);
	}
	*e = acc;
}

static void const_reg(struct vg_ctx *c, const struct vigil_tgsi_reg *r, struct vg_expr *e)
{
	uint32_t b = r->has_dim ? r->dim : 0;
	char name[40];

	if (r->has_dim && r->dim_indirect) {
		const_indirect_buffer(c, r, e);
		return;
	}

	if (b >= VIGIL_TGSI_MAX_CONST_BUFFERS || !c->const_size[b]) {
		vg_fail(c, VIGIL_E_RANGE, "constant buffer not declared");
		vg_expr_set(c, e, U, "uvec4(0u)");
		return;
	}
	if (b == 0)
		snprintf(name, sizeof(name), "%s_c0", c->pfx);
	else
		snprintf(name, sizeof(name), "%s_ubo%u_d", c->pfx, (unsigned)b);
	array_elem(c, r, name, 0, c->const_size[b], e, U);
}

void vg_reg_name(struct vg_ctx *c, const struct vigil_tgsi_reg *r, struct vg_expr *e)
{
	char name[96];

	if (r->dim_indirect && r->file != VIGIL_TGSI_FILE_IN && r->file != VIGIL_TGSI_FILE_CONST &&
	    !vg_tcs_output(c, r)) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "indirect 2-D index on this register file");
		vg_expr_set(c, e, U, "uvec4(0u)");
		return;
	}
	if (vg_chain_needed(c, r)) {
		vg_chain_read(c, r, e);
		return;
	}
	if (vg_tcs_output(c, r)) {
		vg_tcs_read(c, r, e);
		return;
	}
	switch (r->file) {
	case VIGIL_TGSI_FILE_TEMP:
	case VIGIL_TGSI_FILE_OUT:
		temp_or_out(c, r, e);
		return;
	case VIGIL_TGSI_FILE_ADDR:
		vg_expr_set(c, e, U, "a%u", (unsigned)(r->index >= 0 ? r->index : 0));
		return;
	case VIGIL_TGSI_FILE_CONST:
		const_reg(c, r, e);
		return;
	case VIGIL_TGSI_FILE_IMM:
		snprintf(name, sizeof(name), "%s_imm", c->pfx);
		array_elem(c, r, name, 0, c->sh->imm_count, e, U);
		return;
	case VIGIL_TGSI_FILE_IN:
		if (r->indirect && r->has_dim) {
			vg_fail(c, VIGIL_E_UNSUPPORTED, "indirect per-vertex input");
		} else if (r->indirect) {
			array_reg(c, r, "ia", r->array_id, e);
			return;
		}
		if (r->has_dim && r->dim_indirect) {
			char ind[96];
			struct vigil_tgsi_reg dr;

			memset(&dr, 0, sizeof(dr));
			dr.ind_file = r->dim_ind_file;
			dr.ind_comp = r->dim_ind_comp;
			dr.ind_index = r->dim_ind_index;
			vg_ind_expr(c, &dr, ind, sizeof(ind));
			if (c->sh->processor == VIGIL_TGSI_GEOM)
				vg_fmt(c, name, sizeof(name), "clamp(%s + %u, 0, %u)", ind, (unsigned)r->dim,
				       (unsigned)(c->gs_in_vertices - 1u));
			else /* tessellation: the patch's vertex count */
				vg_fmt(c, name, sizeof(name), "clamp(%s + %u, 0, gl_PatchVerticesIn - 1)", ind,
				       (unsigned)r->dim);
			vg_input_expr(c, (uint32_t)r->index, name, e);
		} else if (r->has_dim) {
			if (r->dim >= c->gs_in_vertices)
				vg_fail(c, VIGIL_E_RANGE, "vertex index above the input primitive's vertices");
			snprintf(name, sizeof(name), "%u", (unsigned)(r->dim < c->gs_in_vertices ? r->dim : 0u));
			vg_input_expr(c, (uint32_t)r->index, name, e);
		} else {
			vg_input_expr(c, (uint32_t)r->index, NULL, e);
		}
		return;
	case VIGIL_TGSI_FILE_SV:
		vg_sv_expr(c, (uint32_t)r->index, e);
		return;
	default:
		vg_fail(c, VIGIL_E_UNSUPPORTED, "register file as an ALU operand");
		vg_expr_set(c, e, U, "uvec4(0u)");
		return;
	}
}

void vg_src(struct vg_ctx *c, const struct vigil_tgsi_src *s, enum vigil_glsl_type t, struct vg_expr *e)
{
	char tmp[VG_EXPR];

	vg_reg_name(c, &s->reg, e);
	if (s->swizzle[0] != 0 || s->swizzle[1] != 1 || s->swizzle[2] != 2 || s->swizzle[3] != 3) {
		memcpy(tmp, e->s, sizeof(tmp));
		vg_expr_set(c, e, e->type, "%s.%c%c%c%c", tmp, swz_letter[s->swizzle[0] & 3u],
			    swz_letter[s->swizzle[1] & 3u], swz_letter[s->swizzle[2] & 3u],
			    swz_letter[s->swizzle[3] & 3u]);
	}
	vg_cast(c, e, t);
	if (s->absolute) {
		memcpy(tmp, e->s, sizeof(tmp));
		if (t == U)
			vg_expr_set(c, e, t, "uvec4(abs(ivec4(%s)))", tmp);
		else
			vg_expr_set(c, e, t, "abs(%s)", tmp);
	}
	if (s->negate) {
		memcpy(tmp, e->s, sizeof(tmp));
		if (t == U)
			vg_expr_set(c, e, t, "(uvec4(0u) - %s)", tmp);
		else
			vg_expr_set(c, e, t, "(-%s)", tmp);
	}
}

void vg_store_dst(struct vg_ctx *c, const struct vigil_tgsi_insn *in, const struct vg_expr *v)
{
	struct vg_expr d, val = *v;
	char mask[6] = { 0 }, tmp[VG_EXPR];
	unsigned n = 0;
	bool precise = in->precise && val.type == F && vg_gl(c, 400, 320);

	if (in->num_dst == 0)
		return;
	if (c->redirect_dst) {
		vg_cast(c, &val, U);
		vg_line(c, "vg_rr = %s;", val.s);
		return;
	}
	if (vg_chain_needed(c, &in->dst.reg)) {
		vg_chain_write(c, in, v);
		return;
	}
	if (vg_tcs_output(c, &in->dst.reg)) {
		if (in->saturate && val.type == F) {
			memcpy(tmp, val.s, sizeof(tmp));
			vg_expr_set(c, &val, F, "clamp(%s, 0.0, 1.0)", tmp);
		}
		vg_cast(c, &val, F);
		vg_tcs_write(c, in, &val);
		return;
	}
	if (in->dst.reg.file != VIGIL_TGSI_FILE_TEMP && in->dst.reg.file != VIGIL_TGSI_FILE_OUT &&
	    in->dst.reg.file != VIGIL_TGSI_FILE_ADDR) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "destination register file");
		return;
	}
	vg_reg_name(c, &in->dst.reg, &d);
	if (in->saturate && val.type == F) {
		memcpy(tmp, val.s, sizeof(tmp));
		vg_expr_set(c, &val, F, "clamp(%s, 0.0, 1.0)", tmp);
	}
	if (precise) {
		vg_line(c, "{ precise vec4 vg_p = %s;", val.s);
		vg_expr_set(c, &val, F, "vg_p");
	}
	vg_cast(c, &val, U);
	for (unsigned i = 0; i < 4; i++)
		if (in->dst.mask & (1u << i))
			mask[n++] = swz_letter[i];
	if (n == 4)
		vg_line(c, "%s = %s;", d.s, val.s);
	else
		vg_line(c, "%s.%s = (%s).%s;", d.s, mask, val.s, mask);
	if (precise)
		vg_line(c, "}");
}

enum alu_flag { A_NONE, A_GL400 = 1, A_GL450 = 2 };

struct alu_row {
	uint16_t opcode;
	uint8_t dst_type;
	char src_types[5]; /* 'f', 'i', 'u' per source */
	int8_t helper;     /* enum vg_helper or -1 */
	const char *tmpl;  /* %0..%3: parenthesised sources */
	const char *fallback; /* when the version lacks the native form (NULL: refuse) */
	uint32_t gl_ver, es_ver;
};

#define R(op, dt, st, tm) { op, dt, st, -1, tm, NULL, 0, 0 }
#define RH(op, dt, st, h, tm) { op, dt, st, h, tm, NULL, 0, 0 }
#define RV(op, dt, st, tm, fb, gv, ev) { op, dt, st, -1, tm, fb, gv, ev }

static const struct alu_row alu_rows[] = {
	R(0, U, "f", "uvec4(ivec4(floor(%0)))"),        /* ARL */
	R(3, F, "f", "vec4(1.0 / %0.x)"),               /* RCP */
	R(4, F, "f", "vec4(inversesqrt(%0.x))"),        /* RSQ */
	R(7, F, "ff", "%0 * %1"),                       /* MUL */
	R(8, F, "ff", "%0 + %1"),                       /* ADD */
	R(9, F, "ff", "vec4(dot(%0.xyz, %1.xyz))"),     /* DP3 */
	R(10, F, "ff", "vec4(dot(%0, %1))"),            /* DP4 */
	R(12, F, "ff", "min(%0, %1)"),                  /* MIN */
	R(13, F, "ff", "max(%0, %1)"),                  /* MAX */
	R(14, F, "ff", "vec4(lessThan(%0, %1))"),       /* SLT */
	R(15, F, "ff", "vec4(greaterThanEqual(%0, %1))"), /* SGE */
	R(16, F, "fff", "%0 * %1 + %2"),                /* MAD */
	R(18, F, "fff", "mix(%2, %1, %0)"),             /* LRP */
	RV(19, F, "fff", "fma(%0, %1, %2)", "%0 * %1 + %2", 400, 320), /* FMA */
	R(20, F, "f", "vec4(sqrt(%0.x))"),              /* SQRT */
	RV(21, F, "fi", "ldexp(%0, %1)", "%0 * exp2(vec4(%1))", 400, 310), /* LDEXP */
	R(24, F, "f", "fract(%0)"),                     /* FRC */
	R(26, F, "f", "floor(%0)"),                     /* FLR */
	R(27, F, "f", "roundEven(%0)"),                 /* ROUND */
	R(28, F, "f", "vec4(exp2(%0.x))"),              /* EX2 */
	R(29, F, "f", "vec4(log2(%0.x))"),              /* LG2 */
	R(30, F, "ff", "vec4(pow(%0.x, %1.x))"),        /* POW */
	R(36, F, "f", "vec4(cos(%0.x))"),               /* COS */
	R(37, F, "f", "dFdx(%0)"),                      /* DDX */
	R(38, F, "f", "dFdy(%0)"),                      /* DDY */
	RV(40, U, "f", "uvec4(packHalf2x16(%0.xy))", NULL, 420, 300), /* PK2H */
	R(45, F, "ff", "vec4(equal(%0, %1))"),          /* SEQ */
	R(47, F, "ff", "vec4(greaterThan(%0, %1))"),    /* SGT */
	R(48, F, "f", "vec4(sin(%0.x))"),               /* SIN */
	R(49, F, "ff", "vec4(lessThanEqual(%0, %1))"),  /* SLE */
	R(50, F, "ff", "vec4(notEqual(%0, %1))"),       /* SNE */
	RV(55, F, "u", "unpackHalf2x16(%0.x).xyxy", NULL, 420, 300), /* UP2H */
	R(61, U, "f", "uvec4(ivec4(round(%0)))"),       /* ARR */
	R(65, F, "f", "sign(%0)"),                      /* SSG */
	R(66, F, "fff", "mix(%2, %1, lessThan(%0, vec4(0.0)))"), /* CMP */
	R(70, F, "ff", "%0 / %1"),                      /* DIV */
	R(71, F, "ff", "vec4(dot(%0.xy, %1.xy))"),      /* DP2 */
	RV(79, F, "f", "dFdxFine(%0)", "dFdx(%0)", 450, 0), /* DDX_FINE */
	RV(80, F, "f", "dFdyFine(%0)", "dFdy(%0)", 450, 0), /* DDY_FINE */
	R(83, F, "f", "ceil(%0)"),                      /* CEIL */
	R(84, F, "i", "vec4(%0)"),                      /* I2F */
	R(85, U, "u", "~%0"),                           /* NOT */
	R(86, F, "f", "trunc(%0)"),                     /* TRUNC */
	R(87, U, "uu", "%0 << (%1 & 31u)"),             /* SHL */
	R(89, U, "uu", "%0 & %1"),                      /* AND */
	R(90, U, "uu", "%0 | %1"),                      /* OR */
	RH(91, I, "ii", VG_H_IMOD, "vg_imod(%0, %1)"),  /* MOD */
	R(92, U, "uu", "%0 ^ %1"),                      /* XOR */
	R(108, U, "ff", "uvec4(equal(%0, %1)) * 0xffffffffu"),            /* FSEQ */
	R(109, U, "ff", "uvec4(greaterThanEqual(%0, %1)) * 0xffffffffu"), /* FSGE */
	R(110, U, "ff", "uvec4(lessThan(%0, %1)) * 0xffffffffu"),         /* FSLT */
	R(111, U, "ff", "uvec4(notEqual(%0, %1)) * 0xffffffffu"),         /* FSNE */
	R(119, I, "f", "ivec4(%0)"),                    /* F2I */
	RH(120, I, "ii", VG_H_IDIV, "vg_idiv(%0, %1)"), /* IDIV */
	R(121, I, "ii", "max(%0, %1)"),                 /* IMAX */
	R(122, I, "ii", "min(%0, %1)"),                 /* IMIN */
	R(123, I, "i", "-%0"),                          /* INEG */
	R(124, U, "ii", "uvec4(greaterThanEqual(%0, %1)) * 0xffffffffu"), /* ISGE */
	R(125, I, "ii", "%0 >> (%1 & 31)"),             /* ISHR */
	R(126, U, "ii", "uvec4(lessThan(%0, %1)) * 0xffffffffu"),         /* ISLT */
	R(127, U, "f", "uvec4(%0)"),                    /* F2U */
	R(128, F, "u", "vec4(%0)"),                     /* U2F */
	R(129, U, "uu", "%0 + %1"),                     /* UADD */
	RH(130, U, "uu", VG_H_UDIV, "vg_udiv(%0, %1)"), /* UDIV */
	R(131, U, "uuu", "%0 * %1 + %2"),               /* UMAD */
	R(132, U, "uu", "max(%0, %1)"),                 /* UMAX */
	R(133, U, "uu", "min(%0, %1)"),                 /* UMIN */
	RH(134, U, "uu", VG_H_UMOD, "vg_umod(%0, %1)"), /* UMOD */
	R(135, U, "uu", "%0 * %1"),                     /* UMUL */
	R(136, U, "uu", "uvec4(equal(%0, %1)) * 0xffffffffu"),            /* USEQ */
	R(137, U, "uu", "uvec4(greaterThanEqual(%0, %1)) * 0xffffffffu"), /* USGE */
	R(138, U, "uu", "%0 >> (%1 & 31u)"),            /* USHR */
	R(139, U, "uu", "uvec4(lessThan(%0, %1)) * 0xffffffffu"),         /* USLT */
	R(140, U, "uu", "uvec4(notEqual(%0, %1)) * 0xffffffffu"),         /* USNE */
	R(157, U, "i", "uvec4(%0)"),                    /* UARL */
	RH(158, U, "uuu", VG_H_SEL, "vg_sel(notEqual(%0, uvec4(0u)), %1, %2)"), /* UCMP */
	R(159, I, "i", "abs(%0)"),                      /* IABS */
	R(160, I, "i", "sign(%0)"),                     /* ISSG */
	RH(180, I, "ii", VG_H_IMULHI, "vg_imulhi(%0, %1)"), /* IMUL_HI */
	RH(181, U, "uu", VG_H_UMULHI, "vg_umulhi(%0, %1)"), /* UMUL_HI */
	RH(184, I, "iuu", VG_H_IBFE, "vg_ibfe(%0, %1, %2)"), /* IBFE */
	RH(185, U, "uuu", VG_H_UBFE, "vg_ubfe(%0, %1, %2)"), /* UBFE */
	RH(186, U, "uuuu", VG_H_BFI, "vg_bfi(%0, %1, %2, %3)"), /* BFI */
	RH(187, U, "u", VG_H_BREV, "vg_brev(%0)"),      /* BREV */
	RH(188, U, "u", VG_H_POPC, "vg_popc(%0)"),      /* POPC */
	RH(189, U, "u", VG_H_LSB, "vg_lsb(%0)"),        /* LSB */
	RH(190, U, "u", VG_H_IMSB, "vg_imsb(%0)"),      /* IMSB */
	RH(191, U, "u", VG_H_UMSB, "vg_umsb(%0)"),      /* UMSB */
};

static enum vigil_glsl_type type_of(char ch)
{
	return ch == 'i' ? I : ch == 'u' ? U : F;
}

/* Expands a template, each %N becoming "(source N)". */
static void expand(struct vg_ctx *c, const char *tmpl, struct vg_expr *src, unsigned nsrc,
		   enum vigil_glsl_type t, struct vg_expr *out)
{
	char buf[VG_EXPR];
	size_t n = 0;

	for (const char *p = tmpl; *p; p++) {
		const char *piece;
		size_t len;
		char one[2] = { *p, 0 };

		if (p[0] == '%' && p[1] >= '0' && p[1] <= '3' && (unsigned)(p[1] - '0') < nsrc) {
			piece = src[p[1] - '0'].s;
			p++;
			len = strlen(piece) + 2u;
			if (n + len >= sizeof(buf))
				goto too_long;
			buf[n++] = '(';
			memcpy(buf + n, piece, len - 2u);
			n += len - 2u;
			buf[n++] = ')';
			continue;
		}
		if (n + 1u >= sizeof(buf))
			goto too_long;
		buf[n++] = one[0];
	}
	buf[n] = '\0';
	vg_expr_set(c, out, t, "%s", buf);
	return;
too_long:
	vg_fail(c, VIGIL_E_EXHAUSTED, "expression too long");
	vg_expr_set(c, out, t, "%s(0)", vg_vec(t));
}

static void emit_row(struct vg_ctx *c, const struct vigil_tgsi_insn *in, const struct alu_row *r)
{
	struct vg_expr src[4], v;
	unsigned n = (unsigned)strlen(r->src_types);
	const char *tmpl = r->tmpl;

	if (r->gl_ver || r->es_ver) {
		if (!vg_gl(c, r->gl_ver, r->es_ver))
			tmpl = r->fallback;
		if (!tmpl) {
			vg_fail(c, VIGIL_E_UNSUPPORTED, "opcode needs a newer GLSL version");
			return;
		}
	}
	if (n > in->num_src || n > 4) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "operand count");
		return;
	}
	for (unsigned i = 0; i < n; i++)
		vg_src(c, &in->src[i], type_of(r->src_types[i]), &src[i]);
	if (r->helper >= 0)
		vg_use_helper(c, (enum vg_helper)r->helper);
	expand(c, tmpl, src, n, (enum vigil_glsl_type)r->dst_type, &v);
	vg_store_dst(c, in, &v);
}

/* INTERP_CENTROID / _SAMPLE / _OFFSET: the source must name an interpolated input directly. */
static void emit_interp(struct vg_ctx *c, const struct vigil_tgsi_insn *in)
{
	const struct vigil_tgsi_src *s = &in->src[0];
	struct vg_expr v, arg;
	char var[64];

	if (!vg_gl(c, 400, 320) || s->reg.file != VIGIL_TGSI_FILE_IN || s->reg.indirect ||
	    s->reg.index < 0 || !vg_input_var(c, (uint32_t)s->reg.index, var, sizeof(var))) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "INTERP_* on this operand or version");
		return;
	}
	if (in->opcode == 192) {
		vg_expr_set(c, &v, F, "interpolateAtCentroid(%s)", var);
	} else if (in->opcode == 193) {
		vg_src(c, &in->src[1], I, &arg);
		vg_expr_set(c, &v, F, "interpolateAtSample(%s, (%s).x)", var, arg.s);
	} else {
		vg_src(c, &in->src[1], F, &arg);
		vg_expr_set(c, &v, F, "interpolateAtOffset(%s, (%s).xy)", var, arg.s);
	}
	{
		char tmp[VG_EXPR];

		memcpy(tmp, v.s, sizeof(tmp));
		vg_expr_set(c, &v, F, "%s.%c%c%c%c", tmp, swz_letter[s->swizzle[0] & 3u],
			    swz_letter[s->swizzle[1] & 3u], swz_letter[s->swizzle[2] & 3u],
			    swz_letter[s->swizzle[3] & 3u]);
		if (s->absolute) {
			memcpy(tmp, v.s, sizeof(tmp));
			vg_expr_set(c, &v, F, "abs(%s)", tmp);
		}
		if (s->negate) {
			memcpy(tmp, v.s, sizeof(tmp));
			vg_expr_set(c, &v, F, "(-%s)", tmp);
		}
	}
	vg_store_dst(c, in, &v);
}

/* Subgroup votes, ballots, reads and the shader clock (desktop GL extensions only). */
static bool emit_subgroup(struct vg_ctx *c, const struct vigil_tgsi_insn *in)
{
	struct vg_expr a, b, v;

	switch (in->opcode) {
	case 33: case 76: case 88: case 106: case 223: case 224: case 225:
		break;
	default:
		return false;
	}
	if (!vg_gl(c, 430, 0)) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "subgroup operations and the shader clock need desktop GLSL 4.30");
		return true;
	}
	if (in->opcode == 33) { /* CLOCK */
		vg_need_ext(c, "GL_ARB_shader_clock");
		vg_expr_set(c, &v, U, "uvec4(clock2x32ARB(), 0u, 0u)");
		vg_store_dst(c, in, &v);
		return true;
	}
	vg_src(c, &in->src[0], U, &a);
	if (in->opcode == 223 || in->opcode == 224) { /* VOTE_ANY, VOTE_ALL */
		vg_need_ext(c, "GL_ARB_shader_group_vote");
		vg_expr_set(c, &v, U, "uvec4(%s((%s).x != 0u) ? 0xffffffffu : 0u)",
			    in->opcode == 223 ? "anyInvocationARB" : "allInvocationsARB", a.s);
	} else if (in->opcode == 225) { /* VOTE_EQ: the value itself, bit-exact */
		vg_need_ext(c, "GL_ARB_shader_group_vote");
		vg_need_ext(c, "GL_ARB_gpu_shader_int64");
		vg_need_ext(c, "GL_ARB_shader_ballot");
		vg_expr_set(c, &v, U, "uvec4(allInvocationsARB(readFirstInvocationARB((%s).x) == (%s).x) ? "
				      "0xffffffffu : 0u)", a.s, a.s);
	} else {
		vg_need_ext(c, "GL_ARB_gpu_shader_int64");
		vg_need_ext(c, "GL_ARB_shader_ballot");
		if (in->opcode == 88) { /* BALLOT: the 64-bit lane mask in .xy */
			vg_expr_set(c, &v, U, "uvec4(unpackUint2x32(ballotARB((%s).x != 0u)), 0u, 0u)", a.s);
		} else if (in->opcode == 106) { /* READ_FIRST */
			vg_expr_set(c, &v, U, "readFirstInvocationARB(%s)", a.s);
		} else { /* READ_INVOC */
			vg_src(c, &in->src[1], U, &b);
			vg_expr_set(c, &v, U, "readInvocationARB(%s, (%s).x)", a.s, b.s);
		}
	}
	vg_store_dst(c, in, &v);
	return true;
}

bool vg_emit_alu(struct vg_ctx *c, const struct vigil_tgsi_insn *in)
{
	if (emit_subgroup(c, in))
		return true;
	if (in->opcode == 1) { /* MOV: bit-exact unless a float modifier is present */
		struct vg_expr v;
		bool fl = in->saturate || in->src[0].negate || in->src[0].absolute;

		vg_src(c, &in->src[0], fl ? F : U, &v);
		vg_store_dst(c, in, &v);
		return true;
	}
	if (in->opcode == 35) { /* READ_HELPER: ~0 in helper invocations */
		struct vg_expr v;

		if (c->sh->processor != VIGIL_TGSI_FRAG || !vg_gl(c, 450, 320)) {
			vg_fail(c, VIGIL_E_UNSUPPORTED, "READ_HELPER needs a GLSL 4.50 / ES 3.20 fragment shader");
			return true;
		}
		vg_expr_set(c, &v, U, "uvec4(gl_HelperInvocation ? 0xffffffffu : 0u)");
		vg_store_dst(c, in, &v);
		return true;
	}
	if (in->opcode >= 192 && in->opcode <= 194) {
		emit_interp(c, in);
		return true;
	}
	for (size_t i = 0; i < sizeof(alu_rows) / sizeof(alu_rows[0]); i++) {
		if (alu_rows[i].opcode == in->opcode) {
			emit_row(c, in, &alu_rows[i]);
			return true;
		}
	}
	return false;
}
