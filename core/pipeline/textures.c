/*
 * textures.c: sampler views (textures, texture views and buffer textures) and sampler states
 * (GL sampler objects), and their binding to the texture units of a program.
 *
 * Input: CREATE_OBJECT(SAMPLER_VIEW / SAMPLER_STATE) records, untrusted: the view's resource
 * resolves in the context's map and its level, layer and element ranges are re-checked against
 * the core's descriptor; the format must have a table entry; swizzles and sampler enums go
 * through bounded tables. Views of another format, target or layer range use GL texture
 * views. Guarantees: a view holds a reference on its resource; the GL
 * objects it creates (buffer texture, texture view) are deleted with it. Legacy formats stored
 * in R / RG textures (L, A, I, LA) and formats with an X channel get their channel mapping by
 * composing the view's swizzle with the format's, so sampling sees Gallium's values.
 */
#include <string.h>

#include "pipe.h"

static const GLenum swz_gl[6] = { GL_RED, GL_GREEN, GL_BLUE, GL_ALPHA, GL_ZERO, GL_ONE };

/* How each logical channel of the guest format is read from the host storage (0..3 = storage
 * R..A, 4 = zero, 5 = one). */
static void format_swizzle(uint32_t format, uint8_t out[4])
{
	static const uint8_t id[4] = { 0, 1, 2, 3 }, lum[4] = { 0, 0, 0, 5 }, alpha[4] = { 4, 4, 4, 0 },
			     inten[4] = { 0, 0, 0, 0 }, la[4] = { 0, 0, 0, 1 }, x[4] = { 0, 1, 2, 5 };
	const uint8_t *s = id;

	switch (format) {
	case 9: case 13: /* L8, L16 */
		s = lum;
		break;
	case 10: case 141: /* A8, A16 */
		s = alpha;
		break;
	case 11: /* I8 */
		s = inten;
		break;
	case 12: /* L8A8 */
		s = la;
		break;
	case 2: case 4: case 68: case 101: case 134: case 229: case 230: case 231: case 232:
	case 233: case 236: case 239: /* X channel: alpha reads as one */
		s = x;
		break;
	default:
		break;
	}
	memcpy(out, s, 4);
}

static GLenum compose(uint32_t view_swz, const uint8_t fmt[4])
{
	if (view_swz > 5u)
		return GL_ZERO;
	if (view_swz >= 4u)
		return swz_gl[view_swz];
	return swz_gl[fmt[view_swz]];
}

static vigil_status buffer_view(struct vigil_core_ctx *ctx, struct core_sview *v,
				const struct vigil_rec_create_sampler_view *r)
{
	uint64_t off, size;

	if (ctx->core->gles && ctx->core->gl_version < 32)
		return VIGIL_E_UNSUPPORTED;
	if (!v->fmt || (v->fmt->flags & (CORE_FMT_COMPRESSED | CORE_FMT_DEPTH | CORE_FMT_STENCIL)))
		return VIGIL_E_STATE;
	v->first_elem = r->a;
	v->last_elem = r->b;
	off = (uint64_t)r->a * v->fmt->block_bytes;
	size = ((uint64_t)r->b - r->a + 1u) * v->fmt->block_bytes;
	if (r->a > r->b || off > v->res->desc.width || size > v->res->desc.width - off)
		return VIGIL_E_BOX;
	(void)core_gl_check(ctx);
	glGenTextures(1, &v->tex);
	glBindTexture(GL_TEXTURE_BUFFER, v->tex);
	glTexBufferRange(GL_TEXTURE_BUFFER, v->fmt->internal, v->res->id, (GLintptr)off, (GLsizeiptr)size);
	if (core_gl_check(ctx) != VIGIL_OK && off == 0)
		glTexBuffer(GL_TEXTURE_BUFFER, v->fmt->internal, v->res->id);
	glBindTexture(GL_TEXTURE_BUFFER, 0);
	v->target = GL_TEXTURE_BUFFER;
	(void)core_gl_check(ctx); /* an unaligned range samples nothing; not a context failure */
	return VIGIL_OK;
}

