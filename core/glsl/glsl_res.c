/*
 * glsl_res.c: shader resources of GL 4.3 / GLES 3.1: shader storage buffers (BUFFER), images
 * (IMAGE), atomic counters (HWATOMIC), compute shared memory (MEMORY, SHARED) and the opcodes
 * that reach them (LOAD, STORE, ATOM*, RESQ) plus BARRIER and MEMBAR, and the compute stage's
 * work-group layout.
 *
 * Trust: the IR is validated (resource indices declared and below their limits; a MEMORY
 * operand's index is not meaningful, see tgsi_ir.h). Byte addresses are run-time values: every
 * buffer and shared-memory access is guarded against the buffer's length (.length() of the
 * runtime-sized array, or the shared array's size), out-of-range loads read 0, stores and
 * atomics are dropped; image accesses rely on GL's defined out-of-range behaviour (loads return
 * 0, stores are ignored). Guarantees: indirect resource indices, non-shared memory, formatless
 * image loads and 64-bit atomics fail with VIGIL_E_UNSUPPORTED.
 */
#include <stdio.h>
#include <string.h>

#include "glsl_priv.h"
#include "tgsi_tables.h"

enum {
	OP_ATOMFADD = 103, OP_RESQ = 105, OP_MEMBAR = 112, OP_LOAD = 161, OP_STORE = 162,
	OP_BARRIER = 166, OP_ATOMUADD = 167, OP_ATOMCAS = 169, OP_ATOMIMIN = 175, OP_ATOMIMAX = 176,
};

struct img_target {
	const char *type, *coord;
	unsigned dims, size_dims;
	uint16_t gl, es;
};

static const struct img_target img_targets[] = {
	[1] = { "imageBuffer", "int", 1, 1, 430, 320 },
	[2] = { "image1D", "int", 1, 1, 430, 0 },
	[3] = { "image2D", "ivec2", 2, 2, 430, 310 },
	[4] = { "image3D", "ivec3", 3, 3, 430, 310 },
	[5] = { "imageCube", "ivec3", 3, 2, 430, 310 },
	[6] = { "image2DRect", "ivec2", 2, 2, 430, 0 },
	[10] = { "image1DArray", "ivec2", 2, 2, 430, 0 },
	[11] = { "image2DArray", "ivec3", 3, 3, 430, 310 },
	[17] = { "imageCubeArray", "ivec3", 3, 3, 430, 320 },
};

static const struct img_target *img_target_of(unsigned t)
{
	return t < sizeof(img_targets) / sizeof(img_targets[0]) && img_targets[t].type ? &img_targets[t] : NULL;
}

static const struct vigil_tgsi_decl *res_decl(const struct vg_ctx *c, unsigned file, uint32_t index)
{
	for (uint32_t i = 0; i < c->sh->decl_count; i++) {
		const struct vigil_tgsi_decl *d = &c->sh->decls[i];

		if (d->file == file && index >= d->first && index <= d->last)
			return d;
	}
	return NULL;
}

/* The GLSL format qualifier of image n: the declaration's, else on GLES (where every image needs
 * one) the bound view's from the options, else "" (a GL writeonly image without a format). */
static const char *img_fmt(const struct vg_ctx *c, const struct vigil_tgsi_decl *d, uint32_t n)
{
	uint8_t b = c->gles && n < VIGIL_GLSL_MAX_IMAGE_FMTS ? c->o->image_fmt[n] : 0u;

	if (d->image_format && d->image_format < vigil_tgsi_image_format_count)
		return vigil_tgsi_image_formats[d->image_format].glsl;
	return b < vigil_tgsi_image_format_count ? vigil_tgsi_image_formats[b].glsl : "";
}

static enum vigil_glsl_type img_type(const struct vg_ctx *c, const struct vigil_tgsi_decl *d, uint32_t idx)
{
	const char *f = img_fmt(c, d, idx);
	size_t n = strlen(f);

	if (n >= 2 && f[n - 2] == 'u' && f[n - 1] == 'i')
		return VIGIL_GLSL_UINT;
	if (n >= 1 && f[n - 1] == 'i')
		return VIGIL_GLSL_INT;
	return VIGIL_GLSL_FLOAT;
}

