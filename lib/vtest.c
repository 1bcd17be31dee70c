/*
 * vtest.c: vigil_vtest_header / vigil_vtest_message: the vtest transport's messages
 * (PROTOCOL.md section 1) on a context, for vigil-server and any other vtest-speaking transport.
 * The transport owns the socket; this file decides what a message means and what to answer.
 *
 * Input: one message whose header passed vigil_vtest_header and whose payload the transport
 * copied into private memory. Guest values are read only from the validator's records, never
 * from the raw payload. Guarantees: replies have exactly the sizes PROTOCOL.md 1.3 gives (the
 * v1 caps reply is always 308 bytes, the v2 blob at most 1376); RESOURCE_CREATE2's fd is
 * returned only after its backing is attached; a failure poisons the context and the
 * transport gets its status (vigil_context_error says why).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib_priv.h"
#include "vigil_records.h"
#include "vigil_spec.h"
#include "vigil_xrec.h"

static void reply_words(struct vigil_context *ctx, struct vigil_vtest_reply *ret, uint32_t len,
			uint32_t id, const uint32_t *v, size_t nv)
{
	uint32_t buf[4] = { len, id, 0, 0 };

	if (nv)
		memcpy(&buf[2], v, nv * sizeof(uint32_t));
	memcpy(ctx->reply, buf, (2 + nv) * sizeof(uint32_t));
	ret->data = ctx->reply;
	ret->len = (2 + nv) * sizeof(uint32_t);
}

/* GET_CAPS (set 1, reply id 1, always 308 bytes: Mesa reads exactly that) and GET_CAPS2 (set 2,
 * reply id 2, at most 1376 bytes: Mesa copies what is there over its defaults). */
static vigil_status reply_caps(struct vigil_context *ctx, struct vigil_vtest_reply *ret, uint32_t set)
{
	size_t cap = set == 1 ? LIB_CAPS_V1_BYTES : LIB_CAPS_V2_BYTES;
	size_t len = 0;
	uint32_t hdr[2];
	vigil_status s;

	memset(ctx->reply, 0, sizeof(ctx->reply)); /* R8: padding is zeros, never stale bytes */
	s = lib_caps(ctx->r, set, ctx->reply + 8, cap, &len);
	if (s != VIGIL_OK)
		return lib_fail_host(ctx, set == 1 ? VIGIL_VCMD_GET_CAPS : VIGIL_VCMD_GET_CAPS2, s, "caps");
	if (set == 1 || len > cap)
		len = cap; /* zero-padded short v1 blob, or the core's blob cut to the v2 size */
	hdr[0] = (uint32_t)len + 1u;
	hdr[1] = set;
	memcpy(ctx->reply, hdr, sizeof(hdr));
	ret->data = ctx->reply;
	ret->len = 8u + len;
	return VIGIL_OK;
}

static vigil_status create_renderer(struct vigil_context *ctx)
{
	const struct vigil_rec_create_renderer *r;
	const char *name;
	size_t size = 0;

	r = lib_find_rec(ctx, VIGIL_REC_VTEST_CREATE_RENDERER, sizeof(*r), &size);
	if (!r || r->name.len == 0 || r->name.off > size || r->name.len > size - r->name.off)
		return lib_fail_host(ctx, VIGIL_VCMD_CREATE_RENDERER, VIGIL_E_STATE, "internal: no record");
	name = (const char *)r + r->name.off;
	if (name[r->name.len - 1] != 0) /* the validator's rule guarantees it; cheap re-check */
		return lib_fail_host(ctx, VIGIL_VCMD_CREATE_RENDERER, VIGIL_E_STATE, "internal: name");
	return lib_create_core(ctx, name, r->name.len);
}

static vigil_status busy_wait(struct vigil_context *ctx, struct vigil_vtest_reply *ret)
{
	const struct vigil_rec_resource_busy_wait *r;
	uint32_t busy = 0;
	bool b = false;
	vigil_status s;

	r = lib_find_rec(ctx, VIGIL_REC_VTEST_RESOURCE_BUSY_WAIT, sizeof(*r), NULL);
	if (!r)
		return lib_fail_host(ctx, VIGIL_VCMD_RESOURCE_BUSY_WAIT, VIGIL_E_STATE, "internal: no record");
	if (ctx->core) { /* Mesa's probe comes before any renderer context: nothing is busy then */
		s = LIB_CORE(ctx, busy, (r->flags & 1u) ? UINT64_MAX : 0, &b);
		if (s != VIGIL_OK)
			return lib_fail_host(ctx, VIGIL_VCMD_RESOURCE_BUSY_WAIT, s, "busy query failed");
		busy = b ? 1u : 0u;
	}
	reply_words(ctx, ret, 1, VIGIL_VCMD_RESOURCE_BUSY_WAIT, &busy, 1);
	return VIGIL_OK;
}

