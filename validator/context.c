/*
 * context.c: a validation context (one per guest renderer context) and the SUBMIT_CMD loop.
 *
 * Input: virgl command buffers from a guest (hostile), already copied into private memory.
 * The context owns the shadow state validation needs: sub-contexts with their object tables,
 * the resource table, the pending shader chunks. Guarantees: each command is framed by its
 * header length and validated by the generated program of its id; the first violation poisons
 * the context (or, in the tools' keep_going mode, is reported and skipped); an object is
 * inserted only after its whole command passed; references an object holds on a resource are
 * released exactly once, whether the object is destroyed, replaced, or its sub-context or the
 * context goes away.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

static void free_res_desc(void *data)
{
	free(data);
}

uint32_t vigil_val_all_features(void)
{
	uint32_t all = 0;

	for (unsigned i = 0; i < VIGIL_VIRGL_CMD_COUNT; i++)
		all |= vigil_virgl_cmds[i].requires;
	for (unsigned i = 0; i < VIGIL_OBJECT_COUNT; i++)
		all |= vigil_objects[i].requires;
	return all;
}

struct vigil_val_ctx *vigil_val_create(const struct vigil_val_config *cfg)
{
	struct vigil_val_ctx *ctx = calloc(1, sizeof(*ctx));

	if (!ctx)
		return NULL;
	if (cfg)
		ctx->cfg = *cfg;
	ctx->nsubs = 4;
	ctx->subs = calloc(ctx->nsubs, sizeof(*ctx->subs));
	if (!ctx->subs || vigil_ht_init(&ctx->resources, VIGIL_LIMIT_MAX_RESOURCES, free_res_desc) != VIGIL_OK)
		goto fail;
	if (vigil_ht_init(&ctx->subs[0].objects, VIGIL_LIMIT_MAX_OBJECTS, NULL) != VIGIL_OK)
		goto fail;
	ctx->subs[0].live = true;
	ctx->subs[0].id = 0;
	return ctx;
fail:
	vigil_val_destroy(ctx);
	return NULL;
}

void vigil_val_destroy(struct vigil_val_ctx *ctx)
{
	if (!ctx)
		return;
	if (ctx->subs) {
		for (unsigned i = 0; i < ctx->nsubs; i++) {
			if (!ctx->subs[i].live)
				continue;
			vigil_subctx_clear(ctx, &ctx->subs[i], NULL);
			vigil_ht_fini(&ctx->subs[i].objects);
		}
		free(ctx->subs);
	}
	vigil_ht_fini(&ctx->resources);
	free(ctx);
}

bool vigil_val_poisoned(const struct vigil_val_ctx *ctx)
{
	return ctx->poisoned;
}

const struct vigil_val_error *vigil_val_last_error(const struct vigil_val_ctx *ctx)
{
	return &ctx->err;
}

uint32_t vigil_val_protocol(const struct vigil_val_ctx *ctx)
{
	return ctx->protocol;
}

const struct vigil_res_desc *vigil_res_live(struct vigil_val_ctx *ctx, uint32_t handle)
{
	const struct vigil_ht_slot *s = vigil_ht_get(&ctx->resources, handle);

	if (!s)
		abort(); /* broken invariant: the engine resolved this handle for the current command */
	return vigil_ht_slot_data(s);
}

const struct vigil_ht_slot *vigil_object_live(struct vigil_subctx *sub, uint32_t handle)
{
	const struct vigil_ht_slot *s = vigil_ht_get(&sub->objects, handle);

	if (!s)
		abort(); /* broken invariant, as above */
	return s;
}

vigil_status vigil_subctx_find(struct vigil_val_ctx *ctx, uint32_t id, uint32_t *ret_index)
{
	for (uint32_t i = 0; i < ctx->nsubs; i++) {
		if (ctx->subs[i].live && ctx->subs[i].id == id) {
			*ret_index = i;
			return VIGIL_OK;
		}
	}
	return VIGIL_E_UNKNOWN_HANDLE;
}

vigil_status vigil_subctx_alloc(struct vigil_val_ctx *ctx, uint32_t *ret_index)
{
	struct vigil_subctx *n;
	uint32_t cap;

	for (uint32_t i = 1; i < ctx->nsubs; i++) {
		if (!ctx->subs[i].live) {
			*ret_index = i;
			return VIGIL_OK;
		}
	}
	if (ctx->nsubs >= VIGIL_LIMIT_MAX_SUB_CTX)
		return VIGIL_E_EXHAUSTED;
	cap = ctx->nsubs * 2 < VIGIL_LIMIT_MAX_SUB_CTX ? ctx->nsubs * 2 : VIGIL_LIMIT_MAX_SUB_CTX;
	n = realloc(ctx->subs, (size_t)cap * sizeof(*n));
	if (!n)
		return VIGIL_E_EXHAUSTED;
	memset(n + ctx->nsubs, 0, (size_t)(cap - ctx->nsubs) * sizeof(*n));
	*ret_index = ctx->nsubs;
	ctx->subs = n;
	ctx->nsubs = cap;
	return VIGIL_OK;
}

