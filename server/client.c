/*
 * client.c: the per-client loop of vigil-server: frame, copy, hand to the library, answer.
 *
 * Input: the byte stream of one vtest client (hostile: any length, any id, any byte, closing at
 * any point). Guarantees: the payload size of every message comes from vigil_vtest_header,
 * which rejects unknown ids and over-cap lengths before anything is read or allocated; the
 * payload is copied into private memory and given whole to vigil_vtest_message, which validates
 * it before any action; the first failure of any kind (guest reject, short read, socket error,
 * host failure) is logged as one line and ends this client with a distinct vs_exit status,
 * never another client. The renderer (and with it EGL) is created here, i.e. in the per-client
 * process, never in the acceptor; by default split (VIGIL_RENDERER_SPLIT: the library forks the
 * sandboxed core process), after which this process enters the gate sandbox before it reads
 * anything from the client. A core that dies ends this client with "disconnect: context lost"
 * (VS_EXIT_CORE). Only the public API (vigil.h) and vs_sandbox_enter_gate are used.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server.h"

#define VS_MIN_PAYLOAD_BUF 4096u

struct vs_client {
	int fd;                      /* the client socket, borrowed */
	struct vigil_renderer *r;    /* owned: created in this process after fork */
	struct vigil_context *ctx;   /* owned: the client's vtest context */
};

struct payload_buf {
	uint8_t *p;
	size_t cap;
	uint8_t *extra; /* TRANSFER_PUT's raw data (protocol 0) */
	size_t extra_cap;
};

/* The library said no: log why, in the words of vigil_context_error, and pick the exit class. */
static enum vs_exit failed(struct vs_client *c, vigil_status s, const char *when, uint32_t len,
			   uint32_t id)
{
	struct vigil_error e;

	vigil_context_error(c->ctx, &e);
	if (!e.poisoned) {
		vs_log(VS_LOG_ERROR, "disconnect: %s [len %u, id %u]: %s (not poisoned)", when, len, id,
		       vigil_status_name(s));
		return s == VIGIL_E_EXHAUSTED ? VS_EXIT_SETUP : VS_EXIT_CORE;
	}
	if (e.origin == VIGIL_ORIGIN_GUEST) {
		vs_log(VS_LOG_ERROR, "disconnect: %s [len %u, id %u] rejected: %s", when, len, id, e.text);
		return VS_EXIT_REJECTED;
	}
	vs_log(VS_LOG_ERROR, "disconnect: %s", e.text);
	return VS_EXIT_CORE;
}

static enum vs_exit short_read(enum vs_io io, const char *what, size_t got, size_t want);

/* Grows a private buffer to n bytes (n was capped by vigil_vtest_header / vigil_vtest_extra). */
static int reserve(uint8_t **buf, size_t *bcap, size_t n)
{
	uint8_t *p;
	size_t cap = *bcap ? *bcap : VS_MIN_PAYLOAD_BUF;

	if (n <= *bcap)
		return 0;
	while (cap < n)
		cap = cap > SIZE_MAX / 2 ? n : cap * 2;
	p = realloc(*buf, cap);
	if (!p)
		return -1;
	*buf = p;
	*bcap = cap;
	return 0;
}

/* Reads exactly n bytes into buf (n > 0); VS_EXIT_OK or the logged failure. */
static enum vs_exit read_part(struct vs_client *c, uint8_t *buf, size_t n, const char *part, uint32_t id)
{
	size_t got = 0;
	enum vs_io io = vs_read_full(c->fd, buf, n, &got);
	char what[48];

	if (io == VS_IO_OK)
		return VS_EXIT_OK;
	(void)snprintf(what, sizeof(what), "%s of message %u", part, id);
	return short_read(io, what, got, n);
}

/* `what` names the part: "header" or "payload of message N". */
static enum vs_exit short_read(enum vs_io io, const char *what, size_t got, size_t want)
{
	if (io == VS_IO_ERROR)
		vs_log(VS_LOG_ERROR, "disconnect: read error on the %s: %s", what, strerror(errno));
	else
		vs_log(VS_LOG_ERROR, "disconnect: short read: %s (%zu of %zu bytes)", what, got, want);
	return VS_EXIT_TRANSPORT;
}

static enum vs_exit send_reply(struct vs_client *c, const struct vigil_vtest_reply *rep, uint32_t id)
{
	if (rep->len && vs_write_full(c->fd, rep->data, rep->len) != VS_IO_OK) {
		vs_log(VS_LOG_ERROR, "disconnect: write of a %zu-byte reply failed: %s", rep->len,
		       strerror(errno));
		return VS_EXIT_TRANSPORT;
	}
	if (rep->fd >= 0) {
		enum vs_io io = vs_send_fd(c->fd, rep->fd);

		close(rep->fd); /* the mapping stays, owned by the library until the resource dies */
		if (io != VS_IO_OK) {
			vs_log(VS_LOG_ERROR, "disconnect: passing the fd of message %u failed: %s", id,
			       strerror(errno));
			return VS_EXIT_TRANSPORT;
		}
	}
	return VS_EXIT_OK;
}

