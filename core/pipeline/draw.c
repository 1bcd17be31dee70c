/*
 * draw.c: DRAW_VBO in all its forms (arrays and indexed, instanced, base instance, base vertex,
 * primitive restart, patches, indirect with a draw count).
 *
 * Input: an untrusted DRAW_VBO record and the bound state. Guarantees: the draw runs only with
 * a VS and an FS bound (else it draws nothing, as in virglrenderer) and a linked program (a
 * program the host cannot build draws nothing, see link.c); the primitive mode goes through a table of the modes the backend
 * has; an indexed draw reads its indices only inside the bound index buffer (checked in 64
 * bits, else VIGIL_E_BOX), an indirect draw reads its parameters only inside the indirect
 * buffer; a restart index other than all-ones on GLES is emulated by rewriting a copy of
 * the draw's indices (at most 64 MiB); what the backend cannot express (base instance on
 * GLES, draw counts from a buffer, counts from stream output) is VIGIL_E_UNSUPPORTED, and the
 * caps do not advertise it. Vertex fetches beyond a vertex buffer are left to GL, which reads
 * only inside buffer objects the core owns (llvmpipe clamps them; no guest memory is mapped).
 */
#include <stdlib.h>
#include <string.h>

#include "pipe.h"

#define PRIM_PATCHES 14u

static bool prim_ok(const struct vigil_core *core, uint32_t mode)
{
	if (mode > PRIM_PATCHES || mode == 7u || mode == 8u || mode == 9u)
		return false; /* quads, quad strips and polygons are not in the core profile / GLES */
	if (mode == PRIM_PATCHES)
		return core->gles ? core->gl_version >= 32 : core->gl_version >= 40;
	if (mode >= 10u && core->gles)
		return core->gl_version >= 32;
	return true;
}

static GLenum index_type(uint32_t size)
{
	return size == 1u ? GL_UNSIGNED_BYTE : size == 2u ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT;
}

static vigil_status restart(struct vigil_core_ctx *ctx, const struct vigil_rec_draw_vbo *r)
{
	bool gles = ctx->core->gles;

	if (!r->primitive_restart || !r->indexed) {
		if (!gles)
			glDisable(GL_PRIMITIVE_RESTART);
		glDisable(GL_PRIMITIVE_RESTART_FIXED_INDEX);
		return VIGIL_OK;
	}
	if (gles) {
		/* GLES restarts only at the all-ones index: draw_direct rewrites the indices when the
		 * guest's restart index is another one (restart_copy) */
		glEnable(GL_PRIMITIVE_RESTART_FIXED_INDEX);
		return VIGIL_OK;
	}
	glDisable(GL_PRIMITIVE_RESTART_FIXED_INDEX);
	glEnable(GL_PRIMITIVE_RESTART);
	glPrimitiveRestartIndex(r->restart_index);
	return VIGIL_OK;
}

#define RESTART_COPY_MAX (64u << 20) /* bytes of indices rewritten for one GLES draw */

/* GLES with a restart index other than all-ones: a copy of the draw's indices in which the
 * restart index becomes all-ones, in the sub-context's scratch element buffer (bound to the
 * VAO; the caller rebinds the guest's). An index equal to all-ones that is not the restart
 * index would restart too: GLES cannot express that draw exactly. */
