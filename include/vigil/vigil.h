/*
 * vigil.h: the embedding API of vigil, a hardened virgl renderer. What a VMM (or any transport)
 * links: create a renderer, create guest contexts, create resources over the caller's memory,
 * submit virgl command buffers, move data between resources and their backing, query caps,
 * fences and busy state, and learn which context failed and why. vigil-server is a user of
 * exactly this API (the vtest functions at the end).
 *
 * Trust model. Everything that comes from a guest is hostile: command buffers, resource
 * arguments, boxes, offsets, vtest messages. Every such value passes the generated validator
 * (spec/) before anything acts on it, whether it arrives through vigil_submit, the typed
 * resource and transfer calls, or vigil_vtest_message: the typed calls are encoded as the
 * equivalent vtest message and take the same validated path. The embedder itself (pointers,
 * iovecs, file descriptors, config) is trusted not to lie about memory it owns.
 *
 * Error model. Every call returns a vigil_status (vigil_status.h). A guest violation
 * (statuses below VIGIL_E_EXHAUSTED) or a failure of the rendering core POISONS the context: the
 * call returns the reason, vigil_context_error() tells which command and field failed, and
 * every later call on that context returns VIGIL_E_POISONED (only vigil_context_destroy and
 * vigil_context_error remain useful). Other contexts are never affected. VIGIL_E_EXHAUSTED
 * from the guest's stream (a guest quota: objects, sub-contexts, resources) poisons like a
 * violation, with that status; VIGIL_E_EXHAUSTED from creating a renderer or a context (host
 * memory) does not, and the call had no effect.
 * Misuse by the embedder (NULL where a pointer is required, flags it does not know) returns
 * VIGIL_E_RESERVED or VIGIL_E_UNKNOWN_HANDLE without poisoning.
 *
 * Deferred host failures (VIGIL_RENDERER_SPLIT). A split renderer pipelines the core's work:
 * vigil_submit, vigil_resource_unref, the vtest messages without a reply (SUBMIT_CMD,
 * RESOURCE_CREATE, RESOURCE_UNREF, TRANSFER_PUT2, TRANSFER_GET2) and vtest RESOURCE_CREATE2
 * (whose reply, a memfd of the library's own, moves no data) may return once the
 * validated records are queued for the core process, before it ran them. When the core then
 * fails such a buffer (a host failure: GL out of memory, a backing it cannot map), the failure
 * is reported by the next call on that context (at the latest the next one that waits for the
 * core: fences, busy, transfers, resource creation, any vtest message with a reply) and
 * poisons the context exactly as a synchronous failure: the call returns the core's status,
 * vigil_context_error gives that status, origin HOST, message = the failed buffer's (its text
 * also names the reporting message), and every later call VIGIL_E_POISONED; the core runs nothing of that context queued after the failing
 * buffer. Other contexts are never affected. A core that dies is reported the same way
 * (VIGIL_E_STATE, "context lost: ..."), by the first call after the gate sees it gone.
 * Effects on memory are never deferred past a call's return: vigil_transfer and
 * vigil_resource_create return after the core acted, with its status; vigil_vtest_message
 * returns a reply only after everything before it ran (or the failure instead of the reply),
 * RESOURCE_CREATE2's excepted, so a vtest client sees the synchronous behaviour but for those
 * messages, whose failure ends the connection at its next message. A single-process renderer executes every
 * buffer before the call returns.
 */
#ifndef VIGIL_H
#define VIGIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "vigil_status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VIGIL_API_VERSION 2

/* Most iovecs a resource's backing may have. */
#define VIGIL_MAX_IOV 1024u

enum vigil_backend {
	VIGIL_BACKEND_GL = 0,   /* desktop OpenGL, core profile (3.3 or later) */
	VIGIL_BACKEND_GLES = 1, /* OpenGL ES 3.0 or later */
};

/* Renderer flags. */
#define VIGIL_RENDERER_SYNC (1u << 0) /* wait for the host GPU after every submit (debugging,
					 deterministic timing; busy is then always false) */
#define VIGIL_RENDERER_ENCODED_TRANSFERS (1u << 1) /* advertise VIRGL_CAP_TRANSFER and accept
					 in-stream TRANSFER3D / END_TRANSFERS (implemented; off by
					 default until guest conformance with it is measured) */