/* How image n is used by the program: bit 0 load, bit 1 store, bit 2 atomic. */
static unsigned img_use(const struct vg_ctx *c, uint32_t n)
{
	unsigned use = 0;

	for (uint32_t i = 0; i < c->sh->insn_count; i++) {
		const struct vigil_tgsi_insn *in = &c->sh->insns[i];

		/* an indirect reference may reach every image */
		if (in->opcode == OP_STORE && in->dst.reg.file == VIGIL_TGSI_FILE_IMAGE &&
		    (in->dst.reg.indirect || in->dst.reg.index == (int32_t)n))
			use |= 2;
		if ((in->opcode == OP_LOAD || (in->opcode >= OP_ATOMUADD && in->opcode <= OP_ATOMIMAX)) &&
		    in->src[0].reg.file == VIGIL_TGSI_FILE_IMAGE &&
		    (in->src[0].reg.indirect || in->src[0].reg.index == (int32_t)n))
			use |= in->opcode == OP_LOAD ? 1u : 4u;
	}
	return use;
}

static void decl_image(struct vg_ctx *c, const struct vigil_tgsi_decl *d, uint32_t n)
{
	const struct img_target *t = img_target_of(d->target);
	const char *fmt = img_fmt(c, d, n);
	enum vigil_glsl_type ty = img_type(c, d, n);
	unsigned use = img_use(c, n);
	const char *access = "";
	bool r32 = !strcmp(fmt, "r32f") || !strcmp(fmt, "r32ui") || !strcmp(fmt, "r32i");

	if (!t || !vg_gl(c, t->gl, t->es)) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "image target not in this GLSL version");
		return;
	}
	if (!fmt[0] && c->gles) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "GLES images need a format (none declared or bound)");
		return;
	}
	if (!fmt[0] && (use & 5u)) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "load or atomic on an image without a format");
		return;
	}
	if (!(use & 6u))
		access = "readonly ";
	else if (!(use & 5u))
		access = "writeonly ";
	else if (c->gles && !r32)
		vg_fail(c, VIGIL_E_UNSUPPORTED, "GLES read-write image with a format other than r32");
	if ((use & 4u) && !r32)
		vg_fail(c, VIGIL_E_UNSUPPORTED, "image atomics need an r32 format");
	vg_printf(&c->decl, "layout(%s%sbinding = %u) uniform %s%s%s%s %s_img%u;\n", fmt, fmt[0] ? ", " : "",
		  (unsigned)n, access, c->gles ? "highp " : "",
		  ty == VIGIL_GLSL_UINT ? "u" : ty == VIGIL_GLSL_INT ? "i" : "", t->type, c->pfx, (unsigned)n);
	c->info->image_mask |= 1u << n;
}

static void decl_cs_layout(struct vg_ctx *c)
{
	uint32_t x = 0, y = 1, z = 1;

	if (!vg_prop(c->sh, P_CS_BLOCK_W, &x) || !x) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "compute shader without a fixed block size");
		return;
	}
	vg_prop(c->sh, P_CS_BLOCK_H, &y);
	vg_prop(c->sh, P_CS_BLOCK_D, &z);
	vg_printf(&c->decl, "layout(local_size_x = %u, local_size_y = %u, local_size_z = %u) in;\n",
		  (unsigned)x, (unsigned)(y ? y : 1u), (unsigned)(z ? z : 1u));
}