static bool layered(GLenum t)
{
	return t == GL_TEXTURE_1D_ARRAY || t == GL_TEXTURE_2D_ARRAY || t == GL_TEXTURE_CUBE_MAP ||
	       t == GL_TEXTURE_CUBE_MAP_ARRAY || t == GL_TEXTURE_2D_MULTISAMPLE_ARRAY;
}

/* A view that reads the resource with another format of the same size class, another target
 * (a 2D array as a cube map, one layer as a 2D texture) or a sub-range of its layers goes
 * through a GL texture view (GL 4.3, GLES with OES/EXT_texture_view) of every level. GL
 * checks the target and layer-count compatibility (GL 4.6 table 8.22); a combination it
 * refuses leaves the plain resource bound, as before views existed. */
static void texture_view(struct vigil_core_ctx *ctx, struct core_sview *v, const struct core_res *res,
			 uint32_t pipe_target)
{
	GLenum vt = pipe_target ? core_gl_target(ctx->core, pipe_target, res->desc.nr_samples) : res->target;
	uint32_t all = vigil_res_level_layers(&res->desc, 0), first = 0, n = all;
	bool same_class = v->fmt && res->fmt && v->fmt->block_bytes == res->fmt->block_bytes &&
			  !((v->fmt->flags ^ res->fmt->flags) & (CORE_FMT_DEPTH | CORE_FMT_STENCIL | CORE_FMT_COMPRESSED));
	GLenum internal = same_class ? v->fmt->internal : res->fmt ? res->fmt->internal : 0;

	if (!vt || !internal)
		return;
	if (layered(res->target)) {
		first = v->first_layer;
		n = !layered(vt) ? 1u : vt == GL_TEXTURE_CUBE_MAP ? 6u : v->last_layer - v->first_layer + 1u;
	} else {
		all = n = 1; /* 1D, 2D, 3D, rectangle: one layer */
	}
	if (vt == res->target && first == 0 && n == all && internal == res->fmt->internal)
		return; /* the resource itself */
	(void)core_gl_check(ctx);
	glGenTextures(1, &v->tex);
	glTextureView(v->tex, vt, res->id, internal, 0, res->desc.last_level + 1u, first, n);
	if (core_gl_check(ctx) != VIGIL_OK) {
		glDeleteTextures(1, &v->tex);
		v->tex = 0;
		return;
	}
	v->target = vt;
}

vigil_status core_sview_create(struct vigil_core_ctx *ctx, struct core_obj *o,
			       const struct vigil_rec_create_sampler_view *r)
{
	struct core_sview *v = &o->u.sv;
	struct core_res *res = core_res_get(ctx, r->res.v);
	const uint32_t swz[4] = { r->swizzle_r, r->swizzle_g, r->swizzle_b, r->swizzle_a };
	uint8_t fs[4];

	if (!res)
		return VIGIL_E_UNKNOWN_HANDLE;
	res->refs++;
	v->res = res;
	v->format = r->format;
	v->fmt = core_format_get(&ctx->core->formats, r->format);
	format_swizzle(r->format, fs);
	for (uint32_t i = 0; i < 4; i++)
		v->swizzle[i] = compose(swz[i], fs);
	if (res->target == GL_ARRAY_BUFFER) {
		v->buffer = true;
		return buffer_view(ctx, v, r);
	}
	v->first_level = r->b & 0xffu;
	v->last_level = (r->b >> 8) & 0xffu;
	v->first_layer = r->a & 0xffffu;
	v->last_layer = r->a >> 16;
	if (v->first_level > v->last_level || v->last_level > res->desc.last_level ||
	    v->first_layer > v->last_layer ||
	    v->last_layer >= vigil_res_level_layers(&res->desc, v->first_level))
		return VIGIL_E_BOX;
	v->target = res->target;
	if (ctx->core->has_tex_view)
		texture_view(ctx, v, res, r->target);
	return VIGIL_OK;
}

void core_sview_fini(struct core_obj *o)
{
	if (o->u.sv.tex)
		glDeleteTextures(1, &o->u.sv.tex);
	o->u.sv.tex = 0;
}

