/*
 * tgsi_wire.c: the flat encoding of the shader IR (tgsi_wire.h): size, encode, decode.
 *
 * Layout (version 1), little-endian, every field written byte by byte (no struct images, so
 * no ABI padding or host byte order crosses the boundary):
 *   header   24 bytes: u32 magic "VTIR", u16 version, u8 processor, u8 prop_count,
 *            u32 decl_count, u32 imm_count, u32 insn_count, u32 reserved (0)
 *   props     8 bytes each: u8 name, 3 zero bytes, u32 value
 *   decls    32 bytes each (decl_bytes()), imms 24 bytes each, then the instructions:
 *   insn     16 bytes + 32 per destination, source and texture offset actually present
 *            (counts in the instruction; a register takes 24 of an operand's 32 bytes).
 * Flags are bit sets whose undefined bits are zero. Padding policy: every padding and reserved
 * byte and every undefined flag bit must be zero, and the blob must end exactly after the last
 * instruction; anything else is VIGIL_E_STATE. So a blob is canonical: decode accepts exactly
 * the blobs encode can produce from a checked IR, and decode -> encode gives the same bytes.
 *
 * Trust: encode and size take IR the parser produced (the gate); decode takes bytes from the
 * other process (hostile): the header's counts are checked against tgsi_limits.h and against
 * the blob length (with the smallest instruction size, in size_t arithmetic that cannot
 * overflow at those limits) before anything is allocated; every read is bounds-checked by the
 * cursor; the decoded IR must then pass vigil_tgsi_ir_check (tgsi_check.c). No recursion.
 */
#include "tgsi_wire.h"

#include <stdlib.h>
#include <string.h>

#include "tgsi_limits.h"
#include "tgsi_parse.h"

#define WIRE_MAGIC 0x52495456u /* "VTIR" */
#define WIRE_VERSION 1u
#define HDR_BYTES 24u
#define PROP_BYTES 8u
#define DECL_BYTES 32u
#define IMM_BYTES 24u
#define INSN_BYTES 16u
#define OPND_BYTES 32u
#define REG_BYTES 24u

/* Flag bits. */
#define R_DIM 1u
#define R_IND 2u
#define R_DIMIND 4u
#define R_ALL 7u
#define D_DIM 1u
#define D_SEM 2u
#define D_LOCAL 4u
#define D_INV 8u
#define D_WR 16u
#define D_RAW 32u
#define D_ATOMIC 64u
#define D_ALL 127u
#define I_SAT 1u
#define I_PRECISE 2u
#define I_LABEL 4u
#define I_ALL 7u
#define S_NEG 1u
#define S_ABS 2u
#define S_ALL 3u

_Static_assert((size_t)HDR_BYTES + VIGIL_TGSI_MAX_PROPS * PROP_BYTES +
			       (size_t)VIGIL_TGSI_MAX_DECLS * DECL_BYTES +
			       (size_t)VIGIL_TGSI_MAX_IMMS * IMM_BYTES +
			       (size_t)VIGIL_TGSI_MAX_INSNS *
				       (INSN_BYTES + OPND_BYTES * (1 + VIGIL_TGSI_MAX_SRC +
								  VIGIL_TGSI_MAX_TEX_OFFSETS)) <
		       UINT32_MAX,
	       "the largest blob fits a record span (u32) and cannot overflow size_t");

/* --- writer ------------------------------------------------------------------------------- */

struct wr {
	uint8_t *p;
};

static void w8(struct wr *w, uint32_t v)
{
	*w->p++ = (uint8_t)v;
}

static void w16(struct wr *w, uint32_t v)
{
	w8(w, v);
	w8(w, v >> 8);
}

static void w32(struct wr *w, uint32_t v)
{
	w16(w, v);
	w16(w, v >> 16);
}

static void wzero(struct wr *w, unsigned n)
{
	memset(w->p, 0, n);
	w->p += n;
}

static void w_reg(struct wr *w, const struct vigil_tgsi_reg *r)
{
	w8(w, r->file);
	w8(w, (r->has_dim ? R_DIM : 0) | (r->indirect ? R_IND : 0) | (r->dim_indirect ? R_DIMIND : 0));
	w8(w, r->ind_file);
	w8(w, r->ind_comp);
	w8(w, r->dim_ind_file);
	w8(w, r->dim_ind_comp);
	w16(w, r->array_id);
	w32(w, (uint32_t)r->index);
	w32(w, r->dim);
	w32(w, r->ind_index);
	w32(w, r->dim_ind_index);
}

