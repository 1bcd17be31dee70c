/*
 * engine.c: the generic engine that walks a generated command program over guest bytes.
 *
 * Input: a bounded reader over one command's payload (hostile) and the command's program
 * (generated, trusted in shape). For each op it reads through the reader only, checks the value
 * against the table (range, enum set, reserved bits, handle kind, resource target and bind),
 * stores it into the zeroed record and into an expression slot, evaluates cross-field checks in
 * overflow-checked 64-bit arithmetic, and finally calls the command's rule functions. It
 * guarantees: the first violation stops the walk with an exact status and the failing field's
 * name; no guest value indexes anything before it is range-checked; leftover bytes are
 * VIGIL_E_TRAILING.
 */
#include <string.h>

#include "engine.h"

#define EXPR_STACK 32

static inline void store32(uint8_t *base, const struct vigil_op *op, uint32_t v)
{
	if (op->flags & VOPF_STORE)
		memcpy(base + op->rec_off, &v, sizeof(v));
}

static inline void set_slot(struct vigil_exec *ex, const struct vigil_op *op, uint64_t v)
{
	if (op->slot < VIGIL_MAX_SLOTS)
		ex->slots[op->slot] = v;
}

static inline bool enum_has(uint16_t enum_id, uint32_t v)
{
	const struct vigil_enum_desc *e = &vigil_enums[enum_id];

	if (e->kind == VIGIL_ENUM_FLAGS)
		return (v & ~e->bits[0]) == 0;
	if (v >= e->nbits)
		return false;
	return (e->bits[v >> 5] >> (v & 31u)) & 1u;
}

bool vigil_enum_has(uint16_t enum_id, uint32_t v)
{
	return enum_has(enum_id, v);
}

static inline uint64_t slot_of(const struct vigil_exec *ex, const struct vigil_xinsn *x)
{
	return x->slot < VIGIL_MAX_SLOTS ? ex->slots[x->slot] : 0;
}

/* Evaluate `count` instructions; false on any overflow, underflow, division by zero, shift of
 * 64 or more, or a malformed table. The stack cannot overflow: each instruction pushes at most
 * one value and expressions longer than the stack are refused up front. */
bool vigil_eval_insns(const struct vigil_exec *ex, const struct vigil_xinsn *x, uint32_t count,
		      uint64_t *ret)
{
	const struct vigil_xinsn *end = x + count;
	VIGIL_NOINIT uint64_t st[EXPR_STACK];
	uint64_t *sp = st, b;

	if (count > EXPR_STACK)
		return false;
/* Pop the right operand into b; the left one stays at sp[-1] and receives the result. */
#define POP2 do { if (sp - st < 2) return false; b = *--sp; } while (0)
	for (; x < end; x++) {
		switch (x->op) {
		case VX_CONST: *sp++ = x->imm; break;
		case VX_SLOT: *sp++ = slot_of(ex, x); break;
		case VX_LEN: *sp++ = ex->len; break;
		case VX_OBJTYPE: *sp++ = ex->objtype; break;
		case VX_NOT: if (sp == st) return false; sp[-1] = !sp[-1]; break;
		case VX_SLOT_EQ: *sp++ = slot_of(ex, x) == x->imm; break;
		case VX_SLOT_NE: *sp++ = slot_of(ex, x) != x->imm; break;
		case VX_SLOT_LT: *sp++ = slot_of(ex, x) < x->imm; break;
		case VX_SLOT_LE: *sp++ = slot_of(ex, x) <= x->imm; break;
		case VX_SLOT_GT: *sp++ = slot_of(ex, x) > x->imm; break;
		case VX_SLOT_GE: *sp++ = slot_of(ex, x) >= x->imm; break;
		case VX_ADD: POP2; if (__builtin_add_overflow(sp[-1], b, &sp[-1])) return false; break;
		case VX_SUB: POP2; if (__builtin_sub_overflow(sp[-1], b, &sp[-1])) return false; break;
		case VX_MUL: POP2; if (__builtin_mul_overflow(sp[-1], b, &sp[-1])) return false; break;
		case VX_DIV: POP2; if (!b) return false; sp[-1] /= b; break;
		case VX_MOD: POP2; if (!b) return false; sp[-1] %= b; break;
		case VX_SHL:
			POP2;
			if (b >= 64 || (sp[-1] && (sp[-1] >> (63 - b)) > 1))
				return false;
			sp[-1] <<= b;
			break;
		case VX_SHR: POP2; if (b >= 64) return false; sp[-1] >>= b; break;
		case VX_LT: POP2; sp[-1] = sp[-1] < b; break;
		case VX_LE: POP2; sp[-1] = sp[-1] <= b; break;
		case VX_GT: POP2; sp[-1] = sp[-1] > b; break;
		case VX_GE: POP2; sp[-1] = sp[-1] >= b; break;
		case VX_EQ: POP2; sp[-1] = sp[-1] == b; break;
		case VX_NE: POP2; sp[-1] = sp[-1] != b; break;
		case VX_BAND: POP2; sp[-1] &= b; break;
		case VX_BOR: POP2; sp[-1] |= b; break;
		case VX_LAND: POP2; sp[-1] = sp[-1] && b; break;
		case VX_LOR: POP2; sp[-1] = sp[-1] || b; break;
		default: return false;
		}
	}
#undef POP2
	if (sp != st + 1)
		return false;
	*ret = st[0];
	return true;
}