/* RESOURCE_CREATE2: the core creates the resource, then (data_size > 0) a new memfd is created,
 * attached, and its fd goes back to the client (PROTOCOL.md 1.6). */
static vigil_status resource_create2(struct vigil_context *ctx, struct vigil_vtest_reply *ret)
{
	static const struct vigil_backing memfd = { .kind = VIGIL_BACKING_NEW_MEMFD, .fd = -1 };
	const struct vigil_rec_resource_create2 *r;
	const struct vigil_xrec_resource *x;

	r = lib_find_rec(ctx, VIGIL_REC_VTEST_RESOURCE_CREATE2, sizeof(*r), NULL);
	x = lib_find_rec(ctx, VIGIL_XREC_RESOURCE_HANDLE, sizeof(*x), NULL);
	if (!r || !x)
		return lib_fail_host(ctx, VIGIL_VCMD_RESOURCE_CREATE2, VIGIL_E_STATE, "internal: no record");
	if (r->data_size == 0)
		return VIGIL_OK;
	return lib_attach(ctx, x->guest_id, x->handle.v, &memfd, r->data_size, &ret->fd);
}

/* TRANSFER_PUT / TRANSFER_GET (protocol 0): the data travels in the stream, not in shared
 * memory; the validator checked the box, the strides and data_size against each other. */
static vigil_status inline_transfer(struct vigil_context *ctx, uint32_t id, const void *extra,
				    size_t extra_bytes, struct vigil_vtest_reply *ret)
{
	bool put = id == VIGIL_VCMD_TRANSFER_PUT;
	uint16_t type = put ? VIGIL_REC_VTEST_TRANSFER_PUT : VIGIL_REC_VTEST_TRANSFER_GET;
	const struct vigil_rec_transfer_put *r = lib_find_rec(ctx, type, sizeof(*r), NULL);
	struct vigil_box b;
	void *data;
	vigil_status s;

	/* TRANSFER_GET's record has the same layout (both are generated from the same fields). */
	_Static_assert(sizeof(struct vigil_rec_transfer_put) == sizeof(struct vigil_rec_transfer_get),
		       "protocol-0 transfer records differ");
	if (!r || !ctx->core)
		return lib_fail_host(ctx, id, VIGIL_E_STATE, "internal: no transfer record");
	b = (struct vigil_box){ r->x, r->y, r->z, r->w, r->h, r->d };
	if (put && extra_bytes != r->data_size)
		return lib_fail_host(ctx, id, VIGIL_E_BACKING, "internal: inline data size");
	if (r->data_size > ctx->bulk_cap) {
		uint8_t *p = realloc(ctx->bulk, r->data_size);

		if (!p)
			return VIGIL_E_EXHAUSTED;
		ctx->bulk = p;
		ctx->bulk_cap = r->data_size;
	}
	data = ctx->bulk;
	if (put && r->data_size)
		memcpy(data, extra, r->data_size); /* the core gets a buffer it may use as it likes */
	s = LIB_CORE(ctx, transfer_inline, r->handle.v, r->level, &b, r->stride, r->layer_stride,
				       data, r->data_size, put);
	if (s != VIGIL_OK)
		return lib_fail_host(ctx, id, s, put ? "the core failed TRANSFER_PUT" : "the core failed TRANSFER_GET");
	if (!put) {
		ret->data = ctx->bulk;
		ret->len = r->data_size;
	}
	return VIGIL_OK;
}

vigil_status vigil_vtest_extra(struct vigil_context *ctx, uint32_t id, const void *payload,
			       size_t bytes, size_t *ret_extra)
{
	vigil_status s;

	if (!ctx || !ret_extra || (!payload && bytes))
		return VIGIL_E_RESERVED;
	*ret_extra = 0;
	s = lib_usable(ctx);
	if (s != VIGIL_OK)
		return s;
	s = vigil_vtest_extra_bytes(ctx->val, id, payload, bytes, ret_extra);
	return s == VIGIL_OK ? s : lib_fail_guest(ctx, id);
}

vigil_status vigil_vtest_header(struct vigil_context *ctx, uint32_t len, uint32_t id, size_t *ret_bytes)
{
	vigil_status s;

	if (!ctx || !ret_bytes)
		return VIGIL_E_RESERVED;
	*ret_bytes = 0;
	s = lib_usable(ctx);
	if (s != VIGIL_OK)
		return s;
	s = vigil_vtest_frame(ctx->val, len, id, ret_bytes);
	return s == VIGIL_OK ? s : lib_fail_guest(ctx, id);
}

