/*
 * exec.c: vigil_core_execute: walks a validator record buffer and dispatches each record.
 *
 * Input: a record buffer from the gate (validator output), treated as untrusted: every header
 * size is checked (>= 8, a multiple of 8, inside the buffer), every record body must be at least
 * the size of its struct (copied out with memcpy, no aligned access into the buffer), and
 * handles are resolved in the core's own tables. The first failing record stops the buffer and
 * its status is returned; the records before it have taken effect.
 *
 * Executed here: resource creation (RESOURCE_CREATE / RESOURCE_CREATE2 + the synthesized
 * RESOURCE_HANDLE), RESOURCE_UNREF, TRANSFER_PUT2 / TRANSFER_GET2 / TRANSFER3D, the three
 * sub-context records, CREATE_OBJECT(SURFACE), DESTROY_OBJECT and OBJECT_RELEASED for surfaces,
 * SET_FRAMEBUFFER_STATE, CLEAR, CLEAR_TEXTURE, BLIT and RESOURCE_COPY_REGION. Every other
 * record goes to the pipeline (core/pipeline/: state objects, shaders, state, queries); what
 * neither executes (the vtest transport's own messages, features the caps do not advertise)
 * is counted per type in ctx->counted (vigil_core_ctx_skipped) and answered with VIGIL_OK. The
 * caps never advertise a feature whose commands are only counted.
 */
#include <string.h>

#include "core_priv.h"
#include "vigil_records.h"
#include "vigil_xrec.h" /* synthesized records: their one definition */

#define CORE_OBJ_SURFACE 8u

#define BODY(type, var)                                 \
	type var;                                       \
	if (blen < sizeof(var))                         \
		return VIGIL_E_STATE;                   \
	memcpy(&var, body, sizeof(var))

static vigil_status pending_create(struct vigil_core_ctx *ctx, uint16_t type, const uint8_t *body,
				   size_t blen)
{
	if (type == VIGIL_REC_VTEST_RESOURCE_CREATE2) {
		BODY(struct vigil_rec_resource_create2, r);
		ctx->pending.guest_id = r.handle;
		ctx->pending.args = (struct vigil_res_args){ r.target, r.format, r.bind, r.width,
			r.height, r.depth, r.array_size, r.last_level, r.nr_samples, r.data_size };
	} else {
		BODY(struct vigil_rec_resource_create, r);
		ctx->pending.guest_id = r.handle;
		ctx->pending.args = (struct vigil_res_args){ r.target, r.format, r.bind, r.width,
			r.height, r.depth, r.array_size, r.last_level, r.nr_samples, 0 };
	}
	ctx->pending.active = true;
	return VIGIL_OK;
}

static vigil_status resource_handle(struct vigil_core_ctx *ctx, const uint8_t *body, size_t blen)
{
	BODY(struct vigil_xrec_resource, x);
	if (!ctx->pending.active || ctx->pending.guest_id != x.guest_id)
		return VIGIL_E_STATE;
	ctx->pending.active = false;
	return core_res_create(ctx, x.guest_id, x.handle.v, &ctx->pending.args);
}

static vigil_status resource_unref(struct vigil_core_ctx *ctx, const uint8_t *body, size_t blen)
{
	struct core_res *r;
	BODY(struct vigil_xrec_resource, x);

	r = core_res_get(ctx, x.handle.v);
	if (!r || !r->guest_ref)
		return VIGIL_E_UNKNOWN_HANDLE;
	r->guest_ref = false;
	core_res_unref(ctx, r);
	return VIGIL_OK;
}

static vigil_status transfer2(struct vigil_core_ctx *ctx, const uint8_t *body, size_t blen, bool put)
{
	BODY(struct vigil_rec_transfer_get2, r); /* PUT2 has the same layout (validator asserts it) */
	struct vigil_box b = { r.x, r.y, r.z, r.w, r.h, r.d };
	_Static_assert(sizeof(struct vigil_rec_transfer_get2) == sizeof(struct vigil_rec_transfer_put2) &&
		       offsetof(struct vigil_rec_transfer_get2, offset) ==
		       offsetof(struct vigil_rec_transfer_put2, offset), "GET2 and PUT2 share one layout");

	return core_transfer(ctx, r.handle.v, r.level, &b, 0, 0, r.offset, put);
}

static vigil_status transfer3d(struct vigil_core_ctx *ctx, const uint8_t *body, size_t blen)
{
	BODY(struct vigil_rec_transfer3d, r);
	struct vigil_box b = { r.x, r.y, r.z, r.w, r.h, r.d };

	if (r.direction != 1u && r.direction != 2u)
		return VIGIL_E_STATE;
	return core_transfer(ctx, r.res.v, r.level, &b, r.stride, r.layer_stride, r.data_offset,
			     r.direction == 1u);
}

static vigil_status object_gone(struct vigil_core_ctx *ctx, uint16_t type, uint16_t objtype,
				const uint8_t *body, size_t blen)
{
	uint32_t h;

	if (type == VIGIL_XREC_OBJECT_RELEASED) {
		BODY(struct vigil_xrec_object, x);
		objtype = (uint16_t)x.objtype;
		h = x.handle;
	} else {
		BODY(struct vigil_rec_destroy_object, r);
		h = r.handle.v;
	}
	if (objtype != CORE_OBJ_SURFACE) {
		bool handled;
		vigil_status s = core_pipe_exec(ctx, type, objtype, body, blen, &handled);
		if (!handled)
			ctx->counted[type & 0xffu]++;
		return s;
	}
	return core_surface_release(ctx, h);
}

