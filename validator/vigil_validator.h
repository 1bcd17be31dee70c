/*
 * vigil_validator.h: the validator library as the gate (and the tools and tests) sees it.
 *
 * Input: vtest messages and virgl command buffers from a guest, i.e. attacker-chosen bytes the
 * caller has already copied into private memory. Output: a stream of sanitized records
 * (generated structs from vigil_records.h, every index in range and every guest id replaced by a
 * generation-counted internal handle) appended to a caller-owned record buffer. A context that
 * sends one invalid command is poisoned: the failure is kept in vigil_val_last_error() and every
 * later call returns VIGIL_E_POISONED. Depends on libc only (no GL, EGL or epoxy; a test checks).
 */
#ifndef VIGIL_VALIDATOR_H
#define VIGIL_VALIDATOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vigil_status.h"

struct vigil_val_ctx;

/* Output records: [struct vigil_rec_hdr][record struct][span bytes], each padded to 8 bytes.
 * Owned by the caller; the validator grows `buf` with realloc up to `max` bytes (0 = 64 MiB)
 * and reports VIGIL_E_EXHAUSTED past it. */
struct vigil_recbuf {
	uint8_t *buf;
	size_t len;
	size_t cap;
	size_t max;
};

void vigil_recbuf_reset(struct vigil_recbuf *rb);
void vigil_recbuf_free(struct vigil_recbuf *rb);

/* What went wrong, for logs and tests. `field` indexes vigil_names (VIGIL_NO_NAME if none);
 * `detail` is a static string from a rule, text in the context (the shader rule's "TGSI line L
 * col C: reason", valid until the next command is validated) or NULL. */
struct vigil_val_error {
	vigil_status status;
	uint32_t is_vtest;    /* 1: a vtest message failed; 0: a virgl command inside SUBMIT_CMD */
	uint32_t cmd_id;      /* vtest id or virgl command id */
	uint32_t objtype;     /* virgl header object type */
	uint32_t offset;      /* dword offset of the failing command in its submit */
	uint32_t field;       /* vigil_names index of the failing field, or VIGIL_NO_NAME */
	uint32_t value;       /* the offending value where one exists */
	const char *detail;
};

/* Seen once per virgl command when set (vigil-dump); `rec` is the record header or NULL. */
struct vigil_cmd_event {
	uint32_t offset, cmd_id, objtype, len;
	vigil_status status;
	const struct vigil_val_error *error; /* when status != OK */
	const void *rec;
	const uint32_t *raw;                 /* the command's payload dwords (len of them) */
};

struct vigil_val_config {
	uint32_t features;      /* VIGIL_FEATURE_* the embedder advertises; others are UNSUPPORTED */
	bool keep_going;        /* tools only: report a reject and continue instead of poisoning */
	void (*observe)(void *user, const struct vigil_cmd_event *ev);
	void *observe_user;
	size_t max_record_bytes; /* per record buffer; 0 = 64 MiB */
};

/* NULL on allocation failure. The context owns its shadow state (sub-contexts, object and
 * resource tables) and frees it in vigil_val_destroy. */
struct vigil_val_ctx *vigil_val_create(const struct vigil_val_config *cfg);
void vigil_val_destroy(struct vigil_val_ctx *ctx);

bool vigil_val_poisoned(const struct vigil_val_ctx *ctx);
const struct vigil_val_error *vigil_val_last_error(const struct vigil_val_ctx *ctx);
/* Error as one line: "SET_VIEWPORT_STATE@12.start_slot: RELATION (start_slot + count ...)". */
void vigil_val_format_error(const struct vigil_val_error *e, char *buf, size_t n);

/* Validate one virgl command buffer (the payload of SUBMIT_CMD: `bytes` must be a multiple of
 * 4). Records of the accepted commands are appended to `out`; on a reject, the records of the
 * failing command are removed and the context is poisoned. */
vigil_status vigil_val_submit(struct vigil_val_ctx *ctx, const void *buf, size_t bytes,
			      struct vigil_recbuf *out);

/* vtest framing: given a message header, how many payload bytes the transport must read next.
 * For TRANSFER_PUT (protocol 0) call vigil_vtest_extra_bytes() after reading them. Rejects
 * unknown ids and over-cap lengths before anything is read or allocated. */
vigil_status vigil_vtest_frame(struct vigil_val_ctx *ctx, uint32_t len, uint32_t id,
			       size_t *ret_payload_bytes);
vigil_status vigil_vtest_extra_bytes(struct vigil_val_ctx *ctx, uint32_t id, const void *payload,
				     size_t payload_bytes, size_t *ret_extra);

/* Validate one whole vtest message (after framing). SUBMIT_CMD's payload goes through
 * vigil_val_submit. `extra` is the inline data of TRANSFER_PUT (protocol 0), else NULL/0. */
vigil_status vigil_val_vtest(struct vigil_val_ctx *ctx, uint32_t id, uint32_t len,
			     const void *payload, size_t payload_bytes, const void *extra,
			     size_t extra_bytes, struct vigil_recbuf *out);

/* The protocol version negotiated by PROTOCOL_VERSION (0 until then). */
uint32_t vigil_val_protocol(const struct vigil_val_ctx *ctx);

/* All features vigil's validator knows (for tools and tests). */
uint32_t vigil_val_all_features(void);

#endif
