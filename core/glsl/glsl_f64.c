/*
 * glsl_f64.c: the double-precision opcodes (GLSL 4.00 desktop; GLES has no doubles). TGSI keeps
 * a double in two 32-bit components (.xy and .zw, low word first), so every double source is
 * rebuilt with packDouble2x32 into a dvec2 and every double result split again with
 * unpackDouble2x32: bit-exact, like the 32-bit path. Comparisons write ~0/0 to .x and .z,
 * conversions to 32 bits write .x and .y (tgsi.rst "Double ISA").
 *
 * Trust: the IR is validated. Guarantees: one table row per opcode; a double opcode on GLES or
 * below GLSL 4.00 fails with VIGIL_E_UNSUPPORTED.
 */
#include <string.h>

#include "glsl_priv.h"

struct f64_row {
	uint16_t opcode;
	char result;        /* 'd' dvec2, 'c' bvec2 (to .x/.z), 'f' vec2, 'i' ivec2, 'u' uvec2 (to .x/.y) */
	char src_kinds[4];  /* 'd' double pair, 'f' vec2 of .xy, 'i' ivec2 of .xy, 'u' uvec2 of .xy,
			       'I' ivec2 of .xz */
	const char *tmpl;   /* %0..%2: parenthesised sources */
};

static const struct f64_row f64_rows[] = {
	{ 118, 'd', "ddd", "fma(%0, %1, %2)" },       /* DFMA */
	{ 195, 'd', "f", "dvec2(%0)" },                /* F2D */
	{ 196, 'f', "d", "vec2(%0)" },                 /* D2F */
	{ 197, 'd', "d", "abs(%0)" },                  /* DABS */
	{ 198, 'd', "d", "-%0" },                      /* DNEG */
	{ 199, 'd', "dd", "%0 + %1" },                 /* DADD */
	{ 200, 'd', "dd", "%0 * %1" },                 /* DMUL */
	{ 201, 'd', "dd", "max(%0, %1)" },             /* DMAX */
	{ 202, 'd', "dd", "min(%0, %1)" },             /* DMIN */
	{ 203, 'c', "dd", "lessThan(%0, %1)" },        /* DSLT */
	{ 204, 'c', "dd", "greaterThanEqual(%0, %1)" },/* DSGE */
	{ 205, 'c', "dd", "equal(%0, %1)" },           /* DSEQ */
	{ 206, 'c', "dd", "notEqual(%0, %1)" },        /* DSNE */
	{ 207, 'd', "d", "1.0lf / %0" },               /* DRCP */
	{ 208, 'd', "d", "sqrt(%0)" },                 /* DSQRT */
	{ 209, 'd', "ddd", "%0 * %1 + %2" },           /* DMAD */
	{ 210, 'd', "d", "fract(%0)" },                /* DFRAC */
	{ 211, 'd', "dI", "ldexp(%0, %1)" },           /* DLDEXP */
	{ 213, 'i', "d", "ivec2(%0)" },                /* D2I */
	{ 214, 'd', "i", "dvec2(%0)" },                /* I2D */
	{ 215, 'u', "d", "uvec2(%0)" },                /* D2U */
	{ 216, 'd', "u", "dvec2(%0)" },                /* U2D */
	{ 217, 'd', "d", "inversesqrt(%0)" },          /* DRSQ */
	{ 218, 'd', "d", "trunc(%0)" },                /* DTRUNC */
	{ 219, 'd', "d", "ceil(%0)" },                 /* DCEIL */
	{ 220, 'd', "d", "floor(%0)" },                /* DFLR */
	{ 221, 'd', "d", "roundEven(%0)" },            /* DROUND */
	{ 222, 'd', "d", "sign(%0)" },                 /* DSSG */
	{ 248, 'd', "dd", "%0 / %1" },                 /* DDIV */
};

