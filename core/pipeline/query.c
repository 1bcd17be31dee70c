/*
 * query.c: query objects (BEGIN_QUERY, END_QUERY, GET_QUERY_RESULT) and conditional rendering
 * (SET_RENDER_CONDITION).
 *
 * Input: untrusted records; query handles resolve in the sub-context's map, the query type goes
 * through a table of what the backend can count. Guarantees: a query holds a reference on its
 * result buffer; GET_QUERY_RESULT writes exactly the 16-byte host state {u32 state = DONE,
 * u32 result_size = 8, u64 result} at offset 0 of that buffer's attached backing, after checking
 * the backing is at least 16 bytes (SECURITY-CASES R2 #454); a type the backend lacks is
 * VIGIL_E_UNSUPPORTED at creation. GPU_FINISHED is answered after glFinish without a GL query.
 * On GLES an occlusion counter counts with ANY_SAMPLES_PASSED (0 or 1), the only occlusion
 * query GLES has. Conditional rendering is decided on the CPU from the query's result for both
 * backends (GLES has no conditional rendering; the result is awaited, which every Gallium
 * render-condition mode allows) and applies to draws, clears and blits that ask for it.
 */
#include <string.h>

#include "pipe.h"

enum { Q_OCCLUSION_COUNTER = 0, Q_OCCLUSION_PREDICATE = 1, Q_TIMESTAMP = 2, Q_TIME_ELAPSED = 4,
       Q_PRIMITIVES_GENERATED = 5, Q_PRIMITIVES_EMITTED = 6, Q_GPU_FINISHED = 9,
       Q_OCCLUSION_PREDICATE_CONSERVATIVE = 11 };

#define HOST_QUERY_STATE_DONE 1u

static GLenum gl_target(const struct vigil_core *core, uint32_t type, uint32_t index)
{
	bool gles = core->gles;

	switch (type) {
	case Q_OCCLUSION_COUNTER:
		return gles ? GL_ANY_SAMPLES_PASSED : GL_SAMPLES_PASSED;
	case Q_OCCLUSION_PREDICATE:
		return GL_ANY_SAMPLES_PASSED;
	case Q_OCCLUSION_PREDICATE_CONSERVATIVE:
		return GL_ANY_SAMPLES_PASSED_CONSERVATIVE;
	case Q_TIMESTAMP:
		return gles ? 0 : GL_TIMESTAMP;
	case Q_TIME_ELAPSED:
		return gles ? 0 : GL_TIME_ELAPSED;
	case Q_PRIMITIVES_GENERATED:
		return (gles && core->gl_version < 32) || index ? 0 : GL_PRIMITIVES_GENERATED;
	case Q_PRIMITIVES_EMITTED:
		return index ? 0 : GL_TRANSFORM_FEEDBACK_PRIMITIVES_WRITTEN;
	default:
		return 0;
	}
}

vigil_status core_query_create(struct vigil_core_ctx *ctx, struct core_obj *o,
			       const struct vigil_rec_create_query *r)
{
	struct core_query *q = &o->u.q;
	struct core_res *res = core_res_get(ctx, r->res.v);

	if (!res)
		return VIGIL_E_UNKNOWN_HANDLE;
	if (res->target != GL_ARRAY_BUFFER || res->desc.width < 16u || r->offset != 0)
		return VIGIL_E_STATE;
	res->refs++;
	q->res = res;
	q->type = r->query_type;
	q->index = r->index;
	if (q->type == Q_GPU_FINISHED)
		return VIGIL_OK;
	q->gl_target = gl_target(ctx->core, q->type, q->index);
	if (!q->gl_target)
		return VIGIL_E_UNSUPPORTED;
	glGenQueries(1, &q->id);
	return VIGIL_OK;
}

void core_query_fini(struct core_obj *o)
{
	struct core_query *q = &o->u.q;

	if (q->active && q->gl_target != GL_TIMESTAMP)
		glEndQuery(q->gl_target);
	if (q->id)
		glDeleteQueries(1, &q->id);
	q->id = 0;
	q->active = false;
}

static vigil_status query_of(struct core_pipe *p, const uint8_t *body, size_t blen, struct core_obj **ret)
{
	uint32_t h;

	if (blen < 4)
		return VIGIL_E_STATE;
	memcpy(&h, body, 4);
	*ret = core_obj_get(p, CORE_OBJ_QUERY, h);
	return *ret ? VIGIL_OK : VIGIL_E_UNKNOWN_HANDLE;
}