void vg_emit_res_decls(struct vg_ctx *c)
{
	bool any = false;

	if (c->sh->processor == VIGIL_TGSI_COMP) {
		if (!vg_gl(c, 430, 310)) {
			vg_fail(c, VIGIL_E_UNSUPPORTED, "compute shaders need GLSL 4.30 / ES 3.10");
			return;
		}
		decl_cs_layout(c);
	}
	for (uint32_t i = 0; i < c->sh->decl_count; i++) {
		const struct vigil_tgsi_decl *d = &c->sh->decls[i];

		switch (d->file) {
		case VIGIL_TGSI_FILE_BUFFER:
			for (uint32_t n = d->first; n <= d->last && n < 32; n++) {
				vg_printf(&c->decl, "layout(std430, binding = %u) buffer %s_ssbo%u { uint %s_ssbo%u_d[]; };\n",
					  (unsigned)n, c->pfx, (unsigned)n, c->pfx, (unsigned)n);
				c->info->ssbo_mask |= 1u << n;
			}
			any = true;
			break;
		case VIGIL_TGSI_FILE_IMAGE:
			for (uint32_t n = d->first; n <= d->last && n < 32; n++)
				decl_image(c, d, n);
			any = true;
			break;
		case VIGIL_TGSI_FILE_HWATOMIC:
			for (uint32_t n = d->first; n <= d->last; n++)
				vg_printf(&c->decl, "layout(binding = %u, offset = %u) uniform atomic_uint %s_ac%u_%u;\n",
					  (unsigned)d->dim, (unsigned)(n * 4u), c->pfx, (unsigned)d->dim, (unsigned)n);
			if (d->dim < 32)
				c->info->atomic_mask |= 1u << d->dim;
			any = true;
			break;
		case VIGIL_TGSI_FILE_MEMORY:
			if (d->mem_type != VIGIL_TGSI_MEM_SHARED || c->sh->processor != VIGIL_TGSI_COMP) {
				vg_fail(c, VIGIL_E_UNSUPPORTED, "memory other than compute shared memory");
				break;
			}
			if (!c->o->shared_bytes || c->o->shared_bytes > 65536u || c->o->shared_bytes % 4u) {
				vg_fail(c, VIGIL_E_UNSUPPORTED, "shared memory size not given (opts.shared_bytes)");
				break;
			}
			vg_printf(&c->decl, "shared uint %s_shm[%u];\n", c->pfx, (unsigned)(c->o->shared_bytes / 4u));
			break;
		default:
			break;
		}
	}
	if (any && !vg_gl(c, 430, 310))
		vg_fail(c, VIGIL_E_UNSUPPORTED, "buffers, images and atomic counters need GLSL 4.30 / ES 3.10");
}

/* ---- instructions ---- */

/* The uint array and its length for a BUFFER or MEMORY operand; false for other files. */
static bool mem_array(struct vg_ctx *c, const struct vigil_tgsi_reg *r, char *arr, size_t n, char *len,
		      size_t ln)
{
	if (r->indirect || r->dim_indirect) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "indirect resource index");
		return false;
	}
	if (r->file == VIGIL_TGSI_FILE_BUFFER) {
		vg_fmt(c, arr, n, "%s_ssbo%u_d", c->pfx, (unsigned)r->index);
		vg_fmt(c, len, ln, "uint(%s.length())", arr);
		return true;
	}
	if (r->file == VIGIL_TGSI_FILE_MEMORY) {
		vg_fmt(c, arr, n, "%s_shm", c->pfx);
		vg_fmt(c, len, ln, "%uu", (unsigned)(c->o->shared_bytes / 4u));
		return true;
	}
	return false;
}

static const char *atomic_fn(unsigned op)
{
	static const char *const fns[] = { "atomicAdd", "atomicExchange", "atomicCompSwap", "atomicAnd",
					   "atomicOr", "atomicXor", "atomicMin", "atomicMax" };

	return op >= OP_ATOMUADD && op < OP_ATOMIMIN ? fns[op - OP_ATOMUADD] : NULL;
}

