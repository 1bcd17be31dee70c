/*
 * dispatch.c: what vigil-server does with one vtest message the validator accepted: answer it
 * (PING, PROTOCOL_VERSION, GET_CAPS, GET_CAPS2, BUSY_WAIT), create the renderer context, create a
 * resource's shared memory and pass its fd, or hand the records to the core.
 *
 * Input: the validator's records of the current message (trusted to be well-formed, still
 * walked with bounds checks because they live next to guest-chosen span bytes). Guest values are
 * read only from the records, never from the raw payload. Guarantees: replies have exactly the
 * sizes PROTOCOL.md 1.3 gives (the v1 caps reply is always 308 bytes, the v2 blob at most 1376);
 * the fd byte of RESOURCE_CREATE2 goes out alone in its own sendmsg, after the backing is attached;
 * every failure is logged once and returned as the vs_exit that drops this client.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "vigil_xrec.h"
#include "server.h"
#include "vigil_records.h"
#include "vigil_spec.h"
#include "vigil_validator.h"

#define VS_CAPS_V1_BYTES 308u
#define VS_CAPS_V2_BYTES 1376u

/* The body of the first record of `type` in the current message's records, at least `body`
 * bytes long; *ret_size gets the body size (struct plus spans). NULL if there is none. */
static const void *find_rec(const struct vigil_recbuf *rb, uint16_t type, size_t body,
			    size_t *ret_size)
{
	size_t off = 0;

	while (rb->len - off >= sizeof(struct vigil_rec_hdr)) {
		struct vigil_rec_hdr h;

		memcpy(&h, rb->buf + off, sizeof(h));
		if (h.size < sizeof(h) || h.size > rb->len - off)
			return NULL;
		if (h.type == type && h.size - sizeof(h) >= body) {
			if (ret_size)
				*ret_size = h.size - sizeof(h);
			return rb->buf + off + sizeof(h);
		}
		off += h.size;
	}
	return NULL;
}

static enum vs_exit missing_record(uint32_t id)
{
	vs_log(VS_LOG_ERROR, "disconnect: internal: no record for accepted message %u", id);
	return VS_EXIT_CORE;
}

static enum vs_exit send_reply(struct vs_client *c, const void *buf, size_t n)
{
	if (vs_write_full(c->fd, buf, n) == VS_IO_OK)
		return VS_EXIT_OK;
	vs_log(VS_LOG_ERROR, "disconnect: write of a %zu-byte reply failed: %s", n, strerror(errno));
	return VS_EXIT_TRANSPORT;
}

static enum vs_exit reply_words(struct vs_client *c, uint32_t len, uint32_t id, const uint32_t *v,
				size_t nv)
{
	uint32_t buf[4] = { len, id, 0, 0 };

	if (nv > 2)
		return missing_record(id);
	if (nv)
		memcpy(&buf[2], v, nv * sizeof(uint32_t));
	return send_reply(c, buf, (2 + nv) * sizeof(uint32_t));
}

/* GET_CAPS (set 1, reply id 1, always 308 bytes: Mesa reads exactly that) and GET_CAPS2 (set 2,
 * reply id 2, at most 1376 bytes: Mesa copies what is there over its defaults). */
static enum vs_exit reply_caps(struct vs_client *c, uint32_t set)
{
	uint32_t buf[2 + VS_CAPS_V2_BYTES / 4];
	size_t cap = set == 1 ? VS_CAPS_V1_BYTES : VS_CAPS_V2_BYTES;
	size_t len = 0;
	vigil_status s;

	memset(buf, 0, sizeof(buf));
	s = vigil_core_caps(c->core, set, &buf[2], cap, &len);
	if (s != VIGIL_OK) {
		vs_log(VS_LOG_ERROR, "disconnect: caps set %u: %s", set, vigil_status_name(s));
		return VS_EXIT_CORE;
	}
	if (set == 1 || len > cap)
		len = cap; /* zero-padded short v1 blob, or the core's blob cut to the v2 size */
	buf[0] = (uint32_t)len + 1u;
	buf[1] = set;
	return send_reply(c, buf, 8u + len);
}

static enum vs_exit execute(struct vs_client *c, uint32_t id)
{
	vigil_status s;

	if (!c->ctx) {
		vs_log(VS_LOG_ERROR, "disconnect: internal: message %u before the renderer context", id);
		return VS_EXIT_CORE;
	}
	if (c->rb->len == 0)
		return VS_EXIT_OK;
	s = vigil_core_execute(c->ctx, c->rb->buf, c->rb->len);
	if (s != VIGIL_OK) {
		vs_log(VS_LOG_ERROR, "disconnect: the core failed message %u: %s", id,
		       vigil_status_name(s));
		return VS_EXIT_CORE;
	}
	return VS_EXIT_OK;
}

static enum vs_exit create_renderer(struct vs_client *c)
{
	const struct vigil_rec_create_renderer *r;
	const char *name;
	char shown[80];
	size_t size = 0;
	vigil_status s;

