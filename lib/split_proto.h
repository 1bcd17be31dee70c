/*
 * split_proto.h: the protocol between the gate (this library in the embedder's process) and
 * the split core process (VIGIL_RENDERER_SPLIT): typed control messages on a SOCK_SEQPACKET
 * socketpair, bulk bytes (record buffers, inline transfer data, caps) through a shared ring.
 *
 * Discipline: requests are answered in order. The core answers each with any number of
 * RELEASED messages then exactly one reply; a REPLY message carries the replies to the next
 * 1..SP_MAX_REPLIES requests (the core sends what it holds when it runs out of requests, so a
 * run of pipelined requests costs the gate one message and one wake-up). The gate may send PUSH, EXECUTE and ATTACH without
 * waiting (at most a small fixed number outstanding, so neither side can block on a full socket
 * buffer while the other does); every other request waits until all earlier ones are answered.
 * The ring is a circular byte stream from gate to core: both sides count the bytes (the gate
 * writes, the core takes each request's bytes from where the previous one ended, wrapping) and
 * the gate overwrites only bytes of answered requests. The core copies a request's bytes into
 * private memory before looking at them (no double fetch, DESIGN.md). Bulk larger than half the
 * ring travels as PUSH requests (gate -> core stage); PULL (core outbox -> ring[0, len) -> gate)
 * is only sent with nothing outstanding, when the core has taken every byte of the ring. One table (sp_msgs in split_proto.c) says, per type: who may send it, its exact
 * payload size, whether it carries exactly one fd (SCM_RIGHTS) and in which receiver states
 * it is allowed. sp_recv enforces all of it; a message failing any check is MALFORMED and the
 * receiver ends the pair (the gate kills the core; the core exits): no partial recovery.
 */
#ifndef VIGIL_LIB_SPLIT_PROTO_H
#define VIGIL_LIB_SPLIT_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SP_RING_BYTES (2u << 20)             /* the shared window */
#define SP_STAGE_MAX (((size_t)1 << 30) + ((size_t)1 << 26)) /* > MAX_RESOURCE_BYTES + records */
#define SP_OUTBOX_CAPS 4096u                 /* the core's caps scratch (v2 blob: 1376 bytes) */
#define SP_MAX_RELEASED 32u                  /* backing ids per RELEASED message */
#define SP_MAX_REPLIES 16u                   /* replies per REPLY message */
#define SP_NAME_BYTES 64u

enum sp_type {
	SP_READY = 1,     /* core -> gate, once, after the core and its sandbox are up */
	SP_REPLY,         /* core -> gate: the replies that end the next 1..SP_MAX_REPLIES requests */
	SP_RELEASED,      /* core -> gate: backings the core released (before a REPLY) */
	SP_CTX_CREATE,    /* -> value: context id */
	SP_CTX_DESTROY,
	SP_PUSH,          /* ring[0, len) appended to the core's stage */
	SP_EXECUTE,       /* records: stage + ring[0, tail), total bytes */
	SP_ATTACH,        /* + one fd: a memfd the core maps at [offset, offset + size) */
	SP_TRANSFER,      /* inline transfer; PUT data like EXECUTE, GET -> outbox (value: size) */
	SP_PULL,          /* outbox[offset, offset + len) -> ring[0, len) */
	SP_WAIT_IDLE,
	SP_BUSY,          /* -> flag: busy */
	SP_FENCE_CREATE,  /* -> value: fence id */
	SP_FENCE_WAIT,    /* -> flag: signaled */
	SP_FENCE_DESTROY,
	SP_CAPS,          /* -> value: blob size, blob in the outbox */
	SP_TYPE_COUNT
};

/* Receiver states (bits): where a message type is allowed. */
#define SP_ST_HELLO (1u << 0)  /* gate: waiting for READY */
#define SP_ST_ANSWER (1u << 1) /* gate: waiting for the answer to a request */
#define SP_ST_IDLE (1u << 2)   /* core: waiting for a request, stage empty */
#define SP_ST_STAGED (1u << 3) /* core: PUSHed bytes wait for their EXECUTE or TRANSFER */

