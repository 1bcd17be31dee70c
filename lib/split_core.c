/*
 * split_core.c: the core process of VIGIL_RENDERER_SPLIT. Forked by split_gate.c, it keeps only
 * its control socket (and the inherited ring mapping), initializes the rendering core (EGL),
 * enters the core sandbox (seccomp), says READY, then answers the gate's requests until the
 * gate goes away.
 *
 * Inputs: the gate's messages (untrusted: DESIGN.md lets the core contain a compromised gate).
 * sp_recv checks type, size, fds and state; here every value is checked again: context and
 * fence ids must name live objects, lengths must add up exactly, bulk bytes are copied out of
 * the ring into private memory before the core decodes them. Any violation ends this process
 * (_exit) with one log line; the gate then sees the core lost. Guarantees: the core only reads
 * records from private memory; a backing fd is mapped only after fstat shows it covers
 * [offset, offset + size); released backings are reported (RELEASED) before the REPLY of the
 * request that released them, each exactly once. Answers are held while more requests are
 * queued and sent when the socket is empty (serve): never while the core blocks. Requests are
 * served in order; once an EXECUTE or ATTACH of a context failed, later pipelined ones of that
 * context are answered with the same status without acting (the gate poisons the context when
 * it collects the first).
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "split_priv.h"
#include "vigil_core.h"

#ifdef VIGIL_HAVE_SANDBOX
#include "sandbox.h"
#endif
#ifdef VIGIL_SANDBOX_PROBE
#include <fcntl.h>
#include <sys/socket.h>
#endif

#define SC_MAX_CTX 4096u
#define SC_MAX_FENCES (1u << 20)
#define SC_SOCK_FD 3 /* the control socket after the fd cleanup */
#define SC_MAX_OUT 64u /* messages held back at most (hold_msg sends them when full) */

struct split_core;
struct sc_backing { uint64_t id; void *map; size_t len; struct split_core *sc; };
struct sc_fence { uint32_t ctx; struct vigil_core_fence *f; };

struct split_core {
	int sock;
	uint8_t *ring;
	long pid;
	const struct lib_split_opts *o;
	struct vigil_core *core;
	struct vigil_core_ctx **ctx;  /* id - 1 -> context (NULL: free) */
	vigil_status *failed;         /* id - 1 -> its first failed EXECUTE / ATTACH status, or VIGIL_OK */
	size_t nctx;
	uint64_t rpos;                /* ring bytes taken so far (the gate writes at the same count) */
	struct sc_fence *fences;      /* id - 1 -> fence (f NULL: free) */
	size_t nfences;
	uint8_t *stage;               /* PUSHed bytes (private copy) */
	size_t staged, stage_cap;
	uint8_t *outbox;              /* inline GET data or caps, PULLed by the gate */
	size_t outbox_len, outbox_cap;
	uint64_t *released;           /* backing ids to report before the next REPLY */
	size_t nrel, caprel;
	struct sp_msg out[SC_MAX_OUT]; /* answers not yet sent, in order (see serve) */
	size_t nout;
};

