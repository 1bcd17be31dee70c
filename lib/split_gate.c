/*
 * split_gate.c: the gate side of VIGIL_RENDERER_SPLIT: forks the core process (split_core.c)
 * and implements the core_if.h table by remote calls (split_proto.h): each operation is one
 * typed request, answered by RELEASED messages then one REPLY; record bytes and inline data go
 * through the shared ring, backing memfds through SCM_RIGHTS. EXECUTE (with its PUSHes) and
 * ATTACH are pipelined: sent without waiting, their answers collected later (when a
 * synchronous request needs them, when SG_MAX_PENDING are outstanding, or when the ring needs
 * the bytes of an unanswered request); a failure becomes the context's deferred status
 * (core_if.h). BUSY, WAIT_IDLE and FENCE_WAIT, queries without side effects, go behind the
 * outstanding requests instead of after their answers (ask), so a frame's submit, resource
 * creation and busy wait cost one trip; on a context known idle BUSY and WAIT_IDLE need none.
 * The core batches its replies (split_proto.h), so that trip is one message and one wake-up.
 *
 * Inputs: the library's calls (trusted) and the core's answers (untrusted: a compromised core).
 * Every answer is checked (sp_recv, then the values: statuses in range, ids the gate handed
 * out, sizes as requested); a bad answer kills the core. Guarantees: once the core is gone
 * (EOF, EPIPE, a bad answer) the renderer is lost: every call returns VIGIL_E_STATE at once,
 * lost() is true, and the backings of a destroyed context are released locally, exactly once.
 * The ring is never written over bytes of an unanswered request; at most SG_MAX_PENDING small
 * requests wait in the core's socket queue, so a send never blocks on the core while the core
 * blocks on sending its answers to us (we block only in recvmsg, which drains them).
 * After fork this process uses only read/write-class syscalls on the socket and the ring,
 * memory management, kill (a misbehaving core) and wait4 (reaping it at destroy).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "split_priv.h"

struct sg_backing { uint64_t id; void *cookie; uint32_t ctx; };
/* deferred: the first failure of a pipelined EXECUTE on this context, returned by its next
 * call; idle: the last BUSY / WAIT_IDLE found it idle and no request that may give it work
 * followed, so the next ones are answered here (the core would answer "idle" untouched). */
struct sg_ctx { uint32_t id; vigil_status deferred; uint32_t deferred_msg; bool idle; };
struct sg_fence { uint32_t id; };
/* An outstanding request: its type, context (EXECUTE, ATTACH, PUSH), where its ring bytes end,
 * and the backing id of an ATTACH. */
struct sg_pending { uint32_t type, msg; struct sg_ctx *ctx; uint64_t end, bk; };

#define SG_MAX_PENDING 32u               /* requests sent and not yet answered */
#define SG_CHUNK (SP_RING_BYTES / 2)     /* PUSH size of records larger than that */

struct split_gate {
	int sock;
	pid_t pid;
	uint8_t *ring;
	bool lost;
	uint32_t features;
	struct vigil_core_config cc;  /* release_backing / release_user: the library's */
	struct lib_split_opts o;
	struct sg_backing *bk;        /* backings attached in the core, not yet released */
	size_t nbk, capbk;
	uint64_t next_bk;
	uint64_t wpos;                /* ring bytes written so far (the ring holds wpos % size) */
	uint64_t consumed;            /* ring bytes of answered requests: [consumed, wpos) are the core's */
	struct sg_pending pend[SG_MAX_PENDING]; /* outstanding requests, oldest at phead */
	unsigned phead, npend;
	struct sp_replies rep;        /* the last REPLY message: r[rnext, count) not yet taken */
	uint32_t rnext;
};

#define GATE(c) ((struct split_gate *)(void *)(c))
#define SCTX(x) ((struct sg_ctx *)(void *)(x))

