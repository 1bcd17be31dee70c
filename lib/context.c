/*
 * context.c: guest contexts of the embedding API: creation (typed and vtest-driven), the one
 * validate-then-execute path (lib_run), the error model (first failure recorded, context
 * poisoned, every later call VIGIL_E_POISONED), SUBMIT_CMD, fences and busy state.
 *
 * Inputs: guest bytes (hostile) reach only vigil_val_* here, always from private memory (the
 * context's scratch copy or the transport's copy); the core sees only the validator's records.
 * Guarantees: a failing context never touches another; destroy releases every backing exactly
 * once (through the core's release_backing); fences retire in creation order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib_priv.h"
#include "vigil_records.h"
#include "vigil_spec.h"

struct vigil_context *lib_context_alloc(struct vigil_renderer *r)
{
	struct vigil_val_config vc = { 0 };
	struct vigil_context *ctx = calloc(1, sizeof(*ctx));

	if (!ctx)
		return NULL;
	ctx->r = r;
	vc.features = r->features;
	ctx->val = vigil_val_create(&vc);
	if (!ctx->val) {
		free(ctx);
		return NULL;
	}
	ctx->err.command = UINT32_MAX;
	return ctx;
}

vigil_status lib_usable(const struct vigil_context *ctx)
{
	return ctx->err.poisoned ? VIGIL_E_POISONED : VIGIL_OK;
}

vigil_status lib_fail_guest(struct vigil_context *ctx, uint32_t msg_id)
{
	const struct vigil_val_error *e = vigil_val_last_error(ctx->val);
	vigil_status s = e && e->status != VIGIL_OK ? e->status : VIGIL_E_STATE;

	/* EXHAUSTED from the validator is a guest quota (objects, sub-contexts, resources): the
	 * validator's context is poisoned by it like by any violation (its shadow state stopped
	 * mid-buffer), so the library context is too; the status stays EXHAUSTED. */
	if (!ctx->err.poisoned) {
		ctx->err.status = s;
		ctx->err.origin = VIGIL_ORIGIN_GUEST;
		ctx->err.poisoned = true;
		ctx->err.message = msg_id;
		ctx->err.command = e && !e->is_vtest ? e->cmd_id : UINT32_MAX;
		ctx->err.offset = e ? e->offset : 0;
		if (e && e->status != VIGIL_OK)
			vigil_val_format_error(e, ctx->err.text, sizeof(ctx->err.text));
		else
			(void)snprintf(ctx->err.text, sizeof(ctx->err.text), "rejected without a recorded error");
		lib_log(ctx->r, VIGIL_LOG_INFO, "context \"%s\": message %u rejected: %s", ctx->name,
			msg_id, ctx->err.text);
	}
	return s;
}

vigil_status lib_fail_host(struct vigil_context *ctx, uint32_t msg_id, vigil_status s, const char *what)
{
	char late[96];
	uint32_t failed = 0;

	if (s == VIGIL_OK)
		s = VIGIL_E_STATE;
	if (ctx->r->ops->lost(ctx->r->core)) {
		/* the split core process died (or was killed for a malformed answer): every call
		 * failed for that reason, whatever the caller was doing */
		s = VIGIL_E_STATE;
		what = "context lost: the rendering core died";
	}
	else if (ctx->core && !ctx->destroying &&
		 ctx->r->ops->deferred(ctx->r->core, ctx->core, &failed) == s) {
		/* a pipelined failure (core_if.h): recorded as that message's, like a synchronous one */
		(void)snprintf(late, sizeof(late), "pipelined, reported at message %u: the core failed "
			       "message %u", msg_id, failed);
		what = late;
		msg_id = failed;
	}
	if (!ctx->err.poisoned) {
		ctx->err.status = s;
		ctx->err.origin = VIGIL_ORIGIN_HOST;
		ctx->err.poisoned = true;
		ctx->err.message = msg_id;
		(void)snprintf(ctx->err.text, sizeof(ctx->err.text), "%s: %s", what, vigil_status_name(s));
		lib_log(ctx->r, VIGIL_LOG_ERROR, "context \"%s\": %s", ctx->name, ctx->err.text);
	}
	return s;
}

vigil_status lib_scratch(struct vigil_context *ctx, size_t n)
{
	size_t cap = ctx->scratch_cap ? ctx->scratch_cap : 4096u;
	uint8_t *p;

	if (n <= ctx->scratch_cap)
		return VIGIL_OK;
	while (cap < n)
		cap = cap > SIZE_MAX / 2 ? n : cap * 2;
	p = realloc(ctx->scratch, cap);
	if (!p)
		return VIGIL_E_EXHAUSTED;
	ctx->scratch = p;
	ctx->scratch_cap = cap;
	return VIGIL_OK;
}

