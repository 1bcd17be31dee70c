/*
 * probe.c: what this host's driver can do, measured rather than assumed.
 *
 * Trusted host state only (no guest data). Limits come from glGetIntegerv / glGetFloatv on
 * the probe context. Each format of the table is tried for real: immutable 2D storage
 * (sampling), FBO completeness (rendering) and, in a scratch guest context, an exact
 * TRANSFER_PUT / TRANSFER_GET round trip of an 8x8 pattern through the same code the guest's
 * transfers use (readback). The caps (caps.c) advertise only formats that passed.
 */
#include <stdlib.h>
#include <string.h>

#include "core_priv.h"

static GLint geti(GLenum e, GLint fallback)
{
	GLint v = fallback;

	glGetIntegerv(e, &v);
	return glGetError() == GL_NO_ERROR ? v : fallback;
}

static void probe_limits(struct vigil_core *core)
{
	struct core_limits *l = &core->limits;
	bool es = core->gles;

	l->max_texture_size = geti(GL_MAX_TEXTURE_SIZE, 2048);
	l->max_3d_size = geti(GL_MAX_3D_TEXTURE_SIZE, 256);
	l->max_cube_size = geti(GL_MAX_CUBE_MAP_TEXTURE_SIZE, 2048);
	l->max_array_layers = geti(GL_MAX_ARRAY_TEXTURE_LAYERS, 256);
	l->max_samples = geti(GL_MAX_SAMPLES, 1);
	l->max_color_attachments = geti(GL_MAX_COLOR_ATTACHMENTS, 4);
	l->max_draw_buffers = geti(GL_MAX_DRAW_BUFFERS, 4);
	l->max_texture_units = geti(GL_MAX_TEXTURE_IMAGE_UNITS, 16);
	l->max_vertex_attribs = geti(GL_MAX_VERTEX_ATTRIBS, 16);
	l->max_uniform_blocks = geti(GL_MAX_FRAGMENT_UNIFORM_BLOCKS, 12);
	l->max_ubo_size = geti(GL_MAX_UNIFORM_BLOCK_SIZE, 16384);
	l->max_varying_components = geti(GL_MAX_VERTEX_OUTPUT_COMPONENTS, 64);
	l->max_geom_out_vertices = es && core->gl_version < 32 ? 0 : geti(GL_MAX_GEOMETRY_OUTPUT_VERTICES, 0);
	l->max_geom_total_out = es && core->gl_version < 32 ? 0 : geti(GL_MAX_GEOMETRY_TOTAL_OUTPUT_COMPONENTS, 0);
	l->min_texel_offset = geti(GL_MIN_PROGRAM_TEXEL_OFFSET, -8);
	l->max_texel_offset = geti(GL_MAX_PROGRAM_TEXEL_OFFSET, 7);
	l->ubo_alignment = geti(GL_UNIFORM_BUFFER_OFFSET_ALIGNMENT, 256);
	l->max_tbo_size = es && core->gl_version < 32 ? 0 : geti(GL_MAX_TEXTURE_BUFFER_SIZE, 0);
	l->max_viewports = core->has_viewport_array ? geti(GL_MAX_VIEWPORTS, 1) : 1; /* = _OES */
	/* GLES: EXT_blend_func_extended (same enum); without it no dual-source blending. */
	l->max_dual_source = es && !epoxy_has_gl_extension("GL_EXT_blend_func_extended")
		? 0 : geti(GL_MAX_DUAL_SOURCE_DRAW_BUFFERS, 0);
	l->max_xfb_buffers = geti(GL_MAX_TRANSFORM_FEEDBACK_SEPARATE_ATTRIBS, 4);
	if (es ? core->gl_version >= 31 : core->gl_version >= 43) {
		l->max_ssbo_fs = geti(GL_MAX_FRAGMENT_SHADER_STORAGE_BLOCKS, 0);
		l->max_ssbo_vs = geti(GL_MAX_VERTEX_SHADER_STORAGE_BLOCKS, 0);
		l->max_combined_ssbo = geti(GL_MAX_COMBINED_SHADER_STORAGE_BLOCKS, 0);
		l->max_image_fs = geti(GL_MAX_FRAGMENT_IMAGE_UNIFORMS, 0);
		l->max_image_vs = geti(GL_MAX_VERTEX_IMAGE_UNIFORMS, 0);
		l->max_image_samples = es ? 0 : geti(GL_MAX_IMAGE_SAMPLES, 0);
		l->max_cs_invocations = geti(GL_MAX_COMPUTE_WORK_GROUP_INVOCATIONS, 0);
		l->max_cs_shared = geti(GL_MAX_COMPUTE_SHARED_MEMORY_SIZE, 0);
		for (GLuint i = 0; i < 3; i++) {
			l->max_cs_grid[i] = 0;
			l->max_cs_block[i] = 0;
			glGetIntegeri_v(GL_MAX_COMPUTE_WORK_GROUP_COUNT, i, &l->max_cs_grid[i]);
			glGetIntegeri_v(GL_MAX_COMPUTE_WORK_GROUP_SIZE, i, &l->max_cs_block[i]);
		}
		l->max_atomic_counters = geti(GL_MAX_FRAGMENT_ATOMIC_COUNTERS, 0);
		l->max_atomic_buffers = geti(GL_MAX_FRAGMENT_ATOMIC_COUNTER_BUFFERS, 0);
		(void)glGetError();
	}
	l->point_size[0] = 1.0f;
	l->point_size[1] = 1.0f;
	l->line_width[0] = 1.0f;
	l->line_width[1] = 1.0f;
	glGetFloatv(GL_ALIASED_POINT_SIZE_RANGE, l->point_size);
	glGetFloatv(GL_ALIASED_LINE_WIDTH_RANGE, l->line_width);
	l->max_lod_bias = 2.0f;
	glGetFloatv(GL_MAX_TEXTURE_LOD_BIAS, &l->max_lod_bias);
	(void)glGetError();
}