static void w_decl(struct wr *w, const struct vigil_tgsi_decl *d)
{
	w8(w, d->file);
	w8(w, d->mask);
	w8(w, (d->has_dim ? D_DIM : 0) | (d->has_semantic ? D_SEM : 0) | (d->local ? D_LOCAL : 0) |
		      (d->invariant ? D_INV : 0) | (d->image_writable ? D_WR : 0) |
		      (d->image_raw ? D_RAW : 0) | (d->atomic ? D_ATOMIC : 0));
	w8(w, d->semantic);
	w8(w, d->interp);
	w8(w, d->location);
	w8(w, d->target);
	w8(w, d->image_format);
	for (unsigned i = 0; i < 4; i++)
		w8(w, d->return_type[i]);
	w8(w, d->mem_type);
	w8(w, 0);
	w16(w, d->array_id);
	w32(w, d->first);
	w32(w, d->last);
	w32(w, d->dim);
	w32(w, d->semantic_index);
}

static void w_insn(struct wr *w, const struct vigil_tgsi_insn *in)
{
	unsigned i;

	w16(w, in->opcode);
	w8(w, (in->saturate ? I_SAT : 0) | (in->precise ? I_PRECISE : 0) | (in->has_label ? I_LABEL : 0));
	w8(w, in->num_dst);
	w8(w, in->num_src);
	w8(w, in->tex_target);
	w8(w, in->num_offsets);
	w8(w, in->mem_qualifier);
	w8(w, in->mem_target);
	w8(w, in->mem_format);
	w16(w, 0);
	w32(w, in->label);
	for (i = 0; i < in->num_dst; i++) {
		w_reg(w, &in->dst.reg);
		w8(w, in->dst.mask);
		wzero(w, OPND_BYTES - REG_BYTES - 1);
	}
	for (i = 0; i < in->num_src; i++) {
		const struct vigil_tgsi_src *s = &in->src[i];

		w_reg(w, &s->reg);
		for (unsigned c = 0; c < 4; c++)
			w8(w, s->swizzle[c]);
		w8(w, (s->negate ? S_NEG : 0) | (s->absolute ? S_ABS : 0));
		wzero(w, OPND_BYTES - REG_BYTES - 5);
	}
	for (i = 0; i < in->num_offsets; i++) {
		w_reg(w, &in->offsets[i].reg);
		for (unsigned c = 0; c < 3; c++)
			w8(w, in->offsets[i].swizzle[c]);
		wzero(w, OPND_BYTES - REG_BYTES - 3);
	}
}

static size_t insn_bytes(const struct vigil_tgsi_insn *in)
{
	return INSN_BYTES + OPND_BYTES * ((size_t)(in->num_dst ? 1 : 0) + in->num_src + in->num_offsets);
}

size_t vigil_tgsi_wire_size(const struct vigil_tgsi_shader *sh)
{
	size_t n = HDR_BYTES + (size_t)sh->prop_count * PROP_BYTES +
		   (size_t)sh->decl_count * DECL_BYTES + (size_t)sh->imm_count * IMM_BYTES;

	for (uint32_t i = 0; i < sh->insn_count; i++)
		n += insn_bytes(&sh->insns[i]);
	return n;
}

vigil_status vigil_tgsi_wire_encode(const struct vigil_tgsi_shader *sh, void *buf, size_t cap)
{
	struct wr w = { buf };
	uint32_t i;

	/* the IR comes from the parser: its counts are bounded (the size cannot overflow) */
	if (sh->insn_count > VIGIL_TGSI_MAX_INSNS || sh->decl_count > VIGIL_TGSI_MAX_DECLS ||
	    sh->imm_count > VIGIL_TGSI_MAX_IMMS || sh->prop_count > VIGIL_TGSI_MAX_PROPS)
		return VIGIL_E_STATE;
	for (i = 0; i < sh->insn_count; i++)
		if (sh->insns[i].num_dst > 1 || sh->insns[i].num_src > VIGIL_TGSI_MAX_SRC ||
		    sh->insns[i].num_offsets > VIGIL_TGSI_MAX_TEX_OFFSETS)
			return VIGIL_E_STATE;
	if (cap < vigil_tgsi_wire_size(sh))
		return VIGIL_E_EXHAUSTED;
	w32(&w, WIRE_MAGIC);
	w16(&w, WIRE_VERSION);
	w8(&w, sh->processor);
	w8(&w, sh->prop_count);
	w32(&w, sh->decl_count);
	w32(&w, sh->imm_count);
	w32(&w, sh->insn_count);
	w32(&w, 0);
	for (i = 0; i < sh->prop_count; i++) {
		w8(&w, sh->props[i].name);
		wzero(&w, 3);
		w32(&w, sh->props[i].value);
	}
	for (i = 0; i < sh->decl_count; i++)
		w_decl(&w, &sh->decls[i]);
	for (i = 0; i < sh->imm_count; i++) {
		w8(&w, sh->imms[i].type);
		wzero(&w, 3);
		for (unsigned c = 0; c < 4; c++)
			w32(&w, sh->imms[i].v[c]);
		wzero(&w, 4);
	}
	for (i = 0; i < sh->insn_count; i++)
		w_insn(&w, &sh->insns[i]);
	return VIGIL_OK;
}

