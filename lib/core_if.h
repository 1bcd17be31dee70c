/*
 * core_if.h: the seam between the embedding library and the rendering core. The library calls
 * the core only through this table: exactly the vigil_core_* operations it needs (core/
 * vigil_core.h), plus the core's release_backing callback. Two implementations:
 *   core_direct.c  the core in this process (single-process mode: fuzzers, debugging, tests);
 *   split_gate.c   the core in a forked, sandboxed child process (VIGIL_RENDERER_SPLIT): each
 *                  call becomes a typed control message, record bytes and inline data cross
 *                  through a shared ring, backing memfds through SCM_RIGHTS (split_proto.h).
 *
 * Inputs: what lib/ passes (validator records, checked sizes); the handles below are opaque to
 * the library and belong to the implementation that returned them. Guarantees: release(user,
 * cookie) is called exactly once per successfully attached backing (when the core releases it,
 * or when the context is destroyed, also after the core process died); after the core is lost
 * every call fails with VIGIL_E_STATE and lost() says so.
 *
 * Deferred failures. execute and attach may return VIGIL_OK before the core acted (split_gate
 * pipelines them; core_direct never does). If the core then fails one, that status becomes the
 * context's deferred failure: deferred() returns it from then on, and every later call taking
 * that context returns it instead of acting (ctx_destroy and fence_destroy still act); sync()
 * waits until it is known. A failed pipelined attach counts as attached and released: release
 * is called for its cookie (once). The core runs nothing of the context queued after the
 * failure. The library poisons the context with the returned status, as for a synchronous
 * failure (vigil.h, "Deferred host failures"). Every other operation is synchronous and waits
 * for everything queued before it.
 */
#ifndef VIGIL_LIB_CORE_IF_H
#define VIGIL_LIB_CORE_IF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "vigil.h"
#include "vigil_core.h"

struct lib_core;       /* an implementation's core (never defined here) */
struct lib_core_ctx;   /* one core context */
struct lib_core_fence; /* one fence */

/* A backing to attach: the direct core takes memory (iov), the split core takes the fd and maps
 * [offset, offset + size) itself (ops->passes_fds says which one is used). */
struct lib_attach {
	const struct iovec *iov;
	unsigned niov;
	int fd;          /* borrowed */
	uint64_t offset;
	uint64_t size;
};

struct lib_core_ops {
	bool passes_fds; /* backings cross as fds (the core maps them); IOV backings impossible */
	void (*destroy)(struct lib_core *c);
	uint32_t (*features)(struct lib_core *c);
	bool (*lost)(struct lib_core *c);
	long (*core_pid)(struct lib_core *c); /* the core process, 0 when in this process */
	vigil_status (*caps)(struct lib_core *c, uint32_t set, void *buf, size_t cap, size_t *ret_len);
	vigil_status (*ctx_create)(struct lib_core *c, const char *name, struct lib_core_ctx **ret);
	void (*ctx_destroy)(struct lib_core *c, struct lib_core_ctx *x);
	/* msg: the vtest message id the records came from (names a deferred failure) */
	vigil_status (*execute)(struct lib_core *c, struct lib_core_ctx *x, const void *rec, size_t len,
				uint32_t msg);
	/* Waits for every execute on x to have run: returns x's deferred failure (or STATE when
	 * the core is lost); no trip when nothing is outstanding. */
	vigil_status (*sync)(struct lib_core *c, struct lib_core_ctx *x);
	/* x's deferred failure collected so far (VIGIL_OK: none) and in *ret_msg the msg of the
	 * execute or attach that failed; never waits. */
	vigil_status (*deferred)(struct lib_core *c, struct lib_core_ctx *x, uint32_t *ret_msg);
	vigil_status (*attach)(struct lib_core *c, struct lib_core_ctx *x, uint32_t handle,
			       const struct lib_attach *a, void *cookie, uint32_t msg);
	vigil_status (*transfer_inline)(struct lib_core *c, struct lib_core_ctx *x, uint32_t handle,
					uint32_t level, const struct vigil_box *b, uint32_t stride,
					uint32_t layer_stride, void *data, size_t size, bool to_host);
	vigil_status (*wait_idle)(struct lib_core *c, struct lib_core_ctx *x);
	vigil_status (*busy)(struct lib_core *c, struct lib_core_ctx *x, uint64_t timeout_ns, bool *ret_busy);
	vigil_status (*fence_create)(struct lib_core *c, struct lib_core_ctx *x, struct lib_core_fence **ret);
	vigil_status (*fence_wait)(struct lib_core *c, struct lib_core_ctx *x, struct lib_core_fence *f,
				   uint64_t timeout_ns, bool *ret_signaled);
	void (*fence_destroy)(struct lib_core *c, struct lib_core_ctx *x, struct lib_core_fence *f);
};

/* Both constructors take the core config (its release_backing / release_user are the library's
 * callback) and return the ops and the core; *ret_* are the caller's, freed by ops->destroy. */
vigil_status lib_core_direct_create(const struct vigil_core_config *cc, const struct lib_core_ops **ret_ops,
				    struct lib_core **ret_core);

struct lib_split_opts {
	void (*log)(void *user, enum vigil_log_level level, const char *msg); /* optional */
	void *log_user;
	const char *shader_cache_dir; /* optional (vigil.h); read by the core right after the fork */
};
/* Forks the core process (split_gate.c). UNSUPPORTED when the sandbox is not built. */
vigil_status lib_core_split_create(const struct vigil_core_config *cc, const struct lib_split_opts *o,
				   const struct lib_core_ops **ret_ops, struct lib_core **ret_core);

#endif
