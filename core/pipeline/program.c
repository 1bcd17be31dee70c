/*
 * program.c: shader objects, the per-sub-context program cache and the uniforms of a program.
 *
 * Input: CREATE_OBJECT(SHADER) records (untrusted: the record body is size-checked, the IR span
 * must lie inside the body, and the IR is decoded and re-checked before the emitter ever sees
 * it; its processor must equal the record's stage) and the recorded constant and uniform
 * buffer state. Guarantees: destroying a shader drops every cached program that used it;
 * uniform uploads never read past the recorded constant data (short data is padded with
 * zeros); uniform buffer ranges are bound only inside their buffer and at the host's offset
 * alignment.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipe.h"
#include "tgsi_parse.h" /* vigil_tgsi_free */
#include "tgsi_wire.h"

void core_shader_free(struct core_shader *sh)
{
	if (!sh)
		return;
	if (sh->ir)
		vigil_tgsi_free(sh->ir);
	free(sh);
}

/* The shader's IR from its record: the `text` span holds the IR's wire encoding (the gate
 * parsed the TGSI text; no text reaches the core), decoded and re-checked here. */
static vigil_status shader_ir(const struct vigil_rec_create_shader *r, const uint8_t *body, size_t blen,
			      struct vigil_tgsi_shader **ret)
{
	if (r->text.off < sizeof(*r) || r->text.off > blen || r->text.len > blen - r->text.off ||
	    r->text.len == 0)
		return VIGIL_E_STATE;
	return vigil_tgsi_wire_decode(body + r->text.off, r->text.len, ret) == VIGIL_OK ? VIGIL_OK :
	       VIGIL_E_STATE;
}

vigil_status core_shader_create(struct vigil_core_ctx *ctx, struct core_obj *o, const uint8_t *body,
				size_t blen)
{
	struct vigil_rec_create_shader *r;
	struct core_shader *sh;
	vigil_status s;

	(void)ctx;
	if (blen < sizeof(*r))
		return VIGIL_E_STATE;
	r = malloc(sizeof(*r));
	sh = calloc(1, sizeof(*sh));
	if (!r || !sh) {
		free(r);
		free(sh);
		return VIGIL_E_EXHAUSTED;
	}
	memcpy(r, body, sizeof(*r));
	o->u.sh = sh;
	sh->stage = r->type;
	if (r->type >= CORE_STAGES || r->offlen_cont) {
		free(r);
		return VIGIL_E_STATE;
	}
	if (r->present_so && r->type != 5u) {
		if (r->count_so_outputs > VIGIL_LIMIT_MAX_SO_OUTPUTS) {
			free(r);
			return VIGIL_E_STATE;
		}
		sh->so_count = r->count_so_outputs;
		memcpy(sh->so, r->so_outputs, sizeof(sh->so));
		sh->so_stride[0] = r->stride0;
		sh->so_stride[1] = r->stride1;
		sh->so_stride[2] = r->stride2;
		sh->so_stride[3] = r->stride3;
	}
	if (r->type == 5u)
		sh->req_local_mem = r->nso; /* COMPUTE: nso carries req_local_mem */
	s = shader_ir(r, body, blen, &sh->ir);
	if (s == VIGIL_OK && sh->ir->processor != r->type)
		s = VIGIL_E_STATE;
	for (uint32_t i = 0; s == VIGIL_OK && i < sh->ir->decl_count; i++) /* once, not per draw */
		if (sh->ir->decls[i].file == VIGIL_TGSI_FILE_IMAGE && !sh->ir->decls[i].image_format)
			sh->unformatted_images = true;
	free(r);
	return s;
}

void core_prog_free(struct core_prog *pr)
{
	if (pr->id)
		glDeleteProgram(pr->id);
	free(pr);
}

void core_prog_forget(struct core_pipe *p, uint64_t serial)
{
	for (uint32_t i = 0; i < CORE_PROG_CACHE; i++) {
		struct core_prog *pr = p->progs[i];
		if (!pr)
			continue;
		for (uint32_t s = 0; s < CORE_STAGES; s++) {
			if (pr->key.serial[s] == serial) {
				core_prog_free(pr);
				p->progs[i] = NULL;
				break;
			}
		}
	}
}

vigil_status core_prog_cached(struct vigil_core_ctx *ctx, struct core_pipe *p, const struct core_prog_key *k,
			      core_prog_build_fn build, struct core_prog **ret)
{
	struct core_prog *pr;
	uint32_t victim = 0;
	vigil_status s;

	for (uint32_t i = 0; i < CORE_PROG_CACHE; i++) {
		pr = p->progs[i];
		if (pr && !memcmp(&pr->key, k, sizeof(*k))) {
			pr->last_use = ++p->prog_clock;
			*ret = pr;
			return pr->failed ? VIGIL_E_STATE : VIGIL_OK;
		}
		if (!pr || (p->progs[victim] && pr->last_use < p->progs[victim]->last_use))
			victim = i;
	}
	pr = calloc(1, sizeof(*pr));
	if (!pr)
		return VIGIL_E_EXHAUSTED;
	pr->key = *k;
	pr->last_use = ++p->prog_clock;
	s = build(ctx, p, pr);
	if (s == VIGIL_E_EXHAUSTED) {
		core_prog_free(pr);
		return s;
	}
	if (s != VIGIL_OK) {
		/* kept, so the failure is logged once; the GL program is not needed */
		if (pr->id)
			glDeleteProgram(pr->id);
		pr->id = 0;
		pr->failed = true;
	}
	if (p->progs[victim])
		core_prog_free(p->progs[victim]);
	p->progs[victim] = pr;
	*ret = pr;
	(void)core_gl_check(ctx);
	return pr->failed ? VIGIL_E_STATE : VIGIL_OK;
}