#define VIGIL_RENDERER_SPLIT (1u << 2) /* run the rendering core in a forked child process
					 that initializes EGL, then enters its seccomp sandbox; this
					 process becomes the gate (validator) and talks to it through a
					 shared ring and a control socket. Fork-based: create split
					 renderers before this process starts threads or initializes
					 EGL/GL itself (a renderer without this flag counts): the child
					 inherits that state (held locks, GL dispatch caches) and may
					 hang or abort. A core that dies makes every context
					 fail with VIGIL_E_STATE, origin HOST, text "context lost: ...".
					 Buffers are pipelined: a host failure may be reported by
					 the context's next call ("Deferred host failures" above).
					 VIGIL_BACKING_IOV is then VIGIL_E_UNSUPPORTED (memory cannot
					 cross processes; use MEMFD). UNSUPPORTED without the sandbox. */
#define VIGIL_RENDERER_FLAGS_KNOWN (VIGIL_RENDERER_SYNC | VIGIL_RENDERER_ENCODED_TRANSFERS | \
				    VIGIL_RENDERER_SPLIT)

enum vigil_log_level { VIGIL_LOG_ERROR = 0, VIGIL_LOG_INFO = 1, VIGIL_LOG_DEBUG = 2 };

struct vigil_context;

struct vigil_renderer_config {
	uint32_t api_version;      /* VIGIL_API_VERSION */
	enum vigil_backend backend;
	const char *render_node;   /* NULL: EGL surfaceless platform; else GBM on this DRM node
				      (copied; need not outlive the call) */
	uint32_t flags;            /* VIGIL_RENDERER_*; unknown bits: VIGIL_E_RESERVED */
	/* Optional: one line per event worth logging (context creation, every rejection with its
	 * reason). `msg` has no newline and is only valid during the call; guest text in it has
	 * been made printable. */
	void (*log)(void *user, enum vigil_log_level level, const char *msg);
	/* Optional: called exactly once per resource created with VIGIL_BACKING_IOV when the
	 * renderer no longer uses its memory (the resource's last reference is gone, or its
	 * context was destroyed); from then on the caller may unmap or reuse the pages. */
	void (*backing_released)(void *user, struct vigil_context *ctx, uint32_t res_id,
				 const struct iovec *iov, unsigned niov);
	void *user;                /* passed back to the callbacks */
	/* Optional (VIGIL_RENDERER_SPLIT; NULL: none): a directory for the core's shader cache
	 * (Mesa's single-file cache, created in it if missing). The core opens the cache files
	 * while it initializes, before its sandbox, and afterwards only reads, writes and locks
	 * those open files. Renderers given the same directory share compiled shaders, and so
	 * trust each other: the entries are native code the driver runs, and a core that a guest
	 * took over can write any entry. Share a directory only within one trust domain (one
	 * guest; vigil-server: one client uid) and keep it out of reach of everyone else. Without
	 * a directory the split core compiles every shader anew. Ignored by a single-process
	 * renderer, which runs in the caller's process under the caller's Mesa environment. Used
	 * only during vigil_renderer_create. (API version 2.) */
	const char *shader_cache_dir;
};

struct vigil_renderer;

/* Opens EGL on the chosen backend, probes its limits and formats. *ret is the caller's (destroy
 * it with vigil_renderer_destroy after every context). UNSUPPORTED: no usable display or GL
 * version; RESERVED: api_version or flags unknown. */
vigil_status vigil_renderer_create(const struct vigil_renderer_config *cfg, struct vigil_renderer **ret);
void vigil_renderer_destroy(struct vigil_renderer *r);

/* Capability set `set` (1: virgl_caps_v1, 308 bytes; 2: virgl_caps_v2, 1376 bytes), computed
 * from the host's real limits intersected with what vigil implements. Writes min(cap, size)
 * bytes to buf and the full size to *ret_len. UNSUPPORTED for other sets. */
vigil_status vigil_renderer_caps(struct vigil_renderer *r, uint32_t set, void *buf, size_t cap,
				 size_t *ret_len);
/* Highest caps set (2) and its size in bytes, as virglrenderer's get_cap_set reports them. */
void vigil_renderer_caps_info(struct vigil_renderer *r, uint32_t *ret_max_set, uint32_t *ret_max_size);

/* The process id of the renderer's core process (VIGIL_RENDERER_SPLIT; 0 otherwise): the one
 * process an embedder's own sandbox needs to let the gate signal (the library SIGKILLs a core
 * that breaks the gate/core protocol, and reaps it at destroy). */
long vigil_renderer_core_pid(const struct vigil_renderer *r);