static void core_log(struct split_core *sc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void core_log(struct split_core *sc, const char *fmt, ...)
{
	char line[320];
	int n;
	va_list ap;

	if (!sc->o->log)
		return;
	n = snprintf(line, sizeof(line), "rendering core %ld: ", sc->pid);
	va_start(ap, fmt);
	(void)vsnprintf(line + (n > 0 ? n : 0), sizeof(line) - (size_t)(n > 0 ? n : 0), fmt, ap);
	va_end(ap);
	sc->o->log(sc->o->log_user, VIGIL_LOG_ERROR, line);
}

/* A malformed request (or our own allocation failure): end the pair. */
static _Noreturn void fatal(struct split_core *sc, const char *what)
{
	core_log(sc, "exiting: %s", what);
	_exit(3);
}

static void grow(struct split_core *sc, void **p, size_t *cap, size_t need, size_t elem)
{
	size_t c = *cap ? *cap : 16;
	void *q;

	if (need <= *cap)
		return;
	while (c < need)
		c *= 2;
	q = realloc(*p, c * elem);
	if (!q)
		fatal(sc, "out of memory");
	*p = q;
	*cap = c;
}

static void release_backing(void *user, void *cookie)
{
	struct sc_backing *b = cookie;
	struct split_core *sc = user;

	(void)munmap(b->map, b->len);
	grow(sc, (void **)&sc->released, &sc->caprel, sc->nrel + 1, sizeof(uint64_t));
	sc->released[sc->nrel++] = b->id;
	free(b);
}

static struct vigil_core_ctx *get_ctx(struct split_core *sc, uint32_t id)
{
	if (id == 0 || id > sc->nctx || !sc->ctx[id - 1])
		fatal(sc, "unknown context id");
	return sc->ctx[id - 1];
}

/* The slot of a live context id (or the process ends). */
static size_t get_ctx_id(struct split_core *sc, uint32_t id)
{
	(void)get_ctx(sc, id);
	return id - 1;
}

static struct sc_fence *get_fence(struct split_core *sc, uint32_t ctx, uint32_t id)
{
	if (id == 0 || id > sc->nfences || !sc->fences[id - 1].f || sc->fences[id - 1].ctx != ctx)
		fatal(sc, "unknown fence id");
	return &sc->fences[id - 1];
}

/* Appends the next n ring bytes (from the read position, wrapping) to the stage: the one copy
 * out of the shared window. */
static void take(struct split_core *sc, uint64_t n)
{
	size_t at = (size_t)(sc->rpos % SP_RING_BYTES), first;

	if (n > SP_RING_BYTES || n > SP_STAGE_MAX - sc->staged)
		fatal(sc, "staged length out of range");
	grow(sc, (void **)&sc->stage, &sc->stage_cap, sc->staged + (size_t)n + 1, 1);
	first = SP_RING_BYTES - at < n ? SP_RING_BYTES - at : (size_t)n;
	memcpy(sc->stage + sc->staged, sc->ring + at, first);
	memcpy(sc->stage + sc->staged + first, sc->ring, (size_t)n - first);
	sc->staged += (size_t)n;
	sc->rpos += n;
}

static vigil_status ctx_create(struct split_core *sc, const struct sp_ctx_create *m, uint64_t *ret)
{
	struct vigil_core_ctx *x = NULL;
	size_t i;
	vigil_status s;

	if (!memchr(m->name, 0, sizeof(m->name)))
		fatal(sc, "context name without NUL");
	for (i = 0; i < sc->nctx && sc->ctx[i]; i++)
		;
	if (i >= SC_MAX_CTX)
		return VIGIL_E_EXHAUSTED;
	s = vigil_core_ctx_create(sc->core, m->name, &x);
	if (s != VIGIL_OK)
		return s;
	if (i == sc->nctx) {
		size_t cap = sc->nctx, fcap = sc->nctx;

		grow(sc, (void **)&sc->ctx, &cap, i + 1, sizeof(*sc->ctx));
		grow(sc, (void **)&sc->failed, &fcap, i + 1, sizeof(*sc->failed));
		sc->nctx = i + 1;
	}
	sc->ctx[i] = x;
	sc->failed[i] = VIGIL_OK;
	*ret = i + 1;
	return VIGIL_OK;
}

static void ctx_destroy(struct split_core *sc, uint32_t id)
{
	struct vigil_core_ctx *x = get_ctx(sc, id);

	for (size_t i = 0; i < sc->nfences; i++) { /* fences the gate did not destroy */
		if (sc->fences[i].f && sc->fences[i].ctx == id) {
			vigil_core_fence_destroy(x, sc->fences[i].f);
			sc->fences[i].f = NULL;
		}
	}
	vigil_core_ctx_destroy(x); /* release_backing for each of its backings */
	sc->ctx[id - 1] = NULL;
}

static vigil_status attach(struct split_core *sc, const struct sp_attach *m, int fd)
{
	struct vigil_core_ctx *x = get_ctx(sc, m->ctx);
	struct sc_backing *b;
	struct iovec iov;
	struct stat st;
	vigil_status s;
	void *map;

	if (m->size == 0 || m->size > SP_STAGE_MAX || m->offset % (uint64_t)sysconf(_SC_PAGESIZE) ||
	    fstat(fd, &st) != 0 || st.st_size < 0 || (uint64_t)st.st_size < m->offset ||
	    (uint64_t)st.st_size - m->offset < m->size)
		return VIGIL_E_BACKING;
	map = mmap(NULL, (size_t)m->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)m->offset);
	if (map == MAP_FAILED)
		return VIGIL_E_BACKING;
	b = calloc(1, sizeof(*b));
	if (!b) {
		(void)munmap(map, (size_t)m->size);
		return VIGIL_E_EXHAUSTED;
	}
	*b = (struct sc_backing){ m->id, map, (size_t)m->size, sc };
	iov = (struct iovec){ map, (size_t)m->size };
	s = vigil_core_attach_backing(x, m->handle, &iov, 1, b);
	if (s != VIGIL_OK) {
		(void)munmap(map, (size_t)m->size);
		free(b);
	}
	return s;
}

