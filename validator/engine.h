/*
 * engine.h: validator internals shared by the engine, the context code and the rule functions.
 *
 * Not a public interface. Everything here operates on guest bytes that the reader bounds and on
 * tables the generator checked. Rule functions (rules_*.c) receive a struct vigil_exec after
 * every field and check of their command passed; they read the decoded record (typed, from
 * vigil_records.h) and the shadow state, and return a vigil_status (or VIGIL_RULE_DROP).
 */
#ifndef VIGIL_ENGINE_H
#define VIGIL_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "handles.h"
#include "reader.h"
#include "resource.h"
#include "vigil_records.h"
#include "vigil_spec.h"
#include "vigil_tables.h"
#include "vigil_validator.h"
#include "vigil_xrec.h"

/* Opt a hot-path buffer out of -ftrivial-auto-var-init. Only for buffers whose every read is
 * preceded by a write on all paths (the expression stack, the exec struct whose used fields
 * vigil_exec_command sets); everything else keeps the zero-init hardening. */
#if defined(__has_attribute)
#if __has_attribute(uninitialized)
#define VIGIL_NOINIT __attribute__((uninitialized))
#endif
#endif
#ifndef VIGIL_NOINIT
#define VIGIL_NOINIT
#endif

/* A rule's "accepted, but emit no record and create no object" (a non-final shader chunk). */
#define VIGIL_RULE_DROP ((int)VIGIL_STATUS_COUNT + 1)

#define VIGIL_KIND_RESOURCE 0x80u /* kind tag of resource slots */

/* Shader text being reassembled from CREATE_OBJECT(SHADER) chunks. */
struct vigil_pending_shader {
	bool active;
	uint32_t guest_id;
	uint32_t stage;
	uint32_t total;     /* bytes including the NUL */
	uint32_t received;
	uint8_t *text;      /* owned; `total` bytes */
	void *rec;          /* owned; the first chunk's record (stream-output info) */
};

struct vigil_subctx {
	uint32_t id;
	bool live;
	struct vigil_htable objects;
	struct vigil_pending_shader pending;
	uint32_t bound_cs;  /* guest handle of the bound compute shader, 0 = none */
};

struct vigil_val_ctx {
	struct vigil_val_config cfg;
	bool poisoned;
	bool renderer_created;
	uint32_t protocol;
	struct vigil_val_error err;
	struct vigil_htable resources;  /* data: struct vigil_res_desc * (owned) */
	struct vigil_subctx *subs;      /* nsubs entries (grown up to VIGIL_LIMIT_MAX_SUB_CTX); subs[0] is sub-context 0 */
	uint32_t nsubs;
	uint32_t cur_sub;               /* index into subs */
	char detail_buf[128];           /* err.detail when a rule formats it (TGSI parse errors) */
};

#define VIGIL_MAX_POSTS 4

struct vigil_exec {
	struct vigil_val_ctx *ctx;
	const struct vigil_cmd_desc *desc;
	struct vigil_recbuf *out;
	size_t rec_pos;           /* offset of the record struct in out->buf */
	uint32_t cmd_id, objtype, len;
	bool is_vtest;
	uint16_t len_expr;        /* vtest: the message's len rule, checked before its rules */
	const void *extra;        /* vtest TRANSFER_PUT (protocol 0): the inline data */
	size_t extra_bytes;
	/* CREATE_OBJECT: the object being created, inserted when everything passed. */
	uint32_t new_guest_id;
	uint16_t new_rec_off;
	bool has_new;
	uint32_t new_aux;
	uint32_t first_res;       /* internal handle of the first resource field, for refs */
	uint32_t last_object_id;  /* guest id of the last object reference decoded */
	/* Diagnostics of the failing op. */
	uint16_t fail_name;
	uint32_t fail_value;
	const char *detail;
	/* Synthesized records to append after the command's own record (VIGIL_MAX_POSTS). */
	struct vigil_post {
		uint16_t type, objtype;
		uint32_t body[2];
	} posts[VIGIL_MAX_POSTS];
	unsigned nposts;
	/* Rule ops met during the walk, run after the payload was fully consumed. */
	const struct vigil_op *rules[4];
	unsigned nrules;
	uint64_t slots[VIGIL_MAX_SLOTS];
};
#define VIGIL_MAX_RULES 4

