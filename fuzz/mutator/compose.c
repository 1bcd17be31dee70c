/*
 * compose.c: see compose.h. One command at a time: copy a positive vector, walk it (walk.h),
 * fix its handles (fresh ids for new objects, earlier objects of the right kind, fixtures that
 * pass the resource rule), re-draw a field or two that no expression depends on, optionally
 * break one rule, append. The output buffer is allocated once (VIGIL_MUT_MAX_DW dwords) and
 * every append is checked against the capacity of the current call.
 */
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "fuzz_fixtures.h"
#include "values.h"
#include "vigil_spec.h"
#include "walk.h"

#define VIGIL_MUT_MAX_DW 65536u  /* output cap: 256 KiB */
#define VIGIL_MUT_CMD_DW 4096u   /* one command, as long as the longest vector */
#define VIGIL_MUT_PER_KIND 16u   /* remembered objects per kind */
#define VIGIL_MUT_DEPTH 3u       /* nested on-demand object creations */

struct vigil_vector {
	const char *name;
	uint16_t status;
	uint16_t field;
	uint32_t ndw;
	const uint32_t *dw;
};
extern const struct vigil_vector vigil_pos_vectors[];
extern const unsigned vigil_pos_vector_count;

enum brk { BRK_RANGE, BRK_ENUM, BRK_RESERVED, BRK_COUNT, BRK_HANDLE, BRK_KIND, BRK_LENGTH, BRK_N_ };

struct vigil_mut {
	struct vigil_mut_rng rng;
	uint32_t *out;
	uint32_t n, cap;
	uint32_t objs[VIGIL_OBJECT_COUNT][VIGIL_MUT_PER_KIND];
	uint32_t nobjs[VIGIL_OBJECT_COUNT];
	uint32_t next_id;
	int obj_tmpl[VIGIL_OBJECT_COUNT]; /* positive vector creating each kind, or -1 */
	struct vigil_mut_layout lay[VIGIL_MUT_DEPTH + 1];
	uint32_t cmd[VIGIL_MUT_DEPTH + 1][VIGIL_MUT_CMD_DW];
	uint32_t in[VIGIL_MUT_CMD_DW]; /* aligned copy of the queue entry's first 16 KiB */
};

static void forget(struct vigil_mut *m)
{
	memset(m->nobjs, 0, sizeof(m->nobjs));
	m->next_id = 1u + vigil_mut_below(&m->rng, 64);
}

struct vigil_mut *vigil_mut_create(uint64_t seed)
{
	struct vigil_mut *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->out = calloc(VIGIL_MUT_MAX_DW, sizeof(uint32_t));
	if (!m->out) {
		free(m);
		return NULL;
	}
	m->rng.s = seed ? seed : 0x9e3779b97f4a7c15ull;
	for (uint32_t k = 0; k < VIGIL_OBJECT_COUNT; k++)
		m->obj_tmpl[k] = -1;
	for (unsigned i = 0; i < vigil_pos_vector_count; i++) {
		uint32_t h = vigil_pos_vectors[i].dw[0], k = (h >> 8) & 0xffu;
		if ((h & 0xffu) == VIGIL_CCMD_CREATE_OBJECT && k < VIGIL_OBJECT_COUNT &&
		    m->obj_tmpl[k] < 0)
			m->obj_tmpl[k] = (int)i;
	}
	return m;
}

void vigil_mut_destroy(struct vigil_mut *m)
{
	if (!m)
		return;
	free(m->out);
	free(m);
}

static void remember(struct vigil_mut *m, uint32_t kind, uint32_t id)
{
	if (kind >= VIGIL_OBJECT_COUNT || !id)
		return;
	if (m->nobjs[kind] < VIGIL_MUT_PER_KIND)
		m->objs[kind][m->nobjs[kind]++] = id;
	else
		m->objs[kind][vigil_mut_below(&m->rng, VIGIL_MUT_PER_KIND)] = id;
}

/* Record what an accepted-looking command creates or destroys. */
static void track(struct vigil_mut *m, const uint32_t *cmd, const struct vigil_mut_layout *l)
{
	for (uint32_t i = 0; i < l->nfields; i++) {
		const struct vigil_op *op = l->f[i].op;
		uint32_t kind = vigil_mut_kind(op, l->objtype);

		if (op->op == VOP_NEWOBJ) {
			remember(m, kind, cmd[l->f[i].dw]);
		} else if (l->cmd_id == VIGIL_CCMD_DESTROY_OBJECT && op->op == VOP_OBJECT &&
			   kind < VIGIL_OBJECT_COUNT) {
			for (uint32_t j = 0; j < m->nobjs[kind]; j++)
				if (m->objs[kind][j] == cmd[l->f[i].dw])
					m->objs[kind][j] = m->objs[kind][--m->nobjs[kind]];
		}
	}
}

