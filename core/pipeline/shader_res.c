/*
 * shader_res.c: the shader resources of GL 4.3 / GLES 3.1 per sub-context: shader storage
 * buffers and images of each stage (SET_SHADER_BUFFERS, SET_SHADER_IMAGES) and the atomic
 * counter buffers shared by all stages (SET_ATOMIC_BUFFERS), and their binding into GL before
 * a draw (the program's graphics stages) or a dispatch (the compute stage).
 *
 * Input: untrusted records (stage, slot ranges, counts and resource handles re-checked here;
 * every range must lie inside its buffer, checked in 64 bits when it is set) and the bound
 * program's glsl info (what each stage declares). Ownership: every bound slot holds one
 * core_res reference, so a resource the guest destroys while bound stays valid until the slot
 * changes or the sub-context goes (bug class R7). Bindings: the emitter writes `binding = n`
 * for shader buffer n, image n and atomic buffer n (glsl.h). On desktop GL each program's
 * buffers and images are renumbered once (glShaderStorageBlockBinding, glProgramUniform1i), so
 * the stages never collide; GLES cannot renumber, so a stage's slot n is GL binding n and two
 * stages of one draw that use the same slot with different contents are VIGIL_E_UNSUPPORTED.
 * Atomic buffers are global in Gallium too: slot n is binding n. A slot the program uses but
 * the guest left empty gets a private zero-filled buffer (reads 0; Gallium leaves it undefined),
 * an empty image unit reads 0 and drops stores (GL defines it), and an atomic buffer range
 * shorter than the counters the program declares refuses the draw (VIGIL_E_BOX): GL leaves
 * out-of-range counters undefined. Shader buffer accesses themselves are bounded by the
 * emitter (glsl_res.c); image accesses past the image are defined by GL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipe.h"
#include "tgsi_tables.h"

#define DUMMY_BYTES 4096u
#define INACTIVE (-2) /* ssbo_binding / image_unit of a block or image the linker dropped */
#define TGSI_FILE_IMAGE_LAYERED(t) ((t) == 4u || (t) == 5u || (t) == 10u || (t) == 11u || (t) == 17u)

struct core_range {
	struct core_res *res; /* holds a reference */
	uint32_t offset, length;
};

struct core_image {
	struct core_res *res; /* holds a reference */
	GLenum internal, access;
	uint32_t level, first_layer, last_layer; /* textures */
	uint32_t offset, size;                   /* buffers (bytes) */
	GLuint tbo;                              /* buffers: the texture buffer of the range */
};

struct core_shres {
	struct core_range ssbo[CORE_STAGES][CORE_MAX_SHADER_RES];
	struct core_image img[CORE_STAGES][CORE_MAX_SHADER_RES];
	struct core_range atomic[CORE_MAX_SHADER_RES];
	GLuint dummy; /* DUMMY_BYTES of zeros for used but empty buffer and atomic slots */
};

static vigil_status shres_get(struct core_pipe *p, struct core_shres **ret)
{
	if (!p->shres) {
		p->shres = calloc(1, sizeof(*p->shres));
		if (!p->shres)
			return VIGIL_E_EXHAUSTED;
	}
	*ret = p->shres;
	return VIGIL_OK;
}

static bool host_has_res(const struct vigil_core *core)
{
	return core->gles ? core->gl_version >= 31 : core->gl_version >= 43;
}

static GLint geti(GLenum e)
{
	GLint v = 0;

	glGetIntegerv(e, &v);
	return v;
}

/* A buffer range [offset, offset + length) inside a buffer resource; length 0 unbinds. */
static vigil_status set_range(struct vigil_core_ctx *ctx, struct core_range *slot, uint32_t handle,
			      uint32_t offset, uint32_t length, uint32_t align)
{
	struct core_res *r = NULL;

	if (handle) {
		r = core_res_get(ctx, handle);
		if (!r)
			return VIGIL_E_UNKNOWN_HANDLE;
		if (r->target != GL_ARRAY_BUFFER)
			return VIGIL_E_STATE;
		if ((uint64_t)offset + length > r->desc.width)
			return VIGIL_E_BOX; /* SECURITY-CASES R2 #501 */
		if (align > 1u && offset % align)
			return VIGIL_E_STATE;
		if (!length)
			r = NULL;
	}
	core_res_bind(ctx, &slot->res, r);
	slot->offset = r ? offset : 0;
	slot->length = r ? length : 0;
	return VIGIL_OK;
}