static vigil_status restart_copy(struct core_pipe *p, const struct vigil_rec_draw_vbo *r)
{
	size_t n = (size_t)r->count * p->ib.size;
	uint32_t fixed = p->ib.size == 1u ? 0xffu : p->ib.size == 2u ? 0xffffu : 0xffffffffu;
	uint8_t *tmp;
	const void *src;

	if (n > RESTART_COPY_MAX)
		return VIGIL_E_UNSUPPORTED;
	tmp = malloc(n ? n : 1u);
	if (!tmp)
		return VIGIL_E_EXHAUSTED;
	glBindBuffer(GL_COPY_READ_BUFFER, p->ib.res->id);
	src = glMapBufferRange(GL_COPY_READ_BUFFER, (GLintptr)p->ib.offset, (GLsizeiptr)n, GL_MAP_READ_BIT);
	if (!src) {
		free(tmp);
		glBindBuffer(GL_COPY_READ_BUFFER, 0);
		return VIGIL_E_STATE;
	}
	memcpy(tmp, src, n);
	glUnmapBuffer(GL_COPY_READ_BUFFER);
	glBindBuffer(GL_COPY_READ_BUFFER, 0);
	for (size_t i = 0; i + p->ib.size <= n; i += p->ib.size) {
		uint32_t v = 0;
		memcpy(&v, tmp + i, p->ib.size); /* little-endian host */
		if (v == r->restart_index)
			memcpy(tmp + i, &fixed, p->ib.size);
	}
	if (!p->restart_buf)
		glGenBuffers(1, &p->restart_buf);
	glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, p->restart_buf);
	glBufferData(GL_ELEMENT_ARRAY_BUFFER, (GLsizeiptr)n, tmp, GL_STREAM_DRAW);
	free(tmp);
	return VIGIL_OK;
}

static vigil_status draw_indirect(struct vigil_core_ctx *ctx, const struct core_pipe *p,
				  const struct vigil_rec_draw_vbo *r, GLenum mode)
{
	struct core_res *ind = core_res_get(ctx, r->indirect_res.v);
	uint64_t need, stride = r->indirect_stride ? r->indirect_stride : (r->indexed ? 20u : 16u);
	uint32_t n = r->draw_count ? r->draw_count : 1u;
	uintptr_t off = r->indirect_offset;

	if (!ind || ind->target != GL_ARRAY_BUFFER)
		return VIGIL_E_UNKNOWN_HANDLE;
	if (r->draw_count_res.v)
		return VIGIL_E_UNSUPPORTED;
	if (ctx->core->gles ? ctx->core->gl_version < 31 : ctx->core->gl_version < 40)
		return VIGIL_E_UNSUPPORTED;
	if (n > 1u && (ctx->core->gles || ctx->core->gl_version < 43))
		return VIGIL_E_UNSUPPORTED;
	/* n - 1 strides must fit the buffer before they are multiplied (no 64-bit wrap) */
	if ((uint64_t)(n - 1u) > ind->desc.width / stride)
		return VIGIL_E_BOX;
	need = (uint64_t)r->indirect_offset + (uint64_t)(n - 1u) * stride + (r->indexed ? 20u : 16u);
	if (need > ind->desc.width || (r->indirect_offset & 3u) || (stride & 3u))
		return VIGIL_E_BOX;
	glBindBuffer(GL_DRAW_INDIRECT_BUFFER, ind->id);
	if (r->indexed) {
		if (n > 1u)
			glMultiDrawElementsIndirect(mode, index_type(p->ib.size), (const void *)off, (GLsizei)n,
						    (GLsizei)stride);
		else
			glDrawElementsIndirect(mode, index_type(p->ib.size), (const void *)off);
	} else {
		if (n > 1u)
			glMultiDrawArraysIndirect(mode, (const void *)off, (GLsizei)n, (GLsizei)stride);
		else
			glDrawArraysIndirect(mode, (const void *)off);
	}
	glBindBuffer(GL_DRAW_INDIRECT_BUFFER, 0);
	return VIGIL_OK;
}

