/*
 * compute.c: compute programs and LAUNCH_GRID (direct and indirect), MEMORY_BARRIER,
 * TEXTURE_BARRIER, and two small GL 4.x state records: SET_TESS_STATE and
 * SET_FRAMEBUFFER_STATE_NO_ATTACH.
 *
 * Input: untrusted records and the bound compute shader (its IR decoded and re-checked when it
 * was created). Guarantees: a dispatch runs only with a compute shader bound (else
 * VIGIL_E_STATE: CVE-2020-8002 class, SECURITY-CASES R5) and a linked program; every grid
 * dimension is at most the host's GL_MAX_COMPUTE_WORK_GROUP_COUNT (else VIGIL_E_RANGE), for
 * indirect dispatches too: the three counts are read from inside the buffer (offset checked in
 * 64 bits against its size, VIGIL_E_BOX) and dispatched directly after the check, so a
 * shader-written count can never reach GL unchecked. The work-group size is the shader's
 * declared one (GL has no per-dispatch block size; Mesa sends the same values). Compute
 * programs live in the sub-context's program cache (link.c) under a key holding only the
 * compute shader's serial, so destroying the shader drops them like graphics programs.
 * Barrier bits go through a table of the GL bits the host has. Default tessellation levels
 * exist on desktop GL only: GLES 3.2 has no default levels (a TES always runs after a TCS
 * there), so the record is accepted and has no effect on GLES.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipe.h"

#define CS 5u

static bool host_has_compute(const struct vigil_core *core)
{
	return core->gles ? core->gl_version >= 31 : core->gl_version >= 43;
}

/* Constants, samplers and uniform blocks of the compute stage (the graphics stages of a
 * compute program are marked unused). */
static void locate_cs(struct vigil_core_ctx *ctx, struct core_prog *pr)
{
	struct core_prog_stage *st = &pr->st[CS];
	GLint unit = 0, binding = 0;
	char name[48];

	for (uint32_t s = 0; s < CORE_STAGES; s++) {
		for (uint32_t n = 0; n < CORE_MAX_SAMPLERS; n++)
			pr->st[s].unit[n] = -1;
		for (uint32_t n = 0; n < CORE_MAX_UBOS; n++)
			pr->st[s].ubo_binding[n] = -1;
		pr->st[s].c0_loc = -1;
	}
	glUseProgram(pr->id);
	if (st->info.const0_vec4s)
		st->c0_loc = glGetUniformLocation(pr->id, "cs_c0");
	for (uint32_t n = 0; n < CORE_MAX_SAMPLERS; n++) {
		GLint loc;
		if (!((st->info.sampler_mask >> n) & 1u) || unit >= ctx->core->limits.max_texture_units)
			continue;
		snprintf(name, sizeof(name), "cs_samp%u", n);
		loc = glGetUniformLocation(pr->id, name);
		if (loc < 0)
			continue;
		glUniform1i(loc, unit);
		st->unit[n] = unit++;
	}
	for (uint32_t b = 1; b < CORE_MAX_UBOS; b++) {
		GLuint idx;
		if (!((st->info.ubo_mask >> b) & 1u) || binding >= ctx->core->limits.max_uniform_blocks)
			continue;
		snprintf(name, sizeof(name), "cs_ubo%u", b);
		idx = glGetUniformBlockIndex(pr->id, name);
		if (idx == GL_INVALID_INDEX)
			continue;
		glUniformBlockBinding(pr->id, idx, (GLuint)binding);
		st->ubo_binding[b] = binding++;
	}
	pr->winsys_y_loc = pr->fb_height_loc = pr->clip_loc = pr->stipple_loc = pr->alpha_ref_loc = -1;
}

