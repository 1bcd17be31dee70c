/*
 * values.c: see values.h. Pure functions of the spec tables and a random generator; no
 * allocation. Values a rule accepts come from the op's own bounds and enum; values that break
 * one rule stay valid for every other check of the same op (a reserved bit leaves the declared
 * bit-fields alone, an out-of-set enum value fits its bit-field).
 */
#include "values.h"

#include "vigil_spec.h"

uint32_t vigil_mut_rand(struct vigil_mut_rng *r)
{
	uint64_t x = r->s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	r->s = x;
	return (uint32_t)(x >> 16);
}

uint32_t vigil_mut_below(struct vigil_mut_rng *r, uint32_t n)
{
	return n ? vigil_mut_rand(r) % n : 0;
}

/* min, max, their neighbours, small values (most often) or anything in between. */
static uint32_t in_range(struct vigil_mut_rng *r, uint32_t lo, uint32_t hi)
{
	uint32_t span = hi - lo;

	switch (vigil_mut_below(r, 8)) {
	case 0: return lo;
	case 1: return hi;
	case 2: return span ? lo + 1 : lo;
	case 3: return span ? hi - 1 : hi;
	case 7: return span == UINT32_MAX ? vigil_mut_rand(r) : lo + vigil_mut_below(r, span + 1);
	default: /* small values: sizes, offsets and boxes mostly stay inside the fixtures */
		return lo + vigil_mut_below(r, span < 64 ? span + 1 : 65);
	}
}

static uint32_t width_mask(uint32_t width)
{
	return width >= 32 ? UINT32_MAX : (1u << width) - 1u;
}

bool vigil_mut_enum_member(struct vigil_mut_rng *r, uint32_t e, uint32_t *ret)
{
	const struct vigil_enum_desc *d;

	if (e >= VIGIL_ENUM_COUNT)
		return false;
	d = &vigil_enums[e];
	if (d->kind == VIGIL_ENUM_FLAGS) {
		*ret = d->bits[0] & vigil_mut_rand(r);
		return true;
	}
	for (unsigned tries = 0; tries < 8 && d->nvalues; tries++) {
		const struct vigil_enum_value *v =
			&vigil_enum_values[d->first_value + vigil_mut_below(r, d->nvalues)];
		if (v->since <= 2) { /* the harness negotiates protocol version 2 */
			*ret = v->value;
			return true;
		}
	}
	return false;
}

bool vigil_mut_enum_outside(struct vigil_mut_rng *r, uint32_t e, uint32_t limit, uint32_t *ret)
{
	const struct vigil_enum_desc *d;

	if (e >= VIGIL_ENUM_COUNT)
		return false;
	d = &vigil_enums[e];
	if (d->kind == VIGIL_ENUM_FLAGS) {
		uint32_t spare = ~d->bits[0] & limit;
		if (!spare)
			return false;
		for (;;) {
			uint32_t bit = 1u << vigil_mut_below(r, 32);
			if (spare & bit) {
				*ret = (d->bits[0] & vigil_mut_rand(r)) | bit;
				return true;
			}
		}
	}
	for (unsigned tries = 0; tries < 32; tries++) {
		uint32_t v = tries < 31 ? vigil_mut_below(r, d->nbits + 2) : d->nbits;
		bool member = v < d->nbits && ((d->bits[v / 32] >> (v % 32)) & 1u);
		if (!member && v <= limit) {
			*ret = v;
			return true;
		}
	}
	return false;
}

/* A bits dword whose every declared bit-field holds an accepted value. */
static uint32_t bits_value(struct vigil_mut_rng *r, const struct vigil_op *op)
{
	uint32_t v = 0;

	for (uint32_t k = 1; k <= op->arg; k++) {
		const struct vigil_op *bf = op + k;
		uint32_t m = width_mask(bf->width), x = 0;

		if (bf->op == VOP_BF_U32)
			x = in_range(r, bf->min, bf->max < m ? bf->max : m);
		else if (bf->op == VOP_BF_BOOL)
			x = vigil_mut_below(r, 2);
		else if (bf->op != VOP_BF_ENUM || !vigil_mut_enum_member(r, bf->arg, &x))
			x = 0;
		v |= (x & m) << bf->lo;
	}
	return v & op->max;
}

bool vigil_mut_valid(struct vigil_mut_rng *r, const struct vigil_op *op, uint32_t *ret)
{
	static const uint32_t floats[] = {
		0x00000000u, 0x3f800000u, 0xbf800000u, 0x3f000000u, 0x47800000u, 0x7fc00000u,
		0x7f800000u, 0x00000001u, 0x80000000u, 0x4b000000u,
	};

	switch (op->op) {
	case VOP_U32:
		*ret = in_range(r, op->min, op->max);
		return true;
	case VOP_I32:
		*ret = in_range(r, op->min ^ 0x80000000u, op->max ^ 0x80000000u) ^ 0x80000000u;
		return true;
	case VOP_BOOL:
		*ret = vigil_mut_below(r, 2);
		return true;
	case VOP_F32:
		*ret = floats[vigil_mut_below(r, sizeof(floats) / sizeof(floats[0]))];
		return true;
	case VOP_ENUM:
		return vigil_mut_enum_member(r, op->arg, ret);
	case VOP_BITS:
		*ret = bits_value(r, op);
		return true;
	default:
		return false;
	}
}

bool vigil_mut_out_of_range(struct vigil_mut_rng *r, const struct vigil_op *op, uint32_t old,
			    uint32_t *ret)
{
	switch (op->op) {
	case VOP_U32:
		if (op->max != UINT32_MAX && (op->min == 0 || vigil_mut_below(r, 2))) {
			*ret = op->max + 1u + vigil_mut_below(r, 2) * vigil_mut_rand(r) % (UINT32_MAX - op->max);
			return true;
		}
		if (op->min == 0)
			return false;
		*ret = op->min - 1u;
		return true;
	case VOP_I32:
		if ((int32_t)op->max != INT32_MAX) {
			*ret = op->max + 1u;
			return true;
		}
		if ((int32_t)op->min == INT32_MIN)
			return false;
		*ret = op->min - 1u;
		return true;
	case VOP_BOOL:
		*ret = 2u + vigil_mut_below(r, 2) * vigil_mut_rand(r);
		return *ret > 1u;
	case VOP_BITS:
		/* A bit-field over its max (when its width can hold more). */
		for (uint32_t k = 1; k <= op->arg; k++) {
			const struct vigil_op *bf = op + k;
			uint32_t m = width_mask(bf->width);
			if (bf->op == VOP_BF_U32 && bf->max < m) {
				*ret = (old & ~(m << bf->lo)) | ((bf->max + 1u) << bf->lo);
				return true;
			}
			if (bf->op == VOP_BF_ENUM) {
				uint32_t x;
				if (vigil_mut_enum_outside(r, bf->arg, m, &x)) {
					*ret = (old & ~(m << bf->lo)) | (x << bf->lo);
					return true;
				}
			}
		}
		return false;
	default:
		return false;
	}
}

bool vigil_mut_reserved(struct vigil_mut_rng *r, const struct vigil_op *op, uint32_t old,
			uint32_t *ret)
{
	uint32_t spare = ~op->max;

	if (op->op != VOP_BITS || !spare)
		return false;
	for (;;) {
		uint32_t bit = 1u << vigil_mut_below(r, 32);
		if (spare & bit) {
			*ret = old | bit;
			return true;
		}
	}
}
