/*
 * glsl_tex.c: texture opcodes (TEX, TXP, TXB, TXL, TXD, TXF, TXQ, TXQS, TG4, LODQ, TEX2, TXB2,
 * TXL2) and sampler types: one row per TGSI texture target says how many coordinate components
 * the GLSL call takes (shadow reference included), how many are spatial (gradients, offsets),
 * how texelFetch and textureSize see it, and which GLSL versions have the sampler type.
 *
 * Trust: the IR is validated (targets in range, sampler operands declared); a texture target
 * combination GLSL has no function for is left to the host compiler, whose error the pipeline
 * reports. Guarantees: a sampler type or function the targeted version lacks fails with
 * VIGIL_E_UNSUPPORTED; texel offsets are constant expressions built from immediates only.
 */
#include <stdio.h>
#include <string.h>

#include "glsl_priv.h"

struct tex_target {
	const char *type;
	uint8_t coords;  /* components of P for texture(), shadow reference included */
	uint8_t spatial; /* components of gradients and offsets */
	uint8_t fetch;   /* ivec size for texelFetch, 0 = no texelFetch */
	uint8_t size;    /* components of textureSize() */
	bool shadow, size_lod;
	uint16_t gl, es; /* first GLSL version with the sampler type (0 = none) */
};

static const struct tex_target targets[] = {
	[1] = { "samplerBuffer", 1, 1, 1, 1, false, false, 330, 320 },
	[2] = { "sampler1D", 1, 1, 1, 1, false, true, 330, 0 },
	[3] = { "sampler2D", 2, 2, 2, 2, false, true, 330, 300 },
	[4] = { "sampler3D", 3, 3, 3, 3, false, true, 330, 300 },
	[5] = { "samplerCube", 3, 3, 0, 2, false, true, 330, 300 },
	[6] = { "sampler2DRect", 2, 2, 2, 2, false, false, 330, 0 },
	[7] = { "sampler1DShadow", 3, 1, 0, 1, true, true, 330, 0 },
	[8] = { "sampler2DShadow", 3, 2, 0, 2, true, true, 330, 300 },
	[9] = { "sampler2DRectShadow", 3, 2, 0, 2, true, false, 330, 0 },
	[10] = { "sampler1DArray", 2, 1, 2, 2, false, true, 330, 0 },
	[11] = { "sampler2DArray", 3, 2, 3, 3, false, true, 330, 300 },
	[12] = { "sampler1DArrayShadow", 3, 1, 0, 2, true, true, 330, 0 },
	[13] = { "sampler2DArrayShadow", 4, 2, 0, 3, true, true, 330, 300 },
	[14] = { "samplerCubeShadow", 4, 3, 0, 2, true, true, 330, 300 },
	[15] = { "sampler2DMS", 2, 2, 2, 2, false, false, 330, 310 },
	[16] = { "sampler2DMSArray", 3, 2, 3, 3, false, false, 330, 320 },
	[17] = { "samplerCubeArray", 4, 3, 0, 3, false, true, 400, 320 },
	[18] = { "samplerCubeArrayShadow", 4, 3, 0, 3, true, true, 400, 320 },
};

enum { OP_TXD = 53, OP_TEX = 52, OP_TXP = 54, OP_TXB = 68, OP_TXL = 72, OP_TXF = 94, OP_TXQ = 95,
       OP_TXQS = 104, OP_TEX2 = 177, OP_TXB2 = 178, OP_TXL2 = 179, OP_TG4 = 182, OP_LODQ = 183 };

static const struct tex_target *target_of(unsigned t)
{
	return t && t < sizeof(targets) / sizeof(targets[0]) ? &targets[t] : NULL;
}

static const char *const comps[5] = { "", ".x", ".xy", ".xyz", ".xyzw" };

/* GLES has no 1D or rectangle samplers. The core stores 1D textures as 2D textures of height
 * 1, 1D arrays as 2D arrays of height 1 and rectangles as 2D textures (texio.c), so on GLES
 * these targets are sampled through the 2D types: a 1D coordinate gets t = 0.5 (the centre of
 * the only row), a rectangle coordinate (and gradient) is divided by the level-0 size, and
 * texelFetch / textureSize see the extra dimension. Returns the target whose sampler type the
 * call uses (t itself when nothing is emulated). */