static vigil_status build_cs(struct vigil_core_ctx *ctx, const struct core_shader *sh, struct core_prog *pr)
{
	struct vigil_glsl_opts *o = calloc(1, sizeof(*o));
	const char *why = "?";
	char *text = NULL;
	GLint ok = 0;
	GLuint s;
	vigil_status st;

	if (!o)
		return VIGIL_E_EXHAUSTED;
	o->gles = ctx->core->gles;
	o->version = core_glsl_version(ctx->core); /* compute hosts: 430+ / 310+ */
	o->shared_bytes = sh->req_local_mem;
	memcpy(o->image_fmt, pr->key.image_fmt[CS], sizeof(o->image_fmt));
	st = vigil_glsl_emit_why(sh->ir, o, &text, &pr->st[CS].info, &why);
	free(o);
	if (st != VIGIL_OK) {
		fprintf(stderr, "vigil core: GLSL emission of a cs shader failed: %s (%s)\n",
			vigil_status_name(st), why ? why : "?");
		return st;
	}
	pr->id = glCreateProgram();
	s = glCreateShader(GL_COMPUTE_SHADER);
	glShaderSource(s, 1, (const GLchar *const *)&text, NULL);
	glCompileShader(s);
	glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
	if (!ok) {
		core_prog_log_failure("compute shader compile", text, s, false);
		glDeleteShader(s);
		free(text);
		return VIGIL_E_STATE;
	}
	free(text);
	glAttachShader(pr->id, s);
	glDeleteShader(s);
	glLinkProgram(pr->id);
	glGetProgramiv(pr->id, GL_LINK_STATUS, &ok);
	if (!ok) {
		core_prog_log_failure("compute program link", NULL, pr->id, true);
		return VIGIL_E_STATE;
	}
	locate_cs(ctx, pr);
	return VIGIL_OK;
}

/* The compute program of the bound CS, from the cache or built (least recently used evicted). */
static vigil_status build_bound_cs(struct vigil_core_ctx *ctx, const struct core_pipe *p, struct core_prog *pr)
{
	return build_cs(ctx, p->shaders[CS]->u.sh, pr);
}

static vigil_status cs_prog_get(struct vigil_core_ctx *ctx, struct core_pipe *p, struct core_prog **ret)
{
	struct core_prog_key k;

	memset(&k, 0, sizeof(k));
	k.serial[CS] = p->shaders[CS]->serial; /* graphics keys never set serial[CS] */
	core_prog_image_fmts(ctx, p, CS, k.image_fmt[CS]);
	return core_prog_cached(ctx, p, &k, build_bound_cs, ret);
}

/* Constants and uniform blocks of the compute stage (as core_prog_uniforms does for draws). */
static void cs_uniforms(struct vigil_core_ctx *ctx, struct core_pipe *p, struct core_prog *pr)
{
	const struct core_prog_stage *st = &pr->st[CS];
	uint32_t vec4s = st->info.const0_vec4s;
	GLint al = ctx->core->limits.ubo_alignment > 0 ? ctx->core->limits.ubo_alignment : 1;

	glUseProgram(pr->id);
	if (vec4s && st->c0_loc >= 0 && vec4s <= VIGIL_LIMIT_MAX_CONST_DWORDS / 4u) {
		uint32_t *tmp = calloc(vec4s, 16);
		if (tmp) {
			uint32_t have = p->const_dwords[CS] < vec4s * 4u ? p->const_dwords[CS] : vec4s * 4u;
			if (have && p->consts[CS])
				memcpy(tmp, p->consts[CS], (size_t)have * 4u);
			glUniform4uiv(st->c0_loc, (GLsizei)vec4s, tmp);
			free(tmp);
		}
	}
	for (uint32_t b = 1; b < CORE_MAX_UBOS; b++) {
		const struct core_ubo *u = &p->ubos[CS][b];
		if (st->ubo_binding[b] < 0 || !u->res || !u->length || (u->offset % (uint32_t)al))
			continue;
		glBindBufferRange(GL_UNIFORM_BUFFER, (GLuint)st->ubo_binding[b], u->res->id, (GLintptr)u->offset,
				  (GLsizeiptr)u->length);
	}
}

/* The indirect grid: three counts at offset, read from inside the buffer. */
static vigil_status indirect_grid(struct vigil_core_ctx *ctx, const struct vigil_rec_launch_grid *r,
				  uint32_t grid[3])
{
	struct core_res *ind = core_res_get(ctx, r->indirect_res.v);
	const void *m;

	if (!ind)
		return VIGIL_E_UNKNOWN_HANDLE;
	if (ind->target != GL_ARRAY_BUFFER)
		return VIGIL_E_STATE;
	if ((r->indirect_offset & 3u) || (uint64_t)r->indirect_offset + 12u > ind->desc.width)
		return VIGIL_E_BOX;
	/* a shader may have written the counts: make its writes visible to the read */
	glMemoryBarrier(GL_BUFFER_UPDATE_BARRIER_BIT | GL_COMMAND_BARRIER_BIT);
	glBindBuffer(GL_COPY_READ_BUFFER, ind->id);
	m = glMapBufferRange(GL_COPY_READ_BUFFER, (GLintptr)r->indirect_offset, 12, GL_MAP_READ_BIT);
	if (!m) {
		glBindBuffer(GL_COPY_READ_BUFFER, 0);
		return core_gl_check(ctx) != VIGIL_OK ? VIGIL_E_STATE : VIGIL_E_EXHAUSTED;
	}
	memcpy(grid, m, 12);
	glUnmapBuffer(GL_COPY_READ_BUFFER);
	glBindBuffer(GL_COPY_READ_BUFFER, 0);
	return VIGIL_OK;
}