/* The record struct being filled (re-read after any append: the buffer may move). */
static inline void *vigil_exec_rec(const struct vigil_exec *ex)
{
	return ex->out->buf + ex->rec_pos;
}

static inline int vigil_exec_fail(struct vigil_exec *ex, vigil_status s, const char *detail)
{
	ex->detail = detail;
	return (int)s;
}

static inline struct vigil_subctx *vigil_cur_sub(struct vigil_val_ctx *ctx)
{
	return &ctx->subs[ctx->cur_sub];
}

/* context.c: run one command/message program, append its record (or nothing on failure). */
vigil_status vigil_exec_command(struct vigil_val_ctx *ctx, const struct vigil_cmd_desc *d,
				struct vigil_exec *ex, struct vigil_reader *rd, struct vigil_recbuf *out);
void vigil_val_set_error(struct vigil_val_ctx *ctx, const struct vigil_exec *ex, vigil_status s,
			 uint32_t is_vtest, uint32_t id, uint32_t objtype, uint32_t offset);

/* engine.c */
vigil_status vigil_engine_run(struct vigil_exec *ex, struct vigil_reader *rd);
bool vigil_enum_has(uint16_t enum_id, uint32_t v);
/* The expression machine behind every VOP_CHECK, count, `when` and len rule: `count`
 * instructions over ex's slots, len and objtype into *ret; false on any overflow, underflow,
 * division by zero, oversized shift or malformed sequence (tests/validator/test_engine.c). */
bool vigil_eval_insns(const struct vigil_exec *ex, const struct vigil_xinsn *x, uint32_t count,
		      uint64_t *ret);

/* recbuf.c: reserve room; returns false past the cap or on allocation failure. */
bool vigil_recbuf_reserve(struct vigil_recbuf *rb, size_t more);
/* Drop every span appended after the current record's struct (zeroing their bytes), so the
 * next append starts right after the struct. */
void vigil_recbuf_truncate_spans(struct vigil_exec *ex);

/* Append bytes after the current record; writes the span's offset relative to rec_pos. */
vigil_status vigil_recbuf_append_span(struct vigil_exec *ex, const void *data, size_t n,
				      struct vigil_span *ret_span_value);
/* Queue a synthesized record (8-byte body) to follow the current command's record. */
vigil_status vigil_exec_post(struct vigil_exec *ex, uint16_t type, uint16_t objtype, const void *body8);
/* Emit a whole synthesized record. */
vigil_status vigil_recbuf_emit(struct vigil_recbuf *rb, uint16_t type, uint16_t objtype,
			       const void *body, size_t n);

/* context.c helpers for rules. A resource or object handle the engine resolved for the current
 * command is live until the command ends (nothing releases resources or objects before the
 * rules have run), so these return its descriptor or slot and abort on a miss: a broken
 * internal invariant (STYLE.md), never a guest error. */
const struct vigil_res_desc *vigil_res_live(struct vigil_val_ctx *ctx, uint32_t handle);
const struct vigil_ht_slot *vigil_object_live(struct vigil_subctx *sub, uint32_t handle);
/* Drop the guest id of an object (and the resource reference it holds). With `ex`, a
 * VIGIL_XREC_OBJECT_RELEASED record follows the current command's record. */
void vigil_object_release(struct vigil_val_ctx *ctx, struct vigil_subctx *sub, uint32_t guest_id,
			  struct vigil_exec *ex);
vigil_status vigil_subctx_find(struct vigil_val_ctx *ctx, uint32_t id, uint32_t *ret_index);
/* A free sub-context slot (growing the array); VIGIL_E_EXHAUSTED past the limit. */
vigil_status vigil_subctx_alloc(struct vigil_val_ctx *ctx, uint32_t *ret_index);
void vigil_subctx_clear(struct vigil_val_ctx *ctx, struct vigil_subctx *sub, struct vigil_recbuf *out);

#endif