static const GLenum wrap_gl[8] = { GL_REPEAT, GL_CLAMP_TO_EDGE, GL_CLAMP_TO_EDGE, GL_CLAMP_TO_BORDER,
	GL_MIRRORED_REPEAT, GL_MIRROR_CLAMP_TO_EDGE, GL_MIRROR_CLAMP_TO_EDGE, GL_MIRROR_CLAMP_TO_EDGE };
static const GLenum compare_gl[8] = { GL_NEVER, GL_LESS, GL_EQUAL, GL_LEQUAL, GL_GREATER, GL_NOTEQUAL,
	GL_GEQUAL, GL_ALWAYS };

static GLenum wrap(const struct vigil_core *core, uint32_t v)
{
	GLenum w = v < 8u ? wrap_gl[v] : GL_REPEAT;

	if (core->gles && w == GL_MIRROR_CLAMP_TO_EDGE)
		return GL_MIRRORED_REPEAT; /* GLES has no mirror-clamp modes */
	if (core->gles && w == GL_CLAMP_TO_BORDER && core->gl_version < 32)
		return GL_CLAMP_TO_EDGE;
	return w;
}

static GLuint make_sampler(struct vigil_core_ctx *ctx, const struct vigil_rec_create_sampler_state *r,
			   bool mip)
{
	struct vigil_core *core = ctx->core;
	GLenum minf;
	GLuint s;
	float border[4];

	glGenSamplers(1, &s);
	glSamplerParameteri(s, GL_TEXTURE_WRAP_S, (GLint)wrap(core, r->wrap_s));
	glSamplerParameteri(s, GL_TEXTURE_WRAP_T, (GLint)wrap(core, r->wrap_t));
	glSamplerParameteri(s, GL_TEXTURE_WRAP_R, (GLint)wrap(core, r->wrap_r));
	if (r->min_mip_filter == 2u || !mip) /* PIPE_TEX_MIPFILTER_NONE */
		minf = r->min_img_filter ? GL_LINEAR : GL_NEAREST;
	else if (r->min_mip_filter == 1u)
		minf = r->min_img_filter ? GL_LINEAR_MIPMAP_LINEAR : GL_NEAREST_MIPMAP_LINEAR;
	else
		minf = r->min_img_filter ? GL_LINEAR_MIPMAP_NEAREST : GL_NEAREST_MIPMAP_NEAREST;
	glSamplerParameteri(s, GL_TEXTURE_MIN_FILTER, (GLint)minf);
	glSamplerParameteri(s, GL_TEXTURE_MAG_FILTER, r->mag_img_filter ? GL_LINEAR : GL_NEAREST);
	glSamplerParameteri(s, GL_TEXTURE_COMPARE_MODE, r->compare_mode ? GL_COMPARE_REF_TO_TEXTURE : GL_NONE);
	glSamplerParameteri(s, GL_TEXTURE_COMPARE_FUNC, (GLint)(r->compare_func < 8u ? compare_gl[r->compare_func] : GL_LEQUAL));
	if (r->min_lod == r->min_lod)
		glSamplerParameterf(s, GL_TEXTURE_MIN_LOD, r->min_lod);
	if (r->max_lod == r->max_lod)
		glSamplerParameterf(s, GL_TEXTURE_MAX_LOD, r->max_lod);
	if (!core->gles && r->lod_bias == r->lod_bias)
		glSamplerParameterf(s, GL_TEXTURE_LOD_BIAS, r->lod_bias);
	if (r->max_anisotropy > 1u && (epoxy_has_gl_extension("GL_EXT_texture_filter_anisotropic") ||
				       (!core->gles && core->gl_version >= 46)))
		glSamplerParameterf(s, GL_TEXTURE_MAX_ANISOTROPY_EXT, (float)(r->max_anisotropy & 0x3fu));
	if (!core->gles || core->gl_version >= 32) {
		memcpy(border, &r->border_color0, sizeof(border));
		glSamplerParameterfv(s, GL_TEXTURE_BORDER_COLOR, border);
	}
	return s;
}

