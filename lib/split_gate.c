/*
 * split_gate.c: the gate side of VIGIL_RENDERER_SPLIT: forks the core process (split_core.c)
 * and implements the core_if.h table by remote calls (split_proto.h): each operation is one
 * typed request, answered by RELEASED messages then one REPLY; record bytes and inline data go
 * through the shared ring, backing memfds through SCM_RIGHTS.
 *
 * Inputs: the library's calls (trusted) and the core's answers (untrusted: a compromised core).
 * Every answer is checked (sp_recv, then the values: statuses in range, ids the gate handed
 * out, sizes as requested); a bad answer kills the core. Guarantees: once the core is gone
 * (EOF, EPIPE, a bad answer) the renderer is lost: every call returns VIGIL_E_STATE at once,
 * lost() is true, and the backings of a destroyed context are released locally, exactly once.
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
struct sg_ctx { uint32_t id; };
struct sg_fence { uint32_t id; };

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

/* RELEASED from the core: each id must be one we handed out and not yet released. */
static bool on_released(struct split_gate *g, const struct sp_released *m)
{
	if (m->count == 0 || m->count > SP_MAX_RELEASED)
		return false;
	for (uint32_t k = 0; k < m->count; k++) {
		size_t i;

		for (i = 0; i < g->nbk && g->bk[i].id != m->ids[k]; i++)
			;
		if (i == g->nbk)
			return false;
		release_one(g, i);
	}
	return true;
}

/* One request and its answer; the REPLY's status (checked to be a status) is returned. */
static vigil_status call(struct split_gate *g, uint32_t type, const void *payload, int fd,
			 struct sp_reply *ret)
{
	char why[128];

	memset(ret, 0, sizeof(*ret));
	if (g->lost)
		return VIGIL_E_STATE;
	if (sp_send(g->sock, type, payload, fd) != 0) {
		(void)snprintf(why, sizeof(why), "sending %s: %s", sp_msgs[type].name, strerror(errno));
		lose(g, false, why); /* gone already */
		return VIGIL_E_STATE;
	}
	for (;;) {
		struct sp_msg m;
		int mfd = -1;
		enum sp_recv_result r = sp_recv(g->sock, SP_FROM_CORE, SP_ST_ANSWER, &m, &mfd, why, sizeof(why));

		if (r == SP_RECV_EOF || r == SP_RECV_ERROR) {
			(void)snprintf(why, sizeof(why), "%s awaiting the answer to %s",
				       r == SP_RECV_EOF ? "end of stream" : strerror(errno), sp_msgs[type].name);
			lose(g, false, why); /* gone already */
			return VIGIL_E_STATE;
		}
		if (r == SP_RECV_OK && m.type == SP_RELEASED && on_released(g, &m.p.released))
			continue;
		if (r == SP_RECV_OK && m.type == SP_REPLY && m.p.reply.status >= 0 &&
		    m.p.reply.status < VIGIL_STATUS_COUNT && m.p.reply.flag <= 1) {
			*ret = m.p.reply;
			return (vigil_status)m.p.reply.status;
		}
		if (r == SP_RECV_OK)
			(void)snprintf(why, sizeof(why), "bad %s values", sp_msgs[m.type].name);
		lose(g, true, why);
		return VIGIL_E_STATE;
	}
}

/* Puts `len` bytes into the core's hands: all but the last ring-full as PUSH requests, the last
 * one left in the ring; *ret_tail is its length (what EXECUTE / TRANSFER carry). */
static vigil_status stage(struct split_gate *g, const void *data, size_t len, uint64_t *ret_tail)
{
	const uint8_t *p = data;
	struct sp_reply rep;
	vigil_status s;

	if (len > SP_STAGE_MAX)
		return VIGIL_E_EXHAUSTED;
	while (len > SP_RING_BYTES) {
		struct sp_push m = { SP_RING_BYTES };

		memcpy(g->ring, p, SP_RING_BYTES);
		s = call(g, SP_PUSH, &m, -1, &rep);
		if (s != VIGIL_OK)
			return s;
		p += SP_RING_BYTES;
		len -= SP_RING_BYTES;
	}
	if (len)
		memcpy(g->ring, p, len);
	*ret_tail = len;
	return VIGIL_OK;
}