/* Evaluate expression `id` of the generated tables. */
static inline bool eval_expr(const struct vigil_exec *ex, uint16_t id, uint64_t *ret)
{
	const struct vigil_expr *e = &vigil_exprs[id];

	return vigil_eval_insns(ex, &vigil_xinsns[e->first], e->count, ret);
}

static int fail(struct vigil_exec *ex, const struct vigil_op *op, vigil_status s, uint32_t v)
{
	ex->fail_name = op->name;
	ex->fail_value = v;
	return (int)s;
}

static int check_resource(struct vigil_exec *ex, const struct vigil_op *op, uint32_t id,
			  uint32_t *ret_h)
{
	const struct vigil_res_rule *rr = &vigil_res_rules[op->arg];
	const struct vigil_res_desc *d;
	uint32_t h;

	/* The resource table holds nothing but resources: a miss is the only failure. */
	if (vigil_ht_lookup(&ex->ctx->resources, id, VIGIL_KIND_RESOURCE, &h) != VIGIL_OK)
		return fail(ex, op, VIGIL_E_UNKNOWN_HANDLE, id);
	d = vigil_res_live(ex->ctx, h);
	if (!((rr->target_mask >> d->target) & 1u)) /* target < VIGIL_RES_TARGET_COUNT (resource.c) */
		return fail(ex, op, VIGIL_E_BIND, id);
	if (rr->bind_any && !(d->bind & rr->bind_any))
		return fail(ex, op, VIGIL_E_BIND, id);
	if (rr->has_bind_not && d->bind == rr->bind_not)
		return fail(ex, op, VIGIL_E_BIND, id);
	if (!ex->first_res)
		ex->first_res = h;
	*ret_h = h;
	return VIGIL_OK;
}

static int run_ops(struct vigil_exec *ex, struct vigil_reader *rd, const struct vigil_op *op,
		   const struct vigil_op *end, uint8_t *base);

static int run_array(struct vigil_exec *ex, struct vigil_reader *rd, const struct vigil_op *op,
		     uint8_t *base)
{
	const struct vigil_op *body = op + 1;
	uint64_t count;
	size_t elem_bytes = (size_t)op->min * 4u;
	uint32_t c32;

	if (op->aux == VIGIL_COUNT_REST) {
		if (!elem_bytes)
			return fail(ex, op, VIGIL_E_STATE, 0); /* generator guarantees > 0 */
		count = vigil_rd_left(rd) / elem_bytes;
		if (count > op->max)
			return fail(ex, op, VIGIL_E_COUNT, (uint32_t)(count > UINT32_MAX ? UINT32_MAX : count));
		if (vigil_rd_left(rd) % elem_bytes)
			return fail(ex, op, VIGIL_E_TRAILING, (uint32_t)count);
	} else {
		if (!eval_expr(ex, op->aux, &count))
			return fail(ex, op, VIGIL_E_OVERFLOW, 0);
		if (count > op->max)
			return fail(ex, op, VIGIL_E_COUNT, (uint32_t)(count > UINT32_MAX ? UINT32_MAX : count));
	}
	c32 = (uint32_t)count;
	memcpy(base + op->aux2, &c32, sizeof(c32));
	set_slot(ex, op, count);
	for (uint32_t i = 0; i < c32; i++) {
		int s = run_ops(ex, rd, body, body + op->arg, base + op->rec_off + (size_t)i * op->elem_size);
		if (s != VIGIL_OK)
			return s;
	}
	return VIGIL_OK;
}

