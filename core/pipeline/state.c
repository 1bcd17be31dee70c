/*
 * state.c: the pipeline records that only record state for later draws: viewports, scissors,
 * blend colour, stencil reference, sample mask, min samples, clip planes, polygon stipple,
 * vertex / index / constant / uniform buffers, sampler view and sampler
 * state bindings and stream-output targets (SET_TESS_STATE is not executed: tessellation is
 * not advertised).
 *
 * Input: untrusted records (bodies size-checked and copied out; counts and slot ranges are
 * re-checked against the core's arrays; the constant data span is checked against the record
 * body; resources must be buffers). Guarantees: every bound buffer and object holds a
 * reference until it is replaced or the sub-context dies; constant data is a private copy of
 * at most VIGIL_LIMIT_MAX_CONST_DWORDS words. Nothing here calls GL except ending transform
 * feedback when the stream-output targets change.
 */
#include <stdlib.h>
#include <string.h>

#include "pipe.h"

#define COPY_BODY(dst)                                  \
	do {                                            \
		if (blen < sizeof(dst))                 \
			return VIGIL_E_STATE;           \
		memcpy(&(dst), body, sizeof(dst));      \
	} while (0)

static struct core_res *buffer_res(struct vigil_core_ctx *ctx, uint32_t handle, vigil_status *s)
{
	struct core_res *r = core_res_get(ctx, handle);

	*s = !r ? VIGIL_E_UNKNOWN_HANDLE : r->target != GL_ARRAY_BUFFER ? VIGIL_E_STATE : VIGIL_OK;
	return *s == VIGIL_OK ? r : NULL;
}

static vigil_status set_vertex_buffers(struct vigil_core_ctx *ctx, struct core_pipe *p,
				       const uint8_t *body, size_t blen)
{
	struct vigil_rec_set_vertex_buffers r;
	struct core_res *res[CORE_MAX_VBUFS] = { NULL };
	vigil_status s;

	COPY_BODY(r);
	if (r.count_buffers > CORE_MAX_VBUFS)
		return VIGIL_E_STATE;
	for (uint32_t i = 0; i < r.count_buffers; i++) {
		if (r.buffers[i].res.v && !(res[i] = buffer_res(ctx, r.buffers[i].res.v, &s)))
			return s;
	}
	for (uint32_t i = 0; i < CORE_MAX_VBUFS; i++) {
		core_res_bind(ctx, &p->vbufs[i].res, res[i]);
		p->vbufs[i].stride = i < r.count_buffers ? r.buffers[i].stride : 0;
		p->vbufs[i].offset = i < r.count_buffers ? r.buffers[i].buffer_offset : 0;
	}
	p->nr_vbufs = r.count_buffers;
	return VIGIL_OK;
}

static vigil_status set_index_buffer(struct vigil_core_ctx *ctx, struct core_pipe *p,
				     const uint8_t *body, size_t blen)
{
	struct vigil_rec_set_index_buffer r;
	struct core_res *res = NULL;
	vigil_status s;

	COPY_BODY(r);
	if (r.res.v) {
		if (!(res = buffer_res(ctx, r.res.v, &s)))
			return s;
		if (r.index_size != 1 && r.index_size != 2 && r.index_size != 4)
			return VIGIL_E_STATE;
	}
	core_res_bind(ctx, &p->ib.res, res);
	p->ib.size = res ? r.index_size : 0;
	p->ib.offset = res ? r.offset : 0;
	return VIGIL_OK;
}

static vigil_status set_constant_buffer(struct vigil_core_ctx *ctx, struct core_pipe *p,
					const uint8_t *body, size_t blen)
{
	struct vigil_rec_set_constant_buffer r;
	uint32_t n, *data = NULL;

	COPY_BODY(r);
	if (r.stage >= CORE_STAGES || r.index >= CORE_MAX_UBOS)
		return VIGIL_E_STATE;
	if (r.data.off > blen || r.data.len > blen - r.data.off || (r.data.len & 3u) ||
	    r.data.len > VIGIL_LIMIT_MAX_CONST_DWORDS * 4u)
		return VIGIL_E_STATE;
	n = r.data.len / 4u;
	if (r.index != 0 && n == 0) {
		/* Mesa unbinds uniform block `index` this way */
		core_res_bind(ctx, &p->ubos[r.stage][r.index].res, NULL);
		return VIGIL_OK;
	}
	if (n) {
		data = malloc(r.data.len);
		if (!data)
			return VIGIL_E_EXHAUSTED;
		memcpy(data, body + r.data.off, r.data.len);
	}
	free(p->consts[r.stage]);
	p->consts[r.stage] = data;
	p->const_dwords[r.stage] = n;
	return VIGIL_OK;
}