static vigil_status transfer(struct split_core *sc, const struct sp_transfer *m, uint64_t *ret)
{
	struct vigil_core_ctx *x = get_ctx(sc, m->ctx);
	struct vigil_box b = { m->box[0], m->box[1], m->box[2], m->box[3], m->box[4], m->box[5] };
	vigil_status s;

	if (m->to_host > 1 || m->size > SP_STAGE_MAX)
		fatal(sc, "bad transfer request");
	if (m->to_host) {
		take(sc, m->tail);
		if (sc->staged != m->size)
			fatal(sc, "transfer data length mismatch");
		s = vigil_core_transfer_inline(x, m->handle, m->level, &b, m->stride, m->layer_stride,
					       sc->stage, sc->staged, true);
		sc->staged = 0;
		return s;
	}
	if (m->tail || sc->staged)
		fatal(sc, "data staged for a transfer from the host");
	grow(sc, (void **)&sc->outbox, &sc->outbox_cap, (size_t)m->size + 1, 1);
	sc->outbox_len = 0;
	s = vigil_core_transfer_inline(x, m->handle, m->level, &b, m->stride, m->layer_stride,
				       sc->outbox, (size_t)m->size, false);
	if (s == VIGIL_OK)
		sc->outbox_len = (size_t)m->size;
	*ret = m->size;
	return s;
}

static vigil_status caps(struct split_core *sc, uint32_t set, uint64_t *ret)
{
	size_t len = 0;
	vigil_status s;

	grow(sc, (void **)&sc->outbox, &sc->outbox_cap, SP_OUTBOX_CAPS, 1);
	memset(sc->outbox, 0, SP_OUTBOX_CAPS);
	sc->outbox_len = 0;
	s = vigil_core_caps(sc->core, set, sc->outbox, SP_OUTBOX_CAPS, &len);
	if (s == VIGIL_OK)
		sc->outbox_len = len < SP_OUTBOX_CAPS ? len : SP_OUTBOX_CAPS;
	*ret = sc->outbox_len;
	return s;
}

static vigil_status fence_create(struct split_core *sc, uint32_t ctx, uint64_t *ret)
{
	struct vigil_core_ctx *x = get_ctx(sc, ctx);
	struct vigil_core_fence *f = NULL;
	size_t i;
	vigil_status s;

	for (i = 0; i < sc->nfences && sc->fences[i].f; i++)
		;
	if (i >= SC_MAX_FENCES)
		return VIGIL_E_EXHAUSTED;
	s = vigil_core_fence_create(x, &f);
	if (s != VIGIL_OK)
		return s;
	if (i == sc->nfences) {
		size_t cap = sc->nfences;

		grow(sc, (void **)&sc->fences, &cap, i + 1, sizeof(*sc->fences));
		sc->nfences = i + 1;
	}
	sc->fences[i] = (struct sc_fence){ ctx, f };
	*ret = i + 1;
	return VIGIL_OK;
}