vigil_status core_sstate_create(struct vigil_core_ctx *ctx, struct core_obj *o,
				const struct vigil_rec_create_sampler_state *r)
{
	(void)core_gl_check(ctx);
	o->sampler = make_sampler(ctx, r, true);
	/* Rectangle textures have no mipmaps: a mipmap filter would make them incomplete. */
	if (r->min_mip_filter != 2u)
		o->sampler_nomip = make_sampler(ctx, r, false);
	(void)core_gl_check(ctx); /* a parameter the host lacks leaves its default */
	return VIGIL_OK;
}

vigil_status core_bind_textures(struct vigil_core_ctx *ctx, struct core_pipe *p, struct core_prog *pr)
{
	bool seamless = false;

	for (uint32_t s = 0; s < CORE_STAGES; s++) { /* units of unused stages are -1 */
		for (uint32_t n = 0; n < CORE_MAX_SAMPLERS; n++) {
			const struct core_obj *vo = p->views[s][n], *so = p->samplers[s][n];
			GLint unit = pr->st[s].unit[n];
			const struct core_sview *v;

			if (unit < 0)
				continue;
			glActiveTexture(GL_TEXTURE0 + (GLenum)unit);
			if (so && vo && !vo->u.sv.buffer)
				glBindSampler((GLuint)unit, vo->u.sv.target == GL_TEXTURE_RECTANGLE && so->sampler_nomip ?
					      so->sampler_nomip : so->sampler);
			else
				glBindSampler((GLuint)unit, 0);
			if (so && so->u.ss.seamless_cube_map)
				seamless = true;
			if (!vo) {
				/* Gallium samples zeros from an unbound view: texture 0 does too. Every
				 * target of the unit is cleared, so an earlier draw's texture of another
				 * target cannot be sampled through it. */
				static const GLenum targets[] = { GL_TEXTURE_2D, GL_TEXTURE_3D, GL_TEXTURE_CUBE_MAP,
					GL_TEXTURE_2D_ARRAY, GL_TEXTURE_2D_MULTISAMPLE };
				for (size_t t = 0; t < sizeof(targets) / sizeof(targets[0]); t++)
					glBindTexture(targets[t], 0);
				if (!ctx->core->gles) {
					glBindTexture(GL_TEXTURE_1D, 0);
					glBindTexture(GL_TEXTURE_1D_ARRAY, 0);
					glBindTexture(GL_TEXTURE_RECTANGLE, 0);
				}
				continue;
			}
			v = &vo->u.sv;
			glBindTexture(v->target, v->tex ? v->tex : v->res->id);
			if (v->buffer || v->res->desc.nr_samples > 1)
				continue;
			glTexParameteri(v->target, GL_TEXTURE_BASE_LEVEL, (GLint)v->first_level);
			glTexParameteri(v->target, GL_TEXTURE_MAX_LEVEL, (GLint)v->last_level);
			{
				glTexParameteri(v->target, GL_TEXTURE_SWIZZLE_R, (GLint)v->swizzle[0]);
				glTexParameteri(v->target, GL_TEXTURE_SWIZZLE_G, (GLint)v->swizzle[1]);
				glTexParameteri(v->target, GL_TEXTURE_SWIZZLE_B, (GLint)v->swizzle[2]);
				glTexParameteri(v->target, GL_TEXTURE_SWIZZLE_A, (GLint)v->swizzle[3]);
			}
			if (v->res->fmt && (v->res->fmt->flags & CORE_FMT_DEPTH) && (v->res->fmt->flags & CORE_FMT_STENCIL))
				glTexParameteri(v->target, GL_DEPTH_STENCIL_TEXTURE_MODE,
						v->fmt && !(v->fmt->flags & CORE_FMT_DEPTH) ? GL_STENCIL_INDEX : GL_DEPTH_COMPONENT);
		}
	}
	if (!ctx->core->gles)
		(seamless ? glEnable : glDisable)(GL_TEXTURE_CUBE_MAP_SEAMLESS);
	glActiveTexture(GL_TEXTURE0);
	return VIGIL_OK;
}