static unsigned es_target(const struct vg_ctx *c, unsigned t)
{
	if (!c->gles)
		return t;
	switch (t) {
	case 2: case 6: return 3;   /* 1D, RECT -> 2D */
	case 7: case 9: return 8;   /* SHADOW1D, SHADOWRECT -> SHADOW2D */
	case 10: return 11;         /* 1D_ARRAY -> 2D_ARRAY */
	case 12: return 13;         /* SHADOW1D_ARRAY -> SHADOW2D_ARRAY */
	default: return t;
	}
}

static bool is_rect(unsigned t)
{
	return t == 6 || t == 9;
}

/* The 2D coordinate of an emulated target from the TGSI coordinate vec4 b (already projected
 * for TXP), shadow reference included (GLSL's layout for the 2D type). */
static void es_coord(struct vg_ctx *c, unsigned tgt, const char *samp, const char *b, char *out, size_t n)
{
	switch (tgt) {
	case 2: vg_fmt(c, out, n, "vec2((%s).x, 0.5)", b); break;
	case 7: vg_fmt(c, out, n, "vec3((%s).x, 0.5, (%s).z)", b, b); break;
	case 10: vg_fmt(c, out, n, "vec3((%s).x, 0.5, (%s).y)", b, b); break;
	case 12: vg_fmt(c, out, n, "vec4((%s).x, 0.5, (%s).y, (%s).z)", b, b, b); break;
	case 6: vg_fmt(c, out, n, "((%s).xy / vec2(textureSize(%s, 0)))", b, samp); break;
	case 9: vg_fmt(c, out, n, "vec3((%s).xy / vec2(textureSize(%s, 0)), (%s).z)", b, samp, b); break;
	default: vg_fail(c, VIGIL_E_UNSUPPORTED, "texture target"); break;
	}
}

/* The SVIEW return type of view n: INT, UINT or FLOAT. */
static enum vigil_glsl_type view_type(const struct vg_ctx *c, unsigned n)
{
	for (uint32_t i = 0; i < c->sh->decl_count; i++) {
		const struct vigil_tgsi_decl *d = &c->sh->decls[i];

		if (d->file == VIGIL_TGSI_FILE_SVIEW && n >= d->first && n <= d->last)
			return d->return_type[0] == 3 ? VIGIL_GLSL_INT
			       : d->return_type[0] == 4 ? VIGIL_GLSL_UINT : VIGIL_GLSL_FLOAT;
	}
	return VIGIL_GLSL_FLOAT;
}

void vg_sampler_type(struct vg_ctx *c, unsigned n, char *out, size_t len)
{
	const struct tex_target *t = target_of(n < VIGIL_TGSI_MAX_SAMPLERS ? es_target(c, c->samp_target[n]) : 0);
	enum vigil_glsl_type rt;

	if (!t) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "texture target");
		snprintf(out, len, "sampler2D");
		return;
	}
	if (!vg_gl(c, t->gl, t->es))
		vg_fail(c, VIGIL_E_UNSUPPORTED, "sampler type not in this GLSL version");
	rt = t->shadow ? VIGIL_GLSL_FLOAT : view_type(c, n);
	snprintf(out, len, "%s%s", rt == VIGIL_GLSL_INT ? "i" : rt == VIGIL_GLSL_UINT ? "u" : "", t->type);
}

static void int_literal(uint32_t v, char *out, size_t n)
{
	if (v == 0x80000000u)
		snprintf(out, n, "(-2147483647 - 1)");
	else
		snprintf(out, n, "%d", (int)(int32_t)v);
}

/* ", ivecN(...)" from the first texel offset (immediates only); a 1D offset of an emulated 1D
 * target becomes ivec2(x, 0). */
static void offset_arg(struct vg_ctx *c, const struct vigil_tgsi_insn *in, unsigned dims, char *out,
		       size_t n)
{
	bool pad = dims == 1 && es_target(c, in->tex_target) != in->tex_target;

	const struct vigil_tgsi_texoff *o = &in->offsets[0];
	char v[3][24];

	out[0] = '\0';
	if (!in->num_offsets)
		return;
	if (o->reg.file != VIGIL_TGSI_FILE_IMM || o->reg.indirect || o->reg.index < 0 ||
	    (uint32_t)o->reg.index >= c->sh->imm_count || dims < 1 || dims > 3) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "texel offset not from an immediate");
		return;
	}
	for (unsigned i = 0; i < 3; i++)
		int_literal(c->sh->imms[o->reg.index].v[o->swizzle[i] & 3u], v[i], sizeof(v[i]));
	if (dims == 1 && pad)
		snprintf(out, n, ", ivec2(%s, 0)", v[0]);
	else if (dims == 1)
		snprintf(out, n, ", %s", v[0]);
	else if (dims == 2)
		snprintf(out, n, ", ivec2(%s, %s)", v[0], v[1]);
	else
		snprintf(out, n, ", ivec3(%s, %s, %s)", v[0], v[1], v[2]);
}

