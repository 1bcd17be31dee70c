/*
 * link.c: GLSL programs for the bound shaders: the program key, emission of each stage with
 * the emitter (core/glsl/glsl.h), compilation with the backend's GLSL version, linking, and the
 * locations of the names of the emitter's naming contract.
 *
 * Input: the bound shaders' IR (decoded and re-checked when the shader was created) and
 * pipeline state recorded from untrusted records. The key holds every emitter option that
 * changes the text, so a cached program is only reused for identical text. Guarantees: a
 * program the emitter refuses or the host fails to compile or link is logged once per key
 * (the reason, or the GLSL and info log, bounded) and every draw or dispatch that needs it
 * draws nothing and succeeds, as virglrenderer skips draws with a failed shader: the host's
 * limits are not the guest's fault, so the context is not lost; never a crash; at most CORE_PROG_CACHE programs
 * live per sub-context (least recently used evicted); texture units and uniform-buffer
 * bindings are assigned below the host's limits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipe.h"

uint32_t core_glsl_version(const struct vigil_core *core)
{
	int v = core->gl_version;

	if (core->gles)
		return v >= 32 ? 320u : v >= 31 ? 310u : 300u;
	if (v >= 45)
		return 450u;
	if (v >= 40)
		return (uint32_t)v * 10u;
	return 330u;
}

static uint8_t fmt_type(const struct core_surface *sf)
{
	const struct core_format *f = sf && sf->res ? sf->res->fmt : NULL;

	if (!f)
		return VIGIL_GLSL_FLOAT;
	return (f->flags & CORE_FMT_UINT) ? VIGIL_GLSL_UINT : (f->flags & CORE_FMT_SINT) ? VIGIL_GLSL_INT :
	       VIGIL_GLSL_FLOAT;
}

/* The last of VS, TES, GS that is bound (the stage that feeds the rasterizer). */
static int last_vertex_stage(const struct core_pipe *p)
{
	if (p->shaders[2])
		return 2;
	if (p->shaders[4])
		return 4;
	return p->shaders[0] ? 0 : -1;
}

static void build_key(struct vigil_core_ctx *ctx, const struct core_pipe *p, struct core_prog_key *k)
{
	const struct core_sub *sub = core_cur_sub(ctx);
	const struct vigil_rec_create_rasterizer *rs = p->rs ? &p->rs->u.rs : NULL;
	int last = last_vertex_stage(p);

	memset(k, 0, sizeof(*k));
	for (uint32_t s = 0; s < CORE_GFX_STAGES; s++)
		k->serial[s] = p->shaders[s] ? p->shaders[s]->serial : 0;
	if (p->ve) {
		for (uint32_t i = 0; i < p->ve->u.ve.count_elements && i < 32u; i++)
			k->attr_type[i] = core_vertex_attr_type(p->ve->u.ve.elements[i].src_format);
	}
	if (rs) {
		k->clip_plane_enable = (uint8_t)rs->clip_plane_enable;
		k->flatshade = rs->flatshade != 0;
		k->poly_stipple = rs->poly_stipple_enable != 0;
		k->sprite_coord_enable = (uint8_t)rs->sprite_coord_enable;
		k->sprite_upper_left = rs->sprite_coord_mode == 0;
	}
	if (p->blend) {
		const struct vigil_rec_create_blend_rt *rt = &p->blend->u.blend.rt[0];
		const uint32_t f[4] = { rt->rgb_src_factor, rt->rgb_dst_factor, rt->alpha_src_factor,
					rt->alpha_dst_factor };
		for (uint32_t i = 0; i < 4; i++) /* SRC1_COLOR, SRC1_ALPHA and their inverses */
			if (rt->blend_enable && (f[i] == 0x09u || f[i] == 0x0au || f[i] == 0x19u || f[i] == 0x1au))
				k->dual_src = 1;
	}
	if (p->dsa && p->dsa->u.dsa.alpha_enabled)
		k->alpha_func = (uint8_t)((p->dsa->u.dsa.alpha_func & 7u) + 1u);
	k->nr_cbufs = (uint8_t)(sub->nr_cbufs <= 8u ? sub->nr_cbufs : 8u);
	for (uint32_t i = 0; i < 8; i++)
		k->cbuf_type[i] = fmt_type(sub->cbufs[i]);
	k->so_active = last >= 0 && p->nr_so > 0 && p->shaders[last]->u.sh->so_count > 0;
	for (uint32_t s = 0; s < CORE_GFX_STAGES; s++)
		core_prog_image_fmts(ctx, p, s, k->image_fmt[s]);
	/* depth views: their swizzle reaches shadow lookups only through the emitter */
	for (uint32_t s = 0; s < CORE_GFX_STAGES; s++) {
		for (uint32_t n = 0; n < CORE_MAX_SAMPLERS && n < CORE_MAX_VIEWS; n++) {
			const struct core_obj *v = p->shaders[s] ? p->views[s][n] : NULL;
			uint8_t code = 0;

			if (!v || v->u.sv.buffer || !v->u.sv.res->fmt || !(v->u.sv.res->fmt->flags & CORE_FMT_DEPTH))
				continue;
			for (uint32_t i = 0; i < 4; i++)
				code |= (uint8_t)((v->u.sv.swizzle[i] == GL_ZERO ? 1u : v->u.sv.swizzle[i] == GL_ONE ? 2u : 0u)
						  << (2u * i));
			k->shadow_swizzle[s][n] = code;
		}
	}
}