static void mem_insn(struct vg_ctx *c, const struct vigil_tgsi_insn *in, const struct vigil_tgsi_reg *res)
{
	char arr[64], len[96];
	struct vg_expr addr, v, cmp, out;
	static const char letters[] = "xyzw";

	if (!mem_array(c, res, arr, sizeof(arr), len, sizeof(len)))
		return;
	if (in->opcode == OP_STORE) {
		vg_src(c, &in->src[0], VIGIL_GLSL_UINT, &addr);
		vg_src(c, &in->src[1], VIGIL_GLSL_UINT, &v);
		vg_line(c, "{ uint vg_i = (%s).x >> 2u; uvec4 vg_v = %s;", addr.s, v.s);
		for (unsigned k = 0; k < 4; k++)
			if (in->dst.mask & (1u << k))
				vg_line(c, "  if (vg_i + %uu < %s) %s[vg_i + %uu] = vg_v.%c;", k, len, arr, k, letters[k]);
		vg_line(c, "}");
		return;
	}
	vg_src(c, &in->src[1], VIGIL_GLSL_UINT, &addr);
	if (in->opcode == OP_LOAD) {
		vg_line(c, "{ uint vg_i = (%s).x >> 2u; uvec4 vg_r = uvec4(0u);", addr.s);
		for (unsigned k = 0; k < 4; k++)
			if (in->dst.mask & (1u << k))
				vg_line(c, "  if (vg_i + %uu < %s) vg_r.%c = %s[vg_i + %uu];", k, len, letters[k], arr, k);
	} else {
		vg_src(c, &in->src[2], VIGIL_GLSL_UINT, &v);
		vg_line(c, "{ uint vg_i = (%s).x >> 2u; uvec4 vg_r = uvec4(0u);", addr.s);
		vg_line(c, "  if (vg_i < %s) {", len);
		if (in->opcode == OP_ATOMCAS) {
			vg_src(c, &in->src[3], VIGIL_GLSL_UINT, &cmp);
			vg_line(c, "    vg_r = uvec4(atomicCompSwap(%s[vg_i], (%s).x, (%s).x));", arr, v.s, cmp.s);
		} else if (in->opcode == OP_ATOMIMIN || in->opcode == OP_ATOMIMAX) {
			/* signed min/max on uint storage: a compare-and-swap loop */
			vg_line(c, "    uint vg_o;");
			vg_line(c, "    do { vg_o = %s[vg_i]; } while (atomicCompSwap(%s[vg_i], vg_o, "
				   "uint(%s(int(vg_o), int((%s).x)))) != vg_o);",
				arr, arr, in->opcode == OP_ATOMIMIN ? "min" : "max", v.s);
			vg_line(c, "    vg_r = uvec4(vg_o);");
		} else if (atomic_fn(in->opcode)) {
			vg_line(c, "    vg_r = uvec4(%s(%s[vg_i], (%s).x));", atomic_fn(in->opcode), arr, v.s);
		} else {
			vg_fail(c, VIGIL_E_UNSUPPORTED, "atomic opcode");
		}
		vg_line(c, "  }");
	}
	vg_expr_set(c, &out, VIGIL_GLSL_UINT, "vg_r");
	c->indent++;
	vg_store_dst(c, in, &out);
	c->indent--;
	vg_line(c, "}");
}