/* ", ivec2(...)" from a register offset: textureGatherOffset takes a non-constant offset from
 * GLSL 4.00 / ES 3.20 (ARB_gpu_shader5); the register is read like any source operand (the
 * parser allows only direct registers here), and GL clamps gather offsets to its range. */
static void gather_dynamic_offset(struct vg_ctx *c, const struct vigil_tgsi_insn *in, unsigned dims,
				  char *out, size_t n)
{
	const struct vigil_tgsi_texoff *o = &in->offsets[0];
	struct vigil_tgsi_src src;
	struct vg_expr e;

	memset(&src, 0, sizeof(src));
	src.reg = o->reg;
	for (unsigned i = 0; i < 4; i++)
		src.swizzle[i] = o->swizzle[i < 3 ? i : 2] & 3u;
	vg_src(c, &src, VIGIL_GLSL_INT, &e);
	if (dims == 2)
		vg_fmt(c, out, n, ", (%s).xy", e.s);
	else
		vg_fail(c, VIGIL_E_UNSUPPORTED, "gather offset on a target without 2 coordinates");
}

static unsigned sampler_src(unsigned op)
{
	switch (op) {
	case OP_TXD: return 3;
	case OP_TEX2: case OP_TXB2: case OP_TXL2: case OP_TG4: return 2;
	case OP_TXQS: return 0;
	default: return 1;
	}
}

struct tex_call {
	char samp[32];
	const struct tex_target *t;
	struct vg_expr p;   /* src0 as float (or int for TXF) */
	char off[96];
	enum vigil_glsl_type rt;
	bool emu; /* a 1D or rectangle target sampled through a 2D type (es_target) */
	unsigned n; /* sampler index */
};

static void fetch_call(struct vg_ctx *c, const struct vigil_tgsi_insn *in, struct tex_call *k,
		       struct vg_expr *r)
{
	const struct tex_target *t = k->t;
	unsigned tgt = in->tex_target;
	const char *iv[4] = { "", "int", "ivec2", "ivec3" };

	vg_src(c, &in->src[0], VIGIL_GLSL_INT, &k->p);
	if (!t->fetch) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "TXF on a target without texelFetch");
		return;
	}
	if (k->emu) {
		offset_arg(c, in, t->spatial, k->off, sizeof(k->off));
		if (tgt == 2)
			vg_expr_set(c, r, k->rt, "texelFetch%s(%s, ivec2((%s).x, 0), (%s).w%s)",
				    k->off[0] ? "Offset" : "", k->samp, k->p.s, k->p.s, k->off);
		else if (tgt == 10)
			vg_expr_set(c, r, k->rt, "texelFetch%s(%s, ivec3((%s).x, 0, (%s).y), (%s).w%s)",
				    k->off[0] ? "Offset" : "", k->samp, k->p.s, k->p.s, k->p.s, k->off);
		else /* RECT: level 0 */
			vg_expr_set(c, r, k->rt, "texelFetch%s(%s, ivec2((%s).xy), 0%s)",
				    k->off[0] ? "Offset" : "", k->samp, k->p.s, k->off);
	} else if (tgt == 1) {
		vg_expr_set(c, r, k->rt, "texelFetch(%s, (%s).x)", k->samp, k->p.s);
	} else if (tgt == 6) {
		offset_arg(c, in, t->spatial, k->off, sizeof(k->off));
		vg_expr_set(c, r, k->rt, "texelFetch%s(%s, %s((%s)%s)%s)", k->off[0] ? "Offset" : "",
			    k->samp, iv[t->fetch], k->p.s, comps[t->fetch], k->off);
	} else if (tgt == 15 || tgt == 16) {
		vg_expr_set(c, r, k->rt, "texelFetch(%s, %s((%s)%s), (%s).w)", k->samp, iv[t->fetch],
			    k->p.s, comps[t->fetch], k->p.s);
	} else {
		offset_arg(c, in, t->spatial, k->off, sizeof(k->off));
		vg_expr_set(c, r, k->rt, "texelFetch%s(%s, %s((%s)%s), (%s).w%s)", k->off[0] ? "Offset" : "",
			    k->samp, iv[t->fetch], k->p.s, comps[t->fetch], k->p.s, k->off);
	}
}