/* One message: header already read. Returns VS_EXIT_OK to go on. */
static enum vs_exit one_message(struct vs_client *c, struct payload_buf *pb, uint32_t len,
				uint32_t id)
{
	struct vigil_vtest_reply rep;
	size_t want = 0, extra = 0;
	enum vs_exit e;
	vigil_status s;

	s = vigil_vtest_header(c->ctx, len, id, &want);
	if (s != VIGIL_OK)
		return failed(c, s, "header", len, id);
	if (reserve(&pb->p, &pb->cap, want ? want : 1) != 0) {
		vs_log(VS_LOG_ERROR, "disconnect: out of memory for a %zu-byte payload", want);
		return VS_EXIT_SETUP;
	}
	if (want && (e = read_part(c, pb->p, want, "payload", id)) != VS_EXIT_OK)
		return e;
	/* TRANSFER_PUT (protocol 0): data_size raw bytes follow the fixed payload. */
	s = vigil_vtest_extra(c->ctx, id, pb->p, want, &extra);
	if (s != VIGIL_OK)
		return failed(c, s, "message", len, id);
	if (extra) {
		if (reserve(&pb->extra, &pb->extra_cap, extra) != 0) {
			vs_log(VS_LOG_ERROR, "disconnect: out of memory for %zu bytes of data", extra);
			return VS_EXIT_SETUP;
		}
		if ((e = read_part(c, pb->extra, extra, "data", id)) != VS_EXIT_OK)
			return e;
	}
	s = vigil_vtest_message(c->ctx, len, id, pb->p, want, extra ? pb->extra : NULL, extra, &rep);
	if (s != VIGIL_OK) {
		if (rep.fd >= 0)
			close(rep.fd);
		return failed(c, s, "message", len, id);
	}
	vs_log(VS_LOG_TRACE, "message %u len %u: %zu payload bytes, %zu reply bytes%s", id, len, want,
	       rep.len, rep.fd >= 0 ? " + fd" : "");
	return send_reply(c, &rep, id);
}

static enum vs_exit serve_loop(struct vs_client *c)
{
	struct payload_buf pb = { 0 };
	enum vs_exit e = VS_EXIT_OK;

	for (;;) {
		uint32_t hdr[2];
		size_t got = 0;
		enum vs_io io = vs_read_full(c->fd, hdr, sizeof(hdr), &got);

		if (io == VS_IO_EOF) {
			vs_log(VS_LOG_DEBUG, "client disconnected");
			break;
		}
		if (io != VS_IO_OK) {
			e = short_read(io, "header", got, sizeof(hdr));
			break;
		}
		e = one_message(c, &pb, hdr[0], hdr[1]);
		if (e != VS_EXIT_OK)
			break;
	}
	free(pb.p);
	free(pb.extra);
	return e;
}

/* The library's log lines: errors stay errors, the rest is detail next to the server's own. */
static void lib_log(void *user, enum vigil_log_level level, const char *msg)
{
	(void)user;
	vs_log(level == VIGIL_LOG_ERROR ? VS_LOG_ERROR : VS_LOG_DEBUG, "%s", msg);
}

enum vs_exit vs_client_serve(const struct vs_options *opts, int fd)
{
	struct vigil_renderer_config cfg = { .api_version = VIGIL_API_VERSION };
	struct vs_client c = { .fd = fd };
	char cache[4096];
	enum vs_exit e;
	vigil_status s;

	cfg.backend = opts->backend;
	cfg.render_node = opts->render_node;
	cfg.log = lib_log;
	if (opts->encoded_transfers)
		cfg.flags |= VIGIL_RENDERER_ENCODED_TRANSFERS;
	if (!opts->single_process) { /* a single-process renderer keeps the caller's Mesa cache */
		cfg.flags |= VIGIL_RENDERER_SPLIT;
		cfg.shader_cache_dir = vs_cache_dir(opts->shader_cache, fd, cache, sizeof(cache));
	}
	s = vigil_renderer_create(&cfg, &c.r);
	if (s != VIGIL_OK) {
		vs_log(VS_LOG_ERROR, "disconnect: the rendering core failed to initialize: %s%s",
		       vigil_status_name(s), s == VIGIL_E_UNSUPPORTED && !opts->single_process ?
		       " (split mode: is the sandbox built? --single-process runs without it)" : "");
		return VS_EXIT_CORE;
	}
	if (!opts->single_process) {
		int err = vs_sandbox_enter_gate(vigil_renderer_core_pid(c.r)); /* before any client byte */

		if (err != 0) {
			vs_log(VS_LOG_ERROR, "disconnect: entering the gate sandbox failed: %s", strerror(-err));
			vigil_renderer_destroy(c.r);
			return VS_EXIT_SETUP;
		}
		vs_log(VS_LOG_DEBUG, "gate sandbox entered");
	}
	s = vigil_vtest_context_create(c.r, &c.ctx);
	if (s != VIGIL_OK) {
		vs_log(VS_LOG_ERROR, "disconnect: out of memory for the client context");
		e = VS_EXIT_SETUP;
	} else {
		e = serve_loop(&c);
	}
	vigil_context_destroy(c.ctx); /* releases (munmaps) every backing */
	vigil_renderer_destroy(c.r);
	return e;
}
