/*
 * walk.c: see walk.h. Reads the command's dwords in the order of its spec program (scalars,
 * bits with their bit-fields, arrays counted by an expression or by the rest of the payload,
 * optional groups, data tails), keeping the expression slots so array counts and `when` clauses
 * evaluate as the engine would. Everything is bounded: dword reads by ndw, fields by
 * VIGIL_MUT_MAX_FIELDS, expression stacks by 16 entries, and a failing expression stops the walk.
 */
#include <string.h>

#include "vigil_spec.h"
#include "walk.h"

struct walker {
	const uint32_t *dw;
	uint32_t pos, end;
	uint64_t slots[VIGIL_MAX_SLOTS];
	struct vigil_mut_layout *out;
};

static bool binop(uint8_t op, uint64_t a, uint64_t b, uint64_t *r)
{
	switch (op) {
	case VX_ADD: *r = a + b; return true;
	case VX_SUB: *r = a - b; return true;
	case VX_MUL: *r = a * b; return true;
	case VX_DIV: if (!b) return false; *r = a / b; return true;
	case VX_MOD: if (!b) return false; *r = a % b; return true;
	case VX_SHL: *r = b < 64 ? a << b : 0; return true;
	case VX_SHR: *r = b < 64 ? a >> b : 0; return true;
	case VX_LT: *r = a < b; return true;
	case VX_LE: *r = a <= b; return true;
	case VX_GT: *r = a > b; return true;
	case VX_GE: *r = a >= b; return true;
	case VX_EQ: *r = a == b; return true;
	case VX_NE: *r = a != b; return true;
	case VX_BAND: *r = a & b; return true;
	case VX_BOR: *r = a | b; return true;
	case VX_LAND: *r = a && b; return true;
	case VX_LOR: *r = a || b; return true;
	default: return false;
	}
}

static bool eval(const struct walker *w, uint16_t expr, uint64_t *ret)
{
	uint64_t st[16];
	unsigned sp = 0;

	if (expr >= VIGIL_EXPR_COUNT)
		return false;
	for (unsigned i = 0; i < vigil_exprs[expr].count; i++) {
		const struct vigil_xinsn *x = &vigil_xinsns[vigil_exprs[expr].first + i];
		uint64_t v = 0;

		if (x->op >= VX_SLOT_EQ && x->op <= VX_SLOT_GE) {
			static const uint8_t base[] = { VX_EQ, VX_NE, VX_LT, VX_LE, VX_GT, VX_GE };
			if (x->slot >= VIGIL_MAX_SLOTS ||
			    !binop(base[x->op - VX_SLOT_EQ], w->slots[x->slot], x->imm, &v))
				return false;
		} else if (x->op == VX_CONST) {
			v = x->imm;
		} else if (x->op == VX_SLOT) {
			if (x->slot >= VIGIL_MAX_SLOTS)
				return false;
			v = w->slots[x->slot];
		} else if (x->op == VX_LEN) {
			v = w->out->len;
		} else if (x->op == VX_OBJTYPE) {
			v = w->out->objtype;
		} else if (x->op == VX_NOT) {
			if (sp < 1)
				return false;
			st[sp - 1] = !st[sp - 1];
			continue;
		} else {
			if (sp < 2 || !binop(x->op, st[sp - 2], st[sp - 1], &v))
				return false;
			sp -= 2;
		}
		if (sp >= 16)
			return false;
		st[sp++] = v;
	}
	if (sp != 1)
		return false;
	*ret = st[0];
	return true;
}

static void set_slot(struct walker *w, uint16_t slot, uint64_t v)
{
	if (slot < VIGIL_MAX_SLOTS)
		w->slots[slot] = v;
}

static bool walk_ops(struct walker *w, const struct vigil_op *ops, uint32_t nops);

