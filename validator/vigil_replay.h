/*
 * vigil_replay.h: replay a recorded client-to-server vtest byte stream through a validation
 * context (captures, fuzzing of whole sessions, vigil-dump, vigil-bench-validate).
 *
 * Input: an arbitrary byte buffer (hostile). Guarantees: framing is done exactly as a vtest
 * transport would (vigil_vtest_frame caps every length before use), so a replay sees what a
 * live gate would see; a short final message is VIGIL_E_TRUNCATED.
 */
#ifndef VIGIL_REPLAY_H
#define VIGIL_REPLAY_H

#include "vigil_validator.h"

struct vigil_replay_msg {
	uint32_t id, len;
	size_t stream_offset;  /* byte offset of the header in the stream */
	const uint8_t *payload;
	size_t payload_bytes;
	vigil_status status;
};

struct vigil_replay_stats {
	uint64_t messages, submits, submit_bytes, commands, rejects;
};

/* `before` runs once a message is framed (status is the framing result), `after` once it
 * was validated (status is the final result; `records` holds what it produced). */
struct vigil_replay_hooks {
	void (*before)(void *user, const struct vigil_replay_msg *msg);
	void (*after)(void *user, const struct vigil_replay_msg *msg, const struct vigil_recbuf *records);
	void *user;
};

/* Replays the whole stream; stops at the first reject unless the context keeps going.
 * The record buffer is reset before every message. Returns the first non-OK status.
 * hooks and stats may be NULL. */
vigil_status vigil_replay(struct vigil_val_ctx *ctx, const uint8_t *buf, size_t len,
			  struct vigil_recbuf *rb, const struct vigil_replay_hooks *hooks,
			  struct vigil_replay_stats *stats);

#endif
