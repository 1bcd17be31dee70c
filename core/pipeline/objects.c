/*
 * objects.c: the pipeline objects of a sub-context (blend, rasterizer, DSA, shader, vertex
 * elements, sampler view, sampler state, query, stream-output target) and the dispatch of the
 * pipeline records.
 *
 * Input: CREATE_OBJECT / BIND_OBJECT / DESTROY_OBJECT / OBJECT_RELEASED and the other pipeline
 * records, untrusted: bodies are size-checked before they are copied out, handles resolve only
 * in the current sub-context's map of the record's kind, resources in the context's map.
 * Guarantees: an object is freed exactly once, when its map entry and every binding are gone
 * (so destroying a bound object keeps it usable until it is unbound); an object holding a
 * resource keeps it alive; core_pipe_fini drops the bindings first and then every map entry,
 * deleting the GL objects in the sub-context's own GL context.
 */
#include <stdlib.h>
#include <string.h>

#include "pipe.h"
#include "vigil_xrec.h"

vigil_status core_pipe_get(struct vigil_core_ctx *ctx, struct core_pipe **ret)
{
	struct core_sub *sub = core_cur_sub(ctx);

	if (!sub->pipe) {
		sub->pipe = calloc(1, sizeof(*sub->pipe));
		if (!sub->pipe)
			return VIGIL_E_EXHAUSTED;
		sub->pipe->sample_mask = 0xffffffffu;
	}
	*ret = sub->pipe;
	return VIGIL_OK;
}

struct core_obj *core_obj_get(struct core_pipe *p, uint32_t kind, uint32_t handle)
{
	if (kind == 0 || kind >= CORE_OBJ_KINDS || kind == 8u)
		return NULL;
	return core_map_get(&p->objs[kind], handle);
}

void core_obj_ref(struct core_obj *o)
{
	if (o)
		o->refs++;
}

static void obj_free(struct vigil_core_ctx *ctx, struct core_pipe *p, struct core_obj *o)
{
	switch (o->kind) {
	case CORE_OBJ_SHADER:
		core_prog_forget(p, o->serial);
		core_shader_free(o->u.sh);
		break;
	case CORE_OBJ_SVIEW:
		core_sview_fini(o);
		if (o->u.sv.res)
			core_res_unref(ctx, o->u.sv.res);
		break;
	case CORE_OBJ_SSTATE:
		if (o->sampler)
			glDeleteSamplers(1, &o->sampler);
		if (o->sampler_nomip)
			glDeleteSamplers(1, &o->sampler_nomip);
		break;
	case CORE_OBJ_QUERY:
		core_query_fini(o);
		if (o->u.q.res)
			core_res_unref(ctx, o->u.q.res);
		break;
	case CORE_OBJ_SO_TARGET:
		if (o->u.so.res)
			core_res_unref(ctx, o->u.so.res);
		break;
	default:
		break;
	}
	free(o);
}

void core_obj_unref(struct vigil_core_ctx *ctx, struct core_pipe *p, struct core_obj *o)
{
	if (!o || --o->refs)
		return;
	obj_free(ctx, p, o);
}

void core_obj_bind(struct vigil_core_ctx *ctx, struct core_pipe *p, struct core_obj **slot,
		   struct core_obj *o)
{
	core_obj_ref(o);
	core_obj_unref(ctx, p, *slot);
	*slot = o;
}

void core_res_bind(struct vigil_core_ctx *ctx, struct core_res **slot, struct core_res *r)
{
	if (r)
		r->refs++;
	if (*slot)
		core_res_unref(ctx, *slot);
	*slot = r;
}

/* The record type of CREATE_OBJECT for each kind. */
static uint32_t create_kind(uint16_t type)
{
	switch (type) {
	case VIGIL_REC_CREATE_BLEND: return CORE_OBJ_BLEND;
	case VIGIL_REC_CREATE_RASTERIZER: return CORE_OBJ_RASTERIZER;
	case VIGIL_REC_CREATE_DSA: return CORE_OBJ_DSA;
	case VIGIL_REC_CREATE_SHADER: return CORE_OBJ_SHADER;
	case VIGIL_REC_CREATE_VERTEX_ELEMENTS: return CORE_OBJ_VE;
	case VIGIL_REC_CREATE_SAMPLER_VIEW: return CORE_OBJ_SVIEW;
	case VIGIL_REC_CREATE_SAMPLER_STATE: return CORE_OBJ_SSTATE;
	case VIGIL_REC_CREATE_QUERY: return CORE_OBJ_QUERY;
	case VIGIL_REC_CREATE_STREAMOUT_TARGET: return CORE_OBJ_SO_TARGET;
	default: return 0;
	}
}

