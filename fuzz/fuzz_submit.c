/*
 * fuzz_submit: the validator over raw virgl command buffers (the payload of SUBMIT_CMD).
 * The whole input (rounded down to dwords) is one submit; if the context survived, the same
 * bytes are submitted once more, so state carries over (re-created ids, chunked shaders,
 * destroyed objects, deleted sub-contexts).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vigil_recbuf rb = { 0 };
	struct vigil_val_ctx *ctx = vigil_fuzz_context(&rb);
	size_t n = size & ~(size_t)3u;
	uint8_t *copy = malloc(n ? n : 1);

	if (!copy)
		abort();
	memcpy(copy, data, n); /* exact-size private copy: ASan sees any overread */
	for (int pass = 0; pass < 2 && !vigil_val_poisoned(ctx); pass++) {
		vigil_recbuf_reset(&rb);
		(void)vigil_val_submit(ctx, copy, n, &rb);
	}
	free(copy);
	vigil_val_destroy(ctx);
	vigil_recbuf_free(&rb);
	return 0;
}
