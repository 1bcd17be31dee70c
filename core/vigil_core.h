/*
 * vigil_core.h: the rendering core as its callers (vigil-server's per-client loop today, the
 * embedding library API and the core process later) see it.
 *
 * Input: buffers of sanitized records produced by the validator (vigil_records.h: a sequence of
 * [struct vigil_rec_hdr][record struct][span bytes], each padded to 8 bytes), plus the
 * synthesized records of validator/engine.h (VIGIL_XREC_*). Records were checked against the
 * spec, but the core still treats them as untrusted (DESIGN.md: it contains a compromised gate):
 * it re-checks cheap invariants (record sizes, handles that resolve in its own tables, spans
 * inside their record) and answers VIGIL_E_STATE instead of touching GL when one fails.
 * Guarantees: the core never reads guest-visible memory except through the backing attached
 * with vigil_core_attach_backing and only inside [mem, mem + size); GL errors are reported,
 * never trusted; one context's failure does not affect another's.
 */
#ifndef VIGIL_CORE_H
#define VIGIL_CORE_H

#include <stddef.h>
#include <stdint.h>

#include <stdbool.h>
#include <sys/uio.h>

#include "vigil.h" /* enum vigil_backend, vigil_status */

/* Most iovecs one resource's backing may have (VIGIL_MAX_IOV of the public API). */
#define VIGIL_CORE_MAX_IOV VIGIL_MAX_IOV

struct vigil_core_config {
	enum vigil_backend backend;
	const char *render_node; /* NULL: EGL surfaceless platform; else GBM on this DRM render node */
	/* Optional features to advertise and accept on top of the default profile, where the core
	 * implements them (today: VIGIL_FEATURE_TRANSFER); others are ignored. */
	uint32_t opt_features;
	/* Called once when a resource with attached backing is finally destroyed (its last
	 * reference dropped, or its context destroyed), with the cookie given at attach time: the
	 * owner may unmap or reuse the memory now. */
	void (*release_backing)(void *user, void *cookie);
	void *release_user;
};

struct vigil_core;     /* owns the EGL display and the backend */
struct vigil_core_ctx; /* one guest context: GL context(s), resources, sub-contexts, objects */

vigil_status vigil_core_create(const struct vigil_core_config *cfg, struct vigil_core **ret_core);
void vigil_core_destroy(struct vigil_core *core);

/* Capability blob `set` (1: virgl_caps_v1, 308 bytes; 2: virgl_caps_v2, 1376 bytes) computed from
 * the backend's real limits intersected with what vigil implements (never advertise an
 * unimplemented feature). Writes min(cap, size) bytes, the full size to *ret_len. */
vigil_status vigil_core_caps(struct vigil_core *core, uint32_t set, void *buf, size_t cap, size_t *ret_len);

/* VIGIL_FEATURE_* bits matching the advertised caps (the validator's config.features). */
uint32_t vigil_core_features(const struct vigil_core *core);

vigil_status vigil_core_ctx_create(struct vigil_core *core, const char *debug_name,
				   struct vigil_core_ctx **ret_ctx);
void vigil_core_ctx_destroy(struct vigil_core_ctx *ctx);

/* Execute every record of one validator output buffer, in order. */
vigil_status vigil_core_execute(struct vigil_core_ctx *ctx, const void *records, size_t len);

/* Attach guest-visible memory to a resource (by internal handle, from VIGIL_XREC_RESOURCE_HANDLE):
 * the vtest shared memory or a VMM's guest pages, as 1..VIGIL_CORE_MAX_IOV iovecs whose lengths
 * sum to at least the resource's data_size. The core copies the iovec array; the memory must stay
 * mapped until release_backing(cookie) is called (last reference dropped, or context destroyed).
 * Errors: UNKNOWN_HANDLE, STATE (already attached), COUNT, OVERFLOW, BACKING (too small). */
vigil_status vigil_core_attach_backing(struct vigil_core_ctx *ctx, uint32_t res_handle,
				       const struct iovec *iov, unsigned niov, void *cookie);

/* Statistic for logs: how many records of type `rec_type` (enum vigil_rec_type or a synthesized
 * type) this context accepted without executing them (not implemented yet). 0 for others. */
uint64_t vigil_core_ctx_skipped(const struct vigil_core_ctx *ctx, uint32_t rec_type);

/* Protocol-0 transfers (vtest TRANSFER_PUT / TRANSFER_GET): the box moves between the resource
 * and `data` (size bytes, rows `stride` and layers `layer_stride` apart, 0: packed) instead of
 * an attached backing. The box and the size are checked again like any transfer. */
vigil_status vigil_core_transfer_inline(struct vigil_core_ctx *ctx, uint32_t res_handle, uint32_t level,
					const struct vigil_box *b, uint32_t stride, uint32_t layer_stride,
					void *data, size_t size, bool to_host);

/* Block until all work submitted so far has completed (vtest BUSY_WAIT with WAIT set). */
vigil_status vigil_core_wait_idle(struct vigil_core_ctx *ctx);

/* Whether work executed so far is still running on the host GPU, waiting up to timeout_ns
 * (0: poll). Context granularity: every resource of the context counts as busy until the
 * newest executed buffer has completed (over-reports, never under-reports). */
vigil_status vigil_core_busy(struct vigil_core_ctx *ctx, uint64_t timeout_ns, bool *ret_busy);

/* A fence after all work executed so far (a GL sync object, flushed). */
struct vigil_core_fence;
vigil_status vigil_core_fence_create(struct vigil_core_ctx *ctx, struct vigil_core_fence **ret);
vigil_status vigil_core_fence_wait(struct vigil_core_ctx *ctx, struct vigil_core_fence *f,
				   uint64_t timeout_ns, bool *ret_signaled);
void vigil_core_fence_destroy(struct vigil_core_ctx *ctx, struct vigil_core_fence *f);

#endif