static bool fixture_ok(uint32_t rule, const uint32_t *res)
{
	const struct vigil_res_rule *r;
	uint32_t t = res[VIGIL_FUZZ_RES_TARGET], b = res[VIGIL_FUZZ_RES_BIND];

	if (rule >= VIGIL_RES_RULE_COUNT)
		return true;
	r = &vigil_res_rules[rule];
	return t < 32 && ((r->target_mask >> t) & 1u) && (!r->bind_any || (b & r->bind_any)) &&
	       !(r->has_bind_not && b == r->bind_not);
}

/* The vectors' resources 0x100 (a 64 KiB buffer) and 0x101 (a 64x64 RGBA8 2D texture, 7
 * levels) are fixtures 1 and 2 exactly: keep them mostly, so boxes and offsets still fit. */
static uint32_t pick_resource(struct vigil_mut *m, const struct vigil_op *op, uint32_t old)
{
	uint32_t start = vigil_mut_below(&m->rng, VIGIL_FUZZ_NRES);

	if ((old == 0x100u || old == 0x101u) && vigil_mut_below(&m->rng, 8))
		return old - 0xffu;
	if ((op->flags & VOPF_NULLABLE) && !vigil_mut_below(&m->rng, 8))
		return 0;
	for (uint32_t i = 0; i < VIGIL_FUZZ_NRES; i++) {
		const uint32_t *res = vigil_fuzz_fixtures[(start + i) % VIGIL_FUZZ_NRES];
		if (fixture_ok(op->arg, res))
			return res[VIGIL_FUZZ_RES_HANDLE];
	}
	return 1;
}

static bool emit(struct vigil_mut *m, unsigned vec, unsigned depth, bool brk);

static uint32_t pick_object(struct vigil_mut *m, const struct vigil_op *op, uint32_t kind,
			    unsigned depth, uint32_t old)
{
	if (kind >= VIGIL_OBJECT_COUNT)
		return old;
	if ((op->flags & VOPF_NULLABLE) && !vigil_mut_below(&m->rng, 8))
		return 0;
	if (!m->nobjs[kind] && depth < VIGIL_MUT_DEPTH && m->obj_tmpl[kind] >= 0)
		(void)emit(m, (unsigned)m->obj_tmpl[kind], depth + 1, false);
	if (!m->nobjs[kind])
		return (op->flags & VOPF_NULLABLE) ? 0 : old;
	return m->objs[kind][vigil_mut_below(&m->rng, m->nobjs[kind])];
}

/* Handles to fixtures and earlier objects; then a field or two re-drawn within its rules. */
static void refill(struct vigil_mut *m, uint32_t *cmd, const struct vigil_mut_layout *l,
		   unsigned depth)
{
	uint32_t redraw = vigil_mut_below(&m->rng, 3);

	for (uint32_t i = 0; i < l->nfields; i++) {
		const struct vigil_op *op = l->f[i].op;
		uint32_t *v = &cmd[l->f[i].dw];

		if (op->op == VOP_NEWOBJ)
			*v = m->next_id++;
		else if (op->op == VOP_OBJECT)
			*v = pick_object(m, op, vigil_mut_kind(op, l->objtype), depth, *v);
		else if (op->op == VOP_RESOURCE)
			*v = pick_resource(m, op, *v);
	}
	while (redraw-- && l->nfields) {
		const struct vigil_mut_field *f = &l->f[vigil_mut_below(&m->rng, l->nfields)];
		uint32_t v;
		/* Fields some expression reads (counts, relations, `when`) keep their value. */
		if (f->op->slot == VIGIL_NO_SLOT && vigil_mut_valid(&m->rng, f->op, &v))
			cmd[f->dw] = v;
	}
}