static vigil_status write_result(struct vigil_core_ctx *ctx, struct core_query *q)
{
	uint8_t out[16];
	uint32_t state = HOST_QUERY_STATE_DONE, size = 8;
	uint64_t v = 0;

	if (q->type == Q_GPU_FINISHED) {
		glFinish();
		v = 1;
	} else if (q->gl_target == GL_TIMESTAMP) {
		if (q->ended)
			glGetQueryObjectui64v(q->id, GL_QUERY_RESULT, &v);
	} else if (q->ended) {
		if (ctx->core->gles) {
			GLuint u = 0;
			glGetQueryObjectuiv(q->id, GL_QUERY_RESULT, &u);
			v = u;
		} else {
			glGetQueryObjectui64v(q->id, GL_QUERY_RESULT, &v);
		}
	}
	if (!q->res->bk.iov || q->res->bk.size < sizeof(out))
		return VIGIL_E_STATE;
	memcpy(out, &state, 4);
	memcpy(out + 4, &size, 4);
	memcpy(out + 8, &v, 8);
	core_backing_write(&q->res->bk, 0, out, sizeof(out));
	return VIGIL_OK;
}

static vigil_status render_condition(struct vigil_core_ctx *ctx, struct core_pipe *p,
				     const uint8_t *body, size_t blen)
{
	struct vigil_rec_set_render_condition r;
	struct core_obj *q = NULL;

	if (blen < sizeof(r))
		return VIGIL_E_STATE;
	memcpy(&r, body, sizeof(r));
	if (r.handle.v && !(q = core_obj_get(p, CORE_OBJ_QUERY, r.handle.v)))
		return VIGIL_E_UNKNOWN_HANDLE;
	if (q && !q->u.q.id)
		q = NULL; /* GPU_FINISHED: always true */
	core_obj_bind(ctx, p, &p->cond.q, q);
	p->cond.condition = r.condition & 1u;
	p->cond.mode = r.mode & 3u;
	return VIGIL_OK;
}

bool core_render_allowed(struct vigil_core_ctx *ctx)
{
	const struct core_pipe *p = core_cur_sub(ctx)->pipe;
	const struct core_query *q = p && p->cond.q ? &p->cond.q->u.q : NULL;
	uint64_t v = 0;

	if (!q || !q->id || !q->ended || q->active)
		return true; /* no condition, or no result to test yet: render */
	if (ctx->core->gles) {
		GLuint u = 0;
		glGetQueryObjectuiv(q->id, GL_QUERY_RESULT, &u);
		v = u;
	} else {
		glGetQueryObjectui64v(q->id, GL_QUERY_RESULT, &v);
	}
	return (v != 0) != p->cond.condition;
}

vigil_status core_query_exec(struct vigil_core_ctx *ctx, uint16_t type, const uint8_t *body,
			     size_t blen, bool *ret_handled)
{
	struct core_pipe *p;
	struct core_obj *o;
	vigil_status s;

	*ret_handled = type == VIGIL_REC_BEGIN_QUERY || type == VIGIL_REC_END_QUERY ||
		       type == VIGIL_REC_GET_QUERY_RESULT || type == VIGIL_REC_SET_RENDER_CONDITION;
	if (!*ret_handled)
		return VIGIL_OK;
	s = core_pipe_get(ctx, &p);
	if (s != VIGIL_OK)
		return s;
	if (type == VIGIL_REC_SET_RENDER_CONDITION)
		return render_condition(ctx, p, body, blen);
	s = query_of(p, body, blen, &o);
	if (s != VIGIL_OK)
		return s;
	if (type == VIGIL_REC_GET_QUERY_RESULT)
		return write_result(ctx, &o->u.q);
	if (!o->u.q.id)
		return VIGIL_OK; /* GPU_FINISHED */
	if (type == VIGIL_REC_BEGIN_QUERY) {
		if (o->u.q.gl_target == GL_TIMESTAMP)
			return VIGIL_OK;
		if (o->u.q.active)
			return VIGIL_E_STATE;
		glBeginQuery(o->u.q.gl_target, o->u.q.id);
		o->u.q.active = true;
		return core_gl_check(ctx);
	}
	if (o->u.q.gl_target == GL_TIMESTAMP) {
		glQueryCounter(o->u.q.id, GL_TIMESTAMP);
	} else {
		if (!o->u.q.active)
			return VIGIL_E_STATE;
		glEndQuery(o->u.q.gl_target);
		o->u.q.active = false;
	}
	o->u.q.ended = true;
	return core_gl_check(ctx);
}