static vigil_status set_buffers(struct vigil_core_ctx *ctx, struct core_shres *sr, const uint8_t *body,
				size_t blen)
{
	struct vigil_rec_set_shader_buffers r;
	uint32_t align;

	if (blen < sizeof(r))
		return VIGIL_E_STATE;
	memcpy(&r, body, sizeof(r));
	if (r.stage >= CORE_STAGES || r.count_buffers > CORE_MAX_SHADER_RES ||
	    r.start_slot > CORE_MAX_SHADER_RES - r.count_buffers)
		return VIGIL_E_STATE;
	if (!host_has_res(ctx->core))
		return VIGIL_E_UNSUPPORTED;
	align = (uint32_t)geti(GL_SHADER_STORAGE_BUFFER_OFFSET_ALIGNMENT);
	for (uint32_t i = 0; i < r.count_buffers; i++) {
		const struct vigil_rec_set_shader_buffers_buffers *b = &r.buffers[i];
		vigil_status s = set_range(ctx, &sr->ssbo[r.stage][r.start_slot + i], b->res.v, b->offset,
					   b->length, align);
		if (s != VIGIL_OK)
			return s;
	}
	return VIGIL_OK;
}

static vigil_status set_atomics(struct vigil_core_ctx *ctx, struct core_shres *sr, const uint8_t *body,
				size_t blen)
{
	struct vigil_rec_set_atomic_buffers r;

	if (blen < sizeof(r))
		return VIGIL_E_STATE;
	memcpy(&r, body, sizeof(r));
	if (r.count_buffers > CORE_MAX_SHADER_RES || r.start_slot > CORE_MAX_SHADER_RES - r.count_buffers)
		return VIGIL_E_STATE;
	if (!host_has_res(ctx->core))
		return VIGIL_E_UNSUPPORTED;
	for (uint32_t i = 0; i < r.count_buffers; i++) {
		const struct vigil_rec_set_atomic_buffers_buffers *b = &r.buffers[i];
		/* GL wants atomic counter buffer offsets in multiples of 4 */
		vigil_status s = set_range(ctx, &sr->atomic[r.start_slot + i], b->res.v, b->offset, b->length, 4u);
		if (s != VIGIL_OK)
			return s;
	}
	return VIGIL_OK;
}

/* The GL formats glBindImageTexture accepts (GL 4.3 table 8.27; GLES 3.1 has a subset and
 * refuses the rest with a GL error, which fails the draw, never the host). */
/* The GLSL format qualifier of a GL image format (the names of vigil_tgsi_image_formats). */
static const struct { GLenum gl; const char *glsl; } image_glsl[] = {
	{ GL_RGBA32F, "rgba32f" }, { GL_RGBA16F, "rgba16f" }, { GL_R32F, "r32f" },
	{ GL_RGBA32UI, "rgba32ui" }, { GL_RGBA16UI, "rgba16ui" }, { GL_RGBA8UI, "rgba8ui" },
	{ GL_R32UI, "r32ui" }, { GL_RGBA32I, "rgba32i" }, { GL_RGBA16I, "rgba16i" },
	{ GL_RGBA8I, "rgba8i" }, { GL_R32I, "r32i" }, { GL_RGBA8, "rgba8" },
	{ GL_RGBA8_SNORM, "rgba8_snorm" }, /* the GLSL ES 3.10 set; GL-only formats stay 0 */
};

static uint8_t image_fmt_index(GLenum internal)
{
	for (size_t i = 0; i < sizeof(image_glsl) / sizeof(image_glsl[0]); i++) {
		if (image_glsl[i].gl != internal)
			continue;
		for (unsigned j = 1; j < vigil_tgsi_image_format_count && j < 256u; j++)
			if (!strcmp(vigil_tgsi_image_formats[j].glsl, image_glsl[i].glsl))
				return (uint8_t)j;
	}
	return 0;
}

void core_prog_image_fmts(struct vigil_core_ctx *ctx, const struct core_pipe *p, uint32_t s,
			  uint8_t ret[VIGIL_GLSL_MAX_IMAGE_FMTS])
{
	bool unformatted = p->shaders[s] && p->shaders[s]->u.sh->unformatted_images;

	memset(ret, 0, VIGIL_GLSL_MAX_IMAGE_FMTS);
	if (!ctx->core->gles || !unformatted || !p->shres)
		return;
	for (uint32_t n = 0; n < VIGIL_GLSL_MAX_IMAGE_FMTS && n < CORE_MAX_SHADER_RES; n++)
		if (p->shres->img[s][n].res)
			ret[n] = image_fmt_index(p->shres->img[s][n].internal);
}

