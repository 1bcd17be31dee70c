/*
 * glsl_f64.c: the 64-bit opcodes: doubles (GLSL 4.00 desktop; GLES has no doubles) and 64-bit
 * integers (GL_ARB_gpu_shader_int64). TGSI keeps a 64-bit value in two 32-bit components (.xy
 * and .zw, low word first), so every such source is rebuilt with packDouble2x32 /
 * packUint2x32 / packInt2x32 into a 2-vector and every result split again: bit-exact, like the
 * 32-bit path. Comparisons write ~0/0 to .x and .z, conversions to 32 bits write .x and .y,
 * 64-bit shift counts come from .x and .y masked to 6 bits (tgsi.rst "Double ISA", "64-bit
 * Integer ISA"); 64-bit division pins the 32-bit forms' results (by zero: ~0 / -1,
 * INT64_MIN / -1 = INT64_MIN, remainder with the dividend's sign).
 *
 * GLES has no doubles, yet Mesa exposes them to the guest whenever the host is GLES
 * (VIRGL_CAP_FAKE_FP64, so the guest reaches GL 4.x): vigil computes them in single precision
 * there. A double keeps its IEEE bits in the
 * registers, each source is rounded to the nearest float (vg_d2f), the opcode runs on floats
 * and the result is widened back exactly (vg_f2d). So doubles round-trip bit-exactly when they
 * are only moved, and arithmetic has float precision and range.
 *
 * Trust: the IR is validated. Guarantees: one table row per opcode; a 64-bit integer opcode on
 * GLES and any 64-bit opcode below GLSL 4.00 / ES 3.20 fails with VIGIL_E_UNSUPPORTED.
 */
#include <string.h>

#include "glsl_priv.h"

