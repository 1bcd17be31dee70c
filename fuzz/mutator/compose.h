/*
 * compose.h: builds fuzz_submit inputs (virgl command buffers) from the spec.
 *
 * Commands start from the generator's positive vectors (one well-formed instance per command
 * and object layout) and are re-filled from the spec tables: valid header and length, enum
 * fields from their sets, values in range, new object ids that are fresh, object references to
 * objects created earlier in the same buffer (created on demand), resource references to the
 * harness fixtures (1..7, 0x100, 0x101) that pass the field's resource rule. Then, when asked,
 * exactly one rule of the last command is broken (range, enum, reserved bit, count over max, length, unknown or
 * wrongly kinded handle). Inputs taken from the fuzzer queue are only parsed (bounded) to reuse
 * their command prefix and the objects it creates. Output never exceeds the given capacity.
 */
#ifndef VIGIL_MUT_COMPOSE_H
#define VIGIL_MUT_COMPOSE_H

#include <stddef.h>
#include <stdint.h>

struct vigil_mut;

/* NULL on allocation failure. Owns its output buffer; free with vigil_mut_destroy. */
struct vigil_mut *vigil_mut_create(uint64_t seed);
void vigil_mut_destroy(struct vigil_mut *m);

/* A new input derived from `in` (may be empty or garbage) of at most max_bytes; the result is
 * borrowed until the next call. Returns its size in bytes (a multiple of 4). */
size_t vigil_mut_fuzz(struct vigil_mut *m, const uint8_t *in, size_t in_bytes, size_t max_bytes,
		      uint8_t **ret_out);

#endif