static bool image_format_ok(GLenum f)
{
	static const GLenum ok[] = {
		GL_RGBA32F, GL_RGBA16F, GL_RG32F, GL_RG16F, GL_R11F_G11F_B10F, GL_R32F, GL_R16F,
		GL_RGBA32UI, GL_RGBA16UI, GL_RGB10_A2UI, GL_RGBA8UI, GL_RG32UI, GL_RG16UI, GL_RG8UI,
		GL_R32UI, GL_R16UI, GL_R8UI, GL_RGBA32I, GL_RGBA16I, GL_RGBA8I, GL_RG32I, GL_RG16I,
		GL_RG8I, GL_R32I, GL_R16I, GL_R8I, GL_RGBA16, GL_RGB10_A2, GL_RGBA8, GL_RG16, GL_RG8,
		GL_R16, GL_R8, GL_RGBA16_SNORM, GL_RGBA8_SNORM, GL_RG16_SNORM, GL_RG8_SNORM,
		GL_R16_SNORM, GL_R8_SNORM,
	};

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (ok[i] == f)
			return true;
	return false;
}

static void image_clear(struct vigil_core_ctx *ctx, struct core_image *im)
{
	core_res_bind(ctx, &im->res, NULL);
	if (im->tbo)
		glDeleteTextures(1, &im->tbo);
	memset(im, 0, sizeof(*im));
}

static vigil_status set_image(struct vigil_core_ctx *ctx, struct core_image *im,
			      const struct vigil_rec_set_shader_images_images *v)
{
	static const GLenum access[4] = { GL_READ_WRITE, GL_READ_ONLY, GL_WRITE_ONLY, GL_READ_WRITE };
	const struct core_format *f;
	struct core_res *r;
	struct core_image n;

	if (!v->res.v) {
		image_clear(ctx, im);
		return VIGIL_OK;
	}
	r = core_res_get(ctx, v->res.v);
	if (!r)
		return VIGIL_E_UNKNOWN_HANDLE;
	f = core_format_get(&ctx->core->formats, v->format);
	if (!f || (f->flags & (CORE_FMT_COMPRESSED | CORE_FMT_DEPTH | CORE_FMT_STENCIL | CORE_FMT_SWAP_RB)) ||
	    !image_format_ok(f->internal) || v->access > 3u)
		return VIGIL_E_UNSUPPORTED;
	memset(&n, 0, sizeof(n));
	n.internal = f->internal;
	n.access = access[v->access];
	if (r->target == GL_ARRAY_BUFFER) {
		GLint al = geti(GL_TEXTURE_BUFFER_OFFSET_ALIGNMENT);
		if ((uint64_t)v->offset + v->size > r->desc.width || !v->size)
			return VIGIL_E_BOX;
		if (al > 1 && v->offset % (uint32_t)al)
			return VIGIL_E_STATE;
		if (ctx->core->gles && ctx->core->gl_version < 32)
			return VIGIL_E_UNSUPPORTED; /* texture buffers: GLES 3.2 */
		n.offset = v->offset;
		n.size = v->size;
	} else {
		uint32_t layers;
		if (r->desc.nr_samples > 1)
			return VIGIL_E_UNSUPPORTED; /* multisample images are not advertised */
		/* Mesa writes the second word of its pipe_image_view union (u.buf.size) for
		 * textures too: u.tex.level is its low 8 bits, the rest is not a level */
		n.level = v->size & 0xffu;
		n.first_layer = v->offset & 0xffffu;
		n.last_layer = v->offset >> 16;
		if (n.level > r->desc.last_level)
			return VIGIL_E_BOX;
		layers = r->desc.target == 3u ? r->desc.level[n.level].depth : r->desc.array_size;
		if (n.first_layer > n.last_layer || n.last_layer >= layers)
			return VIGIL_E_BOX;
	}
	image_clear(ctx, im);
	*im = n;
	core_res_bind(ctx, &im->res, r);
	if (r->target == GL_ARRAY_BUFFER) {
		(void)core_gl_check(ctx);
		glGenTextures(1, &im->tbo);
		glBindTexture(GL_TEXTURE_BUFFER, im->tbo);
		glTexBufferRange(GL_TEXTURE_BUFFER, im->internal, r->id, (GLintptr)n.offset, (GLsizeiptr)n.size);
		glBindTexture(GL_TEXTURE_BUFFER, 0);
		return core_gl_check(ctx);
	}
	return VIGIL_OK;
}

