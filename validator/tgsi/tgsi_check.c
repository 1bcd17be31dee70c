/*
 * tgsi_check.c: vigil_tgsi_ir_check (tgsi_wire.h), every invariant tgsi_ir.h promises, checked
 * on an in-memory IR: the decoder runs it on each IR that crossed the process boundary, tests
 * run it on each IR the parser produced.
 *
 * Input: an IR from anywhere (hostile when decoded). Guarantees: no recursion, no allocation
 * but one fixed-size map state, every array read bounded by a count already checked against
 * its limit; VIGIL_OK only when: counts within tgsi_limits.h; every enum in range; fields a
 * kind of statement or operand does not use are zero; declarations inside their files' limits,
 * no register declared twice (an IN/OUT register again only with the same semantic and
 * dimension), array ids unique; an IN/OUT operand 2-D exactly when its register
 * (or array) was declared 2-D; each operand's file allowed in its slot,
 * direct indices declared (MEMORY and an indirect constant buffer: the file declared, IMM:
 * below imm_count), indirect bases inside the file's limit or their array; operand counts from
 * the opcode table; labels below VIGIL_TGSI_MAX_INSNS (informational); IF/ELSE/ENDIF, BGNLOOP/ENDLOOP, SWITCH/CASE/
 * ENDSWITCH balanced within VIGIL_TGSI_MAX_NESTING; END exactly once, last. The parser's
 * output always passes (tests/tgsi): the checks are the parser's, restated on the IR, except
 * that "declared earlier" becomes "declared" (the IR keeps no statement order).
 */
#include <stdlib.h>
#include <string.h>

#include "tgsi_limits.h"
#include "tgsi_tables.h"
#include "tgsi_wire.h"

#define MAP_BITS VIGIL_TGSI_MAX_TEMPS

_Static_assert(VIGIL_TGSI_MAX_CONSTS <= MAP_BITS && VIGIL_TGSI_MAX_IMAGES <= MAP_BITS &&
		       VIGIL_TGSI_MAX_HWATOMICS <= MAP_BITS && VIGIL_TGSI_MAX_SAMPLER_VIEWS <= MAP_BITS,
	       "declaration maps");

struct array_info {
	bool defined;
	bool two_d;
	uint8_t file;
	uint32_t first, last;
};

struct check_state {
	const struct vigil_tgsi_shader *sh;
	bool any[VIGIL_TGSI_FILE_COUNT];
	bool cany[VIGIL_TGSI_MAX_CONST_BUFFERS];
	bool hany[VIGIL_TGSI_MAX_HWATOMIC_BUFFERS];
	bool any1[2], any2[2];                 /* IN ([0]) / OUT ([1]): some 1-D / 2-D register */
	uint8_t map2[2][MAP_BITS / 8];         /* IN / OUT registers declared 2-D */
	uint8_t io_sem[2][MAP_BITS];           /* IN / OUT: 1 + semantic of the register, 0 none */
	uint32_t io_sem_index[2][MAP_BITS];
	uint8_t map[VIGIL_TGSI_FILE_COUNT][MAP_BITS / 8];
	uint8_t cmap[VIGIL_TGSI_MAX_CONST_BUFFERS][MAP_BITS / 8];
	uint8_t hmap[VIGIL_TGSI_MAX_HWATOMIC_BUFFERS][VIGIL_TGSI_MAX_HWATOMICS / 8];
	struct array_info arrays[VIGIL_TGSI_MAX_ARRAY_ID + 1];
	uint8_t blocks[VIGIL_TGSI_MAX_NESTING];
	uint32_t depth;
};

enum { BLK_IF, BLK_ELSE, BLK_LOOP, BLK_SWITCH };

#define BAD VIGIL_E_STATE

static const struct vigil_tgsi_opinfo *opinfo(uint16_t opcode)
{
	for (unsigned i = 0; i < vigil_tgsi_opcode_count; i++)
		if (vigil_tgsi_opcodes[i].opcode == opcode)
			return &vigil_tgsi_opcodes[i];
	return NULL;
}

static uint8_t *map_of(struct check_state *st, unsigned file, uint32_t dim)
{
	if (file == VIGIL_TGSI_FILE_CONST)
		return dim < VIGIL_TGSI_MAX_CONST_BUFFERS ? st->cmap[dim] : NULL;
	if (file == VIGIL_TGSI_FILE_HWATOMIC)
		return dim < VIGIL_TGSI_MAX_HWATOMIC_BUFFERS ? st->hmap[dim] : NULL;
	return st->map[file];
}