static vigil_status set_uniform_buffer(struct vigil_core_ctx *ctx, struct core_pipe *p,
				       const uint8_t *body, size_t blen)
{
	struct vigil_rec_set_uniform_buffer r;
	struct core_res *res = NULL;
	vigil_status s;

	COPY_BODY(r);
	if (r.stage >= CORE_STAGES || r.index >= CORE_MAX_UBOS)
		return VIGIL_E_STATE;
	if (r.res.v) {
		if (!(res = buffer_res(ctx, r.res.v, &s)))
			return s;
		if (r.offset > res->desc.width || r.length > res->desc.width - r.offset)
			return VIGIL_E_BOX;
	}
	core_res_bind(ctx, &p->ubos[r.stage][r.index].res, res);
	p->ubos[r.stage][r.index].offset = r.offset;
	p->ubos[r.stage][r.index].length = r.length;
	return VIGIL_OK;
}

static vigil_status set_sampler_views(struct vigil_core_ctx *ctx, struct core_pipe *p,
				      const uint8_t *body, size_t blen)
{
	struct vigil_rec_set_sampler_views r;
	struct core_obj *o[CORE_MAX_VIEWS];

	COPY_BODY(r);
	if (r.stage >= CORE_STAGES || r.count_views > CORE_MAX_VIEWS || r.start_slot > CORE_MAX_VIEWS ||
	    r.count_views > CORE_MAX_VIEWS - r.start_slot)
		return VIGIL_E_STATE;
	for (uint32_t i = 0; i < r.count_views; i++) {
		o[i] = NULL;
		if (r.views[i].view.v && !(o[i] = core_obj_get(p, CORE_OBJ_SVIEW, r.views[i].view.v)))
			return VIGIL_E_UNKNOWN_HANDLE;
	}
	for (uint32_t i = 0; i < r.count_views; i++)
		core_obj_bind(ctx, p, &p->views[r.stage][r.start_slot + i], o[i]);
	return VIGIL_OK;
}

static vigil_status bind_sampler_states(struct vigil_core_ctx *ctx, struct core_pipe *p,
					const uint8_t *body, size_t blen)
{
	struct vigil_rec_bind_sampler_states r;
	struct core_obj *o[CORE_MAX_SAMPLERS];

	COPY_BODY(r);
	if (r.stage >= CORE_STAGES || r.count_states > CORE_MAX_SAMPLERS ||
	    r.start_slot > CORE_MAX_SAMPLERS || r.count_states > CORE_MAX_SAMPLERS - r.start_slot)
		return VIGIL_E_STATE;
	for (uint32_t i = 0; i < r.count_states; i++) {
		o[i] = NULL;
		if (r.states[i].state.v && !(o[i] = core_obj_get(p, CORE_OBJ_SSTATE, r.states[i].state.v)))
			return VIGIL_E_UNKNOWN_HANDLE;
	}
	for (uint32_t i = 0; i < r.count_states; i++)
		core_obj_bind(ctx, p, &p->samplers[r.stage][r.start_slot + i], o[i]);
	return VIGIL_OK;
}

static vigil_status set_so_targets(struct vigil_core_ctx *ctx, struct core_pipe *p,
				   const uint8_t *body, size_t blen)
{
	struct vigil_rec_set_streamout_targets r;
	struct core_obj *o[CORE_MAX_SO] = { NULL };

	COPY_BODY(r);
	if (r.count_targets > VIGIL_LIMIT_MAX_SO_TARGETS)
		return VIGIL_E_STATE;
	for (uint32_t i = 0; i < r.count_targets; i++) {
		if (!r.targets[i].target.v)
			continue;
		if (i >= CORE_MAX_SO)
			return VIGIL_E_STATE; /* GL has 4 transform feedback buffers */
		if (!(o[i] = core_obj_get(p, CORE_OBJ_SO_TARGET, r.targets[i].target.v)))
			return VIGIL_E_UNKNOWN_HANDLE;
	}
	if (p->so_active) {
		/* the transform feedback object is paused between draws */
		glBindTransformFeedback(GL_TRANSFORM_FEEDBACK, p->xfb);
		glEndTransformFeedback();
		glBindTransformFeedback(GL_TRANSFORM_FEEDBACK, 0);
		p->so_active = false;
	}
	p->nr_so = 0;
	for (uint32_t i = 0; i < CORE_MAX_SO; i++) {
		core_obj_bind(ctx, p, &p->so[i], o[i]);
		if (o[i])
			p->nr_so = i + 1u;
	}
	return VIGIL_OK;
}