/* An array at ops[0] with its body after it. */
static bool walk_array(struct walker *w, const struct vigil_op *op)
{
	struct vigil_mut_layout *o = w->out;
	uint64_t count;

	if (op->aux == VIGIL_COUNT_REST)
		count = op->min ? (w->end - w->pos) / op->min : 0;
	else if (!eval(w, op->aux, &count))
		return false;
	if (count > op->max + 1u) /* one over is still walked: it is a break the mutator makes */
		return false;
	set_slot(w, op->slot, count);
	if (!o->array) {
		o->array = op;
		o->array_dw = w->pos;
		o->array_count = (uint32_t)count;
		if (op->aux != VIGIL_COUNT_REST && op->aux < VIGIL_EXPR_COUNT &&
		    vigil_exprs[op->aux].count == 1) {
			const struct vigil_xinsn *x = &vigil_xinsns[vigil_exprs[op->aux].first];
			for (uint32_t i = 0; x->op == VX_SLOT && i < o->nfields; i++)
				if (o->f[i].op->slot == x->slot)
					o->count_field = i;
		}
	}
	for (uint64_t e = 0; e < count; e++)
		if (!walk_ops(w, op + 1, op->arg))
			return false;
	return true;
}

static bool walk_scalar(struct walker *w, const struct vigil_op *op)
{
	struct vigil_mut_layout *o = w->out;
	uint32_t v;

	if (w->pos >= w->end)
		return false;
	v = w->dw[w->pos];
	if (o->nfields < VIGIL_MUT_MAX_FIELDS)
		o->f[o->nfields++] = (struct vigil_mut_field){ .op = op, .dw = w->pos };
	set_slot(w, op->slot, v);
	w->pos++;
	if (op->op == VOP_BITS) {
		for (uint32_t k = 1; k <= op->arg; k++) {
			const struct vigil_op *bf = op + k;
			uint64_t mask = bf->width >= 32 ? 0xffffffffu : ((1ull << bf->width) - 1u);
			set_slot(w, bf->slot, (v >> bf->lo) & mask);
		}
	}
	return true;
}

static bool walk_ops(struct walker *w, const struct vigil_op *ops, uint32_t nops)
{
	for (uint32_t i = 0; i < nops; i++) {
		const struct vigil_op *op = &ops[i];
		uint64_t when = 1;

		switch (op->op) {
		case VOP_END:
			return true;
		case VOP_U32: case VOP_I32: case VOP_F32: case VOP_BOOL: case VOP_ENUM:
		case VOP_IGNORED: case VOP_SUBCTX: case VOP_NEWOBJ: case VOP_OBJECT:
		case VOP_RESOURCE:
			if (!walk_scalar(w, op))
				return false;
			break;
		case VOP_BITS:
			if (!walk_scalar(w, op))
				return false;
			i += op->arg;
			break;
		case VOP_ARRAY:
			if (!walk_array(w, op))
				return false;
			i += op->arg;
			break;
		case VOP_OPTIONAL:
			if (op->aux == VIGIL_NO_EXPR)
				when = w->pos < w->end;
			else if (!eval(w, op->aux, &when))
				return false;
			if (when && !walk_ops(w, op + 1, op->arg))
				return false;
			i += op->arg;
			break;
		case VOP_DATA:
			w->pos = w->end;
			break;
		default: /* checks and rules read nothing */
			break;
		}
	}
	return true;
}

uint32_t vigil_mut_kind(const struct vigil_op *op, uint32_t objtype)
{
	return op->arg == VIGIL_KIND_FROM_HEADER ? objtype : op->arg;
}

void vigil_mut_walk(const uint32_t *cmd, uint32_t ndw, struct vigil_mut_layout *out)
{
	struct walker w = { .dw = cmd, .pos = 1, .end = ndw, .out = out };
	const struct vigil_cmd_desc *d = NULL;

	memset(out, 0, sizeof(*out));
	out->count_field = UINT32_MAX;
	if (ndw < 1)
		return;
	out->cmd_id = cmd[0] & 0xffu;
	out->objtype = (cmd[0] >> 8) & 0xffu;
	out->len = cmd[0] >> 16;
	if (out->cmd_id < VIGIL_VIRGL_CMD_COUNT)
		d = &vigil_virgl_cmds[out->cmd_id];
	if (d && (d->flags & VIGIL_CMD_DISPATCH_OBJECT))
		d = out->objtype < VIGIL_OBJECT_COUNT ? &vigil_objects[out->objtype] : NULL;
	if (!d || !d->prog)
		return;
	out->prog = d->prog;
	/* Programs end in VOP_END; the bound only guards against a table bug. */
	out->exact = walk_ops(&w, d->prog, 4096) && w.pos == w.end && out->len + 1u == ndw;
}