#define COPY_BODY(dst)                                  \
	do {                                            \
		if (blen < sizeof(dst))                 \
			return VIGIL_E_STATE;           \
		memcpy(&(dst), body, sizeof(dst));      \
	} while (0)

static vigil_status fill(struct vigil_core_ctx *ctx, struct core_obj *o, const uint8_t *body, size_t blen)
{
	switch (o->kind) {
	case CORE_OBJ_BLEND:
		COPY_BODY(o->u.blend);
		return o->u.blend.count_rt <= 8u ? VIGIL_OK : VIGIL_E_STATE;
	case CORE_OBJ_RASTERIZER:
		COPY_BODY(o->u.rs);
		return VIGIL_OK;
	case CORE_OBJ_DSA:
		COPY_BODY(o->u.dsa);
		return VIGIL_OK;
	case CORE_OBJ_VE:
		COPY_BODY(o->u.ve);
		return o->u.ve.count_elements <= 32u ? VIGIL_OK : VIGIL_E_STATE;
	case CORE_OBJ_SSTATE:
		COPY_BODY(o->u.ss);
		return core_sstate_create(ctx, o, &o->u.ss);
	case CORE_OBJ_SHADER:
		return core_shader_create(ctx, o, body, blen);
	case CORE_OBJ_SVIEW: {
		struct vigil_rec_create_sampler_view r;
		COPY_BODY(r);
		return core_sview_create(ctx, o, &r);
	}
	case CORE_OBJ_QUERY: {
		struct vigil_rec_create_query r;
		COPY_BODY(r);
		return core_query_create(ctx, o, &r);
	}
	case CORE_OBJ_SO_TARGET: {
		struct vigil_rec_create_streamout_target r;
		struct core_res *res;
		COPY_BODY(r);
		res = core_res_get(ctx, r.res.v);
		if (!res)
			return VIGIL_E_UNKNOWN_HANDLE;
		if (res->target != GL_ARRAY_BUFFER || r.buffer_offset > res->desc.width ||
		    r.buffer_size > res->desc.width - r.buffer_offset)
			return VIGIL_E_STATE;
		res->refs++;
		o->u.so = (struct core_so_target){ res, r.buffer_offset, r.buffer_size };
		return VIGIL_OK;
	}
	default:
		return VIGIL_E_STATE;
	}
}

static vigil_status obj_create(struct vigil_core_ctx *ctx, struct core_pipe *p, uint32_t kind,
			       const uint8_t *body, size_t blen)
{
	struct core_obj *o;
	uint32_t handle;
	vigil_status s;

	if (blen < 4)
		return VIGIL_E_STATE;
	memcpy(&handle, body, 4); /* every create record starts with the new handle */
	if (!handle || core_map_get(&p->objs[kind], handle))
		return VIGIL_E_STATE;
	o = calloc(1, sizeof(*o));
	if (!o)
		return VIGIL_E_EXHAUSTED;
	o->kind = kind;
	o->handle = handle;
	o->refs = 1;
	o->serial = ++p->next_serial;
	s = fill(ctx, o, body, blen);
	if (s == VIGIL_OK)
		s = core_map_put(&p->objs[kind], handle, o);
	if (s != VIGIL_OK) {
		o->refs = 1;
		core_obj_unref(ctx, p, o); /* frees whatever fill() acquired */
		return s;
	}
	return VIGIL_OK;
}