static vigil_status launch_grid(struct vigil_core_ctx *ctx, struct core_pipe *p, const struct vigil_rec_launch_grid *r)
{
	uint32_t grid[3] = { r->grid_x, r->grid_y, r->grid_z };
	struct core_prog *pr = NULL;
	vigil_status s;

	if (!p->shaders[CS])
		return VIGIL_E_STATE; /* SECURITY-CASES R5: no dispatch without a compute shader */
	if (!host_has_compute(ctx->core))
		return VIGIL_E_UNSUPPORTED;
	(void)core_gl_check(ctx); /* errors of earlier work are not this dispatch's */
	if (r->indirect_res.v) {
		s = indirect_grid(ctx, r, grid);
		if (s != VIGIL_OK)
			return s;
	}
	for (GLuint i = 0; i < 3; i++) {
		GLint max = 0;
		glGetIntegeri_v(GL_MAX_COMPUTE_WORK_GROUP_COUNT, i, &max);
		if (max <= 0 || grid[i] > (uint32_t)max || grid[i] > VIGIL_LIMIT_MAX_COMPUTE_GRID_SIZE)
			return VIGIL_E_RANGE;
	}
	s = cs_prog_get(ctx, p, &pr);
	if (s == VIGIL_E_STATE && pr && pr->failed)
		return VIGIL_OK; /* the host cannot build this program: nothing runs (link.c) */
	if (s != VIGIL_OK)
		return s;
	cs_uniforms(ctx, p, pr);
	s = core_bind_textures(ctx, p, pr);
	if (s == VIGIL_OK)
		s = core_shres_apply(ctx, p, pr, true);
	if (s == VIGIL_OK && grid[0] && grid[1] && grid[2])
		glDispatchCompute(grid[0], grid[1], grid[2]);
	if (s != VIGIL_OK)
		return s;
	return core_gl_check(ctx);
}

/* PIPE_BARRIER_* bit i -> GL barrier bits (0: nothing GL needs; the core owns every mapping). */
static GLbitfield barrier_bits(const struct vigil_core *core, uint32_t flags)
{
	static const GLbitfield tbl[14] = {
		[1] = GL_SHADER_STORAGE_BARRIER_BIT | GL_ATOMIC_COUNTER_BARRIER_BIT,
		[3] = GL_VERTEX_ATTRIB_ARRAY_BARRIER_BIT, [4] = GL_ELEMENT_ARRAY_BARRIER_BIT,
		[5] = GL_UNIFORM_BARRIER_BIT, [6] = GL_COMMAND_BARRIER_BIT,
		[7] = GL_TEXTURE_FETCH_BARRIER_BIT | GL_TEXTURE_UPDATE_BARRIER_BIT,
		[8] = GL_SHADER_IMAGE_ACCESS_BARRIER_BIT, [9] = GL_FRAMEBUFFER_BARRIER_BIT,
		[10] = GL_TRANSFORM_FEEDBACK_BARRIER_BIT,
		[11] = GL_SHADER_STORAGE_BARRIER_BIT | GL_ATOMIC_COUNTER_BARRIER_BIT,
		[12] = GL_BUFFER_UPDATE_BARRIER_BIT, [13] = GL_TEXTURE_UPDATE_BARRIER_BIT,
	};
	GLbitfield gl = 0;

	for (uint32_t i = 0; i < 14; i++)
		if ((flags >> i) & 1u)
			gl |= tbl[i];
	/* QUERY_BUFFER (bit 2): GL 4.4's GL_QUERY_BUFFER_BARRIER_BIT where the host has it */
	if (((flags >> 2) & 1u) && !core->gles && core->gl_version >= 44)
		gl |= GL_QUERY_BUFFER_BARRIER_BIT;
	return gl;
}

static vigil_status texture_barrier(struct vigil_core_ctx *ctx)
{
	if (!ctx->core->gles && ctx->core->gl_version >= 45)
		glTextureBarrier();
	else if (epoxy_has_gl_extension("GL_NV_texture_barrier"))
		glTextureBarrierNV();
	else
		return VIGIL_E_UNSUPPORTED;
	return VIGIL_OK;
}