static vigil_status set_viewports(struct core_pipe *p, const uint8_t *body, size_t blen)
{
	struct vigil_rec_set_viewport_state r;

	COPY_BODY(r);
	if (r.count_viewports > VIGIL_LIMIT_MAX_VIEWPORTS || r.start_slot > VIGIL_LIMIT_MAX_VIEWPORTS ||
	    r.count_viewports > VIGIL_LIMIT_MAX_VIEWPORTS - r.start_slot)
		return VIGIL_E_STATE;
	memcpy(&p->vp[r.start_slot], r.viewports, r.count_viewports * sizeof(r.viewports[0]));
	return VIGIL_OK;
}

static vigil_status set_scissors(struct core_pipe *p, const uint8_t *body, size_t blen)
{
	struct vigil_rec_set_scissor_state r;

	COPY_BODY(r);
	if (r.count_scissors > VIGIL_LIMIT_MAX_SCISSORS || r.start_slot > VIGIL_LIMIT_MAX_SCISSORS ||
	    r.count_scissors > VIGIL_LIMIT_MAX_SCISSORS - r.start_slot)
		return VIGIL_E_STATE;
	memcpy(&p->sc[r.start_slot], r.scissors, r.count_scissors * sizeof(r.scissors[0]));
	return VIGIL_OK;
}

vigil_status core_pipe_set_state(struct vigil_core_ctx *ctx, uint16_t type, const uint8_t *body,
				 size_t blen, bool *ret_handled)
{
	struct core_pipe *p;
	vigil_status s = core_pipe_get(ctx, &p);

	*ret_handled = true;
	if (s != VIGIL_OK)
		return s;
	switch (type) {
	case VIGIL_REC_SET_VIEWPORT_STATE:
		return set_viewports(p, body, blen);
	case VIGIL_REC_SET_SCISSOR_STATE:
		return set_scissors(p, body, blen);
	case VIGIL_REC_SET_BLEND_COLOR: {
		struct vigil_rec_set_blend_color r;
		COPY_BODY(r);
		p->blend_color[0] = r.red;
		p->blend_color[1] = r.green;
		p->blend_color[2] = r.blue;
		p->blend_color[3] = r.alpha;
		return VIGIL_OK;
	}
	case VIGIL_REC_SET_STENCIL_REF: {
		struct vigil_rec_set_stencil_ref r;
		COPY_BODY(r);
		p->stencil_ref[0] = r.ref_front & 0xffu;
		p->stencil_ref[1] = r.ref_back & 0xffu;
		return VIGIL_OK;
	}
	case VIGIL_REC_SET_SAMPLE_MASK: {
		struct vigil_rec_set_sample_mask r;
		COPY_BODY(r);
		p->sample_mask = r.mask;
		return VIGIL_OK;
	}
	case VIGIL_REC_SET_MIN_SAMPLES: {
		struct vigil_rec_set_min_samples r;
		COPY_BODY(r);
		p->min_samples = r.min_samples <= VIGIL_LIMIT_MAX_SAMPLES ? r.min_samples : 0;
		return VIGIL_OK;
	}
	case VIGIL_REC_SET_CLIP_STATE: {
		struct vigil_rec_set_clip_state r;
		COPY_BODY(r);
		if (r.count_planes != 8)
			return VIGIL_E_STATE;
		for (uint32_t i = 0; i < 8; i++) {
			p->clip[i][0] = r.planes[i].plane_a;
			p->clip[i][1] = r.planes[i].plane_b;
			p->clip[i][2] = r.planes[i].plane_c;
			p->clip[i][3] = r.planes[i].plane_d;
		}
		return VIGIL_OK;
	}
	case VIGIL_REC_SET_POLYGON_STIPPLE: {
		struct vigil_rec_set_polygon_stipple r;
		COPY_BODY(r);
		if (r.count_stipple != 32)
			return VIGIL_E_STATE;
		for (uint32_t i = 0; i < 32; i++)
			p->stipple[i] = r.stipple[i].row;
		return VIGIL_OK;
	}
	case VIGIL_REC_SET_VERTEX_BUFFERS:
		return set_vertex_buffers(ctx, p, body, blen);
	case VIGIL_REC_SET_INDEX_BUFFER:
		return set_index_buffer(ctx, p, body, blen);
	case VIGIL_REC_SET_CONSTANT_BUFFER:
		return set_constant_buffer(ctx, p, body, blen);
	case VIGIL_REC_SET_UNIFORM_BUFFER:
		return set_uniform_buffer(ctx, p, body, blen);
	case VIGIL_REC_SET_SAMPLER_VIEWS:
		return set_sampler_views(ctx, p, body, blen);
	case VIGIL_REC_BIND_SAMPLER_STATES:
		return bind_sampler_states(ctx, p, body, blen);
	case VIGIL_REC_SET_STREAMOUT_TARGETS:
		return set_so_targets(ctx, p, body, blen);
	default:
		*ret_handled = false;
		return VIGIL_OK;
	}
}