static int run_optional(struct vigil_exec *ex, struct vigil_reader *rd, const struct vigil_op *op,
			uint8_t *base)
{
	uint64_t present;
	uint32_t one = 1;

	if (op->aux == VIGIL_NO_EXPR)
		present = vigil_rd_left(rd) > 0;
	else if (!eval_expr(ex, op->aux, &present))
		return fail(ex, op, VIGIL_E_OVERFLOW, 0);
	if (!present)
		return VIGIL_OK;
	memcpy(base + op->rec_off, &one, sizeof(one));
	return run_ops(ex, rd, op + 1, op + 1 + op->arg, base);
}

static int run_data(struct vigil_exec *ex, struct vigil_reader *rd, const struct vigil_op *op,
		    uint8_t *base)
{
	size_t n = vigil_rd_left(rd);
	const uint8_t *p;
	struct vigil_span sp;
	vigil_status s;

	if (n > op->max)
		return fail(ex, op, VIGIL_E_COUNT, (uint32_t)(n > UINT32_MAX ? UINT32_MAX : n));
	if (!(op->flags & VOPF_BYTES) && (n & 3u))
		return fail(ex, op, VIGIL_E_TRAILING, (uint32_t)n);
	p = vigil_rd_bytes(rd, n);
	if (!p)
		return fail(ex, op, VIGIL_E_TRUNCATED, 0);
	set_slot(ex, op, n);
	if (!(op->flags & VOPF_COPY))
		return VIGIL_OK;
	/* base is inside out->buf; its offset survives a move of the buffer. */
	{
		size_t base_off = (size_t)(base - ex->out->buf);
		s = vigil_recbuf_append_span(ex, p, n, &sp);
		if (s != VIGIL_OK)
			return fail(ex, op, s, 0);
		memcpy(ex->out->buf + base_off + op->rec_off, &sp, sizeof(sp));
	}
	return VIGIL_OK;
}

static int run_handle(struct vigil_exec *ex, const struct vigil_op *op, uint8_t *base, uint32_t v)
{
	uint32_t h = 0, kind;
	vigil_status s;

	switch (op->op) {
	case VOP_NEWOBJ:
		if (!v)
			return fail(ex, op, VIGIL_E_UNKNOWN_HANDLE, v);
		ex->new_guest_id = v;
		ex->new_rec_off = (uint16_t)(base - (uint8_t *)vigil_exec_rec(ex) + op->rec_off);
		ex->has_new = true;
		break;
	case VOP_OBJECT:
		if (v) {
			kind = op->arg == VIGIL_KIND_FROM_HEADER ? ex->objtype : op->arg;
			s = vigil_ht_lookup(&vigil_cur_sub(ex->ctx)->objects, v, (uint8_t)kind, &h);
			if (s != VIGIL_OK)
				return fail(ex, op, s, v);
			ex->last_object_id = v;
		} else if (!(op->flags & VOPF_NULLABLE)) {
			return fail(ex, op, VIGIL_E_UNKNOWN_HANDLE, v);
		}
		store32(base, op, h);
		break;
	default: /* VOP_RESOURCE */
		if (v) {
			int r = check_resource(ex, op, v, &h);
			if (r != VIGIL_OK)
				return r;
		} else if (!(op->flags & VOPF_NULLABLE)) {
			return fail(ex, op, VIGIL_E_UNKNOWN_HANDLE, v);
		}
		store32(base, op, h);
		break;
	}
	set_slot(ex, op, v);
	return VIGIL_OK;
}

static inline uint32_t bitfield(uint32_t bits, const struct vigil_op *op)
{
	return op->width >= 32 ? bits : (bits >> op->lo) & ((1u << op->width) - 1u);
}

/* One dispatch per op: the common scalar cases are inline; handles, arrays, optional groups,
 * data and checks have their own functions. Returns a vigil_status. */