static void query_call(struct vg_ctx *c, const struct vigil_tgsi_insn *in, struct tex_call *k,
		       struct vg_expr *r)
{
	const struct tex_target *t = k->t;
	char size[VG_EXPR / 2];
	char lv[64] = "0";

	if (in->opcode == OP_TXQS) {
		if (!vg_gl(c, 450, 0))
			vg_fail(c, VIGIL_E_UNSUPPORTED, "textureSamples needs GLSL 4.50");
		vg_expr_set(c, r, VIGIL_GLSL_INT, "ivec4(textureSamples(%s), 0, 0, 0)", k->samp);
		return;
	}
	vg_src(c, &in->src[0], VIGIL_GLSL_INT, &k->p);
	if (k->emu && is_rect(in->tex_target))
		vg_fmt(c, size, sizeof(size), "textureSize(%s, 0)", k->samp);
	else if (k->emu) /* 1D: the width; 1D array: width and layers */
		vg_fmt(c, size, sizeof(size), "textureSize(%s, (%s).x)%s", k->samp, k->p.s,
		       t->size == 1 ? ".x" : ".xz");
	else if (t->size_lod)
		vg_fmt(c, size, sizeof(size), "textureSize(%s, (%s).x)", k->samp, k->p.s);
	else
		vg_fmt(c, size, sizeof(size), "textureSize(%s)", k->samp);
	if (in->dst.mask & 8u) {
		if (vg_gl(c, 430, 0) && t->size_lod)
			vg_fmt(c, lv, sizeof(lv), "textureQueryLevels(%s)", k->samp);
		else if (t->size_lod)
			vg_fail(c, VIGIL_E_UNSUPPORTED, "TXQ levels need GLSL 4.30");
	}
	vg_expr_set(c, r, VIGIL_GLSL_INT, "ivec4(%s%s, %s)", size,
		    t->size == 1 ? ", 0, 0" : t->size == 2 ? ", 0" : "", lv);
}

static void gather_call(struct vg_ctx *c, const struct vigil_tgsi_insn *in, struct tex_call *k,
			struct vg_expr *r)
{
	const struct tex_target *t = k->t;
	unsigned pc = t->shadow ? (unsigned)t->coords - 1u : t->coords;
	char extra[VG_EXPR / 2];