/* Fetches outbox[0, len) of the core into buf. */
static vigil_status pull(struct split_gate *g, void *buf, size_t len)
{
	struct sp_reply rep;
	size_t off = 0;

	while (off < len) {
		size_t n = len - off < SP_RING_BYTES ? len - off : SP_RING_BYTES;
		struct sp_pull m = { off, n };
		vigil_status s = call(g, SP_PULL, &m, -1, &rep);

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
	vigil_status s = call(g, SP_CAPS, &m, -1, &rep);

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
	s = call(g, SP_CTX_CREATE, &m, -1, &rep);
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

	(void)call(g, SP_CTX_DESTROY, &m, -1, &rep); /* the core releases every backing first */
	for (size_t i = 0; i < g->nbk;) { /* a lost core released nothing: do it here */
		if (g->bk[i].ctx == x->id)
			release_one(g, i);
		else
			i++;
	}
	free(x);
}

static vigil_status g_execute(struct lib_core *c, struct lib_core_ctx *x, const void *rec, size_t len)
{
	struct split_gate *g = GATE(c);
	struct sp_execute m = { SCTX(x)->id, 0, 0, len };
	struct sp_reply rep;
	vigil_status s = stage(g, rec, len, &m.tail);

	return s != VIGIL_OK ? s : call(g, SP_EXECUTE, &m, -1, &rep);
}

static vigil_status g_attach(struct lib_core *c, struct lib_core_ctx *x, uint32_t handle,
			     const struct lib_attach *a, void *cookie)
{
	struct split_gate *g = GATE(c);
	struct sp_attach m = { SCTX(x)->id, handle, a->offset, a->size, 0 };
	struct sp_reply rep;
	vigil_status s;

	if (a->fd < 0)
		return VIGIL_E_BACKING;
	if (g->lost)
		return VIGIL_E_STATE;
	if (g->nbk == g->capbk) {
		size_t cap = g->capbk ? g->capbk * 2 : 16;
		struct sg_backing *p = realloc(g->bk, cap * sizeof(*p));

		if (!p)
			return VIGIL_E_EXHAUSTED;
		g->bk = p;
		g->capbk = cap;
	}
	m.id = ++g->next_bk;
	g->bk[g->nbk++] = (struct sg_backing){ m.id, cookie, SCTX(x)->id };
	s = call(g, SP_ATTACH, &m, a->fd, &rep);
	if (s != VIGIL_OK) { /* not attached: the caller frees the cookie */
		for (size_t i = 0; i < g->nbk; i++) {
			if (g->bk[i].id == m.id) {
				g->bk[i] = g->bk[--g->nbk];
				break;
			}
		}
	}
	return s;
}

static vigil_status g_transfer_inline(struct lib_core *c, struct lib_core_ctx *x, uint32_t handle,
				      uint32_t level, const struct vigil_box *b, uint32_t stride,
				      uint32_t layer_stride, void *data, size_t size, bool to_host)
{
	struct split_gate *g = GATE(c);
	struct sp_transfer m = { SCTX(x)->id, handle, level, to_host ? 1u : 0u,
				 { b->x, b->y, b->z, b->w, b->h, b->d }, stride, layer_stride, 0, size };
	struct sp_reply rep;
	vigil_status s = VIGIL_OK;

	if (to_host)
		s = stage(g, data, size, &m.tail);
	if (s == VIGIL_OK)
		s = call(g, SP_TRANSFER, &m, -1, &rep);
	if (s != VIGIL_OK || to_host)
		return s;
	if (rep.value != size) {
		lose(g, true, "inline transfer size mismatch");
		return VIGIL_E_STATE;
	}
	return pull(g, data, size);
}

static vigil_status g_wait_idle(struct lib_core *c, struct lib_core_ctx *x)
{
	struct sp_ctx m = { SCTX(x)->id, 0 };
	struct sp_reply rep;

	return call(GATE(c), SP_WAIT_IDLE, &m, -1, &rep);
}

static vigil_status g_busy(struct lib_core *c, struct lib_core_ctx *x, uint64_t timeout_ns, bool *ret_busy)
{
	struct sp_busy m = { SCTX(x)->id, 0, timeout_ns };
	struct sp_reply rep;
	vigil_status s = call(GATE(c), SP_BUSY, &m, -1, &rep);

	if (s == VIGIL_OK)
		*ret_busy = rep.flag != 0;
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
	s = call(g, SP_FENCE_CREATE, &m, -1, &rep);
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
	vigil_status s = call(GATE(c), SP_FENCE_WAIT, &m, -1, &rep);

	if (s == VIGIL_OK)
		*ret_signaled = rep.flag != 0;
	return s;
}

static void g_fence_destroy(struct lib_core *c, struct lib_core_ctx *x, struct lib_core_fence *f)
{
	struct sp_fence m = { SCTX(x)->id, ((struct sg_fence *)(void *)f)->id, 0 };
	struct sp_reply rep;

	(void)call(GATE(c), SP_FENCE_DESTROY, &m, -1, &rep);
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