static int run_ops(struct vigil_exec *ex, struct vigil_reader *rd, const struct vigil_op *op,
		   const struct vigil_op *end, uint8_t *base)
{
	uint32_t bits = 0, v = 0;
	int s;

	for (; op < end; op++) {
		switch (op->op) {
		case VOP_END:
			return VIGIL_OK;
		case VOP_U32: case VOP_I32: case VOP_F32: case VOP_BOOL: case VOP_ENUM:
		case VOP_IGNORED: case VOP_BITS: case VOP_SUBCTX:
		case VOP_NEWOBJ: case VOP_OBJECT: case VOP_RESOURCE:
			if (vigil_rd_left(rd) < 4)
				return fail(ex, op, VIGIL_E_TRUNCATED, 0);
			v = vigil_rd_u32(rd);
			break;
		default:
			break;
		}
		switch (op->op) {
		case VOP_U32:
			if (v < op->min || v > op->max)
				return fail(ex, op, VIGIL_E_RANGE, v);
			break;
		case VOP_I32:
			if ((int32_t)v < (int32_t)op->min || (int32_t)v > (int32_t)op->max)
				return fail(ex, op, VIGIL_E_RANGE, v);
			break;
		case VOP_BOOL:
			if (v > 1)
				return fail(ex, op, VIGIL_E_RANGE, v);
			break;
		case VOP_ENUM:
			if (!enum_has(op->arg, v))
				return fail(ex, op, VIGIL_E_ENUM, v);
			break;
		case VOP_F32: case VOP_SUBCTX:
			break;
		case VOP_IGNORED:
			set_slot(ex, op, v);
			continue;
		case VOP_BITS:
			if (v & ~op->max)
				return fail(ex, op, VIGIL_E_RESERVED, v);
			bits = v;
			set_slot(ex, op, v);
			continue;
		case VOP_BF_U32:
			v = bitfield(bits, op);
			if (v < op->min || v > op->max)
				return fail(ex, op, VIGIL_E_RANGE, v);
			break;
		case VOP_BF_ENUM:
			v = bitfield(bits, op);
			if (!enum_has(op->arg, v))
				return fail(ex, op, VIGIL_E_ENUM, v);
			break;
		case VOP_BF_BOOL:
			v = bitfield(bits, op);
			break;
		case VOP_NEWOBJ: case VOP_OBJECT: case VOP_RESOURCE:
			s = run_handle(ex, op, base, v);
			if (s != VIGIL_OK)
				return s;
			continue;
		case VOP_ARRAY:
			s = run_array(ex, rd, op, base);
			if (s != VIGIL_OK)
				return s;
			op += op->arg;
			continue;
		case VOP_OPTIONAL:
			s = run_optional(ex, rd, op, base);
			if (s != VIGIL_OK)
				return s;
			op += op->arg;
			continue;
		case VOP_DATA: {
			size_t base_off = (size_t)(base - ex->out->buf);
			s = run_data(ex, rd, op, base);
			if (s != VIGIL_OK)
				return s;
			base = ex->out->buf + base_off; /* the record buffer may have moved */
			continue;
		}
		case VOP_CHECK: {
			uint64_t r;
			if (!eval_expr(ex, op->arg, &r))
				return fail(ex, op, VIGIL_E_OVERFLOW, 0);
			if (!r)
				return fail(ex, op, (vigil_status)op->min, 0);
			continue;
		}
		case VOP_RULE:
			/* Rules run after the whole payload was read and finish() passed. */
			if (ex->nrules >= VIGIL_MAX_RULES)
				return fail(ex, op, VIGIL_E_STATE, 0);
			ex->rules[ex->nrules++] = op;
			continue;
		default:
			return fail(ex, op, VIGIL_E_STATE, 0); /* not an opcode: broken table */
		}
		store32(base, op, v);
		set_slot(ex, op, v);
	}
	return VIGIL_OK;
}

vigil_status vigil_engine_run(struct vigil_exec *ex, struct vigil_reader *rd)
{
	int s;

	ex->fail_name = VIGIL_NO_NAME;
	ex->nrules = 0;
	s = run_ops(ex, rd, ex->desc->prog, ex->desc->prog + 0xffff, (uint8_t *)vigil_exec_rec(ex));
	if (s != VIGIL_OK)
		return (vigil_status)s;
	s = (int)vigil_rd_finish(rd);
	if (s != VIGIL_OK)
		return (vigil_status)s;
	if (ex->is_vtest && ex->len_expr != VIGIL_NO_EXPR) {
		uint64_t ok;
		if (!eval_expr(ex, ex->len_expr, &ok) || !ok)
			return VIGIL_E_LENGTH;
	}
	for (unsigned i = 0; i < ex->nrules; i++) {
		s = vigil_rule_fns[ex->rules[i]->arg](ex);
		if (s != VIGIL_OK) {
			if (s != VIGIL_RULE_DROP && ex->fail_name == VIGIL_NO_NAME)
				ex->fail_name = ex->rules[i]->name;
			return (vigil_status)s;
		}
	}
	return VIGIL_OK;
}