/* ---- contexts ---- */

/* A guest context: its own validation state, GL share group, resources and sub-contexts.
 * `name` (NUL-terminated, at most 64 bytes used) is only for logs. The context starts as a
 * vtest protocol-2 client would after CREATE_RENDERER. */
vigil_status vigil_context_create(struct vigil_renderer *r, const char *name, struct vigil_context **ret);
/* Destroys the context with every resource it holds (releasing every backing). NULL is a no-op. */
void vigil_context_destroy(struct vigil_context *ctx);

enum vigil_error_origin {
	VIGIL_ORIGIN_NONE = 0,
	VIGIL_ORIGIN_GUEST, /* the validator rejected guest input (a guest bug or an attack) */
	VIGIL_ORIGIN_HOST,  /* the rendering core or the host failed (GL error, mapping, driver) */
};

struct vigil_error {
	vigil_status status;  /* VIGIL_OK while the context is healthy */
	enum vigil_error_origin origin;
	bool poisoned;        /* the context refuses everything but destroy */
	uint32_t message;     /* vtest message id of the failing call (typed calls use theirs) */
	uint32_t command;     /* virgl command id inside SUBMIT_CMD, or UINT32_MAX */
	uint32_t offset;      /* dword offset of the failing command in its SUBMIT_CMD buffer */
	char text[320];       /* one line: "vtest SUBMIT_CMD@0: SET_FRAMEBUFFER_STATE.nr_cbufs
				 @4: COUNT: 9 > 8" and the like; NUL-terminated, printable */
};
/* The first failure of this context (or status VIGIL_OK). Always succeeds. */
void vigil_context_error(const struct vigil_context *ctx, struct vigil_error *ret);

/* Validates and executes one virgl command buffer (the payload of vtest SUBMIT_CMD / virtio-gpu
 * SUBMIT_3D). `len` must be a multiple of 4. The bytes are copied into private memory first, so
 * `cmds` may be guest-shared memory that changes concurrently; it is not used after the call.
 * Split renderers may return before the core ran it (see "Deferred host failures"); with
 * VIGIL_RENDERER_ENCODED_TRANSFERS the call waits for it (in-stream transfers move memory). */
vigil_status vigil_submit(struct vigil_context *ctx, const void *cmds, size_t len);

/* ---- resources ---- */

struct vigil_resource_desc { /* the fields of vtest RESOURCE_CREATE2 / virtio-gpu CREATE_3D */
	uint32_t target;      /* enum pipe_texture_target */
	uint32_t format;      /* enum virgl_formats */
	uint32_t bind;        /* PIPE_BIND_* */
	uint32_t width, height, depth, array_size;
	uint32_t last_level;
	uint32_t nr_samples;
};

enum vigil_backing_kind {
	VIGIL_BACKING_NONE = 0,  /* host-only resource: no transfers */
	VIGIL_BACKING_IOV,       /* the caller's memory as iovecs (guest pages of a VMM) */
	VIGIL_BACKING_MEMFD,     /* the caller's memfd (or any mappable fd), mapped shared at `offset` */
	VIGIL_BACKING_NEW_MEMFD, /* the renderer creates a zero-filled, size-sealed memfd and
				    returns a new fd for the guest side (vtest RESOURCE_CREATE2) */
};

struct vigil_backing {
	enum vigil_backing_kind kind;
	const struct iovec *iov; /* IOV: 1..VIGIL_MAX_IOV entries, copied by the call */
	unsigned niov;
	int fd;                  /* MEMFD: borrowed; the renderer keeps only its own mapping */
	uint64_t offset;         /* MEMFD: byte offset of the backing in the file (page aligned) */
	uint64_t size;           /* IOV and MEMFD: total bytes; must equal the guest layout size
				    (vigil_resource_layout_size). NEW_MEMFD: ignored */
};

/* Bytes of backing Mesa's guest layout gives this resource (what `size` must be). Validates
 * the description like a creation would (ENUM, RANGE, RELATION ... on bad arguments). */
vigil_status vigil_resource_layout_size(const struct vigil_resource_desc *d, uint64_t *ret_size);

/* Creates resource `res_id` (non-zero, unique in the context) with the given backing (NULL means
 * NONE; VIGIL_BACKING_IOV on a VIGIL_RENDERER_SPLIT renderer: VIGIL_E_UNSUPPORTED, nothing
 * created, not poisoning). For NEW_MEMFD, *ret_fd receives the new fd (the caller's to close; the renderer keeps
 * its mapping until the resource is gone); ret_fd may be NULL otherwise. Guest values are
 * validated as vtest RESOURCE_CREATE2 (PROTOCOL.md 1.6); failures poison the context. */