static vigil_status draw_direct(struct vigil_core_ctx *ctx, struct core_pipe *p,
				const struct vigil_rec_draw_vbo *r, GLenum mode)
{
	bool gles = ctx->core->gles;
	GLsizei count = (GLsizei)r->count, inst = (GLsizei)r->instance_count;

	if (r->count > INT32_MAX || r->instance_count > INT32_MAX || r->start > INT32_MAX)
		return VIGIL_E_RANGE;
	if (r->start_instance && !ctx->core->has_base_instance)
		return VIGIL_E_UNSUPPORTED;
	if (!r->indexed) {
		if (r->start_instance)
			glDrawArraysInstancedBaseInstance(mode, (GLint)r->start, count, inst, r->start_instance);
		else
			glDrawArraysInstanced(mode, (GLint)r->start, count, inst);
		return VIGIL_OK;
	}
	{
		/* Mesa sets the index buffer offset to the draw's first index (start * index_size
		 * for a buffer, the upload offset for user indices) and repeats start in the draw:
		 * the offset alone locates the indices, as in virglrenderer. */
		uint64_t end = (uint64_t)r->count * p->ib.size + p->ib.offset;
		uintptr_t off = (uintptr_t)p->ib.offset;
		GLenum t = index_type(p->ib.size);

		if (!p->ib.res)
			return VIGIL_E_STATE;
		if (end > p->ib.res->desc.width)
			return VIGIL_E_BOX; /* SECURITY-CASES R2 #480 */
		if (r->index_bias && gles && ctx->core->gl_version < 32)
			return VIGIL_E_UNSUPPORTED;
		if (gles && r->primitive_restart &&
		    r->restart_index != (p->ib.size == 1u ? 0xffu : p->ib.size == 2u ? 0xffffu : 0xffffffffu)) {
			vigil_status s = restart_copy(p, r);
			if (s != VIGIL_OK)
				return s;
			off = 0;
		}
		if (r->start_instance)
			glDrawElementsInstancedBaseVertexBaseInstance(mode, count, t, (const void *)off, inst,
								       r->index_bias, r->start_instance);
		else if (r->index_bias)
			glDrawElementsInstancedBaseVertex(mode, count, t, (const void *)off, inst, r->index_bias);
		else
			glDrawElementsInstanced(mode, count, t, (const void *)off, inst);
	}
	return VIGIL_OK;
}

#define PROP_GS_OUTPUT_PRIMITIVE 1u /* tgsi_tables.c property index */

/* Transform feedback primitive class of what reaches the rasterizer: the geometry shader's
 * output primitive when one is bound, else the draw mode. */
static GLenum xfb_prim(const struct core_pipe *p, uint32_t mode)
{
	const struct vigil_tgsi_shader *gs = p->shaders[2] ? p->shaders[2]->u.sh->ir : NULL;

	for (uint32_t i = 0; gs && i < gs->prop_count && i < VIGIL_TGSI_MAX_PROPS; i++)
		if (gs->props[i].name == PROP_GS_OUTPUT_PRIMITIVE)
			mode = gs->props[i].value;
	if (mode == 0u)
		return GL_POINTS;
	if (mode <= 3u || mode == 10u || mode == 11u)
		return GL_LINES;
	return GL_TRIANGLES;
}

/* Stream output: the targets are bound to the sub-context's transform feedback object, which
 * is begun at the first capturing draw after SET_STREAMOUT_TARGETS and paused after every
 * draw, so consecutive draws append (Gallium semantics) until the targets change. */
static vigil_status xfb_begin(struct vigil_core_ctx *ctx, struct core_pipe *p, const struct core_prog *pr,
			      uint32_t mode)
{
	if (!p->nr_so || !pr->key.so_active)
		return VIGIL_OK;
	if (!ctx->core->gles && ctx->core->gl_version < 40)
		return VIGIL_E_UNSUPPORTED; /* transform feedback objects and pause: GL 4.0 / GLES 3.0 */
	if (!p->xfb)
		glGenTransformFeedbacks(1, &p->xfb);
	glBindTransformFeedback(GL_TRANSFORM_FEEDBACK, p->xfb);
	if (p->so_active) {
		glResumeTransformFeedback();
		return VIGIL_OK;
	}
	for (uint32_t i = 0; i < p->nr_so && i < CORE_MAX_SO; i++) {
		const struct core_so_target *t = p->so[i] ? &p->so[i]->u.so : NULL;
		if (!t || !t->size) {
			glBindBufferBase(GL_TRANSFORM_FEEDBACK_BUFFER, i, 0);
			continue;
		}
		if ((t->offset & 3u) || (t->size & 3u))
			return VIGIL_E_STATE;
		glBindBufferRange(GL_TRANSFORM_FEEDBACK_BUFFER, i, t->res->id, (GLintptr)t->offset,
				  (GLsizeiptr)t->size);
	}
	glBeginTransformFeedback(xfb_prim(p, mode));
	p->so_active = true;
	return VIGIL_OK;
}

