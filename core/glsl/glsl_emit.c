/*
 * glsl_emit.c: the emitter's entry point (vigil_glsl_emit), its capped text buffer, the shared
 * expression helpers (casts, version tests) and the GLSL helper functions the ALU opcodes call
 * (integer division with Gallium's division-by-zero results, bitfield operations written with
 * shifts only so they behave the same on every GLSL version).
 *
 * Trust: the IR is validated; options come from the pipeline. Guarantees: no global state; the
 * output never exceeds VIGIL_GLSL_MAX_TEXT (VIGIL_E_EXHAUSTED); on any failure nothing is
 * returned; the first reason for VIGIL_E_UNSUPPORTED is kept in the context (vg_fail).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glsl_priv.h"

void vg_buf_free(struct vg_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

static bool vg_reserve(struct vg_buf *b, size_t more)
{
	size_t need, cap;
	char *p;

	if (b->failed)
		return false;
	if (__builtin_add_overflow(b->len, more, &need) || need >= VIGIL_GLSL_MAX_TEXT) {
		b->failed = true;
		return false;
	}
	if (need < b->cap)
		return true;
	cap = b->cap ? b->cap : 4096u;
	while (cap <= need)
		cap *= 2u;
	if (cap > VIGIL_GLSL_MAX_TEXT)
		cap = VIGIL_GLSL_MAX_TEXT;
	p = realloc(b->p, cap);
	if (!p) {
		b->failed = true;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

void vg_puts(struct vg_buf *b, const char *s)
{
	size_t n = strlen(s);

	if (!vg_reserve(b, n))
		return;
	memcpy(b->p + b->len, s, n + 1);
	b->len += n;
}

static void vg_vprintf(struct vg_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void vg_vprintf(struct vg_buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0) {
		b->failed = true;
		return;
	}
	if (!vg_reserve(b, (size_t)n))
		return;
	vsnprintf(b->p + b->len, (size_t)n + 1u, fmt, ap);
	b->len += (size_t)n;
}

void vg_printf(struct vg_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vg_vprintf(b, fmt, ap);
	va_end(ap);
}

void vg_line(struct vg_ctx *c, const char *fmt, ...)
{
	va_list ap;

	for (unsigned i = 0; i < c->indent + 1u && i < 40u; i++)
		vg_puts(&c->body, "\t");
	va_start(ap, fmt);
	vg_vprintf(&c->body, fmt, ap);
	va_end(ap);
	vg_puts(&c->body, "\n");
}

void vg_fail(struct vg_ctx *c, vigil_status s, const char *why)
{
	if (c->err == VIGIL_OK) {
		c->err = s;
		c->why = why;
	}
}

bool vg_gl(const struct vg_ctx *c, uint32_t gl_ver, uint32_t es_ver)
{
	return c->gles ? (es_ver && c->ver >= es_ver) : (gl_ver && c->ver >= gl_ver);
}

void vg_expr_set(struct vg_ctx *c, struct vg_expr *e, enum vigil_glsl_type t, const char *fmt, ...)
{
	char tmp[VG_EXPR];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		vg_fail(c, VIGIL_E_EXHAUSTED, "expression too long");
		tmp[0] = '0';
		tmp[1] = '\0';
	}
	memcpy(e->s, tmp, sizeof(tmp));
	e->type = t;
}

void vg_fmt(struct vg_ctx *c, char *out, size_t n, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(out, n, fmt, ap);
	va_end(ap);
	if (r < 0 || (size_t)r >= n)
		vg_fail(c, VIGIL_E_EXHAUSTED, "expression too long");
}

const char *vg_vec(enum vigil_glsl_type t)
{
	return t == VIGIL_GLSL_INT ? "ivec4" : t == VIGIL_GLSL_UINT ? "uvec4" : "vec4";
}

void vg_cast(struct vg_ctx *c, struct vg_expr *e, enum vigil_glsl_type to)
{
	static const char *const fn[3][3] = {
		/* from FLOAT */ { NULL, "floatBitsToInt", "floatBitsToUint" },
		/* from INT */ { "intBitsToFloat", NULL, "uvec4" },
		/* from UINT */ { "uintBitsToFloat", "ivec4", NULL },
	};
	char tmp[VG_EXPR];

	if (e->type == to || e->type > VIGIL_GLSL_UINT || to > VIGIL_GLSL_UINT)
		return;
	memcpy(tmp, e->s, sizeof(tmp));
	vg_expr_set(c, e, to, "%s(%s)", fn[e->type][to], tmp);
}