static const struct vigil_tgsi_shader *ir_of(const struct core_pipe *p, int s)
{
	return s >= 0 && p->shaders[s] ? p->shaders[s]->u.sh->ir : NULL;
}

static void stage_opts(struct vigil_core_ctx *ctx, const struct core_pipe *p, const struct core_prog_key *k,
		       int s, int prev, int next, int last, struct vigil_glsl_opts *o)
{
	const struct core_shader *sh = p->shaders[s]->u.sh;

	memset(o, 0, sizeof(*o));
	o->gles = ctx->core->gles;
	o->version = core_glsl_version(ctx->core);
	o->es_ext = (uint8_t)((ctx->core->has_viewport_array ? VIGIL_GLSL_ES_VIEWPORT_ARRAY : 0u) |
			      (ctx->core->has_clip_cull ? VIGIL_GLSL_ES_CLIP_CULL : 0u) |
			      (ctx->core->limits.max_dual_source > 0 ? VIGIL_GLSL_ES_BLEND_FUNC_EXTENDED : 0u));
	memcpy(o->image_fmt, k->image_fmt[s], sizeof(o->image_fmt));
	o->prev = ir_of(p, prev);
	o->next = ir_of(p, next);
	if (s == 0)
		memcpy(o->attr_type, k->attr_type, sizeof(o->attr_type));
	if (s >= 0 && (uint32_t)s < CORE_GFX_STAGES)
		memcpy(o->shadow_swizzle, k->shadow_swizzle[s], sizeof(o->shadow_swizzle));
	if (s == last) {
		o->clip_plane_enable = k->clip_plane_enable;
		o->so_active = k->so_active;
		o->so_count = sh->so_count <= 64u ? sh->so_count : 64u;
		for (uint32_t i = 0; i < o->so_count; i++) {
			o->so[i].register_index = (uint8_t)sh->so[i].register_index;
			o->so[i].start_component = (uint8_t)(sh->so[i].start_component & 3u);
			o->so[i].num_components = (uint8_t)(sh->so[i].num_components & 7u);
			o->so[i].output_buffer = (uint8_t)(sh->so[i].output_buffer & 3u);
			o->so[i].stream = (uint8_t)(sh->so[i].stream & 3u);
			o->so[i].dst_offset = (uint16_t)sh->so[i].dst_offset;
		}
		memcpy(o->so_stride, sh->so_stride, sizeof(o->so_stride));
	}
	o->flatshade = k->flatshade; /* alike on the FS and the stage feeding it (glsl.h) */
	if (s == 1) {
		o->dual_src_blend = k->dual_src;
		o->poly_stipple = k->poly_stipple;
		o->alpha_func = k->alpha_func;
		o->nr_cbufs = k->nr_cbufs;
		memcpy(o->cbuf_type, k->cbuf_type, sizeof(o->cbuf_type));
		o->sprite_coord_enable = k->sprite_coord_enable;
		o->sprite_coord_upper_left = k->sprite_upper_left;
	}
}