/* --- reader: every read checked against the end; the first failure is sticky ------------- */

struct rd {
	const uint8_t *p, *end;
	bool bad;
};

static uint32_t r8(struct rd *r)
{
	if (r->bad || r->p == r->end) {
		r->bad = true;
		return 0;
	}
	return *r->p++;
}

static uint32_t r16(struct rd *r)
{
	uint32_t lo = r8(r);

	return lo | r8(r) << 8;
}

static uint32_t r32(struct rd *r)
{
	uint32_t lo = r16(r);

	return lo | r16(r) << 16;
}

/* n padding bytes, which must be zero */
static void rzero(struct rd *r, unsigned n)
{
	while (n--)
		if (r8(r))
			r->bad = true;
}

/* A flags byte whose bits outside `all` must be zero. */
static uint32_t rflags(struct rd *r, uint32_t all)
{
	uint32_t f = r8(r);

	if (f & ~all)
		r->bad = true;
	return f;
}

static void r_reg(struct rd *r, struct vigil_tgsi_reg *g)
{
	uint32_t f;

	g->file = (uint8_t)r8(r);
	f = rflags(r, R_ALL);
	g->has_dim = f & R_DIM;
	g->indirect = f & R_IND;
	g->dim_indirect = f & R_DIMIND;
	g->ind_file = (uint8_t)r8(r);
	g->ind_comp = (uint8_t)r8(r);
	g->dim_ind_file = (uint8_t)r8(r);
	g->dim_ind_comp = (uint8_t)r8(r);
	g->array_id = (uint16_t)r16(r);
	g->index = (int32_t)r32(r);
	g->dim = r32(r);
	g->ind_index = r32(r);
	g->dim_ind_index = r32(r);
}

static void r_decl(struct rd *r, struct vigil_tgsi_decl *d)
{
	uint32_t f;

	d->file = (uint8_t)r8(r);
	d->mask = (uint8_t)r8(r);
	f = rflags(r, D_ALL);
	d->has_dim = f & D_DIM;
	d->has_semantic = f & D_SEM;
	d->local = f & D_LOCAL;
	d->invariant = f & D_INV;
	d->image_writable = f & D_WR;
	d->image_raw = f & D_RAW;
	d->atomic = f & D_ATOMIC;
	d->semantic = (uint8_t)r8(r);
	d->interp = (uint8_t)r8(r);
	d->location = (uint8_t)r8(r);
	d->target = (uint8_t)r8(r);
	d->image_format = (uint8_t)r8(r);
	for (unsigned i = 0; i < 4; i++)
		d->return_type[i] = (uint8_t)r8(r);
	d->mem_type = (uint8_t)r8(r);
	rzero(r, 1);
	d->array_id = (uint16_t)r16(r);
	d->first = r32(r);
	d->last = r32(r);
	d->dim = r32(r);
	d->semantic_index = r32(r);
}

static void r_insn(struct rd *r, struct vigil_tgsi_insn *in)
{
	uint32_t f;
	unsigned i;

	in->opcode = (uint16_t)r16(r);
	f = rflags(r, I_ALL);
	in->saturate = f & I_SAT;
	in->precise = f & I_PRECISE;
	in->has_label = f & I_LABEL;
	in->num_dst = (uint8_t)r8(r);
	in->num_src = (uint8_t)r8(r);
	in->tex_target = (uint8_t)r8(r);
	in->num_offsets = (uint8_t)r8(r);
	in->mem_qualifier = (uint8_t)r8(r);
	in->mem_target = (uint8_t)r8(r);
	in->mem_format = (uint8_t)r8(r);
	rzero(r, 2);
	in->label = r32(r);
	/* the counts index fixed arrays: bound them before reading operands */
	if (in->num_dst > 1 || in->num_src > VIGIL_TGSI_MAX_SRC ||
	    in->num_offsets > VIGIL_TGSI_MAX_TEX_OFFSETS) {
		r->bad = true;
		return;
	}
	for (i = 0; i < in->num_dst; i++) {
		r_reg(r, &in->dst.reg);
		in->dst.mask = (uint8_t)r8(r);
		rzero(r, OPND_BYTES - REG_BYTES - 1);
	}
	for (i = 0; i < in->num_src; i++) {
		struct vigil_tgsi_src *s = &in->src[i];

		r_reg(r, &s->reg);
		for (unsigned c = 0; c < 4; c++)
			s->swizzle[c] = (uint8_t)r8(r);
		f = rflags(r, S_ALL);
		s->negate = f & S_NEG;
		s->absolute = f & S_ABS;
		rzero(r, OPND_BYTES - REG_BYTES - 5);
	}
	for (i = 0; i < in->num_offsets; i++) {
		r_reg(r, &in->offsets[i].reg);
		for (unsigned c = 0; c < 3; c++)
			in->offsets[i].swizzle[c] = (uint8_t)r8(r);
		rzero(r, OPND_BYTES - REG_BYTES - 3);
	}
}