/* Helper bodies: vectors of four lanes, results defined for every input (Gallium leaves some
 * undefined; these pick one answer and the execution tests pin it). */
static const char *const helper_text[VG_H_COUNT] = {
	[VG_H_SEL] = "uvec4 vg_sel(bvec4 c, uvec4 a, uvec4 b) { return uvec4(c.x ? a.x : b.x, "
		     "c.y ? a.y : b.y, c.z ? a.z : b.z, c.w ? a.w : b.w); }\n",
	[VG_H_UDIV] = "uvec4 vg_udiv(uvec4 a, uvec4 b) { return vg_sel(equal(b, uvec4(0u)), "
		      "uvec4(0xffffffffu), a / max(b, uvec4(1u))); }\n",
	[VG_H_UMOD] = "uvec4 vg_umod(uvec4 a, uvec4 b) { return vg_sel(equal(b, uvec4(0u)), "
		      "uvec4(0xffffffffu), a % max(b, uvec4(1u))); }\n",
	/* signed: truncating division, x / 0 = -1, INT_MIN / -1 = INT_MIN */
	[VG_H_IDIV] = "ivec4 vg_idiv(ivec4 a, ivec4 b) {\n"
		      "\tbvec4 na = lessThan(a, ivec4(0)), nb = lessThan(b, ivec4(0));\n"
		      "\tuvec4 ua = vg_sel(na, ~uvec4(a) + 1u, uvec4(a));\n"
		      "\tuvec4 ub = vg_sel(nb, ~uvec4(b) + 1u, uvec4(b));\n"
		      "\tuvec4 q = ua / max(ub, uvec4(1u));\n"
		      "\tq = vg_sel(notEqual(na, nb), ~q + 1u, q);\n"
		      "\treturn ivec4(vg_sel(equal(b, ivec4(0)), uvec4(0xffffffffu), q));\n}\n",
	/* signed remainder: sign of the dividend, x % 0 = -1 */
	[VG_H_IMOD] = "ivec4 vg_imod(ivec4 a, ivec4 b) {\n"
		      "\tbvec4 na = lessThan(a, ivec4(0)), nb = lessThan(b, ivec4(0));\n"
		      "\tuvec4 ua = vg_sel(na, ~uvec4(a) + 1u, uvec4(a));\n"
		      "\tuvec4 ub = vg_sel(nb, ~uvec4(b) + 1u, uvec4(b));\n"
		      "\tuvec4 r = ua % max(ub, uvec4(1u));\n"
		      "\tr = vg_sel(na, ~r + 1u, r);\n"
		      "\treturn ivec4(vg_sel(equal(b, ivec4(0)), uvec4(0xffffffffu), r));\n}\n",
	/* offset and bits are clamped so that offset + bits <= 32 */
	[VG_H_UBFE] = "uvec4 vg_ubfe(uvec4 v, uvec4 o, uvec4 b) {\n"
		      "\to = min(o, uvec4(32u)); b = min(b, uvec4(32u) - o);\n"
		      "\tuvec4 sb = uvec4(32u) - b;\n"
		      "\tuvec4 r = (v << min(sb - o, uvec4(31u))) >> min(sb, uvec4(31u));\n"
		      "\treturn vg_sel(equal(b, uvec4(0u)), uvec4(0u), r);\n}\n",
	[VG_H_IBFE] = "ivec4 vg_ibfe(ivec4 v, uvec4 o, uvec4 b) {\n"
		      "\to = min(o, uvec4(32u)); b = min(b, uvec4(32u) - o);\n"
		      "\tuvec4 sb = uvec4(32u) - b;\n"
		      "\tivec4 r = (v << min(sb - o, uvec4(31u))) >> min(sb, uvec4(31u));\n"
		      "\treturn ivec4(vg_sel(equal(b, uvec4(0u)), uvec4(0u), uvec4(r)));\n}\n",
	[VG_H_BFI] = "uvec4 vg_bfi(uvec4 base, uvec4 ins, uvec4 o, uvec4 b) {\n"
		     "\to = min(o, uvec4(32u)); b = min(b, uvec4(32u) - o);\n"
		     "\tuvec4 m = vg_sel(equal(b, uvec4(32u)), uvec4(0xffffffffu), "
		     "(uvec4(1u) << min(b, uvec4(31u))) - uvec4(1u));\n"
		     "\tm = vg_sel(equal(o, uvec4(32u)), uvec4(0u), m << min(o, uvec4(31u)));\n"
		     "\treturn ((ins << min(o, uvec4(31u))) & m) | (base & ~m);\n}\n",
	[VG_H_BREV] = "uvec4 vg_brev(uvec4 v) {\n"
		      "\tv = ((v >> 1u) & uvec4(0x55555555u)) | ((v & uvec4(0x55555555u)) << 1u);\n"
		      "\tv = ((v >> 2u) & uvec4(0x33333333u)) | ((v & uvec4(0x33333333u)) << 2u);\n"
		      "\tv = ((v >> 4u) & uvec4(0x0f0f0f0fu)) | ((v & uvec4(0x0f0f0f0fu)) << 4u);\n"
		      "\tv = ((v >> 8u) & uvec4(0x00ff00ffu)) | ((v & uvec4(0x00ff00ffu)) << 8u);\n"
		      "\treturn (v >> 16u) | (v << 16u);\n}\n",
	[VG_H_POPC] = "uvec4 vg_popc(uvec4 v) {\n"
		      "\tv = v - ((v >> 1u) & uvec4(0x55555555u));\n"
		      "\tv = (v & uvec4(0x33333333u)) + ((v >> 2u) & uvec4(0x33333333u));\n"
		      "\tv = (v + (v >> 4u)) & uvec4(0x0f0f0f0fu);\n"
		      "\treturn (v * 0x01010101u) >> 24u;\n}\n",
	[VG_H_LSB] = "uvec4 vg_lsb(uvec4 v) { return vg_sel(equal(v, uvec4(0u)), uvec4(0xffffffffu), "
		     "vg_popc((v & (~v + 1u)) - 1u)); }\n",
	[VG_H_UMSB] = "uvec4 vg_umsb(uvec4 v) {\n"
		      "\tv |= v >> 1u; v |= v >> 2u; v |= v >> 4u; v |= v >> 8u; v |= v >> 16u;\n"
		      "\treturn vg_popc(v) - 1u;\n}\n",
	[VG_H_IMSB] = "uvec4 vg_imsb(uvec4 v) { return vg_umsb(vg_sel(lessThan(ivec4(v), ivec4(0)), "
		      "~v, v)); }\n",
	[VG_H_UMULHI] = "uvec4 vg_umulhi(uvec4 a, uvec4 b) {\n"
			"\tuvec4 al = a & 0xffffu, ah = a >> 16u, bl = b & 0xffffu, bh = b >> 16u;\n"
			"\tuvec4 ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;\n"
			"\tuvec4 mid = (ll >> 16u) + (lh & 0xffffu) + (hl & 0xffffu);\n"
			"\treturn hh + (lh >> 16u) + (hl >> 16u) + (mid >> 16u);\n}\n",
	[VG_H_IMULHI] = "ivec4 vg_imulhi(ivec4 a, ivec4 b) {\n"
			"\tuvec4 h = vg_umulhi(uvec4(a), uvec4(b));\n"
			"\th -= vg_sel(lessThan(a, ivec4(0)), uvec4(b), uvec4(0u));\n"
			"\th -= vg_sel(lessThan(b, ivec4(0)), uvec4(a), uvec4(0u));\n"
			"\treturn ivec4(h);\n}\n",
	/* 64-bit signed: the same pinned results as the 32-bit forms */
	[VG_H_I64DIV] = "i64vec2 vg_i64div(i64vec2 a, i64vec2 b) {\n"
			"\tbvec2 na = lessThan(a, i64vec2(0l)), nb = lessThan(b, i64vec2(0l));\n"
			"\tu64vec2 ua = mix(u64vec2(a), u64vec2(0ul) - u64vec2(a), na);\n"
			"\tu64vec2 ub = mix(u64vec2(b), u64vec2(0ul) - u64vec2(b), nb);\n"
			"\tu64vec2 q = ua / mix(ub, u64vec2(1ul), equal(ub, u64vec2(0ul)));\n"
			"\tq = mix(q, u64vec2(0ul) - q, notEqual(na, nb));\n"
			"\treturn i64vec2(mix(q, u64vec2(~0ul), equal(ub, u64vec2(0ul))));\n}\n",
	[VG_H_I64MOD] = "i64vec2 vg_i64mod(i64vec2 a, i64vec2 b) {\n"
			"\tbvec2 na = lessThan(a, i64vec2(0l)), nb = lessThan(b, i64vec2(0l));\n"
			"\tu64vec2 ua = mix(u64vec2(a), u64vec2(0ul) - u64vec2(a), na);\n"
			"\tu64vec2 ub = mix(u64vec2(b), u64vec2(0ul) - u64vec2(b), nb);\n"
			"\tu64vec2 r = ua % mix(ub, u64vec2(1ul), equal(ub, u64vec2(0ul)));\n"
			"\tr = mix(r, u64vec2(0ul) - r, na);\n"
			"\treturn i64vec2(mix(r, u64vec2(~0ul), equal(ub, u64vec2(0ul))));\n}\n",
	/* GLES has no doubles: a double's IEEE bits (low word first) to the nearest float (ties
	 * to even; overflow to infinity, below the float range to a signed zero, NaN kept) and
	 * back (exact) */
	[VG_H_D2F] = "float vg_d2f(uvec2 b) {\n"
		     "\tuint s = b.y & 0x80000000u, e = (b.y >> 20) & 0x7ffu;\n"
		     "\tuint m = ((b.y & 0xfffffu) << 3) | (b.x >> 29), r = b.x & 0x1fffffffu;\n"
		     "\tif (e == 0x7ffu) return uintBitsToFloat(s | 0x7f800000u | ((m | r) != 0u ? 0x400000u : 0u));\n"
		     "\tif (e <= 896u) return uintBitsToFloat(s);\n"
		     "\tif (e >= 1151u) return uintBitsToFloat(s | 0x7f800000u);\n"
		     "\tuint f = ((e - 896u) << 23) + m;\n"
		     "\tif (r > 0x10000000u || (r == 0x10000000u && (m & 1u) != 0u)) f += 1u;\n"
		     "\treturn uintBitsToFloat(s | min(f, 0x7f800000u));\n}\n",
	[VG_H_F2D] = "uvec2 vg_f2d(float v) {\n"
		     "\tuint u = floatBitsToUint(v), s = u & 0x80000000u, e = (u >> 23) & 0xffu, m = u & 0x7fffffu;\n"
		     "\tif (e == 0u) return uvec2(0u, s);\n"
		     "\tif (e == 0xffu) return uvec2(0u, s | 0x7ff00000u | (m != 0u ? 0x80000u : 0u));\n"
		     "\treturn uvec2(m << 29, s | ((e + 896u) << 20) | (m >> 3));\n}\n",
};

