/*
 * lib_priv.h: the internals of the embedding library (include/vigil/vigil.h), shared by the
 * files of lib/.
 *
 * One path for everything a guest sends: lib_run() validates a vtest message (typed calls are
 * encoded as one first) with the generated validator and hands only its records to the core.
 * The first failure is recorded once in ctx->err and poisons the context. Ownership: a context
 * owns its validator context, its core context (and through it every resource's GL objects and
 * backing cookie), its record buffer, its scratch buffers and its fences.
 */
#ifndef VIGIL_LIB_PRIV_H
#define VIGIL_LIB_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vigil.h"
#include "core_if.h"
#include "vigil_core.h"
#include "vigil_validator.h"

#define LIB_CAPS_V1_BYTES 308u
#define LIB_CAPS_V2_BYTES 1376u

struct vigil_renderer {
	struct vigil_renderer_config cfg;
	const struct lib_core_ops *ops; /* the core: in this process or the split core process */
	struct lib_core *core;
	uint32_t features; /* VIGIL_FEATURE_* the core implements: the validator's gate */
};

/* What the renderer keeps of one resource backing until the core releases it. */
struct lib_backing {
	struct vigil_context *ctx;
	uint32_t res_id;
	enum vigil_backing_kind kind;
	struct iovec *iov;   /* IOV: the caller's iovecs (copy); MEMFD/NEW_MEMFD: our mapping */
	unsigned niov;
	void *map;           /* MEMFD / NEW_MEMFD: mmap'ed range, unmapped at release */
	size_t map_len;
	struct lib_backing *next, *prev; /* the context's live backings */
};

struct lib_fence {
	uint64_t id;
	struct lib_core_fence *f;
};

struct vigil_context {
	struct vigil_renderer *r;
	char name[64];
	struct vigil_val_ctx *val;
	struct lib_core_ctx *core;    /* NULL until CREATE_RENDERER (vtest) */
	struct vigil_recbuf rb;
	struct vigil_error err;
	uint8_t *scratch;             /* private copy of a typed call's message or of a submit */
	size_t scratch_cap;
	uint8_t reply[8 + LIB_CAPS_V2_BYTES]; /* the current vtest reply */
	uint8_t *bulk;                /* protocol-0 TRANSFER_GET reply data */
	size_t bulk_cap;
	struct lib_fence *fences;     /* pending, oldest first */
	size_t nfences, cap_fences;
	uint64_t last_fence_created, last_fence_retired;
	struct lib_backing *backings;
	bool destroying;
};

/* Calls into the core through the renderer's seam (core_if.h). */
#define LIB_CORE(ctx, op, ...) ((ctx)->r->ops->op((ctx)->r->core, (ctx)->core, __VA_ARGS__))

/* renderer.c */
void lib_log(const struct vigil_renderer *r, enum vigil_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Copies at most n-1 bytes of guest text into buf, replacing non-printable bytes by '?'. */
void lib_printable(const void *text, size_t len, char *buf, size_t n);
/* The core's release_backing callback (cookie: struct lib_backing). */
void lib_release_backing(void *user, void *cookie);

/* context.c */
struct vigil_context *lib_context_alloc(struct vigil_renderer *r);
/* Records the validator's current error, poisons, logs; returns its status. */
vigil_status lib_fail_guest(struct vigil_context *ctx, uint32_t msg_id);
/* Records a host-side failure of message msg_id (what failed, in words), poisons, logs. */
vigil_status lib_fail_host(struct vigil_context *ctx, uint32_t msg_id, vigil_status s, const char *what);
/* VIGIL_E_POISONED when the context failed before, else VIGIL_OK. */
vigil_status lib_usable(const struct vigil_context *ctx);
/* Validates one vtest message (payload bytes are private), then executes its records in the
 * core when `execute` (the context must have a core then). */
vigil_status lib_run(struct vigil_context *ctx, uint32_t id, uint32_t len, const void *payload,
		     size_t bytes, bool execute);
/* The same with the raw data of TRANSFER_PUT (protocol 0). */
vigil_status lib_run_extra(struct vigil_context *ctx, uint32_t id, uint32_t len, const void *payload,
			   size_t bytes, const void *extra, size_t extra_bytes, bool execute);
/* Waits until the core has run every buffer executed so far on ctx (split mode pipelines them,
 * core_if.h): effects on backing memory are complete and a deferred failure of the core poisons
 * ctx now (its status is returned). VIGIL_OK at once without a core context. */
vigil_status lib_sync(struct vigil_context *ctx, uint32_t msg_id);
/* Creates the core context (CREATE_RENDERER): name is the guest's, NUL-terminated. */
vigil_status lib_create_core(struct vigil_context *ctx, const char *name, size_t len);
/* Grows ctx->scratch to n bytes (EXHAUSTED on failure, not poisoning). */
vigil_status lib_scratch(struct vigil_context *ctx, size_t n);
/* The first record of `type` with a body of at least `body` bytes in ctx->rb, or NULL. */
const void *lib_find_rec(const struct vigil_context *ctx, uint16_t type, size_t body, size_t *ret_size);

/* backing.c */
/* Attaches backing `b` of `size` bytes (data_size of the validated create) to the resource whose
 * internal handle is `handle`; NEW_MEMFD returns the guest fd in *ret_fd. */
vigil_status lib_attach(struct vigil_context *ctx, uint32_t res_id, uint32_t handle,
			const struct vigil_backing *b, uint64_t size, int *ret_fd);

/* caps for the vtest replies (vtest.c) and the public call (renderer.c) */
vigil_status lib_caps(struct vigil_renderer *r, uint32_t set, void *buf, size_t cap, size_t *ret_len);

#endif