static bool declared(struct check_state *st, unsigned file, uint32_t dim, uint32_t index)
{
	const uint8_t *m;

	if (file >= VIGIL_TGSI_FILE_COUNT || index >= vigil_tgsi_file_limit(file))
		return false;
	m = map_of(st, file, dim);
	return m && ((unsigned)m[index / 8] >> (index % 8)) & 1u;
}

/* --- properties, immediates, declarations ------------------------------------------------ */

static vigil_status check_prop(const struct vigil_tgsi_prop *p)
{
	uint32_t n;

	if (p->name >= vigil_tgsi_property_count)
		return BAD;
	switch (vigil_tgsi_property_kind(p->name)) {
	case VIGIL_TGSI_PV_UINT: n = VIGIL_TGSI_MAX_PROPERTY_VALUE + 1u; break;
	case VIGIL_TGSI_PV_PRIM:
	case VIGIL_TGSI_PV_PRIM_NUM: n = vigil_tgsi_primitive_count; break;
	case VIGIL_TGSI_PV_ORIGIN: n = 2; break;
	case VIGIL_TGSI_PV_CENTER: n = 2; break;
	default: n = VIGIL_TGSI_PROCESSOR_COUNT; break;
	}
	return p->value < n ? VIGIL_OK : BAD;
}

static bool decl_dim_ok(const struct vigil_tgsi_decl *d)
{
	if (!d->has_dim)
		return d->dim == 0 && d->file != VIGIL_TGSI_FILE_HWATOMIC;
	switch (d->file) {
	case VIGIL_TGSI_FILE_IN:
	case VIGIL_TGSI_FILE_OUT: return d->dim == 0; /* IN[][a..b]: the vertex count is open */
	case VIGIL_TGSI_FILE_CONST: return d->dim < VIGIL_TGSI_MAX_CONST_BUFFERS;
	case VIGIL_TGSI_FILE_HWATOMIC: return d->dim < VIGIL_TGSI_MAX_HWATOMIC_BUFFERS;
	default: return false;
	}
}

/* Per-file attributes: set only where the parser can set them, zero elsewhere. */
static bool decl_attrs_ok(const struct vigil_tgsi_decl *d)
{
	bool sview = d->file == VIGIL_TGSI_FILE_SVIEW, image = d->file == VIGIL_TGSI_FILE_IMAGE;
	bool in = d->file == VIGIL_TGSI_FILE_IN;
	unsigned i;

	if (d->mask == 0 || d->mask > 0xf)
		return false;
	if (d->has_semantic ? (d->semantic >= vigil_tgsi_semantic_count ||
			       d->semantic_index > VIGIL_TGSI_MAX_SEMANTIC_INDEX ||
			       (!in && d->file != VIGIL_TGSI_FILE_OUT && d->file != VIGIL_TGSI_FILE_SV))
			    : (d->semantic || d->semantic_index))
		return false;
	if (d->interp > 4 || d->location > 3 || (!in && (d->interp || d->location)))
		return false;
	if ((sview || image) ? (d->target == 0 || d->target >= vigil_tgsi_target_count) : d->target)
		return false;
	for (i = 0; i < 4; i++)
		if (sview ? (d->return_type[i] == 0 || d->return_type[i] > 5) : d->return_type[i])
			return false;
	if (image ? d->image_format >= vigil_tgsi_image_format_count
		  : (d->image_format || d->image_writable || d->image_raw))
		return false;
	if (d->atomic && d->file != VIGIL_TGSI_FILE_BUFFER)
		return false;
	if (d->file == VIGIL_TGSI_FILE_MEMORY ? d->mem_type >= VIGIL_TGSI_MEM_TYPE_COUNT : d->mem_type)
		return false;
	return true;
}