void vg_use_helper(struct vg_ctx *c, enum vg_helper h)
{
	static const uint32_t deps[VG_H_COUNT] = {
		[VG_H_UDIV] = 1u << VG_H_SEL, [VG_H_UMOD] = 1u << VG_H_SEL,
		[VG_H_IDIV] = 1u << VG_H_SEL, [VG_H_IMOD] = 1u << VG_H_SEL,
		[VG_H_UBFE] = 1u << VG_H_SEL, [VG_H_IBFE] = 1u << VG_H_SEL,
		[VG_H_BFI] = 1u << VG_H_SEL,
		[VG_H_LSB] = 1u << VG_H_SEL | 1u << VG_H_POPC,
		[VG_H_UMSB] = 1u << VG_H_POPC,
		[VG_H_IMSB] = 1u << VG_H_SEL | 1u << VG_H_POPC | 1u << VG_H_UMSB,
		[VG_H_IMULHI] = 1u << VG_H_SEL | 1u << VG_H_UMULHI,
	};

	c->helpers |= 1u << h | deps[h];
}

void vg_emit_helpers(struct vg_ctx *c, struct vg_buf *out)
{
	for (unsigned h = 0; h < VG_H_COUNT; h++)
		if (c->helpers & (1u << h))
			vg_puts(out, helper_text[h]);
}