	if (!vg_gl(c, 400, 310))
		vg_fail(c, VIGIL_E_UNSUPPORTED, "textureGather needs GLSL 4.00 / ES 3.10");
	if (in->tex_target == 18) {
		struct vg_expr ref;

		vg_src(c, &in->src[1], VIGIL_GLSL_FLOAT, &ref);
		pc = 4;
		vg_fmt(c, extra, sizeof(extra), ", (%s).x", ref.s);
	} else if (t->shadow) {
		vg_fmt(c, extra, sizeof(extra), ", (%s)%s", k->p.s, (const char *[]){ "", ".x", ".y", ".z", ".w" }[t->coords]);
	} else {
		const struct vigil_tgsi_src *s = &in->src[1];
		uint32_t comp = 0;

		if (s->reg.file == VIGIL_TGSI_FILE_IMM && !s->reg.indirect && s->reg.index >= 0 &&
		    (uint32_t)s->reg.index < c->sh->imm_count)
			comp = c->sh->imms[s->reg.index].v[s->swizzle[0] & 3u];
		else
			vg_fail(c, VIGIL_E_UNSUPPORTED, "TG4 component not an immediate");
		vg_fmt(c, extra, sizeof(extra), ", %u", (unsigned)(comp & 3u));
	}
	if (in->num_offsets && in->offsets[0].reg.file != VIGIL_TGSI_FILE_IMM && vg_gl(c, 400, 320))
		gather_dynamic_offset(c, in, t->spatial, k->off, sizeof(k->off));
	else
		offset_arg(c, in, t->spatial, k->off, sizeof(k->off));
	if (k->emu) { /* RECT: normalized P; the reference (shadow) stays a separate argument */
		char p[VG_EXPR / 2];

		if (!is_rect(in->tex_target))
			vg_fail(c, VIGIL_E_UNSUPPORTED, "textureGather on a 1D target");
		es_coord(c, 6, k->samp, k->p.s, p, sizeof(p));
		if (k->off[0] && t->shadow)
			vg_expr_set(c, r, k->rt, "textureGatherOffset(%s, %s%s%s)", k->samp, p, extra, k->off);
		else if (k->off[0])
			vg_expr_set(c, r, k->rt, "textureGatherOffset(%s, %s%s%s)", k->samp, p, k->off, extra);
		else
			vg_expr_set(c, r, k->rt, "textureGather(%s, %s%s)", k->samp, p, extra);
		return;
	}
	if (k->off[0] && (t->shadow || in->tex_target == 18)) /* (sampler, P, refZ, offset) */
		vg_expr_set(c, r, k->rt, "textureGatherOffset(%s, (%s)%s%s%s)", k->samp, k->p.s, comps[pc],
			    extra, k->off);
	else if (k->off[0]) /* (sampler, P, offset, comp) */
		vg_expr_set(c, r, k->rt, "textureGatherOffset(%s, (%s)%s%s%s)", k->samp, k->p.s, comps[pc],
			    k->off, extra);
	else
		vg_expr_set(c, r, k->rt, "textureGather(%s, (%s)%s%s)", k->samp, k->p.s, comps[pc], extra);
}

/* TEX, TXP, TXB, TXL, TXD, TEX2, TXB2, TXL2 and LODQ. */
static void sample_call(struct vg_ctx *c, const struct vigil_tgsi_insn *in, struct tex_call *k,
			struct vg_expr *r)
{
	const struct tex_target *t = k->t;
	const char *cw = comps[t->coords];
	char p[VG_EXPR / 2], extra[VG_EXPR / 2] = "";
	const char *fn = "texture";
	struct vg_expr a, b;
	enum vigil_glsl_type rt = t->shadow ? VIGIL_GLSL_FLOAT : k->rt;

