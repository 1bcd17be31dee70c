/*
 * fuzz_session: the vtest transport framing plus the validator over a whole client stream
 * (the connN.c2s format of the captures), from the first byte, as a gate would see it. Like the
 * embedders (lib/context.c, vigil-dump), it counts messages and formats every reject into a
 * log line, so the error formatter sees whatever ids, types and fields a hostile stream leaves
 * in the error record.
 */
#include <stdlib.h>
#include <string.h>

#include "vigil_replay.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct log {
	struct vigil_val_ctx *ctx;
	char line[256];
	size_t framed, records;
};

static void before(void *user, const struct vigil_replay_msg *msg)
{
	struct log *l = user;

	l->framed += msg->status == VIGIL_OK;
}

static void after(void *user, const struct vigil_replay_msg *msg, const struct vigil_recbuf *records)
{
	struct log *l = user;

	l->records += records->len;
	if (msg->status != VIGIL_OK)
		vigil_val_format_error(vigil_val_last_error(l->ctx), l->line, sizeof(l->line));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vigil_val_config cfg = { .features = vigil_val_all_features() };
	struct vigil_val_ctx *ctx = vigil_val_create(&cfg);
	struct vigil_recbuf rb = { 0 };
	struct log l = { .ctx = ctx };
	struct vigil_replay_hooks hooks = { .before = before, .after = after, .user = &l };
	struct vigil_replay_stats st = { 0 };
	uint8_t *copy = malloc(size ? size : 1);

	if (!ctx || !copy)
		abort();
	memcpy(copy, data, size);
	(void)vigil_replay(ctx, copy, size, &rb, &hooks, &st);
	if (st.messages < st.rejects || l.line[sizeof(l.line) - 1] != 0)
		abort(); /* a broken count, or the formatter wrote past its NUL */
	free(copy);
	vigil_val_destroy(ctx);
	vigil_recbuf_free(&rb);
	return 0;
}