	r = find_rec(c->rb, VIGIL_REC_VTEST_CREATE_RENDERER, sizeof(*r), &size);
	if (!r || r->name.len == 0 || r->name.off > size || r->name.len > size - r->name.off)
		return missing_record(VIGIL_VCMD_CREATE_RENDERER);
	name = (const char *)r + r->name.off;
	if (name[r->name.len - 1] != 0) /* the validator's rule guarantees it; cheap re-check */
		return missing_record(VIGIL_VCMD_CREATE_RENDERER);
	vs_log_sanitize(name, r->name.len, shown, sizeof(shown));
	s = vigil_core_ctx_create(c->core, name, &c->ctx);
	if (s != VIGIL_OK) {
		vs_log(VS_LOG_ERROR, "disconnect: context for \"%s\" failed: %s", shown,
		       vigil_status_name(s));
		return VS_EXIT_CORE;
	}
	vs_log(VS_LOG_DEBUG, "renderer \"%s\" created", shown);
	return VS_EXIT_OK;
}

static enum vs_exit busy_wait(struct vs_client *c)
{
	const struct vigil_rec_resource_busy_wait *r;
	uint32_t busy = 0;
	vigil_status s;

	r = find_rec(c->rb, VIGIL_REC_VTEST_RESOURCE_BUSY_WAIT, sizeof(*r), NULL);
	if (!r)
		return missing_record(VIGIL_VCMD_RESOURCE_BUSY_WAIT);
	if ((r->flags & 1u) && c->ctx) {
		s = vigil_core_wait_idle(c->ctx);
		if (s != VIGIL_OK) {
			vs_log(VS_LOG_ERROR, "disconnect: wait for idle failed: %s", vigil_status_name(s));
			return VS_EXIT_CORE;
		}
	}
	/* The core executes synchronously and waits on WAIT, so nothing is reported busy. */
	return reply_words(c, 1, VIGIL_VCMD_RESOURCE_BUSY_WAIT, &busy, 1);
}

/* RESOURCE_CREATE2: the core creates the resource, then (data_size > 0) the server creates the
 * shared memory, attaches it and passes the fd (PROTOCOL.md 1.6). */
static enum vs_exit resource_create2(struct vs_client *c)
{
	const struct vigil_rec_resource_create2 *r;
	const struct vigil_xrec_resource *x;
	enum vs_exit e;
	void *mem = NULL;
	int fd = -1;
	vigil_status s;

	r = find_rec(c->rb, VIGIL_REC_VTEST_RESOURCE_CREATE2, sizeof(*r), NULL);
	x = find_rec(c->rb, VIGIL_XREC_RESOURCE_HANDLE, sizeof(*x), NULL);
	if (!r || !x)
		return missing_record(VIGIL_VCMD_RESOURCE_CREATE2);
	e = execute(c, VIGIL_VCMD_RESOURCE_CREATE2);
	if (e != VS_EXIT_OK || r->data_size == 0)
		return e;
	if (vs_shm_create(x->guest_id, r->data_size, &fd, &mem) != 0) {
		vs_log(VS_LOG_ERROR, "disconnect: shared memory of %u bytes for resource %u: %s",
		       r->data_size, x->guest_id, strerror(errno));
		return VS_EXIT_TRANSPORT;
	}
	s = vigil_core_attach_backing(c->ctx, x->handle.v, mem, r->data_size);
	if (s != VIGIL_OK) {
		vs_shm_release(NULL, mem, r->data_size); /* not taken by the core */
		close(fd);
		vs_log(VS_LOG_ERROR, "disconnect: attaching the backing of resource %u failed: %s",
		       x->guest_id, vigil_status_name(s));
		return VS_EXIT_CORE;
	}
	if (vs_send_fd(c->fd, fd) != VS_IO_OK) {
		vs_log(VS_LOG_ERROR, "disconnect: passing the fd of resource %u failed: %s",
		       x->guest_id, strerror(errno));
		e = VS_EXIT_TRANSPORT;
	}
	close(fd); /* the mapping stays, owned by the core until release_backing */
	vs_log(VS_LOG_TRACE, "resource %u: %u bytes of shared memory", x->guest_id, r->data_size);
	return e;
}

enum vs_exit vs_dispatch(struct vs_client *c, uint32_t id)
{
	uint32_t v;

	switch (id) {
	case VIGIL_VCMD_CREATE_RENDERER:
		return create_renderer(c);
	case VIGIL_VCMD_PING_PROTOCOL_VERSION:
		return reply_words(c, 0, VIGIL_VCMD_PING_PROTOCOL_VERSION, NULL, 0);
	case VIGIL_VCMD_PROTOCOL_VERSION:
		v = vigil_val_protocol(c->val);
		vs_log(VS_LOG_DEBUG, "protocol version %u", v);
		return reply_words(c, 1, VIGIL_VCMD_PROTOCOL_VERSION, &v, 1);
	case VIGIL_VCMD_GET_CAPS:
		return reply_caps(c, 1);
	case VIGIL_VCMD_GET_CAPS2:
		return reply_caps(c, 2);
	case VIGIL_VCMD_RESOURCE_BUSY_WAIT:
		return busy_wait(c);
	case VIGIL_VCMD_RESOURCE_CREATE2:
		return resource_create2(c);
	case VIGIL_VCMD_RESOURCE_UNREF:
	case VIGIL_VCMD_TRANSFER_GET2:
	case VIGIL_VCMD_TRANSFER_PUT2:
	case VIGIL_VCMD_SUBMIT_CMD:
		return execute(c, id);
	default:
		vs_log(VS_LOG_ERROR, "disconnect: message %u is accepted by the validator but not "
		       "implemented by the server", id);
		return VS_EXIT_TRANSPORT;
	}
}