static vigil_status sub_ctx(struct vigil_core_ctx *ctx, uint16_t type, const uint8_t *body, size_t blen)
{
	BODY(struct vigil_rec_set_sub_ctx, r);
	_Static_assert(sizeof(struct vigil_rec_set_sub_ctx) == sizeof(struct vigil_rec_create_sub_ctx) &&
		       sizeof(struct vigil_rec_set_sub_ctx) == sizeof(struct vigil_rec_destroy_sub_ctx),
		       "sub-context records share one layout");

	if (type == VIGIL_REC_CREATE_SUB_CTX)
		return core_sub_create(ctx, r.sub_ctx_id);
	if (type == VIGIL_REC_SET_SUB_CTX)
		return core_sub_set(ctx, r.sub_ctx_id);
	return core_sub_destroy(ctx, r.sub_ctx_id);
}

/* Records whose struct is read by a handler taking a `const void *`: size checked here. */
static vigil_status with_body(vigil_status (*fn)(struct vigil_core_ctx *, const void *),
			      struct vigil_core_ctx *ctx, const uint8_t *body, size_t blen, size_t need)
{
	uint64_t buf[64];

	if (blen < need || need > sizeof(buf))
		return VIGIL_E_STATE;
	memcpy(buf, body, need); /* aligned private copy */
	return fn(ctx, buf);
}

static vigil_status exec_one(struct vigil_core_ctx *ctx, uint16_t type, uint16_t objtype,
			     const uint8_t *body, size_t blen)
{
	if (ctx->pending.active && type != VIGIL_XREC_RESOURCE_HANDLE)
		return VIGIL_E_STATE; /* a create must be followed by its handle */
	switch (type) {
	case VIGIL_REC_VTEST_RESOURCE_CREATE2:
	case VIGIL_REC_VTEST_RESOURCE_CREATE:
		return pending_create(ctx, type, body, blen);
	case VIGIL_XREC_RESOURCE_HANDLE:
		return resource_handle(ctx, body, blen);
	case VIGIL_XREC_RESOURCE_UNREF:
		return resource_unref(ctx, body, blen);
	case VIGIL_REC_VTEST_RESOURCE_UNREF:
		return VIGIL_OK; /* the RESOURCE_UNREF record that follows (if any) does the work */
	case VIGIL_REC_VTEST_TRANSFER_PUT2:
		return transfer2(ctx, body, blen, true);
	case VIGIL_REC_VTEST_TRANSFER_GET2:
		return transfer2(ctx, body, blen, false);
	case VIGIL_REC_TRANSFER3D:
		return transfer3d(ctx, body, blen);
	case VIGIL_REC_CREATE_SUB_CTX:
	case VIGIL_REC_SET_SUB_CTX:
	case VIGIL_REC_DESTROY_SUB_CTX:
		return sub_ctx(ctx, type, body, blen);
	case VIGIL_REC_CREATE_SURFACE:
		return with_body(core_surface_create, ctx, body, blen, sizeof(struct vigil_rec_create_surface));
	case VIGIL_REC_DESTROY_OBJECT:
	case VIGIL_XREC_OBJECT_RELEASED:
		return object_gone(ctx, type, objtype, body, blen);
	case VIGIL_REC_SET_FRAMEBUFFER_STATE:
		return with_body(core_set_framebuffer, ctx, body, blen, sizeof(struct vigil_rec_set_framebuffer_state));
	case VIGIL_REC_CLEAR:
		return with_body(core_clear, ctx, body, blen, sizeof(struct vigil_rec_clear));
	case VIGIL_REC_CLEAR_TEXTURE:
		return with_body(core_clear_texture, ctx, body, blen, sizeof(struct vigil_rec_clear_texture));
	case VIGIL_REC_BLIT:
		return with_body(core_blit, ctx, body, blen, sizeof(struct vigil_rec_blit));
	case VIGIL_REC_RESOURCE_COPY_REGION:
		return with_body(core_copy_region, ctx, body, blen, sizeof(struct vigil_rec_resource_copy_region));
	default: {
		bool handled;
		vigil_status s = core_pipe_exec(ctx, type, objtype, body, blen, &handled);
		if (!handled)
			ctx->counted[type & 0xffu]++;
		return s;
	}
	}
}

vigil_status vigil_core_execute(struct vigil_core_ctx *ctx, const void *records, size_t len)
{
	const uint8_t *p = records;
	size_t pos = 0;

	if (!core_make_current(ctx))
		return VIGIL_E_STATE;
	while (len - pos >= sizeof(struct vigil_rec_hdr)) {
		struct vigil_rec_hdr h;
		vigil_status s;

		memcpy(&h, p + pos, sizeof(h));
		if (h.size < sizeof(h) || (h.size & 7u) || h.size > len - pos)
			return VIGIL_E_STATE;
		s = exec_one(ctx, h.type, h.objtype, p + pos + sizeof(h), h.size - sizeof(h));
		if (s != VIGIL_OK)
			return s;
		pos += h.size;
	}
	if (pos && pos == len) {
		/* Busy tracking (vigil_core_busy): one fence after the newest executed buffer. */
		if (ctx->last_sync)
			glDeleteSync(ctx->last_sync);
		ctx->last_sync = glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
	}
	return pos == len ? VIGIL_OK : VIGIL_E_STATE;
}

uint64_t vigil_core_ctx_skipped(const struct vigil_core_ctx *ctx, uint32_t rec_type)
{
	return rec_type < 256u ? ctx->counted[rec_type] : 0u;
}