	if (k->emu) {
		char base[VG_EXPR / 2];

		if (in->opcode == OP_TXP)
			vg_fmt(c, base, sizeof(base), "((%s) / (%s).w)", k->p.s, k->p.s);
		else
			vg_fmt(c, base, sizeof(base), "(%s)", k->p.s);
		es_coord(c, in->tex_target, k->samp, base, p, sizeof(p));
	} else {
		vg_fmt(c, p, sizeof(p), "(%s)%s", k->p.s, cw);
	}
	offset_arg(c, in, t->spatial, k->off, sizeof(k->off));
	switch (in->opcode) {
	case OP_TXP:
		if (!k->emu)
			vg_fmt(c, p, sizeof(p), "((%s)%s / (%s).w)", k->p.s, cw, k->p.s);
		break;
	case OP_TXB:
		vg_fmt(c, extra, sizeof(extra), ", (%s).w", k->p.s);
		break;
	case OP_TXL:
		fn = "textureLod";
		vg_fmt(c, extra, sizeof(extra), ", (%s).w", k->p.s);
		break;
	case OP_TXD:
		fn = "textureGrad";
		vg_src(c, &in->src[1], VIGIL_GLSL_FLOAT, &a);
		vg_src(c, &in->src[2], VIGIL_GLSL_FLOAT, &b);
		if (k->emu && is_rect(in->tex_target))
			vg_fmt(c, extra, sizeof(extra), ", (%s).xy / vec2(textureSize(%s, 0)), (%s).xy / "
			       "vec2(textureSize(%s, 0))", a.s, k->samp, b.s, k->samp);
		else if (k->emu)
			vg_fmt(c, extra, sizeof(extra), ", vec2((%s).x, 0.0), vec2((%s).x, 0.0)", a.s, b.s);
		else
			vg_fmt(c, extra, sizeof(extra), ", (%s)%s, (%s)%s", a.s, comps[t->spatial], b.s,
				 comps[t->spatial]);
		break;
	case OP_TEX2:
	case OP_TXB2:
	case OP_TXL2:
		if (in->opcode == OP_TXL2)
			fn = "textureLod";
		vg_src(c, &in->src[1], VIGIL_GLSL_FLOAT, &a);
		vg_fmt(c, extra, sizeof(extra), ", (%s).x", a.s);
		break;
	case OP_LODQ:
		if (!vg_gl(c, 400, 0))
			vg_fail(c, VIGIL_E_UNSUPPORTED, "textureQueryLod needs GLSL 4.00");
		vg_expr_set(c, r, VIGIL_GLSL_FLOAT, "vec4(textureQueryLod(%s, (%s)%s), 0.0, 0.0)", k->samp,
			    k->p.s, comps[t->spatial]);
		return;
	default:
		break;
	}
	if (in->opcode == OP_TXD && k->off[0])
		vg_expr_set(c, r, rt, "textureGradOffset(%s, %s%s%s)", k->samp, p, extra, k->off);
	else if (in->opcode == OP_TXB && k->off[0])
		vg_expr_set(c, r, rt, "textureOffset(%s, %s%s%s)", k->samp, p, k->off, extra);
	else if (k->off[0])
		vg_expr_set(c, r, rt, "%sOffset(%s, %s%s%s)", fn, k->samp, p, extra, k->off);
	else
		vg_expr_set(c, r, rt, "%s(%s, %s%s)", fn, k->samp, p, extra);
	if (t->shadow) {
		unsigned swz = k->n < VIGIL_TGSI_MAX_SAMPLERS ? (unsigned)c->o->shadow_swizzle[k->n] : 0u;
		char tmp[VG_EXPR];

		memcpy(tmp, r->s, sizeof(tmp));
		if (!swz) {
			vg_expr_set(c, r, VIGIL_GLSL_FLOAT, "vec4(%s)", tmp);
		} else { /* opts.shadow_swizzle: result * mask + constant per channel */
			static const char *const mask[3] = { "1.0", "0.0", "0.0" }, *const add[3] = { "0.0", "0.0", "1.0" };
			unsigned ch[4];

			for (unsigned i = 0; i < 4; i++)
				ch[i] = ((swz >> (2u * i)) & 3u) < 3u ? (swz >> (2u * i)) & 3u : 0u;
			vg_expr_set(c, r, VIGIL_GLSL_FLOAT, "(vec4(%s) * vec4(%s, %s, %s, %s) + vec4(%s, %s, %s, %s))",
				    tmp, mask[ch[0]], mask[ch[1]], mask[ch[2]], mask[ch[3]], add[ch[0]], add[ch[1]],
				    add[ch[2]], add[ch[3]]);
		}
	}
}

/* The texture call of `in` on sampler n, its result swizzled by the sampler operand. */
static void tex_expr(struct vg_ctx *c, const struct vigil_tgsi_insn *in, const struct vigil_tgsi_src *ss,
		     unsigned n, struct vg_expr *r)
{
	static const char letters[] = "xyzw";
	struct tex_call k;

	memset(&k, 0, sizeof(k));
	k.t = target_of(in->tex_target);
	k.emu = es_target(c, in->tex_target) != in->tex_target;
	k.n = n;
	snprintf(k.samp, sizeof(k.samp), "%s_samp%u", c->pfx, n);
	k.rt = view_type(c, n);
	if (in->opcode == OP_TXF) {
		fetch_call(c, in, &k, r);
	} else if (in->opcode == OP_TXQ || in->opcode == OP_TXQS) {
		query_call(c, in, &k, r);
	} else {
		vg_src(c, &in->src[0], VIGIL_GLSL_FLOAT, &k.p);
		if (in->opcode == OP_TG4)
			gather_call(c, in, &k, r);
		else
			sample_call(c, in, &k, r);
	}
	if (c->err == VIGIL_OK &&
	    (ss->swizzle[0] != 0 || ss->swizzle[1] != 1 || ss->swizzle[2] != 2 || ss->swizzle[3] != 3)) {
		char tmp[VG_EXPR];

		memcpy(tmp, r->s, sizeof(tmp));
		vg_expr_set(c, r, r->type, "%s.%c%c%c%c", tmp, letters[ss->swizzle[0] & 3u],
			    letters[ss->swizzle[1] & 3u], letters[ss->swizzle[2] & 3u],
			    letters[ss->swizzle[3] & 3u]);
	}
}