static void image_insn(struct vg_ctx *c, const struct vigil_tgsi_insn *in, const struct vigil_tgsi_reg *res)
{
	const struct vigil_tgsi_decl *d;
	const struct img_target *t;
	enum vigil_glsl_type ty;
	struct vg_expr coord, v, cmp, r;
	char img[48];
	unsigned ci = in->opcode == OP_STORE ? 0u : 1u;
	const char *const sw[4] = { "", ".x", ".xy", ".xyz" };

	if (res->indirect || res->index < 0 || !(d = res_decl(c, VIGIL_TGSI_FILE_IMAGE, (uint32_t)res->index)) ||
	    !(t = img_target_of(d->target))) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "image operand");
		return;
	}
	ty = img_type(c, d, (uint32_t)res->index);
	snprintf(img, sizeof(img), "%s_img%u", c->pfx, (unsigned)res->index);
	vg_src(c, &in->src[ci], VIGIL_GLSL_INT, &coord);
	if (in->opcode == OP_STORE) {
		vg_src(c, &in->src[1], ty, &v);
		vg_line(c, "imageStore(%s, %s((%s)%s), %s);", img, t->coord, coord.s, sw[t->dims], v.s);
		return;
	}
	if (in->opcode != OP_LOAD && !vg_gl(c, 430, 320)) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "image atomics need GLSL 4.30 / ES 3.20");
		return;
	}
	if (in->opcode == OP_LOAD) {
		vg_expr_set(c, &r, ty, "imageLoad(%s, %s((%s)%s))", img, t->coord, coord.s, sw[t->dims]);
	} else if (in->opcode == OP_ATOMCAS) {
		vg_src(c, &in->src[2], ty, &v);
		vg_src(c, &in->src[3], ty, &cmp);
		vg_expr_set(c, &r, ty, "%s(imageAtomicCompSwap(%s, %s((%s)%s), (%s).x, (%s).x))", vg_vec(ty), img,
			    t->coord, coord.s, sw[t->dims], v.s, cmp.s);
	} else {
		static const char *const fns[] = { "imageAtomicAdd", "imageAtomicExchange", NULL, "imageAtomicAnd",
						   "imageAtomicOr", "imageAtomicXor", "imageAtomicMin",
						   "imageAtomicMax", "imageAtomicMin", "imageAtomicMax" };
		unsigned k = (unsigned)(in->opcode - OP_ATOMUADD);
		enum vigil_glsl_type at = in->opcode >= OP_ATOMIMIN ? VIGIL_GLSL_INT
					  : in->opcode >= 173 ? VIGIL_GLSL_UINT : ty;

		if (in->opcode < OP_ATOMUADD || k >= sizeof(fns) / sizeof(fns[0]) || !fns[k] ||
		    (at != ty && in->opcode >= 173)) {
			vg_fail(c, VIGIL_E_UNSUPPORTED, "image atomic opcode for this image type");
			return;
		}
		vg_src(c, &in->src[2], ty, &v);
		vg_expr_set(c, &r, ty, "%s(%s(%s, %s((%s)%s), (%s).x))", vg_vec(ty), fns[k], img, t->coord,
			    coord.s, sw[t->dims], v.s);
	}
	vg_store_dst(c, in, &r);
}

static void resq(struct vg_ctx *c, const struct vigil_tgsi_insn *in)
{
	const struct vigil_tgsi_reg *res = &in->src[0].reg;
	const struct vigil_tgsi_decl *d;
	const struct img_target *t;
	struct vg_expr r;
	char arr[64], len[96];

	if (res->file == VIGIL_TGSI_FILE_BUFFER) {
		if (!mem_array(c, res, arr, sizeof(arr), len, sizeof(len)))
			return;
		vg_expr_set(c, &r, VIGIL_GLSL_UINT, "uvec4(%s * 4u, 0u, 0u, 0u)", len);
	} else if (res->file == VIGIL_TGSI_FILE_IMAGE && !res->indirect && res->index >= 0 &&
		   (d = res_decl(c, VIGIL_TGSI_FILE_IMAGE, (uint32_t)res->index)) && (t = img_target_of(d->target))) {
		vg_expr_set(c, &r, VIGIL_GLSL_INT, "ivec4(imageSize(%s_img%u)%s)", c->pfx, (unsigned)res->index,
			    t->size_dims == 1 ? ", 0, 0, 0" : t->size_dims == 2 ? ", 0, 0" : ", 0");
	} else {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "RESQ operand");
		return;
	}
	vg_store_dst(c, in, &r);
}

/* Other counter atomics: ARB_shader_atomic_counter_ops (desktop GL; the GLSL 4.60 names). */
static bool counter_op(struct vg_ctx *c, const struct vigil_tgsi_insn *in, const char *name, struct vg_expr *r)
{
	static const char *const fns[] = { "atomicCounterAdd", "atomicCounterExchange", "atomicCounterCompSwap",
					   "atomicCounterAnd", "atomicCounterOr", "atomicCounterXor",
					   "atomicCounterMin", "atomicCounterMax" };
	struct vg_expr v, w;
	unsigned k = (unsigned)(in->opcode - OP_ATOMUADD);

	if (in->opcode < OP_ATOMUADD || k >= sizeof(fns) / sizeof(fns[0]) || c->gles || c->ver < 430) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "atomic counter operation other than read, +1, -1 here");
		return false;
	}
	if (c->ver < 460)
		vg_need_ext(c, "GL_ARB_shader_atomic_counter_ops");
	vg_src(c, &in->src[2], VIGIL_GLSL_UINT, &v);
	if (in->opcode == OP_ATOMCAS) {
		vg_src(c, &in->src[3], VIGIL_GLSL_UINT, &w);
		vg_expr_set(c, r, VIGIL_GLSL_UINT, "uvec4(%s%s(%s, (%s).x, (%s).x))", fns[k], c->ver < 460 ? "ARB" : "",
			    name, v.s, w.s);
	} else {
		vg_expr_set(c, r, VIGIL_GLSL_UINT, "uvec4(%s%s(%s, (%s).x))", fns[k], c->ver < 460 ? "ARB" : "", name,
			    v.s);
	}
	return true;
}