/* Drop an object's reference on its resource (objects other than shaders keep it in aux). */
static void release_refs(struct vigil_val_ctx *ctx, uint32_t kind, uint32_t aux)
{
	if (kind != VIGIL_OBJ_SHADER && aux)
		vigil_ht_unref(&ctx->resources, aux);
}

void vigil_object_release(struct vigil_val_ctx *ctx, struct vigil_subctx *sub, uint32_t guest_id,
			  struct vigil_exec *ex)
{
	uint32_t h;
	const struct vigil_ht_slot *s;
	uint32_t kind, aux;

	if (vigil_ht_lookup(&sub->objects, guest_id, VIGIL_HT_ANY_KIND, &h) != VIGIL_OK)
		return; /* no such id: nothing to replace */
	s = vigil_object_live(sub, h);
	kind = vigil_ht_slot_kind(s);
	aux = vigil_ht_slot_aux(s);
	(void)vigil_ht_unmap(&sub->objects, guest_id, &h); /* mapped: looked up just above */
	release_refs(ctx, kind, aux);
	if (ex) {
		struct vigil_xrec_object x = { .objtype = kind, .handle = h };
		(void)vigil_exec_post(ex, VIGIL_XREC_OBJECT_RELEASED, (uint16_t)kind, &x);
	}
}

static void clear_one(void *user, uint32_t guest_id, const struct vigil_ht_slot *s)
{
	struct vigil_val_ctx *ctx = user;

	(void)guest_id;
	release_refs(ctx, vigil_ht_slot_kind(s), vigil_ht_slot_aux(s));
}

void vigil_subctx_clear(struct vigil_val_ctx *ctx, struct vigil_subctx *sub, struct vigil_recbuf *out)
{
	(void)out;
	vigil_ht_foreach(&sub->objects, clear_one, ctx);
	vigil_ht_fini(&sub->objects);
	free(sub->pending.text);
	free(sub->pending.rec);
	memset(&sub->pending, 0, sizeof(sub->pending));
	(void)vigil_ht_init(&sub->objects, VIGIL_LIMIT_MAX_OBJECTS, NULL);
}

/* Insert the object a CREATE_OBJECT described, replacing an existing one with the same id. */
static vigil_status insert_object(struct vigil_exec *ex)
{
	struct vigil_val_ctx *ctx = ex->ctx;
	struct vigil_subctx *sub = vigil_cur_sub(ctx);
	uint32_t kind = ex->objtype, aux, h;
	vigil_status s;

	vigil_object_release(ctx, sub, ex->new_guest_id, ex);
	aux = kind == VIGIL_OBJ_SHADER ? ex->new_aux : ex->first_res;
	if (kind != VIGIL_OBJ_SHADER && aux && vigil_ht_ref(&ctx->resources, aux) != VIGIL_OK)
		return VIGIL_E_STATE;
	s = vigil_ht_insert(&sub->objects, ex->new_guest_id, (uint8_t)kind, aux, NULL, &h);
	if (s != VIGIL_OK) {
		release_refs(ctx, kind, aux);
		return s;
	}
	memcpy((uint8_t *)vigil_exec_rec(ex) + ex->new_rec_off, &h, sizeof(h));
	return VIGIL_OK;
}

static vigil_status gate_desc(const struct vigil_val_ctx *ctx, const struct vigil_cmd_desc *d)
{
	if (!(d->flags & VIGIL_CMD_DEFINED))
		return VIGIL_E_UNKNOWN_CMD;
	if (d->flags & VIGIL_CMD_UNSUPPORTED)
		return VIGIL_E_UNSUPPORTED;
	if (d->requires & ~ctx->cfg.features)
		return VIGIL_E_UNSUPPORTED;
	return VIGIL_OK;
}