static void probe_format(struct core_format *f, GLuint fbo)
{
	GLuint t;
	GLenum att = GL_COLOR_ATTACHMENT0;

	(void)glGetError();
	glGenTextures(1, &t);
	glBindTexture(GL_TEXTURE_2D, t);
	glTexStorage2D(GL_TEXTURE_2D, 1, f->internal, 8, 8);
	f->can_sample = glGetError() == GL_NO_ERROR;
	if (f->can_sample && !(f->flags & CORE_FMT_COMPRESSED)) {
		if ((f->flags & CORE_FMT_DEPTH) && (f->flags & CORE_FMT_STENCIL))
			att = GL_DEPTH_STENCIL_ATTACHMENT;
		else if (f->flags & CORE_FMT_DEPTH)
			att = GL_DEPTH_ATTACHMENT;
		else if (f->flags & CORE_FMT_STENCIL)
			att = GL_STENCIL_ATTACHMENT;
		glBindFramebuffer(GL_FRAMEBUFFER, fbo);
		glFramebufferTexture2D(GL_FRAMEBUFFER, att, GL_TEXTURE_2D, t, 0);
		f->can_render = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
		glFramebufferTexture2D(GL_FRAMEBUFFER, att, GL_TEXTURE_2D, 0, 0);
		glBindFramebuffer(GL_FRAMEBUFFER, 0);
	}
	glBindTexture(GL_TEXTURE_2D, 0);
	glDeleteTextures(1, &t);
	(void)glGetError();
}

void core_probe(struct vigil_core *core)
{
	GLuint fbo;

	probe_limits(core);
	glGenFramebuffers(1, &fbo);
	for (uint32_t v = 0; v < CORE_FMT_COUNT; v++) {
		if (core->formats.present[v])
			probe_format(&core->formats.fmt[v], fbo);
	}
	glDeleteFramebuffers(1, &fbo);
}

/* A pattern every format stores exactly: small positive normal floats, depth in [0, 1], and
 * zero where a format has unused bits (the X24 of Z32F_S8X24). */
static void pattern(const struct core_format *f, uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(0x30u + ((i * 7u + i / 3u) & 0xfu));
	if (f->internal == GL_DEPTH32F_STENCIL8)
		for (size_t i = 0; i + 8 <= n; i += 8)
			memset(p + i + 5, 0, 3);
}

static bool round_trip(struct vigil_core_ctx *ctx, struct core_format *f, uint32_t handle)
{
	struct vigil_res_args a = { VIGIL_RES_TARGET_2D, f->virgl, VIGIL_RES_BIND_SAMPLER_VIEW, 8, 8,
				    1, 1, 0, 0, 0 };
	struct vigil_res_desc d;
	struct vigil_box b = { 0, 0, 0, 8, 8, 1 };
	uint8_t *src, *mem;
	struct iovec one;
	struct core_res *r;
	bool ok = false;

	if (vigil_res_desc_init(&d, &a) != VIGIL_OK)
		return false;
	a.data_size = d.layout_size;
	src = malloc(d.layout_size);
	mem = calloc(1, d.layout_size);
	if (src && mem && core_res_create(ctx, 0, handle, &a) == VIGIL_OK) {
		struct core_backing bk = { &one, 1, d.layout_size };

		one.iov_base = mem;
		one.iov_len = d.layout_size;
		r = core_res_get(ctx, handle);
		pattern(f, src, d.layout_size);
		memcpy(mem, src, d.layout_size);
		if (core_transfer_bk(ctx, handle, &bk, 0, &b, 0, 0, 0, true) == VIGIL_OK) {
			memset(mem, 0, d.layout_size);
			ok = core_transfer_bk(ctx, handle, &bk, 0, &b, 0, 0, 0, false) == VIGIL_OK &&
			     memcmp(mem, src, d.layout_size) == 0;
		}
		core_res_unref(ctx, r);
	}
	free(src);
	free(mem);
	return ok;
}

void core_probe_readback(struct vigil_core *core)
{
	struct vigil_core_ctx *ctx;

	if (vigil_core_ctx_create(core, "probe", &ctx) != VIGIL_OK)
		return;
	for (uint32_t v = 0; v < CORE_FMT_COUNT; v++) {
		struct core_format *f = &core->formats.fmt[v];
		if (core->formats.present[v] && f->can_sample)
			f->can_read = round_trip(ctx, f, v + 1u);
	}
	vigil_core_ctx_destroy(ctx);
}