const char *vigil_glsl_stage_prefix(unsigned processor)
{
	static const char *const names[VIGIL_TGSI_PROCESSOR_COUNT] = {
		"vs", "fs", "gs", "tcs", "tes", "cs",
	};

	return processor < VIGIL_TGSI_PROCESSOR_COUNT ? names[processor] : "xx";
}

static vigil_status check_version(const struct vigil_glsl_opts *o)
{
	if (o->gles)
		return o->version == 300 || o->version == 310 || o->version == 320 ? VIGIL_OK
										     : VIGIL_E_UNSUPPORTED;
	return o->version == 330 || (o->version >= 400 && o->version <= 450 && o->version % 10 == 0)
		       ? VIGIL_OK
		       : VIGIL_E_UNSUPPORTED;
}

static vigil_status assemble(struct vg_ctx *c, char **ret_text)
{
	struct vg_buf out = { 0 };

	vg_printf(&out, "#version %u%s\n", (unsigned)c->ver, c->gles ? " es" : " core");
	if (c->ext.len)
		vg_puts(&out, c->ext.p);
	if (c->gles)
		vg_puts(&out, "precision highp float;\nprecision highp int;\n");
	vg_emit_uniforms(c, &out);
	if (c->decl.len)
		vg_puts(&out, c->decl.p);
	vg_emit_helpers(c, &out);
	vg_puts(&out, "void main()\n{\n");
	if (c->body.len)
		vg_puts(&out, c->body.p);
	vg_puts(&out, "}\n");
	if (out.failed || !out.p) {
		vg_buf_free(&out);
		return VIGIL_E_EXHAUSTED;
	}
	*ret_text = out.p;
	return VIGIL_OK;
}