struct sp_hdr { uint32_t type, size; }; /* size: payload bytes, exactly the table's */

struct sp_ready { int32_t status; uint32_t features; };
struct sp_reply { int32_t status; uint32_t flag; uint64_t value; };
struct sp_replies { uint32_t count, pad; struct sp_reply r[SP_MAX_REPLIES]; }; /* unused r[] zero */
struct sp_released { uint32_t count, pad; uint64_t ids[SP_MAX_RELEASED]; };
struct sp_ctx_create { char name[SP_NAME_BYTES]; }; /* NUL-terminated inside */
struct sp_ctx { uint32_t ctx, pad; };               /* CTX_DESTROY, WAIT_IDLE, FENCE_CREATE */
struct sp_push { uint64_t len; };
struct sp_execute { uint32_t ctx, pad; uint64_t tail, total; };
struct sp_attach { uint32_t ctx, handle; uint64_t offset, size, id; };
struct sp_transfer {
	uint32_t ctx, handle, level, to_host;
	uint32_t box[6]; /* x y z w h d */
	uint32_t stride, layer_stride;
	uint64_t tail, size;
};
struct sp_pull { uint64_t offset, len; };
struct sp_busy { uint32_t ctx, pad; uint64_t timeout; };
struct sp_fence { uint32_t ctx, fence; uint64_t timeout; }; /* FENCE_WAIT, FENCE_DESTROY */
struct sp_caps { uint32_t set, pad; };

union sp_payload {
	struct sp_ready ready;
	struct sp_replies reply;
	struct sp_released released;
	struct sp_ctx_create ctx_create;
	struct sp_ctx ctx;
	struct sp_push push;
	struct sp_execute execute;
	struct sp_attach attach;
	struct sp_transfer transfer;
	struct sp_pull pull;
	struct sp_busy busy;
	struct sp_fence fence;
	struct sp_caps caps;
};

struct sp_msg {
	uint32_t type;
	union sp_payload p;
};

enum sp_from { SP_FROM_GATE = 1, SP_FROM_CORE = 2 };

struct sp_msg_desc {
	const char *name;
	uint32_t size;     /* exact payload bytes */
	enum sp_from from;
	bool fd;           /* carries exactly one fd; every other type carries none */
	uint32_t states;   /* SP_ST_* where the receiver accepts it */
};

/* The table, indexed by enum sp_type (entry 0 unused). */
extern const struct sp_msg_desc sp_msgs[SP_TYPE_COUNT];

enum sp_recv_result { SP_RECV_OK = 0, SP_RECV_EOF, SP_RECV_ERROR, SP_RECV_MALFORMED, SP_RECV_AGAIN };

/* Sends one message (payload of the table's size for `type`) with fd >= 0 attached when the
 * type carries one. 0, or -1 with errno (EPIPE when the peer is gone; never SIGPIPE). */
int sp_send(int sock, uint32_t type, const void *payload, int fd);

/* Receives one message from peer `from` allowed in `state`: checks type, exact size, fds (a
 * fd-carrying type has exactly one, in *ret_fd, the caller's; others none), state and the
 * zero padding fields. Anything else: SP_RECV_MALFORMED with the reason in why (received fds
 * closed). EOF: the peer closed (or died). */
enum sp_recv_result sp_recv(int sock, enum sp_from from, uint32_t state, struct sp_msg *m,
			    int *ret_fd, char *why, size_t why_len);

/* sp_recv without blocking: SP_RECV_AGAIN when no message is queued (nothing consumed). */
enum sp_recv_result sp_try_recv(int sock, enum sp_from from, uint32_t state, struct sp_msg *m,
				int *ret_fd, char *why, size_t why_len);

#endif