/* DESTROY_OBJECT and OBJECT_RELEASED: the map entry goes, bindings keep the object. */
static vigil_status obj_release(struct vigil_core_ctx *ctx, struct core_pipe *p, uint32_t kind,
				uint32_t handle)
{
	struct core_obj *o;

	if (kind == 0 || kind >= CORE_OBJ_KINDS || kind == 8u)
		return VIGIL_E_STATE;
	o = core_map_del(&p->objs[kind], handle);
	if (!o)
		return VIGIL_E_UNKNOWN_HANDLE;
	if (kind == CORE_OBJ_QUERY && p->cond.q == o)
		core_obj_bind(ctx, p, &p->cond.q, NULL);
	core_obj_unref(ctx, p, o);
	return VIGIL_OK;
}

static vigil_status obj_bind(struct vigil_core_ctx *ctx, struct core_pipe *p, uint16_t objtype,
			     const uint8_t *body, size_t blen)
{
	struct vigil_rec_bind_object r;
	struct core_obj **slot, *o = NULL;

	COPY_BODY(r);
	switch (objtype) {
	case CORE_OBJ_BLEND: slot = &p->blend; break;
	case CORE_OBJ_RASTERIZER: slot = &p->rs; break;
	case CORE_OBJ_DSA: slot = &p->dsa; break;
	case CORE_OBJ_VE: slot = &p->ve; break;
	default: return VIGIL_E_STATE;
	}
	if (r.handle.v && !(o = core_obj_get(p, objtype, r.handle.v)))
		return VIGIL_E_UNKNOWN_HANDLE;
	core_obj_bind(ctx, p, slot, o);
	return VIGIL_OK;
}

static vigil_status bind_shader(struct vigil_core_ctx *ctx, struct core_pipe *p, const uint8_t *body,
				size_t blen)
{
	struct vigil_rec_bind_shader r;
	struct core_obj *o = NULL;

	COPY_BODY(r);
	if (r.type >= CORE_STAGES)
		return VIGIL_E_STATE;
	if (r.handle.v) {
		o = core_obj_get(p, CORE_OBJ_SHADER, r.handle.v);
		if (!o)
			return VIGIL_E_UNKNOWN_HANDLE;
		if (o->u.sh->stage != r.type)
			return VIGIL_E_STATE;
	}
	core_obj_bind(ctx, p, &p->shaders[r.type], o);
	return VIGIL_OK;
}

vigil_status core_pipe_exec(struct vigil_core_ctx *ctx, uint16_t type, uint16_t objtype,
			    const uint8_t *body, size_t blen, bool *ret_handled)
{
	struct core_pipe *p;
	uint32_t kind = create_kind(type);
	vigil_status s;

	*ret_handled = true;
	s = core_pipe_get(ctx, &p);
	if (s != VIGIL_OK)
		return s;
	if (kind)
		return obj_create(ctx, p, kind, body, blen);
	switch (type) {
	case VIGIL_REC_BIND_OBJECT:
		return obj_bind(ctx, p, objtype, body, blen);
	case VIGIL_REC_DESTROY_OBJECT: {
		struct vigil_rec_destroy_object r;
		COPY_BODY(r);
		return obj_release(ctx, p, objtype, r.handle.v);
	}
	case VIGIL_XREC_OBJECT_RELEASED: {
		struct vigil_xrec_object x;
		COPY_BODY(x);
		return obj_release(ctx, p, x.objtype, x.handle);
	}
	case VIGIL_REC_BIND_SHADER:
		return bind_shader(ctx, p, body, blen);
	case VIGIL_REC_LINK_SHADER: {
		struct vigil_rec_link_shader r;
		COPY_BODY(r);
		return core_link_shader(ctx, &r);
	}
	case VIGIL_REC_DRAW_VBO: {
		struct vigil_rec_draw_vbo r;
		COPY_BODY(r);
		return core_draw_vbo(ctx, &r);
	}
	default:
		break;
	}
	s = core_query_exec(ctx, type, body, blen, ret_handled);
	if (*ret_handled)
		return s;
	s = core_shres_exec(ctx, p, type, body, blen, ret_handled);
	if (*ret_handled)
		return s;
	s = core_compute_exec(ctx, p, type, body, blen, ret_handled);
	if (*ret_handled)
		return s;
	return core_pipe_set_state(ctx, type, body, blen, ret_handled);
}