const void *lib_find_rec(const struct vigil_context *ctx, uint16_t type, size_t body, size_t *ret_size)
{
	const struct vigil_recbuf *rb = &ctx->rb;
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

vigil_status lib_run(struct vigil_context *ctx, uint32_t id, uint32_t len, const void *payload,
		     size_t bytes, bool execute)
{
	return lib_run_extra(ctx, id, len, payload, bytes, NULL, 0, execute);
}

vigil_status lib_run_extra(struct vigil_context *ctx, uint32_t id, uint32_t len, const void *payload,
			   size_t bytes, const void *extra, size_t extra_bytes, bool execute)
{
	vigil_status s = lib_usable(ctx);
	char what[48];

	if (s != VIGIL_OK)
		return s;
	vigil_recbuf_reset(&ctx->rb);
	s = vigil_val_vtest(ctx->val, id, len, payload, bytes, extra, extra_bytes, &ctx->rb);
	if (s != VIGIL_OK)
		return lib_fail_guest(ctx, id);
	if (!execute || ctx->rb.len == 0)
		return VIGIL_OK;
	if (!ctx->core)
		return lib_fail_host(ctx, id, VIGIL_E_STATE, "internal: records before the renderer context");
	s = LIB_CORE(ctx, execute, ctx->rb.buf, ctx->rb.len, id);
	if (s == VIGIL_OK && (ctx->r->cfg.flags & VIGIL_RENDERER_SYNC))
		s = ctx->r->ops->wait_idle(ctx->r->core, ctx->core);
	if (s != VIGIL_OK) {
		(void)snprintf(what, sizeof(what), "the core failed message %u", id);
		return lib_fail_host(ctx, id, s, what);
	}
	return VIGIL_OK;
}

vigil_status lib_sync(struct vigil_context *ctx, uint32_t msg_id)
{
	vigil_status s;

	if (!ctx->core)
		return VIGIL_OK;
	s = ctx->r->ops->sync(ctx->r->core, ctx->core);
	return s == VIGIL_OK ? s : lib_fail_host(ctx, msg_id, s, "the core failed");
}

vigil_status lib_create_core(struct vigil_context *ctx, const char *name, size_t len)
{
	vigil_status s;

	lib_printable(name, len, ctx->name, sizeof(ctx->name));
	s = ctx->r->ops->ctx_create(ctx->r->core, ctx->name, &ctx->core);
	if (s != VIGIL_OK)
		return lib_fail_host(ctx, VIGIL_VCMD_CREATE_RENDERER, s, "creating the GL context failed");
	lib_log(ctx->r, VIGIL_LOG_DEBUG, "renderer \"%s\" created", ctx->name);
	return VIGIL_OK;
}

vigil_status vigil_vtest_context_create(struct vigil_renderer *r, struct vigil_context **ret)
{
	if (!r || !ret)
		return VIGIL_E_RESERVED;
	*ret = lib_context_alloc(r);
	return *ret ? VIGIL_OK : VIGIL_E_EXHAUSTED;
}

vigil_status vigil_context_create(struct vigil_renderer *r, const char *name, struct vigil_context **ret)
{
	struct vigil_context *ctx;
	char msg[64 + 4] = { 0 };
	size_t n = name ? strnlen(name, 63) : 0;
	uint32_t version = 2;
	vigil_status s;

	if (!r || !ret)
		return VIGIL_E_RESERVED;
	ctx = lib_context_alloc(r);
	if (!ctx)
		return VIGIL_E_EXHAUSTED;
	/* CREATE_RENDERER: len is the name's byte count with its NUL (PROTOCOL.md 1.3). */
	if (n)
		memcpy(msg, name, n);
	else
		memcpy(msg, "vigil", n = 5);
	s = lib_run(ctx, VIGIL_VCMD_CREATE_RENDERER, (uint32_t)(n + 1), msg, n + 1, false);
	if (s == VIGIL_OK)
		s = lib_create_core(ctx, msg, n + 1);
	if (s == VIGIL_OK)
		s = lib_run(ctx, VIGIL_VCMD_PROTOCOL_VERSION, 1, &version, 4, false);
	if (s != VIGIL_OK) {
		vigil_context_destroy(ctx);
		return s;
	}
	*ret = ctx;
	return VIGIL_OK;
}

void vigil_context_destroy(struct vigil_context *ctx)
{
	if (!ctx)
		return;
	ctx->destroying = true;
	for (size_t i = 0; i < ctx->nfences; i++)
		LIB_CORE(ctx, fence_destroy, ctx->fences[i].f);
	if (ctx->core)
		ctx->r->ops->ctx_destroy(ctx->r->core, ctx->core); /* releases every backing (lib_release_backing) */
	vigil_val_destroy(ctx->val);
	vigil_recbuf_free(&ctx->rb);
	free(ctx->fences);
	free(ctx->scratch);
	free(ctx->bulk);
	free(ctx);
}

void vigil_context_error(const struct vigil_context *ctx, struct vigil_error *ret)
{
	if (ret)
		*ret = ctx->err;
}

vigil_status vigil_submit(struct vigil_context *ctx, const void *cmds, size_t len)
{
	vigil_status s;

	if (!ctx || (!cmds && len))
		return VIGIL_E_RESERVED;
	if (lib_usable(ctx) != VIGIL_OK)
		return VIGIL_E_POISONED;
	if (len % 4 || len / 4 > UINT32_MAX) {
		/* the length a vtest header would carry cannot be formed: a guest error */
		return lib_fail_host(ctx, VIGIL_VCMD_SUBMIT_CMD, VIGIL_E_LENGTH,
				     "submit length not a whole number of dwords");
	}
	s = lib_scratch(ctx, len ? len : 1);
	if (s != VIGIL_OK)
		return s;
	if (len)
		memcpy(ctx->scratch, cmds, len); /* one fetch from guest-visible memory */
	s = lib_run(ctx, VIGIL_VCMD_SUBMIT_CMD, (uint32_t)(len / 4), ctx->scratch, len, true);
	/* In-stream transfers move backing memory: done when the call returns, as documented. */
	if (s == VIGIL_OK && (ctx->r->cfg.flags & VIGIL_RENDERER_ENCODED_TRANSFERS))
		s = lib_sync(ctx, VIGIL_VCMD_SUBMIT_CMD);
	return s;
}

/* ---- fences and busy ---- */

vigil_status vigil_fence_create(struct vigil_context *ctx, uint64_t fence_id)
{
	struct lib_core_fence *f;
	vigil_status s;

	if (!ctx || !ctx->core)
		return VIGIL_E_RESERVED;
	if (lib_usable(ctx) != VIGIL_OK)
		return VIGIL_E_POISONED;
	if (fence_id <= ctx->last_fence_created)
		return VIGIL_E_RANGE; /* embedder misuse: not poisoning */
	if (ctx->nfences == ctx->cap_fences) {
		size_t cap = ctx->cap_fences ? ctx->cap_fences * 2 : 8;
		struct lib_fence *p = realloc(ctx->fences, cap * sizeof(*p));

		if (!p)
			return VIGIL_E_EXHAUSTED;
		ctx->fences = p;
		ctx->cap_fences = cap;
	}
	s = LIB_CORE(ctx, fence_create, &f);
	if (s != VIGIL_OK)
		return s == VIGIL_E_EXHAUSTED ? s : lib_fail_host(ctx, 0, s, "creating a fence failed");
	ctx->fences[ctx->nfences++] = (struct lib_fence){ fence_id, f };
	ctx->last_fence_created = fence_id;
	return VIGIL_OK;
}

vigil_status vigil_fence_poll(struct vigil_context *ctx, uint64_t timeout_ns, uint64_t *ret_last)
{
	size_t done = 0;
	vigil_status s = VIGIL_OK;

	if (!ctx || !ret_last)
		return VIGIL_E_RESERVED;
	if (lib_usable(ctx) != VIGIL_OK)
		return VIGIL_E_POISONED;
	while (done < ctx->nfences) {
		bool signaled = false;

		s = LIB_CORE(ctx, fence_wait, ctx->fences[done].f, done ? 0 : timeout_ns, &signaled);
		if (s != VIGIL_OK || !signaled)
			break;
		ctx->last_fence_retired = ctx->fences[done].id;
		LIB_CORE(ctx, fence_destroy, ctx->fences[done].f);
		done++;
	}
	memmove(ctx->fences, ctx->fences + done, (ctx->nfences - done) * sizeof(*ctx->fences));
	ctx->nfences -= done;
	*ret_last = ctx->last_fence_retired;
	return s == VIGIL_OK ? VIGIL_OK : lib_fail_host(ctx, 0, s, "waiting for a fence failed");
}

vigil_status vigil_resource_busy(struct vigil_context *ctx, uint32_t res_id, uint64_t timeout_ns,
				 bool *ret_busy)
{
	uint32_t dw[2] = { res_id, timeout_ns ? 1u : 0u };
	vigil_status s;

	if (!ctx || !ret_busy)
		return VIGIL_E_RESERVED;
	*ret_busy = false;
	/* The vtest message checks the id like a guest's BUSY_WAIT (flags WAIT when waiting). */
	s = lib_run(ctx, VIGIL_VCMD_RESOURCE_BUSY_WAIT, 2, dw, sizeof(dw), false);
	if (s != VIGIL_OK)
		return s;
	s = LIB_CORE(ctx, busy, timeout_ns, ret_busy);
	return s == VIGIL_OK ? s : lib_fail_host(ctx, VIGIL_VCMD_RESOURCE_BUSY_WAIT, s, "busy query failed");
}
