/*
 * fuzz_submit: the validator over raw virgl command buffers (the payload of SUBMIT_CMD).
 * The whole input (rounded down to dwords) is one submit; if the context survived, the same
 * bytes are submitted once more, so state carries over (re-created ids, chunked shaders,
 * destroyed objects, deleted sub-contexts). Then the bytes go once through a context in the
 * tools' keep_going mode (vigil-dump's: every reject reported to an observer, formatted, and
 * skipped), which must keep its shadow state consistent after any failed command.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	char line[256];
	size_t events, rejects;
};

static void observe(void *user, const struct vigil_cmd_event *ev)
{
	struct seen *s = user;

	s->events++;
	if (ev->status != VIGIL_OK) {
		s->rejects++;
		vigil_val_format_error(ev->error, s->line, sizeof(s->line));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vigil_recbuf rb = { 0 };
	struct vigil_val_ctx *ctx = vigil_fuzz_context(&rb, NULL);
	size_t n = size & ~(size_t)3u;
	uint8_t *copy = malloc(n ? n : 1);
	struct seen seen = { 0 };
	struct vigil_val_config tools = { .keep_going = true, .observe = observe, .observe_user = &seen };

	if (!copy)
		abort();
	memcpy(copy, data, n); /* exact-size private copy: ASan sees any overread */
	for (int pass = 0; pass < 2 && !vigil_val_poisoned(ctx); pass++) {
		vigil_recbuf_reset(&rb);
		(void)vigil_val_submit(ctx, copy, n, &rb);
	}
	vigil_val_destroy(ctx);
	ctx = vigil_fuzz_context(&rb, &tools);
	vigil_recbuf_reset(&rb);
	(void)vigil_val_submit(ctx, copy, n, &rb);
	if (vigil_val_poisoned(ctx) || seen.rejects > seen.events || seen.line[sizeof(seen.line) - 1] != 0)
		abort(); /* keep_going never poisons; the formatter stays inside its buffer */
	free(copy);
	vigil_val_destroy(ctx);
	vigil_recbuf_free(&rb);
	return 0;
}