void core_prog_log_failure(const char *what, const char *text, GLuint obj, bool is_prog)
{
	char log[2048];
	GLsizei n = 0;

	log[0] = 0;
	if (is_prog)
		glGetProgramInfoLog(obj, sizeof(log), &n, log);
	else
		glGetShaderInfoLog(obj, sizeof(log), &n, log);
	fprintf(stderr, "vigil core: %s failed:\n%.*s\n--- GLSL ---\n%.65536s\n", what, (int)sizeof(log), log,
		text ? text : "(program)");
}

/* Emits and compiles one stage; attaches it to pr->id. */
static vigil_status compile_stage(struct core_prog *pr, int s, const struct vigil_tgsi_shader *ir,
				  const struct vigil_glsl_opts *o, bool last)
{
	static const GLenum kind[CORE_GFX_STAGES] = { GL_VERTEX_SHADER, GL_FRAGMENT_SHADER,
		GL_GEOMETRY_SHADER, GL_TESS_CONTROL_SHADER, GL_TESS_EVALUATION_SHADER };
	char *text = NULL;
	GLuint sh;
	GLint ok = 0;
	const char *why = "?";
	vigil_status st = vigil_glsl_emit_why(ir, o, &text, &pr->st[s].info, &why);

	if (st != VIGIL_OK) {
		fprintf(stderr, "vigil core: GLSL emission of a %s shader failed: %s (%s)\n",
			vigil_glsl_stage_prefix((unsigned)s), vigil_status_name(st), why ? why : "?");
		return st;
	}
	sh = glCreateShader(kind[s]);
	glShaderSource(sh, 1, (const GLchar *const *)&text, NULL);
	glCompileShader(sh);
	glGetShaderiv(sh, GL_COMPILE_STATUS, &ok);
	if (!ok) {
		core_prog_log_failure("shader compile", text, sh, false);
		glDeleteShader(sh);
		free(text);
		return VIGIL_E_STATE;
	}
	glAttachShader(pr->id, sh);
	glDeleteShader(sh); /* flagged: freed with the program */
	if (last && pr->st[s].info.so_varying_count && o->so_active) {
		const char *names[160];
		uint32_t n = pr->st[s].info.so_varying_count <= 160u ? pr->st[s].info.so_varying_count : 160u;
		for (uint32_t i = 0; i < n; i++) {
			pr->st[s].info.so_varyings[i][sizeof(pr->st[s].info.so_varyings[i]) - 1] = 0;
			names[i] = pr->st[s].info.so_varyings[i];
		}
		glTransformFeedbackVaryings(pr->id, (GLsizei)n, names, GL_INTERLEAVED_ATTRIBS);
	}
	free(text);
	return VIGIL_OK;
}

static void locate(struct core_prog *pr)
{
	GLint unit = 0, binding = 0, max_units = 0, max_bindings = 0;
	char name[48];

	/* units and bindings are shared by all stages of the program: the combined limits */
	glGetIntegerv(GL_MAX_COMBINED_TEXTURE_IMAGE_UNITS, &max_units);
	glGetIntegerv(GL_MAX_UNIFORM_BUFFER_BINDINGS, &max_bindings);
	glUseProgram(pr->id);
	for (uint32_t s = CORE_GFX_STAGES; s < CORE_STAGES; s++) {
		for (uint32_t n = 0; n < CORE_MAX_SAMPLERS; n++)
			pr->st[s].unit[n] = -1;
		for (uint32_t n = 0; n < CORE_MAX_UBOS; n++)
			pr->st[s].ubo_binding[n] = -1;
	}
	for (uint32_t s = 0; s < CORE_GFX_STAGES; s++) {
		const char *px = vigil_glsl_stage_prefix(s);
		struct core_prog_stage *st = &pr->st[s];

		for (uint32_t n = 0; n < CORE_MAX_SAMPLERS; n++)
			st->unit[n] = -1;
		for (uint32_t n = 0; n < CORE_MAX_UBOS; n++)
			st->ubo_binding[n] = -1;
		if (!pr->key.serial[s])
			continue;
		st->c0_loc = -1;
		if (st->info.const0_vec4s) {
			snprintf(name, sizeof(name), "%s_c0", px);
			st->c0_loc = glGetUniformLocation(pr->id, name);
		}
		for (uint32_t n = 0; n < CORE_MAX_SAMPLERS; n++) {
			GLint loc;
			/* every declared sampler, not only info.sampler_mask's: samplers selected by
			 * an indirect index are declared and used too; absent names are -1 */
			if (unit >= max_units)
				continue;
			snprintf(name, sizeof(name), "%s_samp%u", px, n);
			loc = glGetUniformLocation(pr->id, name);
			if (loc < 0)
				continue;
			glUniform1i(loc, unit);
			st->unit[n] = unit++;
		}
		for (uint32_t b = 1; b < CORE_MAX_UBOS; b++) {
			GLuint idx;
			if (!((st->info.ubo_mask >> b) & 1u))
				continue;
			snprintf(name, sizeof(name), "%s_ubo%u", px, b);
			idx = glGetUniformBlockIndex(pr->id, name);
			if (idx == GL_INVALID_INDEX || binding >= max_bindings)
				continue;
			glUniformBlockBinding(pr->id, idx, (GLuint)binding);
			st->ubo_binding[b] = binding++;
		}
	}
	pr->winsys_y_loc = glGetUniformLocation(pr->id, "vigil_winsys_y");
	pr->fb_height_loc = glGetUniformLocation(pr->id, "vigil_fb_height");
	pr->clip_loc = glGetUniformLocation(pr->id, "vigil_clip_plane");
	pr->stipple_loc = glGetUniformLocation(pr->id, "vigil_stipple");
	pr->alpha_ref_loc = glGetUniformLocation(pr->id, "vigil_alpha_ref");
}