static vigil_status set_images(struct vigil_core_ctx *ctx, struct core_shres *sr, const uint8_t *body,
			       size_t blen)
{
	struct vigil_rec_set_shader_images r;

	if (blen < sizeof(r))
		return VIGIL_E_STATE;
	memcpy(&r, body, sizeof(r));
	if (r.stage >= CORE_STAGES || r.count_images > CORE_MAX_SHADER_RES ||
	    r.start_slot > CORE_MAX_SHADER_RES - r.count_images)
		return VIGIL_E_STATE;
	if (!host_has_res(ctx->core))
		return VIGIL_E_UNSUPPORTED;
	for (uint32_t i = 0; i < r.count_images; i++) {
		vigil_status s = set_image(ctx, &sr->img[r.stage][r.start_slot + i], &r.images[i]);
		if (s != VIGIL_OK)
			return s;
	}
	return VIGIL_OK;
}

vigil_status core_shres_exec(struct vigil_core_ctx *ctx, struct core_pipe *p, uint16_t type,
			     const uint8_t *body, size_t blen, bool *ret_handled)
{
	struct core_shres *sr;
	vigil_status s;

	*ret_handled = type == VIGIL_REC_SET_SHADER_BUFFERS || type == VIGIL_REC_SET_SHADER_IMAGES ||
		       type == VIGIL_REC_SET_ATOMIC_BUFFERS;
	if (!*ret_handled)
		return VIGIL_OK;
	s = shres_get(p, &sr);
	if (s != VIGIL_OK)
		return s;
	if (type == VIGIL_REC_SET_SHADER_BUFFERS)
		return set_buffers(ctx, sr, body, blen);
	if (type == VIGIL_REC_SET_SHADER_IMAGES)
		return set_images(ctx, sr, body, blen);
	return set_atomics(ctx, sr, body, blen);
}

/* ---- binding before draws and dispatches ---- */

/* GL: renumbers the program's blocks and images so that no two stages share a binding. */
static void locate_res(struct vigil_core_ctx *ctx, struct core_prog *pr)
{
	GLint max_ssbo = geti(GL_MAX_SHADER_STORAGE_BUFFER_BINDINGS), max_img = geti(GL_MAX_IMAGE_UNITS);
	GLint binding = 0, unit = 0;
	char name[48];

	for (uint32_t s = 0; s < CORE_STAGES; s++) {
		struct core_prog_stage *st = &pr->st[s];
		const char *px = vigil_glsl_stage_prefix(s);

		for (uint32_t n = 0; n < CORE_MAX_SHADER_RES; n++) {
			st->ssbo_binding[n] = -1;
			st->image_unit[n] = -1;
			if (!pr->key.serial[s])
				continue;
			if ((st->info.ssbo_mask >> n) & 1u) {
				if (ctx->core->gles) {
					st->ssbo_binding[n] = (GLint)n;
				} else if (binding < max_ssbo) {
					GLuint idx;
					snprintf(name, sizeof(name), "%s_ssbo%u", px, n);
					idx = glGetProgramResourceIndex(pr->id, GL_SHADER_STORAGE_BLOCK, name);
					if (idx != GL_INVALID_INDEX) {
						glShaderStorageBlockBinding(pr->id, idx, (GLuint)binding);
						st->ssbo_binding[n] = binding++;
					} else {
						st->ssbo_binding[n] = INACTIVE;
					}
				}
			}
			if ((st->info.image_mask >> n) & 1u) {
				if (ctx->core->gles) {
					st->image_unit[n] = (GLint)n;
				} else if (unit < max_img) {
					GLint loc;
					snprintf(name, sizeof(name), "%s_img%u", px, n);
					loc = glGetUniformLocation(pr->id, name);
					if (loc >= 0) {
						glProgramUniform1i(pr->id, loc, unit);
						st->image_unit[n] = unit++;
					} else {
						st->image_unit[n] = INACTIVE;
					}
				}
			}
		}
	}
	pr->res_located = true;
}