static vigil_status check_decl(struct check_state *st, const struct vigil_tgsi_decl *d)
{
	bool io = d->file == VIGIL_TGSI_FILE_IN || d->file == VIGIL_TGSI_FILE_OUT;
	unsigned k = d->file == VIGIL_TGSI_FILE_OUT;
	uint8_t *m;
	uint32_t i;

	if (d->file == VIGIL_TGSI_FILE_NULL || d->file == VIGIL_TGSI_FILE_IMM ||
	    d->file >= VIGIL_TGSI_FILE_COUNT)
		return BAD;
	if (d->first > d->last || d->last >= vigil_tgsi_file_limit(d->file) || !decl_dim_ok(d) ||
	    !decl_attrs_ok(d))
		return BAD;
	if (d->array_id) {
		struct array_info *a;

		if (d->array_id > VIGIL_TGSI_MAX_ARRAY_ID || st->arrays[d->array_id].defined)
			return BAD;
		a = &st->arrays[d->array_id];
		a->defined = true;
		a->two_d = io && d->has_dim;
		a->file = d->file;
		a->first = d->first;
		a->last = d->last;
	}
	st->any[d->file] = true;
	if (io && d->has_dim)
		st->any2[k] = true;
	else if (io)
		st->any1[k] = true;
	if (d->file == VIGIL_TGSI_FILE_CONST)
		st->cany[d->dim] = true;
	if (d->file == VIGIL_TGSI_FILE_HWATOMIC)
		st->hany[d->dim] = true;
	m = map_of(st, d->file, d->dim);
	for (i = d->first; i <= d->last; i++) {
		if (((unsigned)m[i / 8] >> (i % 8)) & 1u) {
			/* again only: an IN/OUT register, same semantic and dimension */
			if (!io || !d->has_semantic || st->io_sem[k][i] != d->semantic + 1u ||
			    st->io_sem_index[k][i] != d->semantic_index ||
			    (((unsigned)st->map2[k][i / 8] >> (i % 8)) & 1u) != (unsigned)d->has_dim)
				return BAD;
			continue;
		}
		m[i / 8] = (uint8_t)(m[i / 8] | (1u << (i % 8)));
		if (io && d->has_dim)
			st->map2[k][i / 8] = (uint8_t)(st->map2[k][i / 8] | (1u << (i % 8)));
		if (io && d->has_semantic) {
			st->io_sem[k][i] = (uint8_t)(d->semantic + 1u);
			st->io_sem_index[k][i] = d->semantic_index;
		}
	}
	return VIGIL_OK;
}

/* --- operands ---------------------------------------------------------------------------- */

static bool file_declared(const struct check_state *st, const struct vigil_tgsi_reg *r)
{
	if (r->file == VIGIL_TGSI_FILE_IMM)
		return st->sh->imm_count != 0;
	if (r->file == VIGIL_TGSI_FILE_IN || r->file == VIGIL_TGSI_FILE_OUT)
		return r->has_dim ? st->any2[r->file == VIGIL_TGSI_FILE_OUT]
				  : st->any1[r->file == VIGIL_TGSI_FILE_OUT];
	if (r->dim_indirect)
		return st->any[r->file];
	if (r->file == VIGIL_TGSI_FILE_CONST)
		return st->cany[r->has_dim ? r->dim : 0];
	if (r->file == VIGIL_TGSI_FILE_HWATOMIC)
		return r->dim < VIGIL_TGSI_MAX_HWATOMIC_BUFFERS && st->hany[r->dim];
	return st->any[r->file];
}

static bool addr_ok(struct check_state *st, uint8_t file, uint8_t comp, uint32_t index)
{
	return (file == VIGIL_TGSI_FILE_ADDR || file == VIGIL_TGSI_FILE_TEMP) && comp <= 3 &&
	       declared(st, file, 0, index);
}

static bool reg_dim_ok(struct check_state *st, const struct vigil_tgsi_reg *r)
{
	if (!r->has_dim)
		return !r->dim && !r->dim_indirect && !r->dim_ind_file && !r->dim_ind_comp &&
		       !r->dim_ind_index && r->file != VIGIL_TGSI_FILE_HWATOMIC;
	if (r->dim_indirect ? !addr_ok(st, r->dim_ind_file, r->dim_ind_comp, r->dim_ind_index)
			    : (r->dim_ind_file || r->dim_ind_comp || r->dim_ind_index))
		return false;
	switch (r->file) {
	case VIGIL_TGSI_FILE_CONST: return r->dim < VIGIL_TGSI_MAX_CONST_BUFFERS;
	case VIGIL_TGSI_FILE_IN:
	case VIGIL_TGSI_FILE_OUT: return r->dim < VIGIL_TGSI_MAX_VERTICES;
	case VIGIL_TGSI_FILE_HWATOMIC:
		return !r->dim_indirect && r->dim < VIGIL_TGSI_MAX_HWATOMIC_BUFFERS;
	default: return false;
	}
}