static vigil_status select_desc(const struct vigil_val_ctx *ctx, uint32_t id, uint32_t objtype,
				const struct vigil_cmd_desc **ret)
{
	const struct vigil_cmd_desc *d;
	vigil_status s;

	if (id >= VIGIL_VIRGL_CMD_COUNT)
		return VIGIL_E_UNKNOWN_CMD;
	d = &vigil_virgl_cmds[id];
	s = gate_desc(ctx, d);
	if (s != VIGIL_OK)
		return s;
	if (!d->objtype_mask) {
		if (objtype)
			return VIGIL_E_RESERVED;
	} else if (objtype >= 32 || !((d->objtype_mask >> objtype) & 1u)) {
		return VIGIL_E_ENUM;
	}
	if (d->flags & VIGIL_CMD_DISPATCH_OBJECT) {
		d = &vigil_objects[objtype];
		s = gate_desc(ctx, d);
		if (s != VIGIL_OK)
			return s;
	}
	*ret = d;
	return VIGIL_OK;
}

vigil_status vigil_exec_command(struct vigil_val_ctx *ctx, const struct vigil_cmd_desc *d,
				struct vigil_exec *ex, struct vigil_reader *rd, struct vigil_recbuf *out)
{
	size_t start = out->len;
	size_t hdr_sz = sizeof(struct vigil_rec_hdr);
	struct vigil_rec_hdr h;
	vigil_status s;
	size_t size;

	if (!vigil_recbuf_reserve(out, hdr_sz + d->rec_size + vigil_rd_left(rd) + 16u))
		return VIGIL_E_EXHAUSTED;
	ex->ctx = ctx;
	ex->desc = d;
	ex->out = out;
	ex->rec_pos = start + hdr_sz;
	ex->has_new = false;
	ex->new_aux = 0;
	ex->first_res = 0;
	ex->detail = NULL;
	ex->fail_value = 0;
	ex->nposts = 0;
	memset(ex->slots, 0, sizeof(ex->slots[0]) * (d->nslots < VIGIL_MAX_SLOTS ? d->nslots : VIGIL_MAX_SLOTS));
	memset(out->buf + start, 0, hdr_sz + d->rec_size);
	out->len = ex->rec_pos + d->rec_size;

	s = vigil_engine_run(ex, rd);
	if (s == VIGIL_OK && ex->has_new)
		s = insert_object(ex);
	if (s != VIGIL_OK) {
		/* a dropped record leaves no guest bytes behind (e.g. a shader chunk's text) */
		memset(out->buf + start, 0, out->len - start);
		out->len = start;
		return (int)s == VIGIL_RULE_DROP ? VIGIL_OK : s;
	}
	size = (out->len - start + 7u) & ~(size_t)7u;
	if (!vigil_recbuf_reserve(out, size - (out->len - start))) {
		out->len = start;
		return VIGIL_E_EXHAUSTED;
	}
	memset(out->buf + out->len, 0, size - (out->len - start));
	h.type = d->rec_type;
	h.objtype = (uint16_t)ex->objtype;
	h.size = (uint32_t)size;
	memcpy(out->buf + start, &h, sizeof(h));
	out->len = start + size;
	for (unsigned i = 0; i < ex->nposts; i++) {
		s = vigil_recbuf_emit(out, ex->posts[i].type, ex->posts[i].objtype, ex->posts[i].body,
				      sizeof(ex->posts[i].body));
		if (s != VIGIL_OK) {
			out->len = start;
			return s;
		}
	}
	return VIGIL_OK;
}

void vigil_val_set_error(struct vigil_val_ctx *ctx, const struct vigil_exec *ex, vigil_status s,
			 uint32_t is_vtest, uint32_t id, uint32_t objtype, uint32_t offset)
{
	ctx->err.status = s;
	ctx->err.is_vtest = is_vtest;
	ctx->err.cmd_id = id;
	ctx->err.objtype = objtype;
	ctx->err.offset = offset;
	ctx->err.field = ex ? ex->fail_name : VIGIL_NO_NAME;
	ctx->err.value = ex ? ex->fail_value : id; /* no field: the offending id */
	ctx->err.detail = ex ? ex->detail : NULL;
	if (!ctx->cfg.keep_going) /* callers never pass POISONED: a poisoned context returns early */
		ctx->poisoned = true;
}

