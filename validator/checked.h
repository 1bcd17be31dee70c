/*
 * checked.h: the only way vigil does size and offset arithmetic on guest-derived values.
 *
 * Inputs may be anything a guest chose. Every helper returns false when the exact result does
 * not fit its type and then leaves *r unspecified; the result must be used (warn_unused_result),
 * so a forgotten check is a compiler error under -Werror.
 */
#ifndef VIGIL_CHECKED_H
#define VIGIL_CHECKED_H

#include <stdbool.h>
#include <stdint.h>

#define VIGIL_MUST_CHECK __attribute__((warn_unused_result))

VIGIL_MUST_CHECK static inline bool vigil_add_u32(uint32_t a, uint32_t b, uint32_t *r)
{
	return !__builtin_add_overflow(a, b, r);
}

VIGIL_MUST_CHECK static inline bool vigil_mul_u32(uint32_t a, uint32_t b, uint32_t *r)
{
	return !__builtin_mul_overflow(a, b, r);
}

VIGIL_MUST_CHECK static inline bool vigil_add_u64(uint64_t a, uint64_t b, uint64_t *r)
{
	return !__builtin_add_overflow(a, b, r);
}

VIGIL_MUST_CHECK static inline bool vigil_sub_u64(uint64_t a, uint64_t b, uint64_t *r)
{
	return !__builtin_sub_overflow(a, b, r);
}

VIGIL_MUST_CHECK static inline bool vigil_mul_u64(uint64_t a, uint64_t b, uint64_t *r)
{
	return !__builtin_mul_overflow(a, b, r);
}

/* a + b <= limit, computed without wrap-around (the #251 underflow pattern cannot occur). */
VIGIL_MUST_CHECK static inline bool vigil_range_ok(uint64_t start, uint64_t count, uint64_t limit)
{
	return count <= limit && start <= limit - count;
}

#endif
