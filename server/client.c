/*
 * client.c: the per-client gate loop of vigil-server: frame, copy, validate, dispatch.
 *
 * Input: the byte stream of one vtest client (hostile: any length, any id, any byte, closing at
 * any point). Guarantees: the payload size of every message comes from vigil_vtest_frame, which
 * rejects unknown ids and over-cap lengths before anything is read or allocated; the payload is
 * copied into private memory and validated as a whole before any action; only the validator's
 * records reach the core; the first failure of any kind (validator reject, short read, socket
 * error, core failure) is logged as one line and ends this client with a distinct vs_exit
 * status, never another client. The core (and with it EGL) is created here, i.e. in the
 * per-client process, never in the acceptor.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"
#include "vigil_spec.h"
#include "vigil_validator.h"

#define VS_MIN_PAYLOAD_BUF 4096u

struct payload_buf {
	uint8_t *p;
	size_t cap;
};

static enum vs_exit reject(struct vs_client *c, const char *when, uint32_t len, uint32_t id)
{
	const struct vigil_val_error *e = vigil_val_last_error(c->val);
	char line[512];

	if (e && e->status != VIGIL_OK)
		vigil_val_format_error(e, line, sizeof(line));
	else
		(void)snprintf(line, sizeof(line), "rejected without a recorded error");
	vs_log(VS_LOG_ERROR, "disconnect: %s [len %u, id %u] rejected: %s", when, len, id, line);
	return VS_EXIT_REJECTED;
}

/* Grows the private payload buffer to n bytes (n was capped by vigil_vtest_frame). */
static int payload_reserve(struct payload_buf *b, size_t n)
{
	uint8_t *p;
	size_t cap = b->cap ? b->cap : VS_MIN_PAYLOAD_BUF;

	if (n <= b->cap)
		return 0;
	while (cap < n)
		cap = cap > SIZE_MAX / 2 ? n : cap * 2;
	p = realloc(b->p, cap);
	if (!p)
		return -1;
	b->p = p;
	b->cap = cap;
	return 0;
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

static bool is_protocol0_resource_msg(uint32_t id)
{
	return id == VIGIL_VCMD_RESOURCE_CREATE || id == VIGIL_VCMD_TRANSFER_GET ||
	       id == VIGIL_VCMD_TRANSFER_PUT;
}

/* One message: header already read. Returns VS_EXIT_OK to go on. */
static enum vs_exit one_message(struct vs_client *c, struct payload_buf *pb, uint32_t len,
				uint32_t id)
{
	size_t want = 0, got = 0;
	enum vs_io io;
	vigil_status s;

	s = vigil_vtest_frame(c->val, len, id, &want);
	if (s != VIGIL_OK)
		return reject(c, "header", len, id);
	if (is_protocol0_resource_msg(id)) {
		/* Not implemented: the core interface has no socket-side copy path (see the man page). */
		vs_log(VS_LOG_ERROR, "disconnect: protocol-0 message %u (RESOURCE_CREATE/TRANSFER_GET/"
		       "TRANSFER_PUT) is not supported; negotiate protocol 2", id);
		return VS_EXIT_TRANSPORT;
	}
	if (payload_reserve(pb, want ? want : 1) != 0) {
		vs_log(VS_LOG_ERROR, "disconnect: out of memory for a %zu-byte payload", want);
		return VS_EXIT_SETUP;
	}
	if (want) {
		io = vs_read_full(c->fd, pb->p, want, &got);
		if (io != VS_IO_OK) {
			char what[40];

			(void)snprintf(what, sizeof(what), "payload of message %u", id);
			return short_read(io, what, got, want);
		}
	}
	vigil_recbuf_reset(c->rb);
	s = vigil_val_vtest(c->val, id, len, pb->p, want, NULL, 0, c->rb);
	if (s != VIGIL_OK)
		return reject(c, "message", len, id);
	vs_log(VS_LOG_TRACE, "message %u len %u: %zu payload bytes, %zu record bytes", id, len,
	       want, c->rb->len);
	return vs_dispatch(c, id);
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
	return e;
}

enum vs_exit vs_client_serve(const struct vs_options *opts, int fd)
{
	struct vigil_core_config ccfg = { 0 };
	struct vigil_val_config vcfg = { 0 };
	struct vigil_recbuf rb = { 0 };
	struct vs_client c = { .fd = fd, .rb = &rb };
	enum vs_exit e;
	vigil_status s;

	ccfg.backend = opts->backend;
	ccfg.render_node = opts->render_node;
	ccfg.release_backing = vs_shm_release;
	ccfg.release_user = NULL;
	s = vigil_core_create(&ccfg, &c.core);
	if (s != VIGIL_OK) {
		vs_log(VS_LOG_ERROR, "disconnect: the rendering core failed to initialize: %s",
		       vigil_status_name(s));
		return VS_EXIT_CORE;
	}
	vcfg.features = vigil_core_features(c.core);
	c.val = vigil_val_create(&vcfg);
	if (!c.val) {
		vs_log(VS_LOG_ERROR, "disconnect: out of memory for the validation context");
		e = VS_EXIT_SETUP;
		goto out;
	}
	e = serve_loop(&c);
out:
	if (c.ctx)
		vigil_core_ctx_destroy(c.ctx); /* releases (munmaps) every attached backing */
	if (c.val)
		vigil_val_destroy(c.val);
	vigil_recbuf_free(&rb);
	vigil_core_destroy(c.core);
	return e;
}
