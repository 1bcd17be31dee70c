/*
 * afl_mutator.c: the AFL++ custom mutator API over compose.h, for fuzz_submit.
 *
 * afl-fuzz loads this library (AFL_CUSTOM_MUTATOR_LIBRARY) and calls afl_custom_fuzz with a
 * queue entry; the answer is a spec-shaped virgl command buffer (see compose.h) that AFL++ runs
 * like any other input. The library is never linked into a harness and carries no fuzzing
 * instrumentation. State is one struct vigil_mut per afl-fuzz instance; the output buffer it
 * returns stays valid until the next call, as the API requires.
 */
#include <stddef.h>
#include <stdint.h>

#include "compose.h"

void *afl_custom_init(void *afl, unsigned int seed);
size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf,
		       uint8_t *add_buf, size_t add_buf_size, size_t max_size);
void afl_custom_deinit(void *data);

void *afl_custom_init(void *afl, unsigned int seed)
{
	(void)afl;
	return vigil_mut_create(((uint64_t)seed << 32) ^ 0x5deece66dull ^ seed);
}

size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf,
		       uint8_t *add_buf, size_t add_buf_size, size_t max_size)
{
	(void)add_buf;
	(void)add_buf_size;
	return vigil_mut_fuzz(data, buf, buf_size, max_size, out_buf);
}

void afl_custom_deinit(void *data)
{
	vigil_mut_destroy(data);
}