#ifdef VIGIL_SANDBOX_PROBE
/* Test builds only (tests/sandbox_split): VIGIL_SPLIT_FAIL_EXECUTE=N makes the N-th EXECUTE (1:
 * the first) of this core fail with VIGIL_E_EXHAUSTED without running it, as a host failure
 * (GL out of memory) would: the gate must report it on the context's next call. */
static bool fail_injected(void)
{
	static unsigned long n;
	const char *e = getenv("VIGIL_SPLIT_FAIL_EXECUTE");

	return e && strtoul(e, NULL, 10) == ++n;
}
#endif

static vigil_status exec_records(struct split_core *sc, struct vigil_core_ctx *x)
{
#ifdef VIGIL_SANDBOX_PROBE
	if (fail_injected())
		return VIGIL_E_EXHAUSTED;
#endif
	return vigil_core_execute(x, sc->stage, sc->staged);
}

/* One request; the answer's fields in *rep (status set by the caller from the return). */
static vigil_status handle(struct split_core *sc, const struct sp_msg *m, int fd, struct sp_reply *rep)
{
	bool flag = false;
	vigil_status s;

	switch (m->type) {
	case SP_CTX_CREATE:
		return ctx_create(sc, &m->p.ctx_create, &rep->value);
	case SP_CTX_DESTROY:
		ctx_destroy(sc, m->p.ctx.ctx);
		return VIGIL_OK;
	case SP_PUSH:
		if (m->p.push.len == 0)
			fatal(sc, "empty PUSH");
		take(sc, m->p.push.len);
		return VIGIL_OK;
	case SP_EXECUTE: {
		struct vigil_core_ctx *x = get_ctx(sc, m->p.execute.ctx);

		take(sc, m->p.execute.tail);
		if (sc->staged != m->p.execute.total)
			fatal(sc, "record length mismatch");
		/* Pipelined: the gate may have sent more buffers after one that failed; like the
		 * library after a synchronous failure, they are not executed. */
		s = sc->failed[get_ctx_id(sc, m->p.execute.ctx)];
		if (s == VIGIL_OK)
			s = exec_records(sc, x);
		sc->failed[m->p.execute.ctx - 1] = s;
		sc->staged = 0;
		return s;
	}
	case SP_ATTACH: /* pipelined too: after a failure on the context, refused like EXECUTE */
		s = sc->failed[get_ctx_id(sc, m->p.attach.ctx)];
		if (s == VIGIL_OK)
			s = attach(sc, &m->p.attach, fd);
		close(fd);
		sc->failed[m->p.attach.ctx - 1] = s;
		return s;
	case SP_TRANSFER:
		return transfer(sc, &m->p.transfer, &rep->value);
	case SP_PULL:
		if (m->p.pull.len > SP_RING_BYTES || m->p.pull.offset > sc->outbox_len ||
		    m->p.pull.len > sc->outbox_len - m->p.pull.offset)
			fatal(sc, "PULL outside the outbox");
		memcpy(sc->ring, sc->outbox + m->p.pull.offset, (size_t)m->p.pull.len);
		return VIGIL_OK;
	case SP_WAIT_IDLE:
		return vigil_core_wait_idle(get_ctx(sc, m->p.ctx.ctx));
	case SP_BUSY:
		s = vigil_core_busy(get_ctx(sc, m->p.busy.ctx), m->p.busy.timeout, &flag);
		rep->flag = flag;
		return s;
	case SP_FENCE_CREATE:
		return fence_create(sc, m->p.ctx.ctx, &rep->value);
	case SP_FENCE_WAIT: {
		struct sc_fence *f = get_fence(sc, m->p.fence.ctx, m->p.fence.fence);

		s = vigil_core_fence_wait(get_ctx(sc, f->ctx), f->f, m->p.fence.timeout, &flag);
		rep->flag = flag;
		return s;
	}
	case SP_FENCE_DESTROY: {
		struct sc_fence *f = get_fence(sc, m->p.fence.ctx, m->p.fence.fence);

		vigil_core_fence_destroy(get_ctx(sc, f->ctx), f->f);
		f->f = NULL;
		return VIGIL_OK;
	}
	case SP_CAPS:
		return caps(sc, m->p.caps.set, &rep->value);
	default:
		fatal(sc, "unexpected request");
	}
}