static vigil_status tess_state(struct vigil_core_ctx *ctx, const struct vigil_rec_set_tess_state *r)
{
	const GLfloat outer[4] = { r->outer0, r->outer1, r->outer2, r->outer3 };
	const GLfloat inner[2] = { r->inner0, r->inner1 };

	if (ctx->core->gles)
		return VIGIL_OK; /* no default levels on GLES (see above) */
	if (ctx->core->gl_version < 40)
		return VIGIL_E_UNSUPPORTED;
	glPatchParameterfv(GL_PATCH_DEFAULT_OUTER_LEVEL, outer);
	glPatchParameterfv(GL_PATCH_DEFAULT_INNER_LEVEL, inner);
	return core_gl_check(ctx);
}

static vigil_status fb_no_attach(struct vigil_core_ctx *ctx, const struct vigil_rec_set_framebuffer_state_no_attach *r)
{
	struct core_sub *sub = core_cur_sub(ctx);
	bool layers_ok = !ctx->core->gles || ctx->core->gl_version >= 32;
	GLint mw = 0, mh = 0, ml = 0, ms = 0;

	if (ctx->core->gles ? ctx->core->gl_version < 31 : ctx->core->gl_version < 43)
		return VIGIL_E_UNSUPPORTED;
	glGetIntegerv(GL_MAX_FRAMEBUFFER_WIDTH, &mw);
	glGetIntegerv(GL_MAX_FRAMEBUFFER_HEIGHT, &mh);
	glGetIntegerv(GL_MAX_FRAMEBUFFER_SAMPLES, &ms);
	if (layers_ok)
		glGetIntegerv(GL_MAX_FRAMEBUFFER_LAYERS, &ml);
	if (r->width > (uint32_t)mw || r->height > (uint32_t)mh || r->samples > (uint32_t)ms ||
	    (layers_ok ? r->layers > (uint32_t)ml : r->layers > 1u))
		return VIGIL_E_RANGE;
	if (!sub->fbo)
		glGenFramebuffers(1, &sub->fbo);
	glBindFramebuffer(GL_FRAMEBUFFER, sub->fbo);
	glFramebufferParameteri(GL_FRAMEBUFFER, GL_FRAMEBUFFER_DEFAULT_WIDTH, (GLint)r->width);
	glFramebufferParameteri(GL_FRAMEBUFFER, GL_FRAMEBUFFER_DEFAULT_HEIGHT, (GLint)r->height);
	if (layers_ok)
		glFramebufferParameteri(GL_FRAMEBUFFER, GL_FRAMEBUFFER_DEFAULT_LAYERS, (GLint)r->layers);
	glFramebufferParameteri(GL_FRAMEBUFFER, GL_FRAMEBUFFER_DEFAULT_SAMPLES, (GLint)r->samples);
	glBindFramebuffer(GL_FRAMEBUFFER, 0);
	return core_gl_check(ctx);
}

#define REC(type, var)                                  \
	type var;                                       \
	if (blen < sizeof(var))                         \
		return VIGIL_E_STATE;                   \
	memcpy(&var, body, sizeof(var))

vigil_status core_compute_exec(struct vigil_core_ctx *ctx, struct core_pipe *p, uint16_t type,
			       const uint8_t *body, size_t blen, bool *ret_handled)
{
	*ret_handled = true;
	switch (type) {
	case VIGIL_REC_LAUNCH_GRID: {
		REC(struct vigil_rec_launch_grid, r);
		return launch_grid(ctx, p, &r);
	}
	case VIGIL_REC_MEMORY_BARRIER: {
		REC(struct vigil_rec_memory_barrier, r);
		GLbitfield bits;
		if (ctx->core->gles ? ctx->core->gl_version < 31 : ctx->core->gl_version < 42)
			return VIGIL_E_UNSUPPORTED;
		bits = barrier_bits(ctx->core, r.flags);
		if (bits)
			glMemoryBarrier(bits);
		return VIGIL_OK;
	}
	case VIGIL_REC_TEXTURE_BARRIER: {
		REC(struct vigil_rec_texture_barrier, r);
		(void)r;
		return texture_barrier(ctx);
	}
	case VIGIL_REC_SET_TESS_STATE: {
		REC(struct vigil_rec_set_tess_state, r);
		return tess_state(ctx, &r);
	}
	case VIGIL_REC_SET_FRAMEBUFFER_STATE_NO_ATTACH: {
		REC(struct vigil_rec_set_framebuffer_state_no_attach, r);
		return fb_no_attach(ctx, &r);
	}
	default:
		*ret_handled = false;
		return VIGIL_OK;
	}
}