void core_prog_cache_fini(struct core_pipe *p)
{
	for (uint32_t i = 0; i < CORE_PROG_CACHE; i++) {
		if (p->progs[i])
			core_prog_free(p->progs[i]);
		p->progs[i] = NULL;
	}
}

vigil_status core_link_shader(struct vigil_core_ctx *ctx, const struct vigil_rec_link_shader *r)
{
	const uint32_t h[CORE_STAGES] = { r->vs.v, r->fs.v, r->gs.v, r->tcs.v, r->tes.v, r->cs.v };
	struct core_pipe *p;
	vigil_status s = core_pipe_get(ctx, &p);

	if (s != VIGIL_OK)
		return s;
	/* Programs depend on draw-time state (vertex formats, framebuffer formats, rasterizer), so
	 * they are built at the first draw; LINK_SHADER only checks its shaders. */
	for (uint32_t i = 0; i < CORE_STAGES; i++) {
		const struct core_obj *o;
		if (!h[i])
			continue;
		o = core_obj_get(p, CORE_OBJ_SHADER, h[i]);
		if (!o)
			return VIGIL_E_UNKNOWN_HANDLE;
		if (o->u.sh->stage != i)
			return VIGIL_E_STATE;
	}
	return VIGIL_OK;
}

static uint32_t fb_height(const struct core_sub *sub)
{
	const struct core_surface *sf = sub->nr_cbufs && sub->cbufs[0] ? sub->cbufs[0] : sub->zsurf;

	if (!sf || !sf->res || sf->res->target == GL_ARRAY_BUFFER || sf->level > sf->res->desc.last_level)
		return 0;
	return sf->res->desc.level[sf->level].height;
}

void core_prog_uniforms(struct vigil_core_ctx *ctx, struct core_pipe *p, struct core_prog *pr)
{
	const struct core_sub *sub = core_cur_sub(ctx);

	glUseProgram(pr->id);
	for (uint32_t s = 0; s < CORE_GFX_STAGES; s++) {
		const struct core_prog_stage *st = &pr->st[s];
		uint32_t vec4s = st->info.const0_vec4s;

		if (!pr->key.serial[s])
			continue;
		if (vec4s && st->c0_loc >= 0 && vec4s <= VIGIL_LIMIT_MAX_CONST_DWORDS / 4u) {
			uint32_t have = p->const_dwords[s];
			if (have >= vec4s * 4u) {
				glUniform4uiv(st->c0_loc, (GLsizei)vec4s, p->consts[s]);
			} else {
				uint32_t *tmp = calloc(vec4s, 16);
				if (tmp) {
					if (have)
						memcpy(tmp, p->consts[s], (size_t)have * 4u);
					glUniform4uiv(st->c0_loc, (GLsizei)vec4s, tmp);
					free(tmp);
				}
			}
		}
		for (uint32_t b = 1; b < CORE_MAX_UBOS; b++) {
			const struct core_ubo *u = &p->ubos[s][b];
			GLint al = ctx->core->limits.ubo_alignment > 0 ? ctx->core->limits.ubo_alignment : 1;
			if (st->ubo_binding[b] < 0 || !u->res || !u->length || (u->offset % (uint32_t)al))
				continue;
			glBindBufferRange(GL_UNIFORM_BUFFER, (GLuint)st->ubo_binding[b], u->res->id,
					  (GLintptr)u->offset, (GLsizeiptr)u->length);
		}
	}
	if (pr->winsys_y_loc >= 0)
		glUniform1f(pr->winsys_y_loc, p->vp[0].scale_y < 0.0f && !pr->key.so_active ? -1.0f : 1.0f);
	if (pr->fb_height_loc >= 0) /* negated: gl_FragCoord.y is the upper-left y (apply.c) */
		glUniform1f(pr->fb_height_loc, -(float)fb_height(sub));
	if (pr->clip_loc >= 0)
		glUniform4fv(pr->clip_loc, 8, &p->clip[0][0]);
	if (pr->stipple_loc >= 0)
		glUniform1uiv(pr->stipple_loc, 32, p->stipple);
	if (pr->alpha_ref_loc >= 0)
		glUniform1f(pr->alpha_ref_loc, p->dsa ? p->dsa->u.dsa.alpha_ref : 0.0f);
}