static GLuint dummy_buffer(struct core_shres *sr)
{
	if (!sr->dummy) {
		void *zero = calloc(1, DUMMY_BYTES);
		if (!zero)
			return 0;
		glGenBuffers(1, &sr->dummy);
		glBindBuffer(GL_COPY_WRITE_BUFFER, sr->dummy);
		glBufferData(GL_COPY_WRITE_BUFFER, DUMMY_BYTES, zero, GL_DYNAMIC_DRAW);
		glBindBuffer(GL_COPY_WRITE_BUFFER, 0);
		free(zero);
	}
	return sr->dummy;
}

static bool same_range(const struct core_range *a, const struct core_range *b)
{
	return a->res == b->res && a->offset == b->offset && a->length == b->length;
}

static bool same_image(const struct core_image *a, const struct core_image *b)
{
	return a->res == b->res && a->internal == b->internal && a->access == b->access &&
	       a->level == b->level && a->first_layer == b->first_layer && a->offset == b->offset &&
	       a->size == b->size;
}

/* GLES: a binding two stages use (the same slot number). An empty slot yields to a bound one;
 * two different contents cannot both be bound. *ret_skip: the binding is already right. */
static vigil_status share(bool same, bool empty, bool other_empty, bool *ret_skip)
{
	*ret_skip = same || empty;
	if (same || empty || other_empty)
		return VIGIL_OK;
	return VIGIL_E_UNSUPPORTED;
}

static vigil_status bind_ssbos(struct core_shres *sr, const struct core_prog *pr, uint32_t s,
			       const struct core_range **claimed)
{
	for (uint32_t n = 0; n < CORE_MAX_SHADER_RES; n++) {
		const struct core_range *r = &sr->ssbo[s][n];
		GLint b = pr->st[s].ssbo_binding[n];

		if (b < 0) {
			/* a used block left without a binding (past the host's bindings) would keep
			 * its text binding and alias another stage's buffer: not drawn */
			if (b != INACTIVE && ((pr->st[s].info.ssbo_mask >> n) & 1u))
				return VIGIL_E_UNSUPPORTED;
			continue;
		}
		if (b < (GLint)CORE_MAX_SHADER_RES) {
			if (claimed[b]) {
				bool skip;
				vigil_status st = share(same_range(claimed[b], r), !r->res, !claimed[b]->res, &skip);
				if (st != VIGIL_OK)
					return st;
				if (skip)
					continue;
			}
			claimed[b] = r;
		}
		if (r->res)
			glBindBufferRange(GL_SHADER_STORAGE_BUFFER, (GLuint)b, r->res->id, (GLintptr)r->offset,
					  (GLsizeiptr)r->length);
		else
			glBindBufferRange(GL_SHADER_STORAGE_BUFFER, (GLuint)b, dummy_buffer(sr), 0, DUMMY_BYTES);
	}
	return VIGIL_OK;
}

static vigil_status bind_images(struct core_shres *sr, const struct core_pipe *p,
				const struct core_prog *pr, uint32_t s, const struct core_image **claimed)
{
	const struct vigil_tgsi_shader *ir = p->shaders[s] ? p->shaders[s]->u.sh->ir : NULL;

	for (uint32_t n = 0; n < CORE_MAX_SHADER_RES; n++) {
		const struct core_image *im = &sr->img[s][n];
		GLint u = pr->st[s].image_unit[n];
		bool layered = false;

		if (u < 0) {
			if (u != INACTIVE && ((pr->st[s].info.image_mask >> n) & 1u))
				return VIGIL_E_UNSUPPORTED; /* as for buffers above */
			continue;
		}
		if (u < (GLint)CORE_MAX_SHADER_RES) {
			if (claimed[u]) {
				bool skip;
				vigil_status st = share(same_image(claimed[u], im), !im->res, !claimed[u]->res, &skip);
				if (st != VIGIL_OK)
					return st;
				if (skip)
					continue;
			}
			claimed[u] = im;
		}
		if (!im->res) {
			glBindImageTexture((GLuint)u, 0, 0, GL_FALSE, 0, GL_READ_ONLY, GL_R32UI);
			continue;
		}
		if (im->tbo) {
			glBindImageTexture((GLuint)u, im->tbo, 0, GL_FALSE, 0, im->access, im->internal);
			continue;
		}
		/* the shader's image target decides: array, cube and 3D images see every layer
		 * (from layer 0: GL cannot start a layered binding elsewhere), others one layer */
		for (uint32_t i = 0; ir && i < ir->decl_count; i++) {
			const struct vigil_tgsi_decl *d = &ir->decls[i];
			if (d->file == VIGIL_TGSI_FILE_IMAGE && n >= d->first && n <= d->last)
				layered = TGSI_FILE_IMAGE_LAYERED(d->target);
		}
		glBindImageTexture((GLuint)u, im->res->id, (GLint)im->level, layered ? GL_TRUE : GL_FALSE,
				   (GLint)im->first_layer, im->access, im->internal);
	}
	return VIGIL_OK;
}

