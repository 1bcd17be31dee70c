/*
 * fuzz_session: the vtest transport framing plus the validator over a whole client stream
 * (the connN.c2s format of the captures), from the first byte, as a gate would see it.
 */
#include <stdlib.h>
#include <string.h>

#include "vigil_replay.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vigil_val_config cfg = { .features = vigil_val_all_features() };
	struct vigil_val_ctx *ctx = vigil_val_create(&cfg);
	struct vigil_recbuf rb = { 0 };
	uint8_t *copy = malloc(size ? size : 1);

	if (!ctx || !copy)
		abort();
	memcpy(copy, data, size);
	(void)vigil_replay(ctx, copy, size, &rb, NULL, NULL);
	free(copy);
	vigil_val_destroy(ctx);
	vigil_recbuf_free(&rb);
	return 0;
}