/* Over the array's max by one element (copies of element 0), when the count can say so. */
static bool over_count(uint32_t *cmd, uint32_t *ndw, const struct vigil_mut_layout *l)
{
	const struct vigil_op *a = l->array;
	uint32_t per, add, at;

	if (!a || (a->aux != VIGIL_COUNT_REST && l->count_field == UINT32_MAX))
		return false;
	per = a->min ? a->min : 1u;
	if (a->max + 1u <= l->array_count || (a->max + 1u - l->array_count) > VIGIL_MUT_CMD_DW / per)
		return false;
	add = (a->max + 1u - l->array_count) * per;
	if (*ndw + add > VIGIL_MUT_CMD_DW || *ndw + add - 1u > 0xffffu)
		return false;
	at = l->array_dw + l->array_count * per;
	memmove(&cmd[at + add], &cmd[at], (*ndw - at) * sizeof(uint32_t));
	for (uint32_t i = 0; i < add; i++)
		cmd[at + i] = l->array_count ? cmd[l->array_dw + i % per] : 0;
	if (l->count_field != UINT32_MAX)
		cmd[l->f[l->count_field].dw] = a->max + 1u;
	*ndw += add;
	cmd[0] = (cmd[0] & 0xffffu) | ((*ndw - 1u) << 16);
	return true;
}

static bool wrong_handle(struct vigil_mut *m, const struct vigil_op *op, uint32_t objtype,
			 bool other_kind, uint32_t *v)
{
	if (other_kind) {
		uint32_t kind = vigil_mut_kind(op, objtype);
		if (op->op != VOP_OBJECT)
			return false;
		for (uint32_t k = 1; k < VIGIL_OBJECT_COUNT; k++)
			if (k != kind && m->nobjs[k]) {
				*v = m->objs[k][0];
				return true;
			}
		return false;
	}
	if (op->op == VOP_OBJECT)
		*v = (op->flags & VOPF_NULLABLE) || vigil_mut_below(&m->rng, 2) ?
			0x00dead00u | vigil_mut_below(&m->rng, 256) : 0;
	else if (op->op == VOP_RESOURCE)
		*v = 0x00dead00u | vigil_mut_below(&m->rng, 256); /* no fixture has such a handle */
	else if (op->op == VOP_NEWOBJ)
		*v = 0; /* id 0 is refused */
	else
		return false;
	return true;
}

/* Breaks one rule of kind `b` in a field (or the framing); false when nothing fits. */
static bool break_one(struct vigil_mut *m, uint32_t *cmd, uint32_t *ndw,
		      const struct vigil_mut_layout *l, enum brk b)
{
	uint32_t start = vigil_mut_below(&m->rng, l->nfields ? l->nfields : 1u);

	if (b == BRK_COUNT)
		return over_count(cmd, ndw, l);
	if (b == BRK_LENGTH) {
		uint32_t len = cmd[0] >> 16;
		switch (vigil_mut_below(&m->rng, 3)) {
		case 0: /* truncated */
			if (*ndw < 2)
				return false;
			(*ndw)--;
			len--;
			break;
		case 1: /* trailing dword */
			if (*ndw >= VIGIL_MUT_CMD_DW || len >= 0xffffu)
				return false;
			cmd[(*ndw)++] = vigil_mut_rand(&m->rng);
			len++;
			break;
		default: /* the header claims more than there is */
			if (len >= 0xffffu)
				return false;
			len++;
			break;
		}
		cmd[0] = (cmd[0] & 0xffffu) | (len << 16);
		return true;
	}
	for (uint32_t j = 0; j < l->nfields; j++) {
		const struct vigil_mut_field *f = &l->f[(start + j) % l->nfields];
		uint32_t *v = &cmd[f->dw], x;
		bool ok = false;

		if (b == BRK_RANGE && f->op->op != VOP_ENUM)
			ok = vigil_mut_out_of_range(&m->rng, f->op, *v, &x);
		else if (b == BRK_ENUM && f->op->op == VOP_ENUM)
			ok = vigil_mut_enum_outside(&m->rng, f->op->arg, UINT32_MAX, &x);
		else if (b == BRK_ENUM && f->op->op == VOP_BITS)
			ok = vigil_mut_out_of_range(&m->rng, f->op, *v, &x);
		else if (b == BRK_RESERVED)
			ok = vigil_mut_reserved(&m->rng, f->op, *v, &x);
		else if (b == BRK_HANDLE || b == BRK_KIND)
			ok = wrong_handle(m, f->op, l->objtype, b == BRK_KIND, &x);
		if (ok) {
			*v = x;
			return true;
		}
	}
	return false;
}

static void break_rule(struct vigil_mut *m, uint32_t *cmd, uint32_t *ndw,
		       const struct vigil_mut_layout *l)
{
	uint32_t first = vigil_mut_below(&m->rng, BRK_N_);

	for (uint32_t i = 0; i < BRK_N_; i++)
		if (break_one(m, cmd, ndw, l, (enum brk)((first + i) % BRK_N_)))
			return;
}