static vigil_status act(struct vigil_context *ctx, uint32_t id, const void *extra, size_t extra_bytes,
			struct vigil_vtest_reply *ret);

vigil_status vigil_vtest_message(struct vigil_context *ctx, uint32_t len, uint32_t id,
				 const void *payload, size_t bytes, const void *extra,
				 size_t extra_bytes, struct vigil_vtest_reply *ret)
{
	bool execute = id == VIGIL_VCMD_RESOURCE_CREATE2 || id == VIGIL_VCMD_RESOURCE_CREATE ||
		       id == VIGIL_VCMD_RESOURCE_UNREF ||
		       id == VIGIL_VCMD_TRANSFER_GET2 || id == VIGIL_VCMD_TRANSFER_PUT2 ||
		       id == VIGIL_VCMD_SUBMIT_CMD;
	vigil_status s;

	if (!ctx || !ret || (!payload && bytes) || (!extra && extra_bytes))
		return VIGIL_E_RESERVED;
	ret->data = NULL;
	ret->len = 0;
	ret->fd = -1;
	s = lib_run_extra(ctx, id, len, payload, bytes, extra, extra_bytes, execute);
	if (s == VIGIL_OK)
		s = act(ctx, id, extra, extra_bytes, ret);
	/* A reply tells the client that everything before it is done, as when every buffer ran
	 * synchronously (shared memory moved, failures reported): the pipelined buffers are waited
	 * for first (no trip when none is outstanding). Messages without a reply do not wait, and
	 * neither does RESOURCE_CREATE2: its reply is the gate's own memfd, which moves nothing, so
	 * it goes out once the creation and the backing are queued (a split renderer's core may
	 * still refuse them: vigil.h, "Deferred host failures"). Its client's next message that
	 * waits (every frame's RESOURCE_BUSY_WAIT) then finds the core busy still, and the whole
	 * frame costs one trip to the core instead of two. */
	if (s == VIGIL_OK && (ret->len || ret->fd >= 0) && id != VIGIL_VCMD_RESOURCE_CREATE2)
		s = lib_sync(ctx, id);
	if (s != VIGIL_OK && ret->fd >= 0) {
		close(ret->fd);
		ret->fd = -1;
	}
	if (s != VIGIL_OK) {
		ret->data = NULL;
		ret->len = 0;
	}
	return s;
}

static vigil_status act(struct vigil_context *ctx, uint32_t id, const void *extra, size_t extra_bytes,
			struct vigil_vtest_reply *ret)
{
	uint32_t v;

	switch (id) {
	case VIGIL_VCMD_CREATE_RENDERER:
		return create_renderer(ctx);
	case VIGIL_VCMD_PING_PROTOCOL_VERSION:
		reply_words(ctx, ret, 0, VIGIL_VCMD_PING_PROTOCOL_VERSION, NULL, 0);
		return VIGIL_OK;
	case VIGIL_VCMD_PROTOCOL_VERSION:
		v = vigil_val_protocol(ctx->val);
		reply_words(ctx, ret, 1, VIGIL_VCMD_PROTOCOL_VERSION, &v, 1);
		return VIGIL_OK;
	case VIGIL_VCMD_GET_CAPS:
		return reply_caps(ctx, ret, 1);
	case VIGIL_VCMD_GET_CAPS2:
		return reply_caps(ctx, ret, 2);
	case VIGIL_VCMD_RESOURCE_BUSY_WAIT:
		return busy_wait(ctx, ret);
	case VIGIL_VCMD_RESOURCE_CREATE2:
		return resource_create2(ctx, ret);
	case VIGIL_VCMD_TRANSFER_PUT:
	case VIGIL_VCMD_TRANSFER_GET:
		return inline_transfer(ctx, id, extra, extra_bytes, ret);
	case VIGIL_VCMD_RESOURCE_CREATE: /* protocol 0: no shared memory, no reply */
	case VIGIL_VCMD_RESOURCE_UNREF:
	case VIGIL_VCMD_TRANSFER_GET2:
	case VIGIL_VCMD_TRANSFER_PUT2:
	case VIGIL_VCMD_SUBMIT_CMD:
		return VIGIL_OK;
	default:
		return lib_fail_host(ctx, id, VIGIL_E_UNSUPPORTED,
				     "message accepted by the validator but not implemented");
	}
}