vigil_status vigil_glsl_emit(const struct vigil_tgsi_shader *sh, const struct vigil_glsl_opts *opts,
			     char **ret_text, struct vigil_glsl_info *ret_info)
{
	return vigil_glsl_emit_why(sh, opts, ret_text, ret_info, NULL);
}

vigil_status vigil_glsl_emit_why(const struct vigil_tgsi_shader *sh, const struct vigil_glsl_opts *opts,
				 char **ret_text, struct vigil_glsl_info *ret_info, const char **ret_why)
{
	struct vg_ctx *c;
	struct vigil_glsl_info *info;
	vigil_status s;

	if (!sh || !opts || !ret_text || !ret_info || sh->processor >= VIGIL_TGSI_PROCESSOR_COUNT)
		return VIGIL_E_UNSUPPORTED;
	s = check_version(opts);
	if (s != VIGIL_OK) {
		if (ret_why)
			*ret_why = "GLSL version not emitted";
		return s;
	}
	c = calloc(1, sizeof(*c));
	info = calloc(1, sizeof(*info));
	if (!c || !info) {
		free(c);
		free(info);
		return VIGIL_E_EXHAUSTED;
	}
	c->sh = sh;
	c->o = opts;
	c->info = info;
	c->gles = opts->gles;
	c->ver = opts->version;
	c->pfx = vigil_glsl_stage_prefix(sh->processor);
	vg_scan(c);
	vg_emit_decls(c);
	vg_emit_io_decls(c);
	vg_emit_store_fn(c);
	vg_emit_prologue(c);
	vg_emit_body(c);
	s = c->err;
	if (s == VIGIL_OK && (c->ext.failed || c->decl.failed || c->body.failed))
		s = VIGIL_E_EXHAUSTED;
	if (s == VIGIL_OK)
		s = assemble(c, ret_text);
	if (s == VIGIL_OK)
		*ret_info = *info;
	else if (ret_why)
		*ret_why = c->why ? c->why : "output too large";
	vg_buf_free(&c->ext);
	vg_buf_free(&c->decl);
	vg_buf_free(&c->body);
	free(c);
	free(info);
	return s;
}