void core_pipe_fini(struct vigil_core_ctx *ctx, struct core_sub *sub)
{
	struct core_pipe *p = sub->pipe;

	if (!p)
		return;
	/* Bindings first, so the map entries hold the last references. */
	core_obj_bind(ctx, p, &p->blend, NULL);
	core_obj_bind(ctx, p, &p->rs, NULL);
	core_obj_bind(ctx, p, &p->dsa, NULL);
	core_obj_bind(ctx, p, &p->ve, NULL);
	core_obj_bind(ctx, p, &p->cond.q, NULL);
	for (uint32_t s = 0; s < CORE_STAGES; s++) {
		core_obj_bind(ctx, p, &p->shaders[s], NULL);
		for (uint32_t i = 0; i < CORE_MAX_VIEWS; i++)
			core_obj_bind(ctx, p, &p->views[s][i], NULL);
		for (uint32_t i = 0; i < CORE_MAX_SAMPLERS; i++)
			core_obj_bind(ctx, p, &p->samplers[s][i], NULL);
		for (uint32_t i = 0; i < CORE_MAX_UBOS; i++)
			core_res_bind(ctx, &p->ubos[s][i].res, NULL);
		free(p->consts[s]);
	}
	for (uint32_t i = 0; i < CORE_MAX_SO; i++)
		core_obj_bind(ctx, p, &p->so[i], NULL);
	for (uint32_t i = 0; i < CORE_MAX_VBUFS; i++)
		core_res_bind(ctx, &p->vbufs[i].res, NULL);
	core_res_bind(ctx, &p->ib.res, NULL);
	core_shres_fini(ctx, p);
	core_prog_cache_fini(p);
	for (uint32_t k = 1; k < CORE_OBJ_KINDS; k++) {
		for (uint32_t i = 0; i < p->objs[k].cap; i++)
			core_obj_unref(ctx, p, core_map_slot(&p->objs[k], i));
		core_map_fini(&p->objs[k]);
	}
	if (p->vao)
		glDeleteVertexArrays(1, &p->vao);
	if (p->restart_buf)
		glDeleteBuffers(1, &p->restart_buf);
	if (p->xfb) {
		if (p->so_active) {
			glBindTransformFeedback(GL_TRANSFORM_FEEDBACK, p->xfb);
			glEndTransformFeedback();
			glBindTransformFeedback(GL_TRANSFORM_FEEDBACK, 0);
		}
		glDeleteTransformFeedbacks(1, &p->xfb);
	}
	free(p);
	sub->pipe = NULL;
}

/* Without a current GL context (vigil_core_ctx_destroy when make-current failed): frees the
 * core's memory only, each object once when its last binding or map entry goes; GL objects die
 * with the context and resources are freed by core_res_destroy_all whatever is held here. */
static void unref_nogl(struct core_obj *o)
{
	if (!o || --o->refs)
		return;
	if (o->kind == CORE_OBJ_SHADER)
		core_shader_free(o->u.sh);
	free(o);
}

void core_pipe_free_nogl(struct core_sub *sub)
{
	struct core_pipe *p = sub->pipe;

	if (!p)
		return;
	unref_nogl(p->blend);
	unref_nogl(p->rs);
	unref_nogl(p->dsa);
	unref_nogl(p->ve);
	unref_nogl(p->cond.q);
	for (uint32_t s = 0; s < CORE_STAGES; s++) {
		unref_nogl(p->shaders[s]);
		for (uint32_t i = 0; i < CORE_MAX_VIEWS; i++)
			unref_nogl(p->views[s][i]);
		for (uint32_t i = 0; i < CORE_MAX_SAMPLERS; i++)
			unref_nogl(p->samplers[s][i]);
		free(p->consts[s]);
	}
	for (uint32_t i = 0; i < CORE_MAX_SO; i++)
		unref_nogl(p->so[i]);
	for (uint32_t i = 0; i < CORE_PROG_CACHE; i++)
		free(p->progs[i]);
	core_shres_free_nogl(p);
	for (uint32_t k = 1; k < CORE_OBJ_KINDS; k++) {
		for (uint32_t i = 0; i < p->objs[k].cap; i++)
			unref_nogl(core_map_slot(&p->objs[k], i));
		core_map_fini(&p->objs[k]);
	}
	free(p);
	sub->pipe = NULL;
}