/* Bytes each atomic buffer must have for the counters the stage declares. */
static void atomic_need(const struct core_pipe *p, uint32_t s, uint64_t need[CORE_MAX_SHADER_RES])
{
	const struct vigil_tgsi_shader *ir = p->shaders[s] ? p->shaders[s]->u.sh->ir : NULL;

	for (uint32_t i = 0; ir && i < ir->decl_count; i++) {
		const struct vigil_tgsi_decl *d = &ir->decls[i];
		uint64_t end;
		if (d->file != VIGIL_TGSI_FILE_HWATOMIC || d->dim >= CORE_MAX_SHADER_RES)
			continue;
		end = ((uint64_t)d->last + 1u) * 4u;
		if (end > need[d->dim])
			need[d->dim] = end;
	}
}

vigil_status core_shres_apply(struct vigil_core_ctx *ctx, struct core_pipe *p, struct core_prog *pr,
			      bool compute)
{
	const struct core_range *ssbo_claim[CORE_MAX_SHADER_RES] = { NULL };
	const struct core_image *img_claim[CORE_MAX_SHADER_RES] = { NULL };
	uint64_t need[CORE_MAX_SHADER_RES] = { 0 };
	uint32_t first = compute ? 5u : 0u, end = compute ? CORE_STAGES : CORE_GFX_STAGES;
	uint32_t ssbo = 0, img = 0, atom = 0;
	struct core_shres *sr;
	vigil_status s;

	for (uint32_t st = first; st < end; st++) {
		if (!pr->key.serial[st])
			continue;
		ssbo |= pr->st[st].info.ssbo_mask;
		img |= pr->st[st].info.image_mask;
		atom |= pr->st[st].info.atomic_mask;
	}
	if (!ssbo && !img && !atom)
		return VIGIL_OK;
	s = shres_get(p, &sr);
	if (s != VIGIL_OK)
		return s;
	if (!pr->res_located)
		locate_res(ctx, pr);
	for (uint32_t st = first; st < end; st++) {
		if (!pr->key.serial[st])
			continue;
		s = bind_ssbos(sr, pr, st, ssbo_claim);
		if (s == VIGIL_OK)
			s = bind_images(sr, p, pr, st, img_claim);
		if (s != VIGIL_OK)
			return s;
		atomic_need(p, st, need);
	}
	for (uint32_t b = 0; b < CORE_MAX_SHADER_RES; b++) {
		const struct core_range *r = &sr->atomic[b];
		if (!need[b])
			continue;
		if (r->res) {
			if (need[b] > r->length)
				return VIGIL_E_BOX; /* counters past the bound range: undefined in GL */
			glBindBufferRange(GL_ATOMIC_COUNTER_BUFFER, b, r->res->id, (GLintptr)r->offset,
					  (GLsizeiptr)r->length);
		} else {
			if (need[b] > DUMMY_BYTES)
				return VIGIL_E_BOX;
			glBindBufferRange(GL_ATOMIC_COUNTER_BUFFER, b, dummy_buffer(sr), 0, DUMMY_BYTES);
		}
	}
	return VIGIL_OK;
}

void core_shres_fini(struct vigil_core_ctx *ctx, struct core_pipe *p)
{
	struct core_shres *sr = p->shres;

	if (!sr)
		return;
	for (uint32_t s = 0; s < CORE_STAGES; s++) {
		for (uint32_t n = 0; n < CORE_MAX_SHADER_RES; n++) {
			core_res_bind(ctx, &sr->ssbo[s][n].res, NULL);
			image_clear(ctx, &sr->img[s][n]);
		}
	}
	for (uint32_t n = 0; n < CORE_MAX_SHADER_RES; n++)
		core_res_bind(ctx, &sr->atomic[n].res, NULL);
	if (sr->dummy)
		glDeleteBuffers(1, &sr->dummy);
	free(sr);
	p->shres = NULL;
}

void core_shres_free_nogl(struct core_pipe *p)
{
	/* resources are freed by core_res_destroy_all whatever is held here (objects.c) */
	free(p->shres);
	p->shres = NULL;
}