/* Sends the held answers, in order. */
static void flush(struct split_core *sc)
{
	for (size_t i = 0; i < sc->nout; i++) {
		if (sp_send(sc->sock, sc->out[i].type, &sc->out[i].p, -1) != 0)
			_exit(0); /* the gate is gone */
	}
	sc->nout = 0;
}

static void hold_msg(struct split_core *sc, uint32_t type, const void *payload, size_t size)
{
	if (sc->nout == SC_MAX_OUT)
		flush(sc);
	sc->out[sc->nout].type = type;
	memset(&sc->out[sc->nout].p, 0, sizeof(sc->out[sc->nout].p));
	memcpy(&sc->out[sc->nout].p, payload, size);
	sc->nout++;
}

/* The answer to one request: RELEASED messages for the backings it released, then its reply,
 * added to the last held REPLY message when that one comes last and has room. */
static void answer(struct split_core *sc, const struct sp_reply *rep)
{
	size_t done = 0;
	struct sp_msg *last;

	while (done < sc->nrel) {
		struct sp_released m = { 0 };

		m.count = (uint32_t)(sc->nrel - done < SP_MAX_RELEASED ? sc->nrel - done : SP_MAX_RELEASED);
		memcpy(m.ids, sc->released + done, m.count * sizeof(uint64_t));
		hold_msg(sc, SP_RELEASED, &m, sizeof(m));
		done += m.count;
	}
	sc->nrel = 0;
	last = sc->nout ? &sc->out[sc->nout - 1] : NULL;
	if (last && last->type == SP_REPLY && last->p.reply.count < SP_MAX_REPLIES) {
		last->p.reply.r[last->p.reply.count++] = *rep;
	} else {
		struct sp_replies m = { 1, 0, { *rep } };

		hold_msg(sc, SP_REPLY, &m, sizeof(m));
	}
}

/* Serves requests in order. Answers are held while more requests are queued and sent when the
 * socket is empty (or SC_MAX_OUT are held): a run of pipelined requests then wakes a waiting
 * gate once, not once per answer. Nothing is held while the core blocks, so the gate, which
 * blocks only when it needs an answer and has sent everything before it, always gets it. */
static void serve(struct split_core *sc)
{
	for (;;) {
		struct sp_reply rep = { 0 };
		struct sp_msg m;
		char why[128];
		int fd = -1;
		uint32_t state = sc->staged ? SP_ST_STAGED : SP_ST_IDLE;
		enum sp_recv_result r = sp_try_recv(sc->sock, SP_FROM_GATE, state, &m, &fd, why, sizeof(why));

		if (r == SP_RECV_AGAIN) {
			flush(sc);
			r = sp_recv(sc->sock, SP_FROM_GATE, state, &m, &fd, why, sizeof(why));
		}
		if (r == SP_RECV_EOF)
			_exit(0);
		if (r == SP_RECV_ERROR || r == SP_RECV_AGAIN)
			fatal(sc, "control socket error");
		if (r == SP_RECV_MALFORMED)
			fatal(sc, why);
		rep.status = (int32_t)handle(sc, &m, fd, &rep);
		answer(sc, &rep);
	}
}