static void glog(struct split_gate *g, enum vigil_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void glog(struct split_gate *g, enum vigil_log_level level, const char *fmt, ...)
{
	char line[320];
	va_list ap;

	if (!g->o.log)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	g->o.log(g->o.log_user, level, line);
}

/* The core is gone or must go: from now on every call fails. */
static void lose(struct split_gate *g, bool kill_it, const char *why)
{
	if (g->lost)
		return;
	g->lost = true;
	glog(g, VIGIL_LOG_ERROR, "the rendering core process %ld is lost: %s", (long)g->pid, why);
	/* A core that broke the protocol may be compromised: do not wait for it to notice the
	 * end of stream. (Where the gate's filter has no kill, this ends the gate instead, which
	 * ends the core with it: fail closed.) */
	if (kill_it && g->pid > 0)
		(void)kill(g->pid, SIGKILL);
}

static void release_one(struct split_gate *g, size_t i)
{
	void *cookie = g->bk[i].cookie;

	g->bk[i] = g->bk[--g->nbk];
	g->cc.release_backing(g->cc.release_user, cookie);
}

/* Releases backing `id`: false when it is not one we handed out and not yet released. */
static bool release_id(struct split_gate *g, uint64_t id)
{
	size_t i;

	for (i = 0; i < g->nbk && g->bk[i].id != id; i++)
		;
	if (i == g->nbk)
		return false;
	release_one(g, i);
	return true;
}

/* RELEASED from the core: each id must be one we handed out and not yet released. */
static bool on_released(struct split_gate *g, const struct sp_released *m)
{
	if (m->count == 0 || m->count > SP_MAX_RELEASED)
		return false;
	for (uint32_t k = 0; k < m->count; k++) {
		if (!release_id(g, m->ids[k]))
			return false;
	}
	return true;
}

/* Forgets every outstanding request (the core is gone: no answer will come). */
static void lose_all(struct split_gate *g, bool kill_it, const char *why)
{
	lose(g, kill_it, why);
	g->npend = 0;
	g->rnext = g->rep.count = 0;
}

/* The next reply of a received REPLY message, or the first of the next one (RELEASED messages
 * before it are acted on). A REPLY must hold at least one and at most the outstanding requests'
 * replies, each a status with a flag of 0 or 1; anything else loses the core. */
static bool next_reply(struct split_gate *g, struct sp_reply *ret)
{
	const struct sg_pending *p = &g->pend[g->phead];
	char why[128];

	while (g->rnext == g->rep.count) {
		struct sp_msg m;
		int mfd = -1;
		enum sp_recv_result r = sp_recv(g->sock, SP_FROM_CORE, SP_ST_ANSWER, &m, &mfd, why, sizeof(why));
		bool ok = r == SP_RECV_OK && m.type == SP_REPLY && m.p.reply.count >= 1 &&
			  m.p.reply.count <= g->npend;

		if (r == SP_RECV_EOF || r == SP_RECV_ERROR) {
			(void)snprintf(why, sizeof(why), "%s awaiting the answer to %s",
				       r == SP_RECV_EOF ? "end of stream" : strerror(errno), sp_msgs[p->type].name);
			lose_all(g, false, why); /* gone already */
			return false;
		}
		if (r == SP_RECV_OK && m.type == SP_RELEASED && on_released(g, &m.p.released))
			continue;
		for (uint32_t i = 0; ok && i < m.p.reply.count; i++)
			ok = m.p.reply.r[i].status >= 0 && m.p.reply.r[i].status < VIGIL_STATUS_COUNT &&
			     m.p.reply.r[i].flag <= 1;
		if (!ok) {
			if (r == SP_RECV_OK)
				(void)snprintf(why, sizeof(why), "bad %s values", sp_msgs[m.type].name);
			lose_all(g, true, why);
			return false;
		}
		g->rep = m.p.reply;
		g->rnext = 0;
	}
	*ret = g->rep.r[g->rnext++];
	return true;
}

/* Receives the answer to the oldest outstanding request (RELEASED messages, then its reply),
 * checks it and retires the request: its ring bytes are the core's no longer. An asynchronous
 * request's failure becomes its context's deferred status (the first one is kept). Returns the
 * reply's status, or STATE when the core is lost. */
static vigil_status collect_one(struct split_gate *g, struct sp_reply *ret)
{
	struct sg_pending *p = &g->pend[g->phead];

	memset(ret, 0, sizeof(*ret));
	if (g->lost || g->npend == 0)
		return VIGIL_E_STATE;
	if (!next_reply(g, ret))
		return VIGIL_E_STATE;
	if (p->type == SP_PUSH && ret->status != VIGIL_OK) {
		lose_all(g, true, "a PUSH failed");
		return VIGIL_E_STATE;
	}
	g->consumed = p->end;
	if (p->type == SP_ATTACH && ret->status != VIGIL_OK && !release_id(g, p->bk)) {
		lose_all(g, true, "failed ATTACH of a backing already released");
		return VIGIL_E_STATE;
	}
	if ((p->type == SP_EXECUTE || p->type == SP_ATTACH) && ret->status != VIGIL_OK && p->ctx &&
	    p->ctx->deferred == VIGIL_OK) {
		p->ctx->deferred = (vigil_status)ret->status;
		p->ctx->deferred_msg = p->msg;
		glog(g, VIGIL_LOG_DEBUG, "core context %u: a pipelined %s failed (%s); reported on the "
		     "next call on that context", p->ctx->id, sp_msgs[p->type].name,
		     vigil_status_name(p->ctx->deferred));
	}
	g->phead = (g->phead + 1) % SG_MAX_PENDING;
	g->npend--;
	return (vigil_status)ret->status;
}

/* Collects every outstanding answer: afterwards the core has consumed the whole ring. */
static vigil_status drain(struct split_gate *g)
{
	struct sp_reply rep;

	while (g->npend && !g->lost)
		(void)collect_one(g, &rep);
	return g->lost ? VIGIL_E_STATE : VIGIL_OK;
}

/* Sends one request without waiting for its answer (queued as outstanding; ctx: whose
 * deferred status an EXECUTE's failure becomes). At most SG_MAX_PENDING requests are ever
 * outstanding, so the core's receive queue stays far below the socket buffer and this send
 * never blocks for long: the gate blocks only in recvmsg, which drains the core's sends. */
static vigil_status send_req(struct split_gate *g, uint32_t type, const void *payload, int fd,
			     struct sg_ctx *ctx, uint32_t msg, uint64_t bk)
{
	char why[128];

	if (g->npend == SG_MAX_PENDING) {
		struct sp_reply rep;

		(void)collect_one(g, &rep);
	}
	if (g->lost)
		return VIGIL_E_STATE;
	if (sp_send(g->sock, type, payload, fd) != 0) {
		(void)snprintf(why, sizeof(why), "sending %s: %s", sp_msgs[type].name, strerror(errno));
		lose_all(g, false, why); /* gone already */
		return VIGIL_E_STATE;
	}
	g->pend[(g->phead + g->npend) % SG_MAX_PENDING] = (struct sg_pending){ type, msg, ctx, g->wpos, bk };
	g->npend++;
	return VIGIL_OK;
}

/* Before a synchronous request on ctx (NULL: none, or one being destroyed): every earlier
 * answer collected, the core alive, no deferred failure on ctx (which is returned instead). */
static vigil_status sync_point(struct split_gate *g, struct sg_ctx *ctx)
{
	if (drain(g) != VIGIL_OK)
		return VIGIL_E_STATE;
	return ctx ? ctx->deferred : VIGIL_OK;
}

/* One synchronous request and its answer; the REPLY's status (checked to be a status) is
 * returned. See sync_point for ctx. */
static vigil_status call(struct split_gate *g, uint32_t type, const void *payload, int fd,
			 struct sg_ctx *ctx, struct sp_reply *ret)
{
	vigil_status s = sync_point(g, ctx);

	memset(ret, 0, sizeof(*ret));
	if (s == VIGIL_OK)
		s = send_req(g, type, payload, fd, NULL, 0, 0);
	if (s != VIGIL_OK)
		return s;
	return collect_one(g, ret); /* the only outstanding request */
}

/* A query without side effects on ctx (BUSY, WAIT_IDLE, FENCE_WAIT): sent behind the
 * outstanding requests instead of after their answers, then everything is collected. The core
 * answers in order, so the reply reflects all work sent before it, as with call(); a failure
 * of an earlier pipelined request is returned instead of the reply (whatever the core said).
 * One trip where call() needs two when requests are outstanding. */
static vigil_status ask(struct split_gate *g, uint32_t type, const void *payload,
			struct sg_ctx *ctx, struct sp_reply *ret)
{
	vigil_status s = g->lost ? VIGIL_E_STATE : ctx->deferred;

	memset(ret, 0, sizeof(*ret));
	if (s == VIGIL_OK)
		s = send_req(g, type, payload, -1, NULL, 0, 0);
	while (s == VIGIL_OK && g->npend) {
		s = collect_one(g, ret); /* ours is the last one */
		if (g->lost)
			s = VIGIL_E_STATE;
		else if (g->npend)
			s = VIGIL_OK; /* an earlier request's failure is deferred, checked below */
	}
	if (s != VIGIL_E_STATE && ctx->deferred != VIGIL_OK)
		return ctx->deferred;
	return s;
}

/* Copies n <= SP_RING_BYTES bytes into the ring at the write position (wrapping), after
 * collecting answers until the core has consumed enough: never over unconsumed bytes. */
static vigil_status ring_put(struct split_gate *g, const uint8_t *p, size_t n)
{
	size_t at, first;

	while (SP_RING_BYTES - (g->wpos - g->consumed) < n) {
		struct sp_reply rep;

		if (g->npend == 0) { /* cannot happen: nothing outstanding means all consumed */
			lose_all(g, true, "ring accounting");
			return VIGIL_E_STATE;
		}
		(void)collect_one(g, &rep);
		if (g->lost)
			return VIGIL_E_STATE;
	}
	at = (size_t)(g->wpos % SP_RING_BYTES);
	first = SP_RING_BYTES - at < n ? SP_RING_BYTES - at : n;
	memcpy(g->ring + at, p, first);
	memcpy(g->ring, p + first, n - first);
	g->wpos += n;
	return VIGIL_OK;
}

/* Puts `len` bytes into the core's hands: all but the last chunk as PUSH requests (outstanding
 * like EXECUTE), the last one left in the ring; *ret_tail is its length (what EXECUTE /
 * TRANSFER carry). */
static vigil_status stage(struct split_gate *g, struct sg_ctx *ctx, const void *data, size_t len,
			  uint64_t *ret_tail)
{
	const uint8_t *p = data;
	vigil_status s;

	if (len > SP_STAGE_MAX)
		return VIGIL_E_EXHAUSTED;
	while (len > SG_CHUNK) {
		struct sp_push m = { SG_CHUNK };

		s = ring_put(g, p, SG_CHUNK);
		if (s == VIGIL_OK)
			s = send_req(g, SP_PUSH, &m, -1, ctx, 0, 0);
		if (s != VIGIL_OK)
			return s;
		p += SG_CHUNK;
		len -= SG_CHUNK;
	}
	s = len ? ring_put(g, p, len) : VIGIL_OK;
	*ret_tail = len;
	return s;
}

/* Fetches outbox[0, len) of the core into buf: each PULL is synchronous (nothing else is
 * outstanding), so the core may write ring[0, n): it consumed everything before it. */
static vigil_status pull(struct split_gate *g, void *buf, size_t len)
{
	struct sp_reply rep;
	size_t off = 0;

	while (off < len) {
		size_t n = len - off < SP_RING_BYTES ? len - off : SP_RING_BYTES;
		struct sp_pull m = { off, n };
		vigil_status s = call(g, SP_PULL, &m, -1, NULL, &rep);

		if (s != VIGIL_OK)
			return s;
		memcpy((uint8_t *)buf + off, g->ring, n);
		off += n;
	}
	return VIGIL_OK;
}

static void g_destroy(struct lib_core *c)
{
	struct split_gate *g = GATE(c);
	int st;

	close(g->sock); /* the core reads end of stream and exits */
	if (g->pid > 0) {
		pid_t r;

		while ((r = waitpid(g->pid, &st, 0)) < 0 && errno == EINTR)
			;
		if (r == g->pid && WIFSIGNALED(st))
			glog(g, VIGIL_LOG_ERROR, "rendering core process %ld killed by signal %d",
			     (long)g->pid, WTERMSIG(st));
		else if (r == g->pid)
			glog(g, VIGIL_LOG_DEBUG, "rendering core process %ld exited with status %d",
			     (long)g->pid, WEXITSTATUS(st));
	}
	while (g->nbk) /* only after a lost core: the library destroyed every context */
		release_one(g, 0);
	(void)munmap(g->ring, SP_RING_BYTES);
	free(g->bk);
	free(g);
}

static uint32_t g_features(struct lib_core *c) { return GATE(c)->features; }
static bool g_lost(struct lib_core *c) { return GATE(c)->lost; }
static long g_core_pid(struct lib_core *c) { return (long)GATE(c)->pid; }

static vigil_status g_caps(struct lib_core *c, uint32_t set, void *buf, size_t cap, size_t *ret_len)
{
	struct split_gate *g = GATE(c);
	struct sp_caps m = { set, 0 };
	struct sp_reply rep;
	vigil_status s = call(g, SP_CAPS, &m, -1, NULL, &rep);

	if (s != VIGIL_OK)
		return s;
	if (rep.value > SP_OUTBOX_CAPS) {
		lose(g, true, "caps size out of range");
		return VIGIL_E_STATE;
	}
	s = pull(g, buf, cap < rep.value ? cap : (size_t)rep.value);
	if (s == VIGIL_OK)
		*ret_len = (size_t)rep.value;
	return s;
}

static vigil_status g_ctx_create(struct lib_core *c, const char *name, struct lib_core_ctx **ret)
{
	struct split_gate *g = GATE(c);
	struct sp_ctx_create m;
	struct sp_reply rep;
	struct sg_ctx *x = calloc(1, sizeof(*x));
	vigil_status s;

	if (!x)
		return VIGIL_E_EXHAUSTED;
	memset(&m, 0, sizeof(m));
	(void)snprintf(m.name, sizeof(m.name), "%s", name ? name : "");
	s = call(g, SP_CTX_CREATE, &m, -1, NULL, &rep);
	if (s == VIGIL_OK && (rep.value == 0 || rep.value > UINT32_MAX)) {
		lose(g, true, "context id out of range");
		s = VIGIL_E_STATE;
	}
	if (s != VIGIL_OK) {
		free(x);
		return s;
	}
	x->id = (uint32_t)rep.value;
	*ret = (struct lib_core_ctx *)(void *)x;
	return VIGIL_OK;
}

static void g_ctx_destroy(struct lib_core *c, struct lib_core_ctx *cx)
{
	struct split_gate *g = GATE(c);
	struct sg_ctx *x = SCTX(cx);
	struct sp_ctx m = { x->id, 0 };
	struct sp_reply rep;

	(void)call(g, SP_CTX_DESTROY, &m, -1, NULL, &rep); /* the core releases every backing first */
	for (size_t i = 0; i < g->nbk;) { /* a lost core released nothing: do it here */
		if (g->bk[i].ctx == x->id)
			release_one(g, i);
		else
			i++;
	}
	free(x);
}

/* Pipelined: the records are staged and EXECUTE sent; its answer is collected later (see
 * core_if.h for where a failure is reported). */
static vigil_status g_execute(struct lib_core *c, struct lib_core_ctx *cx, const void *rec, size_t len,
			       uint32_t msg)
{
	struct split_gate *g = GATE(c);
	struct sg_ctx *x = SCTX(cx);
	struct sp_execute m = { x->id, 0, 0, len };
	vigil_status s;

	if (g->lost)
		return VIGIL_E_STATE;
	if (x->deferred != VIGIL_OK)
		return x->deferred;
	x->idle = false;
	s = stage(g, x, rec, len, &m.tail);
	return s != VIGIL_OK ? s : send_req(g, SP_EXECUTE, &m, -1, x, msg, 0);
}

static vigil_status g_sync(struct lib_core *c, struct lib_core_ctx *x)
{
	return sync_point(GATE(c), SCTX(x));
}

static vigil_status g_deferred(struct lib_core *c, struct lib_core_ctx *x, uint32_t *ret_msg)
{
	(void)c;
	*ret_msg = SCTX(x)->deferred_msg;
	return SCTX(x)->deferred;
}

/* Pipelined like EXECUTE: the backing counts as attached at once (the core maps the fd in
 * order, before any later request); a failure is released here (release_backing, once) and
 * deferred to the context's next call. */
static vigil_status g_attach(struct lib_core *c, struct lib_core_ctx *cx, uint32_t handle,
			     const struct lib_attach *a, void *cookie, uint32_t msg)
{
	struct split_gate *g = GATE(c);
	struct sg_ctx *x = SCTX(cx);
	struct sp_attach m = { x->id, handle, a->offset, a->size, 0 };
	vigil_status s;

	if (a->fd < 0)
		return VIGIL_E_BACKING;
	if (g->lost)
		return VIGIL_E_STATE;
	if (x->deferred != VIGIL_OK)
		return x->deferred;
	if (g->nbk == g->capbk) {
		size_t cap = g->capbk ? g->capbk * 2 : 16;
		struct sg_backing *p = realloc(g->bk, cap * sizeof(*p));

		if (!p)
			return VIGIL_E_EXHAUSTED;
		g->bk = p;
		g->capbk = cap;
	}
	x->idle = false;
	m.id = ++g->next_bk;
	s = send_req(g, SP_ATTACH, &m, a->fd, x, msg, m.id);
	if (s == VIGIL_OK)
		g->bk[g->nbk++] = (struct sg_backing){ m.id, cookie, x->id };
	return s; /* not sent: not attached, the caller frees the cookie */
}

static vigil_status g_transfer_inline(struct lib_core *c, struct lib_core_ctx *x, uint32_t handle,
				      uint32_t level, const struct vigil_box *b, uint32_t stride,
				      uint32_t layer_stride, void *data, size_t size, bool to_host)
{
	struct split_gate *g = GATE(c);
	struct sp_transfer m = { SCTX(x)->id, handle, level, to_host ? 1u : 0u,
				 { b->x, b->y, b->z, b->w, b->h, b->d }, stride, layer_stride, 0, size };
	struct sp_reply rep;
	vigil_status s = sync_point(g, SCTX(x)); /* before staging: a TRANSFER is never withheld after it */

	SCTX(x)->idle = false;
	if (s == VIGIL_OK && to_host)
		s = stage(g, SCTX(x), data, size, &m.tail);
	if (s == VIGIL_OK)
		s = call(g, SP_TRANSFER, &m, -1, SCTX(x), &rep);
	if (s != VIGIL_OK || to_host)
		return s;
	if (rep.value != size) {
		lose(g, true, "inline transfer size mismatch");
		return VIGIL_E_STATE;
	}
	return pull(g, data, size);
}

/* BUSY and WAIT_IDLE go without a trip when the context is known idle (sg_ctx.idle): then no
 * EXECUTE (the only request that gives the core's context GPU work) was sent since the core
 * last said so, none is outstanding, no failure is deferred, and the core would answer OK /
 * not busy without touching GL. */
static vigil_status g_wait_idle(struct lib_core *c, struct lib_core_ctx *x)
{
	struct sp_ctx m = { SCTX(x)->id, 0 };
	struct sp_reply rep;
	vigil_status s;

	if (SCTX(x)->idle && !GATE(c)->lost)
		return VIGIL_OK;
	s = ask(GATE(c), SP_WAIT_IDLE, &m, SCTX(x), &rep);
	SCTX(x)->idle = s == VIGIL_OK;
	return s;
}

static vigil_status g_busy(struct lib_core *c, struct lib_core_ctx *x, uint64_t timeout_ns, bool *ret_busy)
{
	struct sp_busy m = { SCTX(x)->id, 0, timeout_ns };
	struct sp_reply rep;
	vigil_status s;

	if (SCTX(x)->idle && !GATE(c)->lost) {
		*ret_busy = false;
		return VIGIL_OK;
	}
	s = ask(GATE(c), SP_BUSY, &m, SCTX(x), &rep);
	if (s == VIGIL_OK)
		*ret_busy = rep.flag != 0;
	SCTX(x)->idle = s == VIGIL_OK && rep.flag == 0;
	return s;
}

static vigil_status g_fence_create(struct lib_core *c, struct lib_core_ctx *x, struct lib_core_fence **ret)
{
	struct split_gate *g = GATE(c);
	struct sp_ctx m = { SCTX(x)->id, 0 };
	struct sp_reply rep;
	struct sg_fence *f = calloc(1, sizeof(*f));
	vigil_status s;

	if (!f)
		return VIGIL_E_EXHAUSTED;
	s = call(g, SP_FENCE_CREATE, &m, -1, SCTX(x), &rep);
	if (s == VIGIL_OK && (rep.value == 0 || rep.value > UINT32_MAX)) {
		lose(g, true, "fence id out of range");
		s = VIGIL_E_STATE;
	}
	if (s != VIGIL_OK) {
		free(f);
		return s;
	}
	f->id = (uint32_t)rep.value;
	*ret = (struct lib_core_fence *)(void *)f;
	return VIGIL_OK;
}

static vigil_status g_fence_wait(struct lib_core *c, struct lib_core_ctx *x, struct lib_core_fence *f,
				 uint64_t timeout_ns, bool *ret_signaled)
{
	struct sp_fence m = { SCTX(x)->id, ((struct sg_fence *)(void *)f)->id, timeout_ns };
	struct sp_reply rep;
	vigil_status s = ask(GATE(c), SP_FENCE_WAIT, &m, SCTX(x), &rep);

	if (s == VIGIL_OK)
		*ret_signaled = rep.flag != 0;
	return s;
}

static void g_fence_destroy(struct lib_core *c, struct lib_core_ctx *x, struct lib_core_fence *f)
{
	struct sp_fence m = { SCTX(x)->id, ((struct sg_fence *)(void *)f)->id, 0 };
	struct sp_reply rep;

	(void)call(GATE(c), SP_FENCE_DESTROY, &m, -1, NULL, &rep);
	free(f);
}

static const struct lib_core_ops split_ops = {
	.passes_fds = true,
	.destroy = g_destroy,
	.features = g_features,
	.lost = g_lost,
	.core_pid = g_core_pid,
	.caps = g_caps,
	.ctx_create = g_ctx_create,
	.ctx_destroy = g_ctx_destroy,
	.execute = g_execute,
	.sync = g_sync,
	.deferred = g_deferred,
	.attach = g_attach,
	.transfer_inline = g_transfer_inline,
	.wait_idle = g_wait_idle,
	.busy = g_busy,
	.fence_create = g_fence_create,
	.fence_wait = g_fence_wait,
	.fence_destroy = g_fence_destroy,
};

/* The shared ring: a sealed memfd mapped here; the child inherits the mapping across fork. */
static uint8_t *ring_create(void)
{
	int fd = memfd_create("vigil-ring", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	void *p = MAP_FAILED;

	if (fd < 0)
		return NULL;
	if (ftruncate(fd, SP_RING_BYTES) == 0 &&
	    fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) == 0)
		p = mmap(NULL, SP_RING_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	return p == MAP_FAILED ? NULL : p;
}

/* Waits for READY: the core initialized EGL and entered its sandbox (or says why not). */
static vigil_status hello(struct split_gate *g)
{
	struct sp_msg m;
	char why[128];
	int fd = -1;
	enum sp_recv_result r = sp_recv(g->sock, SP_FROM_CORE, SP_ST_HELLO, &m, &fd, why, sizeof(why));

	if (r != SP_RECV_OK) {
		lose(g, r == SP_RECV_MALFORMED, r == SP_RECV_MALFORMED ? why : "it ended before it was ready");
		return VIGIL_E_UNSUPPORTED;
	}
	if (m.p.ready.status < 0 || m.p.ready.status >= VIGIL_STATUS_COUNT) {
		lose(g, true, "bad READY status");
		return VIGIL_E_UNSUPPORTED;
	}
	g->features = m.p.ready.features;
	return (vigil_status)m.p.ready.status;
}

vigil_status lib_core_split_create(const struct vigil_core_config *cc, const struct lib_split_opts *o,
				   const struct lib_core_ops **ret_ops, struct lib_core **ret_core)
{
	struct split_gate *g;
	int sv[2];
	vigil_status s;

	if (!split_sandbox_available())
		return VIGIL_E_UNSUPPORTED;
	g = calloc(1, sizeof(*g));
	if (!g)
		return VIGIL_E_EXHAUSTED;
	g->cc = *cc;
	g->o = *o;
	g->ring = ring_create();
	if (!g->ring || socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
		if (g->ring)
			(void)munmap(g->ring, SP_RING_BYTES);
		free(g);
		return VIGIL_E_EXHAUSTED;
	}
	g->pid = fork();
	if (g->pid == 0) {
		close(sv[0]);
		split_core_main(sv[1], g->ring, cc, o); /* never returns */
	}
	close(sv[1]);
	g->sock = sv[0];
	if (g->pid < 0) {
		glog(g, VIGIL_LOG_ERROR, "fork of the rendering core process failed: %s", strerror(errno));
		g->pid = 0;
		g_destroy((struct lib_core *)(void *)g);
		return VIGIL_E_EXHAUSTED;
	}
	s = hello(g);
	if (s != VIGIL_OK) {
		g_destroy((struct lib_core *)(void *)g);
		return s;
	}
	glog(g, VIGIL_LOG_DEBUG, "rendering core process %ld ready", (long)g->pid);
	*ret_ops = &split_ops;
	*ret_core = (struct lib_core *)(void *)g;
	return VIGIL_OK;
}
