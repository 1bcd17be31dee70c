/*
 * values.h: field values for the structure-aware mutator, chosen from one spec op: a value the
 * op accepts (in range, an enum member, bit-fields in range with reserved bits clear), or one
 * that breaks exactly one of its rules (out of range, outside the enum, a reserved bit set).
 * Inputs are compiled-in tables and a seeded generator; nothing here reads fuzzer data.
 */
#ifndef VIGIL_MUT_VALUES_H
#define VIGIL_MUT_VALUES_H

#include <stdbool.h>
#include <stdint.h>

#include "vigil_tables.h"

/* xorshift64; s must not be 0. */
struct vigil_mut_rng {
	uint64_t s;
};

uint32_t vigil_mut_rand(struct vigil_mut_rng *r);
uint32_t vigil_mut_below(struct vigil_mut_rng *r, uint32_t n); /* 0..n-1, 0 when n is 0 */

/* A member of enum `e` valid at protocol version 2; false when there is none. */
bool vigil_mut_enum_member(struct vigil_mut_rng *r, uint32_t e, uint32_t *ret);
/* A value <= limit outside enum `e`; false when every such value is a member. */
bool vigil_mut_enum_outside(struct vigil_mut_rng *r, uint32_t e, uint32_t limit, uint32_t *ret);

/* An accepted value for a scalar op (U32, I32, BOOL, F32, ENUM, BITS); false for others. */
bool vigil_mut_valid(struct vigil_mut_rng *r, const struct vigil_op *op, uint32_t *ret);
/* `old` with one range rule broken (the op or, for BITS, one bit-field); false if impossible. */
bool vigil_mut_out_of_range(struct vigil_mut_rng *r, const struct vigil_op *op, uint32_t old,
			    uint32_t *ret);
/* `old` with one reserved bit of a BITS op set; false when no bit is reserved. */
bool vigil_mut_reserved(struct vigil_mut_rng *r, const struct vigil_op *op, uint32_t old,
			uint32_t *ret);

#endif