static void xfb_pause(struct core_pipe *p, const struct core_prog *pr)
{
	if (p->so_active && p->nr_so && pr->key.so_active)
		glPauseTransformFeedback();
}

vigil_status core_draw_vbo(struct vigil_core_ctx *ctx, const struct vigil_rec_draw_vbo *r)
{
	struct core_sub *sub = core_cur_sub(ctx);
	struct core_pipe *p;
	struct core_prog *pr = NULL;
	GLenum mode = (GLenum)r->mode;
	vigil_status s;

	s = core_pipe_get(ctx, &p);
	if (s != VIGIL_OK)
		return s;
	if (!prim_ok(ctx->core, r->mode))
		return VIGIL_E_UNSUPPORTED;
	if (r->count_from_so)
		return VIGIL_E_UNSUPPORTED; /* needs stream-output pause/resume, not advertised */
	if (r->indexed && !p->ib.res)
		return VIGIL_E_STATE;
	if (!r->present_indirect && (r->count == 0 || r->instance_count == 0))
		return VIGIL_OK; /* nothing to draw */
	if (!sub->fbo)
		return VIGIL_OK; /* no framebuffer state: nothing to draw into */
	if (!p->shaders[0] || !p->shaders[1])
		return VIGIL_OK; /* as virglrenderer: a draw without a VS and an FS draws nothing */
	if (!core_render_allowed(ctx))
		return VIGIL_OK; /* SET_RENDER_CONDITION */
	(void)core_gl_check(ctx); /* errors of earlier work are not this draw's */
	s = core_prog_get(ctx, p, &pr);
	if (s == VIGIL_E_STATE && pr && pr->failed)
		return VIGIL_OK; /* the host cannot build this program: nothing is drawn (link.c) */
	if (s != VIGIL_OK)
		return s;
	s = core_bind_framebuffer(ctx);
	if (s != VIGIL_OK)
		return s;
	if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
		glBindFramebuffer(GL_FRAMEBUFFER, 0);
		return VIGIL_OK; /* no attachment (or none GL can render to): nothing is drawn */
	}
	core_apply_state(ctx, p, core_prog_clip_mask(p, pr));
	core_prog_uniforms(ctx, p, pr);
	s = core_bind_vertices(ctx, p);
	if (s == VIGIL_OK)
		s = core_bind_textures(ctx, p, pr);
	if (s == VIGIL_OK)
		s = core_shres_apply(ctx, p, pr, false);
	if (s == VIGIL_OK)
		s = restart(ctx, r);
	(void)core_gl_check(ctx); /* state the host lacks stays at its default */
	if (s == VIGIL_OK && r->mode == PRIM_PATCHES) {
		if (r->vertices_per_patch == 0 || r->vertices_per_patch > VIGIL_LIMIT_MAX_PATCH_VERTICES)
			s = VIGIL_E_RANGE;
		else
			glPatchParameteri(GL_PATCH_VERTICES, (GLint)r->vertices_per_patch);
	}
	if (s == VIGIL_OK)
		s = xfb_begin(ctx, p, pr, r->mode);
	if (s == VIGIL_OK) {
		core_apply_srgb(ctx, true);
		s = r->present_indirect ? draw_indirect(ctx, p, r, mode) : draw_direct(ctx, p, r, mode);
		core_apply_srgb(ctx, false);
		xfb_pause(p, pr);
	}
	glBindVertexArray(0);
	glBindFramebuffer(GL_FRAMEBUFFER, 0);
	if (s != VIGIL_OK)
		return s;
	return core_gl_check(ctx);
}