static bool reg_ok(struct check_state *st, const struct vigil_tgsi_reg *r)
{
	uint32_t limit;

	if (r->file == VIGIL_TGSI_FILE_NULL || r->file >= VIGIL_TGSI_FILE_COUNT || !reg_dim_ok(st, r))
		return false;
	limit = vigil_tgsi_file_limit(r->file);
	if (r->indirect) {
		const struct array_info *a;

		if (!addr_ok(st, r->ind_file, r->ind_comp, r->ind_index) ||
		    r->index <= -(int64_t)limit || r->index >= (int64_t)limit ||
		    r->array_id > VIGIL_TGSI_MAX_ARRAY_ID)
			return false;
		if (!r->array_id)
			return file_declared(st, r);
		a = &st->arrays[r->array_id];
		return a->defined && a->file == r->file &&
		       a->two_d == (r->has_dim && (r->file == VIGIL_TGSI_FILE_IN ||
						   r->file == VIGIL_TGSI_FILE_OUT)) &&
		       r->index >= 0 &&
		       (uint32_t)r->index >= a->first && (uint32_t)r->index <= a->last;
	}
	if (r->ind_file || r->ind_comp || r->ind_index || r->array_id || r->index < 0 ||
	    (uint32_t)r->index >= limit)
		return false;
	if (r->file == VIGIL_TGSI_FILE_IMM)
		return (uint32_t)r->index < st->sh->imm_count;
	if (r->file == VIGIL_TGSI_FILE_MEMORY || (r->dim_indirect && r->file == VIGIL_TGSI_FILE_CONST))
		return file_declared(st, r);
	if (!declared(st, r->file, r->dim, (uint32_t)r->index))
		return false;
	if (r->file == VIGIL_TGSI_FILE_IN || r->file == VIGIL_TGSI_FILE_OUT)
		return r->has_dim == (((unsigned)st->map2[r->file == VIGIL_TGSI_FILE_OUT][r->index / 8] >>
				       (r->index % 8)) & 1u) ||
		       (r->file == VIGIL_TGSI_FILE_IN && !r->has_dim &&
			vigil_tgsi_gs_primid_in(st->sh, (uint32_t)r->index));
	return true;
}

static bool dst_ok(struct check_state *st, const struct vigil_tgsi_dst *d, bool store)
{
	uint8_t f = d->reg.file;

	if (store ? (f != VIGIL_TGSI_FILE_BUFFER && f != VIGIL_TGSI_FILE_IMAGE &&
		     f != VIGIL_TGSI_FILE_MEMORY)
		  : (f != VIGIL_TGSI_FILE_OUT && f != VIGIL_TGSI_FILE_TEMP && f != VIGIL_TGSI_FILE_ADDR))
		return false;
	return d->mask != 0 && d->mask <= 0xf && reg_ok(st, &d->reg);
}

static bool swizzle_ok(const uint8_t *sw, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (sw[i] > 3)
			return false;
	return true;
}

/* --- instructions and control flow ------------------------------------------------------- */

static vigil_status check_flow(struct check_state *st, uint8_t flow, bool last)
{
	uint8_t top = st->depth ? st->blocks[st->depth - 1] : 0xff;
	uint8_t push;

	if ((flow == VIGIL_TGSI_FLOW_END) != last)
		return BAD;
	switch (flow) {
	case VIGIL_TGSI_FLOW_IF: push = BLK_IF; break;
	case VIGIL_TGSI_FLOW_LOOP: push = BLK_LOOP; break;
	case VIGIL_TGSI_FLOW_SWITCH: push = BLK_SWITCH; break;
	case VIGIL_TGSI_FLOW_ELSE:
		if (top != BLK_IF)
			return BAD;
		st->blocks[st->depth - 1] = BLK_ELSE;
		return VIGIL_OK;
	case VIGIL_TGSI_FLOW_ENDIF:
	case VIGIL_TGSI_FLOW_ENDLOOP:
	case VIGIL_TGSI_FLOW_ENDSWITCH:
		if (flow == VIGIL_TGSI_FLOW_ENDIF ? (top != BLK_IF && top != BLK_ELSE)
		    : top != (flow == VIGIL_TGSI_FLOW_ENDLOOP ? BLK_LOOP : BLK_SWITCH))
			return BAD;
		st->depth--;
		return VIGIL_OK;
	case VIGIL_TGSI_FLOW_CASE:
		return top == BLK_SWITCH ? VIGIL_OK : BAD;
	case VIGIL_TGSI_FLOW_BRK:
	case VIGIL_TGSI_FLOW_CONT:
		for (uint32_t i = 0; i < st->depth; i++)
			if (st->blocks[i] == BLK_LOOP ||
			    (flow == VIGIL_TGSI_FLOW_BRK && st->blocks[i] == BLK_SWITCH))
				return VIGIL_OK;
		return BAD;
	case VIGIL_TGSI_FLOW_END:
		return st->depth ? BAD : VIGIL_OK;
	default:
		return VIGIL_OK;
	}
	if (st->depth == VIGIL_TGSI_MAX_NESTING)
		return BAD;
	st->blocks[st->depth++] = push;
	return VIGIL_OK;
}