static vigil_status build(struct vigil_core_ctx *ctx, const struct core_pipe *p, struct core_prog *pr)
{
	/* Pipeline order of the graphics stages (pipe_shader_type values). */
	static const int order[CORE_GFX_STAGES] = { 0, 3, 4, 2, 1 };
	int present[CORE_GFX_STAGES], np = 0, last = last_vertex_stage(p);
	struct vigil_glsl_opts *o = malloc(sizeof(*o));
	GLint ok = 0;
	vigil_status s = VIGIL_OK;

	if (!o)
		return VIGIL_E_EXHAUSTED;
	for (int i = 0; i < (int)CORE_GFX_STAGES; i++) {
		if (p->shaders[order[i]])
			present[np++] = order[i];
	}
	pr->id = glCreateProgram();
	for (int i = 0; i < np && s == VIGIL_OK; i++) {
		stage_opts(ctx, p, &pr->key, present[i], i > 0 ? present[i - 1] : -1,
			   i + 1 < np ? present[i + 1] : -1, last, o);
		s = compile_stage(pr, present[i], p->shaders[present[i]]->u.sh->ir, o, present[i] == last);
	}
	free(o);
	if (s != VIGIL_OK)
		return s;
	glLinkProgram(pr->id);
	glGetProgramiv(pr->id, GL_LINK_STATUS, &ok);
	if (!ok) {
		core_prog_log_failure("program link", NULL, pr->id, true);
		return VIGIL_E_STATE;
	}
	locate(pr);
	return VIGIL_OK;
}

vigil_status core_prog_get(struct vigil_core_ctx *ctx, struct core_pipe *p, struct core_prog **ret)
{
	struct core_prog_key k;

	if (!p->shaders[0] || !p->shaders[1])
		return VIGIL_E_STATE; /* Gallium draws always have a VS and an FS bound */
	build_key(ctx, p, &k);
	return core_prog_cached(ctx, p, &k, build, ret);
}


#define SEM_CLIPDIST 13u   /* tgsi_tables.c semantic indices */
#define SEM_CLIPVERTEX 14u

uint32_t core_prog_clip_mask(const struct core_pipe *p, const struct core_prog *pr)
{
	int last = last_vertex_stage(p);
	const struct vigil_tgsi_shader *ir = ir_of(p, last);
	uint32_t enable = p->rs ? p->rs->u.rs.clip_plane_enable & 0xffu : 0u;

	if (!ir || !enable)
		return 0;
	if (pr->st[last].info.uses_clip_planes)
		return enable;
	for (uint32_t i = 0; i < ir->decl_count; i++) {
		const struct vigil_tgsi_decl *d = &ir->decls[i];
		if (d->file == VIGIL_TGSI_FILE_OUT && d->has_semantic &&
		    (d->semantic == SEM_CLIPDIST || d->semantic == SEM_CLIPVERTEX))
			return enable;
	}
	return 0;
}