struct f64_row {
	uint16_t opcode;
	char result;        /* 'd' dvec2, 'l' i64vec2, 'L' u64vec2, 'c' bvec2 (to .x/.z), 'f' vec2,
			       'i' ivec2, 'u' uvec2 (to .x/.y) */
	char src_kinds[4];  /* 'd' double pair, 'l'/'L' int64/uint64 pair, 'f' vec2 of .xy,
			       'i' ivec2 of .xy, 'u' uvec2 of .xy, 'I' ivec2 of .xz */
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
	{ 22, 'L', "f", "u64vec2(%0)" },               /* F2U64 */
	{ 23, 'l', "f", "i64vec2(%0)" },               /* F2I64 */
	{ 32, 'l', "u", "i64vec2(%0)" },               /* U2I64: zero extension */
	{ 34, 'l', "i", "i64vec2(%0)" },               /* I2I64: sign extension */
	{ 44, 'L', "d", "u64vec2(%0)" },               /* D2U64 */
	{ 46, 'l', "d", "i64vec2(%0)" },               /* D2I64 */
	{ 51, 'd', "L", "dvec2(%0)" },                 /* U642D */
	{ 59, 'f', "L", "vec2(%0)" },                  /* U642F */
	{ 60, 'f', "l", "vec2(%0)" },                  /* I642F */
	{ 62, 'd', "l", "dvec2(%0)" },                 /* I642D */
	{ 226, 'c', "LL", "equal(%0, %1)" },           /* U64SEQ */
	{ 227, 'c', "LL", "notEqual(%0, %1)" },        /* U64SNE */
	{ 228, 'c', "ll", "lessThan(%0, %1)" },        /* I64SLT */
	{ 229, 'c', "LL", "lessThan(%0, %1)" },        /* U64SLT */
	{ 230, 'c', "ll", "greaterThanEqual(%0, %1)" },/* I64SGE */
	{ 231, 'c', "LL", "greaterThanEqual(%0, %1)" },/* U64SGE */
	{ 232, 'l', "ll", "min(%0, %1)" },             /* I64MIN */
	{ 233, 'L', "LL", "min(%0, %1)" },             /* U64MIN */
	{ 234, 'l', "ll", "max(%0, %1)" },             /* I64MAX */
	{ 235, 'L', "LL", "max(%0, %1)" },             /* U64MAX */
	{ 236, 'l', "l", "abs(%0)" },                  /* I64ABS */
	{ 237, 'l', "l", "sign(%0)" },                 /* I64SSG */
	{ 238, 'l', "l", "-%0" },                      /* I64NEG */
	{ 239, 'L', "LL", "%0 + %1" },                 /* U64ADD */
	{ 240, 'L', "LL", "%0 * %1" },                 /* U64MUL */
	{ 241, 'L', "Lu", "%0 << (%1 & 63u)" },        /* U64SHL */
	{ 242, 'l', "lu", "%0 >> (%1 & 63u)" },        /* I64SHR */
	{ 243, 'L', "Lu", "%0 >> (%1 & 63u)" },        /* U64SHR */
	{ 244, 'l', "ll", "vg_i64div(%0, %1)" },       /* I64DIV */
	{ 246, 'l', "ll", "vg_i64mod(%0, %1)" },       /* I64MOD */
	{ 245, 'L', "LL", "mix(%0 / mix(%1, u64vec2(1ul), equal(%1, u64vec2(0ul))), u64vec2(~0ul), "
			  "equal(%1, u64vec2(0ul)))" },  /* U64DIV */
	{ 247, 'L', "LL", "mix(%0 % mix(%1, u64vec2(1ul), equal(%1, u64vec2(0ul))), u64vec2(~0ul), "
			  "equal(%1, u64vec2(0ul)))" },  /* U64MOD */
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
		if (c->gles)
			vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "vec2(vg_d2f((%s).xy), vg_d2f((%s).zw))", u.s, u.s);
		else
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
	case 'l':
	case 'L':
		vg_src(c, &plain, VIGIL_GLSL_UINT, &u);
		if (kind == 'L')
			vg_expr_set(c, e, VIGIL_GLSL_UINT, "u64vec2(packUint2x32((%s).xy), packUint2x32((%s).zw))",
				    u.s, u.s);
		else
			vg_expr_set(c, e, VIGIL_GLSL_INT, "i64vec2(packInt2x32(ivec2((%s).xy)), "
							  "packInt2x32(ivec2((%s).zw)))", u.s, u.s);
		if (s->absolute) {
			memcpy(tmp, e->s, sizeof(tmp));
			vg_expr_set(c, e, e->type, "%s(abs(i64vec2(%s)))", kind == 'L' ? "u64vec2" : "", tmp);
		}
		if (s->negate) {
			memcpy(tmp, e->s, sizeof(tmp));
			vg_expr_set(c, e, e->type, "(-%s)", tmp);
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

/* 64 -> 32-bit results ('f', 'i', 'u'): the first channel the destination enables gets the
 * first result (from source .xy), the second the second (from .zw), as tgsi_exec's
 * exec_64_2_t does (D2F TEMP.z, SRC.xyxy writes .z from .xy). The components of a uvec4
 * expression of v, in that order. */
static void narrow_order(uint8_t mask, char ret[5])
{
	unsigned k = 0;

	memcpy(ret, "zzzz", 5); /* channels not written: 0 (v.z of the uvec4 below) */
	for (unsigned ch = 0; ch < 4; ch++)
		if (mask & (1u << ch))
			ret[ch] = k < 2 ? "xy"[k++] : 'z';
}

static void f64_result(struct vg_ctx *c, char kind, const char *v, uint8_t mask, struct vg_expr *e)
{
	char ord[5];

	narrow_order(mask, ord);
	switch (kind) {
	case 'd':
		if (c->gles)
			vg_expr_set(c, e, VIGIL_GLSL_UINT, "uvec4(vg_f2d((%s).x), vg_f2d((%s).y))", v, v);
		else
			vg_expr_set(c, e, VIGIL_GLSL_UINT, "uvec4(unpackDouble2x32((%s).x), unpackDouble2x32((%s).y))",
				    v, v);
		return;
	case 'l':
		vg_expr_set(c, e, VIGIL_GLSL_UINT, "uvec4(uvec2(unpackInt2x32((%s).x)), uvec2(unpackInt2x32((%s).y)))",
			    v, v);
		return;
	case 'L':
		vg_expr_set(c, e, VIGIL_GLSL_UINT, "uvec4(unpackUint2x32((%s).x), unpackUint2x32((%s).y))", v, v);
		return;
	case 'c':
		vg_expr_set(c, e, VIGIL_GLSL_UINT, "uvec4(uvec2(%s) * 0xffffffffu, 0u, 0u).xzyw", v);
		return;
	case 'f':
		vg_expr_set(c, e, VIGIL_GLSL_UINT, "uvec4(floatBitsToUint(%s), 0u, 0u).%s", v, ord);
		return;
	case 'i':
		vg_expr_set(c, e, VIGIL_GLSL_UINT, "uvec4(uvec2(%s), 0u, 0u).%s", v, ord);
		return;
	default:
		vg_expr_set(c, e, VIGIL_GLSL_UINT, "uvec4(%s, 0u, 0u).%s", v, ord);
		return;
	}
}

/* GLES: the double templates in single precision: "dvec2(" becomes "vec2(" and the literal
 * "1.0lf" becomes "1.0" (in place; both only get shorter; the sources are vec2 already). */
static void single_precision(char *buf)
{
	static const struct { const char *from, *to; } subst[] = { { "dvec2(", "vec2(" }, { "1.0lf", "1.0" } };

	for (size_t k = 0; k < sizeof(subst) / sizeof(subst[0]); k++) {
		size_t fl = strlen(subst[k].from), tl = strlen(subst[k].to);
		char *p;

		while ((p = strstr(buf, subst[k].from)) != NULL)
			memmove(p + tl, p + fl, strlen(p + fl) + 1u), memcpy(p, subst[k].to, tl);
	}
}

bool vg_emit_f64(struct vg_ctx *c, const struct vigil_tgsi_insn *in)
{
	const struct f64_row *r = NULL;
	bool i64;
	struct vg_expr src[3], v, res;
	char buf[VG_EXPR];
	size_t n = 0, ns;

	for (size_t i = 0; i < sizeof(f64_rows) / sizeof(f64_rows[0]); i++)
		if (f64_rows[i].opcode == in->opcode)
			r = &f64_rows[i];
	if (!r)
		return false;
	i64 = strchr(r->src_kinds, 'l') || strchr(r->src_kinds, 'L') || r->result == 'l' || r->result == 'L';
	if (!vg_gl(c, 400, i64 ? 0 : 320)) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "64-bit opcodes need desktop GLSL 4.00 (doubles: or ES 3.20)");
		return true;
	}
	if (i64)
		vg_need_ext(c, "GL_ARB_gpu_shader_int64");
	if (c->gles) {
		vg_use_helper(c, VG_H_D2F);
		vg_use_helper(c, VG_H_F2D);
	}
	if (in->opcode == 244 || in->opcode == 246)
		vg_use_helper(c, in->opcode == 244 ? VG_H_I64DIV : VG_H_I64MOD);
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
	if (c->gles)
		single_precision(buf);
	vg_expr_set(c, &v, VIGIL_GLSL_FLOAT, "%s", buf);
	f64_result(c, r->result, v.s, in->dst.mask, &res);
	vg_store_dst(c, in, &res);
	return true;
}