static void hwatomic(struct vg_ctx *c, const struct vigil_tgsi_insn *in, const struct vigil_tgsi_reg *res)
{
	struct vg_expr r;
	char name[48];
	const struct vigil_tgsi_src *v = &in->src[2];
	uint32_t inc = 0;
	bool imm = v->reg.file == VIGIL_TGSI_FILE_IMM && !v->reg.indirect && v->reg.index >= 0 &&
		   (uint32_t)v->reg.index < c->sh->imm_count;

	if (res->indirect || res->dim_indirect || res->index < 0) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "indirect atomic counter");
		return;
	}
	snprintf(name, sizeof(name), "%s_ac%u_%u", c->pfx, (unsigned)res->dim, (unsigned)res->index);
	if (imm)
		inc = c->sh->imms[v->reg.index].v[v->swizzle[0] & 3u];
	if (in->opcode == OP_LOAD)
		vg_expr_set(c, &r, VIGIL_GLSL_UINT, "uvec4(atomicCounter(%s))", name);
	else if (in->opcode == OP_ATOMUADD && imm && inc == 1u && !v->negate)
		vg_expr_set(c, &r, VIGIL_GLSL_UINT, "uvec4(atomicCounterIncrement(%s))", name);
	else if (in->opcode == OP_ATOMUADD && imm && inc == 0xffffffffu && !v->negate)
		vg_expr_set(c, &r, VIGIL_GLSL_UINT, "uvec4(atomicCounterDecrement(%s) + 1u)", name);
	else if (!counter_op(c, in, name, &r))
		return;
	vg_store_dst(c, in, &r);
}

static void membar(struct vg_ctx *c, const struct vigil_tgsi_insn *in)
{
	const struct vigil_tgsi_src *s = &in->src[0];
	uint32_t bits = 0x1f;

	if (s->reg.file == VIGIL_TGSI_FILE_IMM && !s->reg.indirect && s->reg.index >= 0 &&
	    (uint32_t)s->reg.index < c->sh->imm_count)
		bits = c->sh->imms[s->reg.index].v[s->swizzle[0] & 3u];
	if (bits & 1u)
		vg_line(c, "memoryBarrierBuffer();");
	if (bits & 2u)
		vg_line(c, "memoryBarrierAtomicCounter();");
	if (bits & 4u)
		vg_line(c, "memoryBarrierImage();");
	if ((bits & 8u) && c->sh->processor == VIGIL_TGSI_COMP)
		vg_line(c, "memoryBarrierShared();");
	if ((bits & 16u) && c->sh->processor == VIGIL_TGSI_COMP)
		vg_line(c, "groupMemoryBarrier();");
}

static void res_direct(struct vg_ctx *c, const struct vigil_tgsi_insn *in, const struct vigil_tgsi_reg *res)
{
	switch (res->file) {
	case VIGIL_TGSI_FILE_BUFFER:
	case VIGIL_TGSI_FILE_MEMORY:
		mem_insn(c, in, res);
		return;
	case VIGIL_TGSI_FILE_IMAGE:
		image_insn(c, in, res);
		return;
	case VIGIL_TGSI_FILE_HWATOMIC:
		if (in->opcode == OP_STORE)
			vg_fail(c, VIGIL_E_UNSUPPORTED, "STORE to an atomic counter");
		else
			hwatomic(c, in, res);
		return;
	default:
		vg_fail(c, VIGIL_E_UNSUPPORTED, "memory opcode on this register file");
		return;
	}
}