static vigil_status check_insn(struct check_state *st, const struct vigil_tgsi_insn *in, bool last)
{
	const struct vigil_tgsi_opinfo *op = opinfo(in->opcode);
	bool tex, mem;
	unsigned i;

	if (!op || (op->flags & VIGIL_TGSI_OPF_UNSUPPORTED) || in->num_dst != op->num_dst ||
	    in->num_src != op->num_src)
		return BAD;
	tex = op->flags & VIGIL_TGSI_OPF_TEX;
	mem = op->flags & VIGIL_TGSI_OPF_MEM;
	if (in->has_label ? (!(op->flags & VIGIL_TGSI_OPF_BRANCH) || in->label >= VIGIL_TGSI_MAX_INSNS)
			  : in->label)
		return BAD;
	if (tex ? (in->tex_target == 0 || in->tex_target >= vigil_tgsi_target_count ||
		   in->num_offsets > VIGIL_TGSI_MAX_TEX_OFFSETS)
		: (in->tex_target || in->num_offsets))
		return BAD;
	if (mem ? (in->mem_qualifier > VIGIL_TGSI_MEMQ_ALL ||
		   in->mem_target >= vigil_tgsi_target_count ||
		   in->mem_format >= vigil_tgsi_image_format_count)
		: (in->mem_qualifier || in->mem_target || in->mem_format))
		return BAD;
	if (in->num_dst && !dst_ok(st, &in->dst, in->opcode == VIGIL_TGSI_OPCODE_STORE))
		return BAD;
	for (i = 0; i < in->num_src; i++)
		if (!swizzle_ok(in->src[i].swizzle, 4) || !reg_ok(st, &in->src[i].reg))
			return BAD;
	for (i = 0; i < in->num_offsets; i++)
		if (!swizzle_ok(in->offsets[i].swizzle, 3) || in->offsets[i].reg.indirect ||
		    !reg_ok(st, &in->offsets[i].reg))
			return BAD;
	return check_flow(st, op->flow, last);
}

static vigil_status run_check(struct check_state *st)
{
	const struct vigil_tgsi_shader *sh = st->sh;
	uint32_t i;

	if (sh->processor >= VIGIL_TGSI_PROCESSOR_COUNT || sh->insn_count == 0 ||
	    sh->insn_count > VIGIL_TGSI_MAX_INSNS || sh->decl_count > VIGIL_TGSI_MAX_DECLS ||
	    sh->imm_count > VIGIL_TGSI_MAX_IMMS || sh->prop_count > VIGIL_TGSI_MAX_PROPS ||
	    !sh->insns || (sh->decl_count && !sh->decls) || (sh->imm_count && !sh->imms))
		return BAD;
	for (i = 0; i < sh->prop_count; i++)
		if (check_prop(&sh->props[i]))
			return BAD;
	for (i = 0; i < sh->imm_count; i++)
		if (sh->imms[i].type >= VIGIL_TGSI_IMM_TYPE_COUNT)
			return BAD;
	for (i = 0; i < sh->decl_count; i++)
		if (check_decl(st, &sh->decls[i]))
			return BAD;
	for (i = 0; i < sh->insn_count; i++)
		if (check_insn(st, &sh->insns[i], i + 1 == sh->insn_count))
			return BAD;
	return VIGIL_OK;
}

vigil_status vigil_tgsi_ir_check(const struct vigil_tgsi_shader *sh)
{
	struct check_state *st;
	vigil_status s;

	if (!sh)
		return BAD;
	st = calloc(1, sizeof(*st));
	if (!st)
		return VIGIL_E_EXHAUSTED;
	st->sh = sh;
	s = run_check(st);
	free(st);
	return s;
}