/* Header and counts; the size check uses the smallest instruction, before any allocation. */
static vigil_status r_header(struct rd *r, size_t len, struct vigil_tgsi_shader *sh)
{
	size_t min;

	if (len < HDR_BYTES || r32(r) != WIRE_MAGIC || r16(r) != WIRE_VERSION)
		return VIGIL_E_STATE;
	sh->processor = (uint8_t)r8(r);
	sh->prop_count = r8(r);
	sh->decl_count = r32(r);
	sh->imm_count = r32(r);
	sh->insn_count = r32(r);
	if (r32(r) != 0 || r->bad)
		return VIGIL_E_STATE;
	if (sh->prop_count > VIGIL_TGSI_MAX_PROPS || sh->decl_count > VIGIL_TGSI_MAX_DECLS ||
	    sh->imm_count > VIGIL_TGSI_MAX_IMMS || sh->insn_count == 0 ||
	    sh->insn_count > VIGIL_TGSI_MAX_INSNS)
		return VIGIL_E_STATE;
	/* bounded counts: this sum stays far below SIZE_MAX (static assert above) */
	min = HDR_BYTES + (size_t)sh->prop_count * PROP_BYTES + (size_t)sh->decl_count * DECL_BYTES +
	      (size_t)sh->imm_count * IMM_BYTES + (size_t)sh->insn_count * INSN_BYTES;
	return len < min ? VIGIL_E_STATE : VIGIL_OK;
}

static vigil_status decode(struct rd *r, size_t len, struct vigil_tgsi_shader *sh)
{
	uint32_t i;

	if (r_header(r, len, sh))
		return VIGIL_E_STATE;
	sh->insns = calloc(sh->insn_count, sizeof(*sh->insns));
	sh->decls = sh->decl_count ? calloc(sh->decl_count, sizeof(*sh->decls)) : NULL;
	sh->imms = sh->imm_count ? calloc(sh->imm_count, sizeof(*sh->imms)) : NULL;
	if (!sh->insns || (sh->decl_count && !sh->decls) || (sh->imm_count && !sh->imms))
		return VIGIL_E_EXHAUSTED;
	for (i = 0; i < sh->prop_count; i++) {
		sh->props[i].name = (uint8_t)r8(r);
		rzero(r, 3);
		sh->props[i].value = r32(r);
	}
	for (i = 0; i < sh->decl_count; i++)
		r_decl(r, &sh->decls[i]);
	for (i = 0; i < sh->imm_count; i++) {
		sh->imms[i].type = (uint8_t)r8(r);
		rzero(r, 3);
		for (unsigned c = 0; c < 4; c++)
			sh->imms[i].v[c] = r32(r);
		rzero(r, 4);
	}
	for (i = 0; i < sh->insn_count && !r->bad; i++)
		r_insn(r, &sh->insns[i]);
	if (r->bad || r->p != r->end)
		return VIGIL_E_STATE;
	return vigil_tgsi_ir_check(sh);
}

vigil_status vigil_tgsi_wire_decode(const void *buf, size_t len, struct vigil_tgsi_shader **ret_sh)
{
	struct rd r = { buf, (const uint8_t *)buf + len, false };
	struct vigil_tgsi_shader *sh;
	vigil_status s;

	*ret_sh = NULL;
	if (!buf)
		return VIGIL_E_STATE;
	sh = calloc(1, sizeof(*sh));
	if (!sh)
		return VIGIL_E_EXHAUSTED;
	s = decode(&r, len, sh);
	if (s != VIGIL_OK) {
		vigil_tgsi_free(sh);
		return s;
	}
	*ret_sh = sh;
	return VIGIL_OK;
}