static vigil_status submit_one(struct vigil_val_ctx *ctx, uint32_t hdr, struct vigil_reader *cmd,
			       uint32_t offset, struct vigil_recbuf *out, const uint32_t *raw)
{
	uint32_t id = hdr & 0xffu, objtype = (hdr >> 8) & 0xffu, len = hdr >> 16;
	const struct vigil_cmd_desc *d = NULL;
	VIGIL_NOINIT struct vigil_exec ex;
	size_t start = out->len;
	vigil_status s;

	ex.fail_name = VIGIL_NO_NAME;
	ex.fail_value = id;
	ex.detail = NULL;
	ex.cmd_id = id;
	ex.objtype = objtype;
	ex.len = len;
	ex.is_vtest = false;
	ex.len_expr = VIGIL_NO_EXPR;
	ex.extra = NULL;
	ex.extra_bytes = 0;
	ex.last_object_id = 0;
	ex.nrules = 0;
	s = select_desc(ctx, id, objtype, &d);
	if (s == VIGIL_OK)
		s = vigil_exec_command(ctx, d, &ex, cmd, out);
	if (s != VIGIL_OK)
		vigil_val_set_error(ctx, &ex, s, 0, id, objtype, offset);
	if (ctx->cfg.observe) {
		struct vigil_cmd_event ev = {
			.offset = offset, .cmd_id = id, .objtype = objtype, .len = len, .status = s,
			.error = s != VIGIL_OK ? &ctx->err : NULL,
			.rec = s == VIGIL_OK && out->len > start ? out->buf + start : NULL,
			.raw = raw,
		};
		ctx->cfg.observe(ctx->cfg.observe_user, &ev);
	}
	return s;
}

vigil_status vigil_val_submit(struct vigil_val_ctx *ctx, const void *buf, size_t bytes,
			      struct vigil_recbuf *out)
{
	struct vigil_reader rd;
	vigil_status s, first = VIGIL_OK;

	if (ctx->poisoned)
		return VIGIL_E_POISONED;
	if (bytes & 3u) {
		vigil_val_set_error(ctx, NULL, VIGIL_E_LENGTH, 0, 0, 0, 0);
		return VIGIL_E_LENGTH;
	}
	vigil_rd_init(&rd, buf, bytes);
	while (vigil_rd_left(&rd)) {
		uint32_t offset = (uint32_t)(vigil_rd_pos(&rd, buf) / 4u);
		uint32_t hdr = vigil_rd_u32(&rd);
		size_t n = (size_t)(hdr >> 16) * 4u;
		struct vigil_reader cmd;
		const uint32_t *raw = (const uint32_t *)(const void *)((const uint8_t *)buf + (size_t)offset * 4u + 4u);

		/* Fails exactly when the header claims more than is left: virglrenderer ignores the rest
		 * of such a buffer; vigil rejects it. */
		if (vigil_rd_sub(&rd, n, &cmd) != VIGIL_OK) {
			vigil_val_set_error(ctx, NULL, VIGIL_E_LENGTH, 0, hdr & 0xffu, (hdr >> 8) & 0xffu, offset);
			return VIGIL_E_LENGTH;
		}
		s = submit_one(ctx, hdr, &cmd, offset, out, raw);
		if (s != VIGIL_OK) {
			if (!ctx->cfg.keep_going || s == VIGIL_E_EXHAUSTED)
				return s;
			if (first == VIGIL_OK)
				first = s;
		}
	}
	return first;
}

void vigil_val_format_error(const struct vigil_val_error *e, char *buf, size_t n)
{
	const char *cmd = "?", *obj = "", *field = "";
	char objbuf[48] = "";

	if (e->is_vtest && e->cmd_id < VIGIL_VTEST_MSG_COUNT && (vigil_vtest_msgs[e->cmd_id].cmd.flags & VIGIL_CMD_DEFINED))
		cmd = vigil_names[vigil_vtest_msgs[e->cmd_id].cmd.name];
	else if (!e->is_vtest && e->cmd_id < VIGIL_VIRGL_CMD_COUNT && (vigil_virgl_cmds[e->cmd_id].flags & VIGIL_CMD_DEFINED))
		cmd = vigil_names[vigil_virgl_cmds[e->cmd_id].name];
	if (!e->is_vtest && e->objtype && e->objtype < VIGIL_OBJECT_COUNT && (vigil_objects[e->objtype].flags & VIGIL_CMD_DEFINED)) {
		snprintf(objbuf, sizeof(objbuf), "(%s)", vigil_names[vigil_objects[e->objtype].name]);
		obj = objbuf;
	}
	if (e->field != VIGIL_NO_NAME && e->field < VIGIL_NAMES_COUNT)
		field = vigil_names[e->field];
	snprintf(buf, n, "%s%s%s@%u%s%s: %s (value %u = 0x%x)%s%s", e->is_vtest ? "vtest " : "", cmd, obj,
		 e->offset, *field ? "." : "", field, vigil_status_name(e->status), e->value, e->value,
		 e->detail ? ": " : "", e->detail ? e->detail : "");
}