/* The run of contiguously declared samplers around base: Mesa declares a sampler array one
 * SAMP[n] per element ("DCL SAMP[0]", "DCL SAMP[1]", ...), so adjacent declarations merge. */
bool vg_samp_range(const struct vg_ctx *c, int32_t base, uint32_t *lo, uint32_t *hi)
{
	bool found = false, grew = true;
	uint32_t l = 0, h = 0;

	if (base < 0 || (uint32_t)base >= VIGIL_TGSI_MAX_SAMPLERS)
		return false;
	while (grew) {
		grew = false;
		for (uint32_t i = 0; i < c->sh->decl_count; i++) {
			const struct vigil_tgsi_decl *d = &c->sh->decls[i];

			if (d->file != VIGIL_TGSI_FILE_SAMP || d->last >= VIGIL_TGSI_MAX_SAMPLERS)
				continue;
			if (!found) {
				if ((uint32_t)base >= d->first && (uint32_t)base <= d->last) {
					l = d->first;
					h = d->last;
					found = grew = true;
				}
			} else if (d->first < l && d->last + 1u >= l) {
				l = d->first;
				grew = true;
			} else if (d->last > h && d->first <= h + 1u) {
				h = d->last;
				grew = true;
			}
		}
	}
	if (found) {
		*lo = l;
		*hi = h;
	}
	return found;
}

/* SAMP[ind + base]: one call per sampler of the declaration holding base, selected by the
 * clamped index (GLSL 4.00 / ES 3.20 dynamically uniform sampler indexing, written so that
 * each sampler keeps its own uniform name). */
static void tex_indirect(struct vg_ctx *c, const struct vigil_tgsi_insn *in, const struct vigil_tgsi_src *ss)
{
	uint32_t lo, hi;
	char ind[96];
	struct vg_expr r, out;
	enum vigil_glsl_type rt = VIGIL_GLSL_UINT;

	if (!vg_gl(c, 400, 320) || !vg_samp_range(c, ss->reg.index, &lo, &hi)) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "indirect sampler index (GLSL 4.00 / ES 3.20, declared range)");
		return;
	}
	vg_ind_expr(c, &ss->reg, ind, sizeof(ind));
	vg_line(c, "{ int vg_si = clamp(%s + %d, %u, %u); uvec4 vg_tr = uvec4(0u);", ind, (int)ss->reg.index,
		(unsigned)lo, (unsigned)hi);
	for (uint32_t n = lo; n <= hi && c->err == VIGIL_OK; n++) {
		tex_expr(c, in, ss, n, &r);
		rt = r.type;
		vg_cast(c, &r, VIGIL_GLSL_UINT);
		vg_line(c, "  if (vg_si == %u) vg_tr = %s;", (unsigned)n, r.s);
	}
	/* back to the call's type, so that a saturate applies to floats */
	vg_expr_set(c, &out, VIGIL_GLSL_UINT, "vg_tr");
	vg_cast(c, &out, rt);
	c->indent++;
	vg_store_dst(c, in, &out);
	c->indent--;
	vg_line(c, "}");
}

bool vg_emit_tex(struct vg_ctx *c, const struct vigil_tgsi_insn *in)
{
	struct vg_expr r;
	const struct vigil_tgsi_src *ss;
	unsigned si;

	switch (in->opcode) {
	case OP_TEX: case OP_TXP: case OP_TXB: case OP_TXL: case OP_TXD: case OP_TXF: case OP_TXQ:
	case OP_TXQS: case OP_TEX2: case OP_TXB2: case OP_TXL2: case OP_TG4: case OP_LODQ:
		break;
	default:
		return false;
	}
	si = sampler_src(in->opcode);
	ss = &in->src[si];
	if (si >= in->num_src || ss->reg.file != VIGIL_TGSI_FILE_SAMP || !target_of(in->tex_target) ||
	    (!ss->reg.indirect && (ss->reg.index < 0 || (uint32_t)ss->reg.index >= VIGIL_TGSI_MAX_SAMPLERS))) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "texture sampler operand");
		return true;
	}
	if (ss->reg.indirect) {
		tex_indirect(c, in, ss);
		return true;
	}
	tex_expr(c, in, ss, (unsigned)ss->reg.index, &r);
	if (c->err == VIGIL_OK)
		vg_store_dst(c, in, &r);
	return true;
}