/* ---- start-up: fds, core, sandbox, READY ---- */

bool split_sandbox_available(void)
{
#ifdef VIGIL_HAVE_SANDBOX
	return true;
#else
	return false;
#endif
}

#ifdef VIGIL_HAVE_SANDBOX
static void sandbox_log(void *user, const char *msg)
{
	core_log(user, "%s", msg);
}
#endif

/* Enters the core sandbox (no_new_privs, rlimits, seccomp core filter): 0 or -errno. */
static int enter_sandbox(struct split_core *sc)
{
#ifdef VIGIL_HAVE_SANDBOX
	struct vigil_sandbox_opts so = { .uid = 0, .gid = 0 /* as root: "nobody" */, .allow_no_seccomp = false,
					 .log = sandbox_log, .log_user = sc };

	return vigil_sandbox_enter_core(&so);
#else
	(void)sc;
	return -ENOSYS;
#endif
}

#ifdef VIGIL_SANDBOX_PROBE
/* Test builds only (tests/sandbox_split): VIGIL_SANDBOX_PROBE=core makes the sandboxed core
 * attempt a syscall its filter forbids; the filter must kill it (SIGSYS). */
static void probe(struct split_core *sc)
{
	const char *p = getenv("VIGIL_SANDBOX_PROBE");

	if (!p || strcmp(p, "core") != 0)
		return;
	/* Forbidden in turn until one kills: opening a file, a network socket, exec. */
	core_log(sc, "sandbox probe: openat(/etc/passwd), socket(AF_INET), execve(/bin/true)");
	vigil_sandbox_probe_forbidden();
	core_log(sc, "sandbox probe survived");
}
#endif

_Noreturn void split_core_main(int sock, uint8_t *ring, const struct vigil_core_config *cc,
			       const struct lib_split_opts *o)
{
	static struct split_core sc;
	struct vigil_core_config mine = *cc;
	struct sp_ready ready = { 0 };
	vigil_status s;
	int e;

	sc.o = o;
	sc.ring = ring;
	sc.pid = (long)getpid();
	/* Die with the gate; keep only stdio and the control socket (not the client's socket,
	 * not the embedder's files): the core talks to nobody but its gate. */
	(void)prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0); /* until the uid drop clears it; then EOF */
	(void)prctl(PR_SET_NAME, "vigil-core", 0, 0, 0);
	if (sock != SC_SOCK_FD) {
		if (dup2(sock, SC_SOCK_FD) < 0)
			_exit(3);
		close(sock);
	}
	sc.sock = SC_SOCK_FD;
	if (close_range(SC_SOCK_FD + 1, ~0u, 0) != 0)
		_exit(3);
	mine.release_backing = release_backing;
	mine.release_user = &sc;
#ifdef VIGIL_HAVE_SANDBOX
	vigil_sandbox_core_preinit(o->shader_cache_dir); /* before EGL: no file opens once sandboxed */
#endif
	s = vigil_core_create(&mine, &sc.core);
	if (s == VIGIL_OK)
		(void)split_spread_rasterizers((unsigned)getpid()); /* before the sandbox: reads /proc */
	if (s == VIGIL_OK && (e = enter_sandbox(&sc)) != 0) {
		core_log(&sc, "entering the sandbox failed: %s", strerror(-e));
		s = VIGIL_E_UNSUPPORTED;
	}
#ifdef VIGIL_SANDBOX_PROBE
	if (s == VIGIL_OK)
		probe(&sc);
#endif
	ready.status = (int32_t)s;
	ready.features = s == VIGIL_OK ? vigil_core_features(sc.core) : 0;
	if (sp_send(sc.sock, SP_READY, &ready, -1) != 0 || s != VIGIL_OK)
		_exit(s == VIGIL_OK ? 0 : 1);
	serve(&sc);
	_exit(0);
}