vigil_status vigil_resource_create(struct vigil_context *ctx, uint32_t res_id,
				   const struct vigil_resource_desc *d, const struct vigil_backing *b,
				   int *ret_fd);
/* Drops the guest's reference (vtest RESOURCE_UNREF; an unknown id is ignored, as
 * virglrenderer does). GL objects and the backing live on while the context still uses them
 * (bound surfaces); then backing_released is called. */
vigil_status vigil_resource_unref(struct vigil_context *ctx, uint32_t res_id);

struct vigil_box { uint32_t x, y, z, w, h, d; };

enum vigil_transfer_dir {
	VIGIL_TO_HOST = 0,   /* backing -> resource (vtest TRANSFER_PUT2, TRANSFER_TO_HOST_3D) */
	VIGIL_FROM_HOST = 1, /* resource -> backing (vtest TRANSFER_GET2, TRANSFER_FROM_HOST_3D) */
};

/* Moves `box` of mip `level` between the resource and its backing, at byte `offset` of the
 * backing, rows and layers laid out as Mesa's guest layout for that level (PROTOCOL.md 1.7).
 * Box outside the level: BOX; range outside the backing: BACKING. */
vigil_status vigil_transfer(struct vigil_context *ctx, enum vigil_transfer_dir dir, uint32_t res_id,
			    uint32_t level, const struct vigil_box *box, uint64_t offset);

/* ---- fences and busy state ---- */

/* A fence after all work submitted so far; ids must increase. */
vigil_status vigil_fence_create(struct vigil_context *ctx, uint64_t fence_id);
/* Retires every fence whose work has completed, waiting up to timeout_ns for the oldest
 * pending one (0: poll); *ret_last gets the highest retired id so far (0 if none). */
vigil_status vigil_fence_poll(struct vigil_context *ctx, uint64_t timeout_ns, uint64_t *ret_last);
/* Whether work that may use resource res_id is still running, waiting up to timeout_ns
 * (0: poll; UINT64_MAX: until idle). Context granularity: may report busy for a resource the
 * pending work does not touch, never idle while it does. */
vigil_status vigil_resource_busy(struct vigil_context *ctx, uint32_t res_id, uint64_t timeout_ns,
				 bool *ret_busy);

/* ---- the vtest transport (what vigil-server uses; PROTOCOL.md section 1) ---- */

/* A context driven by raw vtest messages; it starts before CREATE_RENDERER. */
vigil_status vigil_vtest_context_create(struct vigil_renderer *r, struct vigil_context **ret);

/* Checks a message header (length in dwords, id) before its payload is read: unknown ids,
 * over-cap lengths and messages not allowed in the current state are refused (the context is
 * poisoned) before the transport reads or allocates anything. *ret_bytes: payload bytes. */
vigil_status vigil_vtest_header(struct vigil_context *ctx, uint32_t len, uint32_t id, size_t *ret_bytes);

/* TRANSFER_PUT (protocol 0) only: after its fixed payload was read, how many raw data bytes
 * follow it in the stream (checked against the limits; 0 for every other message). */
vigil_status vigil_vtest_extra(struct vigil_context *ctx, uint32_t id, const void *payload,
			       size_t bytes, size_t *ret_extra);

struct vigil_vtest_reply {
	const void *data; /* bytes to send back (header included), owned by the context */
	size_t len;       /* 0: the message has no reply */
	int fd;           /* >= 0: send this fd (SCM_RIGHTS, with one byte) after `data`; the
			     caller owns it and must close it */
};

/* Validates and acts on one message whose header passed vigil_vtest_header; `payload` is the
 * message's private copy, `extra` the raw data of TRANSFER_PUT (vigil_vtest_extra bytes;
 * NULL/0 otherwise). On success *ret says what to send back (TRANSFER_GET: the raw data). */
vigil_status vigil_vtest_message(struct vigil_context *ctx, uint32_t len, uint32_t id,
				 const void *payload, size_t bytes, const void *extra,
				 size_t extra_bytes, struct vigil_vtest_reply *ret);

/* vigil_status_name() (vigil_status.h) names a status as the logs do ("TRUNCATED"). */

#ifdef __cplusplus
}
#endif

#endif