/* BUFFER[ind], IMAGE[ind], HWATOMIC[b][ind]: a switch over the declared resources of that file
 * (binding), each case the direct form with its result parked in vg_rr; an index naming
 * nothing declared does nothing and reads 0. */
static void res_indirect(struct vg_ctx *c, const struct vigil_tgsi_insn *in, const struct vigil_tgsi_reg *res)
{
	struct vigil_tgsi_insn one = *in;
	struct vigil_tgsi_reg *r1 = in->opcode == OP_STORE ? &one.dst.reg : &one.src[0].reg;
	uint32_t limit = res->file == VIGIL_TGSI_FILE_HWATOMIC ? VIGIL_TGSI_MAX_HWATOMICS : 32u;
	char ind[96];
	struct vg_expr out;
	unsigned n = 0;

	if (res->dim_indirect || (res->file != VIGIL_TGSI_FILE_BUFFER && res->file != VIGIL_TGSI_FILE_IMAGE &&
				  res->file != VIGIL_TGSI_FILE_HWATOMIC) || !vg_gl(c, 400, 320)) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "indirect resource index");
		return;
	}
	vg_ind_expr(c, res, ind, sizeof(ind));
	vg_line(c, "{ uvec4 vg_rr = uvec4(0u);");
	vg_line(c, "switch (%s + (%d)) {", ind, (int)res->index);
	r1->indirect = false;
	for (uint32_t k = 0; k < limit && c->err == VIGIL_OK; k++) {
		bool declared = false;

		for (uint32_t i = 0; i < c->sh->decl_count && !declared; i++) {
			const struct vigil_tgsi_decl *d = &c->sh->decls[i];

			declared = d->file == res->file && k >= d->first && k <= d->last &&
				   (res->file != VIGIL_TGSI_FILE_HWATOMIC || d->dim == res->dim);
		}
		if (!declared)
			continue;
		if (++n > 64) {
			vg_fail(c, VIGIL_E_UNSUPPORTED, "indirect resource index over too many resources");
			return;
		}
		r1->index = (int32_t)k;
		vg_line(c, "case %u: {", (unsigned)k);
		c->indent++;
		c->redirect_dst = true;
		res_direct(c, &one, r1);
		c->redirect_dst = false;
		vg_line(c, "break; }");
		c->indent--;
	}
	vg_line(c, "default:");
	vg_line(c, "\tbreak;");
	vg_line(c, "}");
	if (in->opcode != OP_STORE) {
		vg_expr_set(c, &out, VIGIL_GLSL_UINT, "vg_rr");
		vg_store_dst(c, in, &out);
	}
	vg_line(c, "}");
}

bool vg_emit_res(struct vg_ctx *c, const struct vigil_tgsi_insn *in)
{
	const struct vigil_tgsi_reg *res;

	switch (in->opcode) {
	case OP_BARRIER:
		if (c->sh->processor != VIGIL_TGSI_COMP && c->sh->processor != VIGIL_TGSI_TESS_CTRL)
			vg_fail(c, VIGIL_E_UNSUPPORTED, "BARRIER outside compute / tessellation control");
		vg_line(c, "barrier();");
		return true;
	case OP_MEMBAR:
		if (!vg_gl(c, 430, 310))
			vg_fail(c, VIGIL_E_UNSUPPORTED, "memory barriers need GLSL 4.30 / ES 3.10");
		membar(c, in);
		return true;
	case OP_RESQ:
		resq(c, in);
		return true;
	case OP_ATOMFADD:
		vg_fail(c, VIGIL_E_UNSUPPORTED, "float atomics");
		return true;
	case OP_LOAD:
	case OP_STORE:
		break;
	default:
		if (in->opcode < OP_ATOMUADD || in->opcode > OP_ATOMIMAX)
			return false;
		break;
	}
	res = in->opcode == OP_STORE ? &in->dst.reg : &in->src[0].reg;
	if (res->indirect && res->file != VIGIL_TGSI_FILE_MEMORY)
		res_indirect(c, in, res);
	else
		res_direct(c, in, res);
	return true;
}
