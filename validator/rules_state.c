/*
 * rules_state.c: rules for sub-contexts and object lifetime (CREATE/SET/DESTROY_SUB_CTX,
 * DESTROY_OBJECT, BIND_SHADER, LINK_SHADER, LAUNCH_GRID, SEND_STRING_MARKER).
 *
 * Input: decoded records from a hostile guest. Guarantees: sub-context 0 exists from the start
 * and cannot be destroyed (CVE-2017-6210 class); re-creating a live sub-context id is a no-op
 * as in virglrenderer; switching to or destroying an unknown id is VIGIL_E_UNKNOWN_HANDLE; at
 * most VIGIL_LIMIT_MAX_SUB_CTX live sub-contexts (VIGIL_E_EXHAUSTED); destroying a sub-context
 * releases every object in it exactly once; a shader is bound only to the stage it was
 * compiled for; LAUNCH_GRID needs a compute shader bound in the current sub-context.
 */
#include "engine.h"

int vigil_rule_sub_ctx_create(struct vigil_exec *ex)
{
	const struct vigil_rec_create_sub_ctx *r = vigil_exec_rec(ex);
	struct vigil_val_ctx *ctx = ex->ctx;
	uint32_t idx;

	if (vigil_subctx_find(ctx, r->sub_ctx_id, &idx) == VIGIL_OK)
		return VIGIL_OK; /* already there (and id 0 always is): virglrenderer ignores it */
	if (vigil_subctx_alloc(ctx, &idx) != VIGIL_OK)
		return vigil_exec_fail(ex, VIGIL_E_EXHAUSTED, "too many sub-contexts");
	if (vigil_ht_init(&ctx->subs[idx].objects, VIGIL_LIMIT_MAX_OBJECTS, NULL) != VIGIL_OK)
		return VIGIL_E_EXHAUSTED;
	ctx->subs[idx].live = true;
	ctx->subs[idx].id = r->sub_ctx_id;
	return VIGIL_OK;
}

int vigil_rule_sub_ctx_set(struct vigil_exec *ex)
{
	const struct vigil_rec_set_sub_ctx *r = vigil_exec_rec(ex);
	uint32_t idx;

	if (vigil_subctx_find(ex->ctx, r->sub_ctx_id, &idx) != VIGIL_OK)
		return vigil_exec_fail(ex, VIGIL_E_UNKNOWN_HANDLE, "no such sub-context");
	ex->ctx->cur_sub = idx;
	return VIGIL_OK;
}

int vigil_rule_sub_ctx_destroy(struct vigil_exec *ex)
{
	const struct vigil_rec_destroy_sub_ctx *r = vigil_exec_rec(ex);
	struct vigil_val_ctx *ctx = ex->ctx;
	struct vigil_subctx *sub;
	uint32_t idx;

	if (r->sub_ctx_id == 0)
		return vigil_exec_fail(ex, VIGIL_E_STATE, "sub-context 0 cannot be destroyed");
	if (vigil_subctx_find(ctx, r->sub_ctx_id, &idx) != VIGIL_OK)
		return vigil_exec_fail(ex, VIGIL_E_UNKNOWN_HANDLE, "no such sub-context");
	sub = &ctx->subs[idx];
	vigil_subctx_clear(ctx, sub, ex->out);
	vigil_ht_fini(&sub->objects);
	sub->live = false;
	sub->id = 0;
	if (ctx->cur_sub == idx)
		ctx->cur_sub = 0; /* virglrenderer falls back to sub-context 0 */
	return VIGIL_OK;
}

int vigil_rule_object_destroy(struct vigil_exec *ex)
{
	/* The engine resolved the handle (live, of the header's kind); drop the guest's id. */
	vigil_object_release(ex->ctx, vigil_cur_sub(ex->ctx), ex->last_object_id, NULL);
	return VIGIL_OK;
}

/* The stage a shader was created for; the engine resolved the (non-zero) handle to a shader
 * of the current sub-context. */
static uint32_t shader_stage_of(struct vigil_exec *ex, uint32_t handle)
{
	return vigil_ht_slot_aux(vigil_object_live(vigil_cur_sub(ex->ctx), handle));
}

int vigil_rule_bind_shader(struct vigil_exec *ex)
{
	const struct vigil_rec_bind_shader *r = vigil_exec_rec(ex);

	if (r->type == VIGIL_SHADER_STAGE_COMPUTE)
		vigil_cur_sub(ex->ctx)->bound_cs = 0;
	if (!r->handle.v)
		return VIGIL_OK;
	if (shader_stage_of(ex, r->handle.v) != r->type)
		return vigil_exec_fail(ex, VIGIL_E_RELATION, "shader bound to another stage");
	if (r->type == VIGIL_SHADER_STAGE_COMPUTE)
		vigil_cur_sub(ex->ctx)->bound_cs = r->handle.v;
	return VIGIL_OK;
}

int vigil_rule_link_shader(struct vigil_exec *ex)
{
	const struct vigil_rec_link_shader *r = vigil_exec_rec(ex);
	const uint32_t h[6] = { r->vs.v, r->fs.v, r->gs.v, r->tcs.v, r->tes.v, r->cs.v };

	for (uint32_t i = 0; i < 6; i++) {
		if (!h[i])
			continue;
		if (shader_stage_of(ex, h[i]) != i)
			return vigil_exec_fail(ex, VIGIL_E_RELATION, "shader linked in another stage's slot");
	}
	return VIGIL_OK;
}

int vigil_rule_launch_grid(struct vigil_exec *ex)
{
	/* Only "a CS was bound" is tracked: a bound shader destroyed since is the core's to refuse. */
	if (!vigil_cur_sub(ex->ctx)->bound_cs)
		return vigil_exec_fail(ex, VIGIL_E_STATE, "no compute shader bound");
	return VIGIL_OK;
}

int vigil_rule_string_marker(struct vigil_exec *ex)
{
	const struct vigil_rec_send_string_marker *r = vigil_exec_rec(ex);

	if (r->length > r->text.len)
		return vigil_exec_fail(ex, VIGIL_E_RELATION, "marker length exceeds its payload");
	return VIGIL_OK;
}