/* One source as the kind's GLSL value; double modifiers apply to the doubles. */
static void f64_src(struct vg_ctx *c, const struct vigil_tgsi_src *s, char kind, struct vg_expr *e)
{
	struct vigil_tgsi_src plain = *s;
	struct vg_expr u;
	char tmp[VG_EXPR];

	plain.negate = plain.absolute = false;
	switch (kind) {
	case 'd':
		vg_src(c, &plain, VIGIL_GLSL_UINT, &u);
		vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "dvec2(packDouble2x32((%s).xy), packDouble2x32((%s).zw))",
			    u.s, u.s);
		if (s->absolute) {
			memcpy(tmp, e->s, sizeof(tmp));
			vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "abs(%s)", tmp);
		}
		if (s->negate) {
			memcpy(tmp, e->s, sizeof(tmp));
			vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "(-%s)", tmp);
		}
		return;
	case 'f':
		vg_src(c, s, VIGIL_GLSL_FLOAT, &u);
		vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "(%s).xy", u.s);
		return;
	case 'i':
	case 'I':
		vg_src(c, s, VIGIL_GLSL_INT, &u);
		vg_expr_set(c, e, VIGIL_GLSL_INT, "(%s).%s", u.s, kind == 'I' ? "xz" : "xy");
		return;
	default:
		vg_src(c, s, VIGIL_GLSL_UINT, &u);
		vg_expr_set(c, e, VIGIL_GLSL_UINT, "(%s).xy", u.s);
		return;
	}
}

static void f64_result(struct vg_ctx *c, char kind, const char *v, struct vg_expr *e)
{
	switch (kind) {
	case 'd':
		vg_expr_set(c, e, VIGIL_GLSL_UINT, "uvec4(unpackDouble2x32((%s).x), unpackDouble2x32((%s).y))", v, v);
		return;
	case 'c':
		vg_expr_set(c, e, VIGIL_GLSL_UINT, "uvec4(uvec2(%s) * 0xffffffffu, 0u, 0u).xzyw", v);
		return;
	case 'f':
		vg_expr_set(c, e, VIGIL_GLSL_UINT, "uvec4(floatBitsToUint(%s), 0u, 0u)", v);
		return;
	case 'i':
		vg_expr_set(c, e, VIGIL_GLSL_UINT, "uvec4(uvec2(%s), 0u, 0u)", v);
		return;
	default:
		vg_expr_set(c, e, VIGIL_GLSL_UINT, "uvec4(%s, 0u, 0u)", v);
		return;
	}
}

bool vg_emit_f64(struct vg_ctx *c, const struct vigil_tgsi_insn *in)
{
	const struct f64_row *r = NULL;
	struct vg_expr src[3], v, res;
	char buf[VG_EXPR];
	size_t n = 0, ns;

	for (size_t i = 0; i < sizeof(f64_rows) / sizeof(f64_rows[0]); i++)
		if (f64_rows[i].opcode == in->opcode)
			r = &f64_rows[i];
	if (!r)
		return false;
	if (!vg_gl(c, 400, 0)) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "double precision needs desktop GLSL 4.00");
		return true;
	}
	ns = strlen(r->src_kinds);
	if (ns > in->num_src || ns > 3) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "operand count");
		return true;
	}
	for (size_t i = 0; i < ns; i++)
		f64_src(c, &in->src[i], r->src_kinds[i], &src[i]);
	for (const char *p = r->tmpl; *p && n + 1 < sizeof(buf); p++) {
		if (p[0] == '%' && p[1] >= '0' && p[1] <= '2' && (size_t)(p[1] - '0') < ns) {
			const char *piece = src[p[1] - '0'].s;
			size_t len = strlen(piece);

			if (n + len + 3 >= sizeof(buf)) {
				vg_fail(c, VIGIL_E_EXHAUSTED, "expression too long");
				return true;
			}
			buf[n++] = '(';
			memcpy(buf + n, piece, len);
			n += len;
			buf[n++] = ')';
			p++;
			continue;
		}
		buf[n++] = *p;
	}
	buf[n] = '\0';
	vg_expr_set(c, &v, VIGIL_GLSL_FLOAT, "%s", buf);
	f64_result(c, r->result, v.s, &res);
	vg_store_dst(c, in, &res);
	return true;
}