static bool append(struct vigil_mut *m, const uint32_t *cmd, uint32_t ndw)
{
	if (ndw > m->cap - m->n)
		return false;
	memcpy(&m->out[m->n], cmd, ndw * sizeof(uint32_t));
	m->n += ndw;
	return true;
}

/* Appends one command from positive vector `vec` (objects it needs go first). */
static bool emit(struct vigil_mut *m, unsigned vec, unsigned depth, bool brk)
{
	const struct vigil_vector *v = &vigil_pos_vectors[vec];
	uint32_t *cmd = m->cmd[depth], ndw = v->ndw;
	struct vigil_mut_layout *l = &m->lay[depth];

	if (ndw < 1 || ndw > VIGIL_MUT_CMD_DW)
		return false;
	memcpy(cmd, v->dw, ndw * sizeof(uint32_t));
	vigil_mut_walk(cmd, ndw, l);
	refill(m, cmd, l, depth);
	if (brk)
		break_rule(m, cmd, &ndw, l);
	if (!append(m, cmd, ndw))
		return false;
	if (!brk)
		track(m, cmd, l);
	return true;
}

/* Copies the commands of `in` up to a random boundary, remembering the objects they create. */
static void keep_prefix(struct vigil_mut *m, const uint32_t *in, uint32_t ndw)
{
	uint32_t stop = vigil_mut_below(&m->rng, 16), pos = 0;

	for (uint32_t k = 0; k < stop && pos < ndw; k++) {
		uint32_t n = (in[pos] >> 16) + 1u;
		if (n > ndw - pos || n > VIGIL_MUT_CMD_DW || !append(m, &in[pos], n))
			return;
		vigil_mut_walk(&in[pos], n, &m->lay[0]);
		if (m->lay[0].exact)
			track(m, &in[pos], &m->lay[0]);
		pos += n;
	}
}

/* Re-draws or breaks one field of one well-formed command of `in`, keeping everything else. */
static bool mutate_in_place(struct vigil_mut *m, const uint32_t *in, uint32_t ndw)
{
	uint32_t pos = 0, target = vigil_mut_below(&m->rng, 8), k = 0, *cmd = m->cmd[0];
	struct vigil_mut_layout *l = &m->lay[0];

	while (pos < ndw) {
		uint32_t n = (in[pos] >> 16) + 1u, cn = n;
		if (n > ndw - pos || n > VIGIL_MUT_CMD_DW)
			break;
		memcpy(cmd, &in[pos], n * sizeof(uint32_t));
		vigil_mut_walk(cmd, n, l);
		if (l->exact && k++ >= target && l->nfields) {
			if (vigil_mut_below(&m->rng, 2)) {
				break_rule(m, cmd, &cn, l);
			} else {
				const struct vigil_mut_field *f = &l->f[vigil_mut_below(&m->rng, l->nfields)];
				uint32_t v;
				if (vigil_mut_valid(&m->rng, f->op, &v))
					cmd[f->dw] = v;
			}
			return append(m, in, pos) && append(m, cmd, cn) &&
			       append(m, &in[pos + n], ndw - pos - n);
		}
		pos += n;
	}
	return false;
}

size_t vigil_mut_fuzz(struct vigil_mut *m, const uint8_t *in, size_t in_bytes, size_t max_bytes,
		      uint8_t **ret_out)
{
	uint32_t *din = m->in;
	uint32_t nin = (uint32_t)((in_bytes < VIGIL_MUT_CMD_DW * 4u ? in_bytes : VIGIL_MUT_CMD_DW * 4u) / 4u);
	uint32_t mode = vigil_mut_below(&m->rng, 8), ncmd = 1u + vigil_mut_below(&m->rng, 6);
	bool brk = vigil_mut_below(&m->rng, 3) != 0;

	if (nin)
		memcpy(din, in, nin * sizeof(uint32_t));
	m->n = 0;
	m->cap = (uint32_t)((max_bytes / 4u) < VIGIL_MUT_MAX_DW ? max_bytes / 4u : VIGIL_MUT_MAX_DW);
	forget(m);
	if (mode == 0 && nin && mutate_in_place(m, din, nin))
		goto out;
	m->n = 0;
	forget(m);
	if (mode <= 3 && nin)
		keep_prefix(m, din, nin);
	for (uint32_t i = 0; i < ncmd; i++) {
		unsigned vec = vigil_mut_below(&m->rng, vigil_pos_vector_count);
		if (!emit(m, vec, 0, brk && i + 1 == ncmd))
			break;
	}
out:
	*ret_out = (uint8_t *)m->out;
	return (size_t)m->n * 4u;
}
