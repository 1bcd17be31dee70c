/*
 * caps.c: the capability blobs (virgl_caps_v1 / virgl_caps_v2, PROTOCOL.md 3.1) and the
 * matching validator features.
 *
 * No guest input. Every limit is the host's real limit (probe.c) capped at virglrenderer's
 * figure; every format mask lists the formats the probe found the host samples, renders or
 * reads back exactly; every advertised bit of bset, capability_bits and capability_bits_v2 is a
 * row of caps_bits below with the reason vigil may set it (what executes it), per backend. The
 * GLSL level is what core/glsl emits for the host (4.50 on desktop GL 4.5; 4.30 on GLES 3.2,
 * written as ES 3.20). The guest then sees GL 4.3 core / GLES 3.1 on the GL backend and GL 4.0 /
 * GLES 3.1 on the GLES backend. Not advertised: TRANSFER unless the embedder asks (Mesa then
 * uses TRANSFER_PUT2 / GET2), QBO, INDIRECT_PARAMS, TRANSFORM_FEEDBACK3 on GLES, FBFETCH,
 * IMPLICIT_MSAA and the other features whose commands the core does not execute.
 */
#include <stddef.h>
#include <string.h>

#include "core_priv.h"
#include "vigil_spec.h"

struct caps_mask {
	uint32_t bits[16];
};

struct caps_v1 {
	uint32_t max_version;
	struct caps_mask sampler, render, depthstencil, vertexbuffer;
	uint32_t bset, glsl_level, max_texture_array_layers, max_streamout_buffers;
	uint32_t max_dual_source_render_targets, max_render_targets, max_samples, prim_mask;
	uint32_t max_tbo_size, max_uniform_blocks, max_viewports, max_texture_gather_components;
};

struct caps_v2 {
	struct caps_v1 v1;
	float min_aliased_point_size, max_aliased_point_size, min_smooth_point_size, max_smooth_point_size;
	float min_aliased_line_width, max_aliased_line_width, min_smooth_line_width, max_smooth_line_width;
	float max_texture_lod_bias;
	uint32_t max_geom_output_vertices, max_geom_total_output_components, max_vertex_outputs;
	uint32_t max_vertex_attribs, max_shader_patch_varyings;
	int32_t min_texel_offset, max_texel_offset, min_texture_gather_offset, max_texture_gather_offset;
	uint32_t texture_buffer_offset_alignment, uniform_buffer_offset_alignment;
	uint32_t shader_buffer_offset_alignment, capability_bits, sample_locations[8];
	uint32_t max_vertex_attrib_stride, max_shader_buffer_frag_compute, max_shader_buffer_other_stages;
	uint32_t max_shader_image_frag_compute, max_shader_image_other_stages, max_image_samples;
	uint32_t max_compute_work_group_invocations, max_compute_shared_memory_size;
	uint32_t max_compute_grid_size[3], max_compute_block_size[3];
	uint32_t max_texture_2d_size, max_texture_3d_size, max_texture_cube_size;
	uint32_t max_combined_shader_buffers, max_atomic_counters[6], max_atomic_counter_buffers[6];
	uint32_t max_combined_atomic_counters, max_combined_atomic_counter_buffers;
	uint32_t host_feature_check_version;
	struct caps_mask supported_readback_formats, scanout;
	uint32_t capability_bits_v2, max_video_memory;
	char renderer[64];
	float max_anisotropy;
	uint32_t max_texture_image_units;
	struct caps_mask supported_multisample_formats;
	uint32_t max_const_buffer_size[6], num_video_caps, video_caps[32][4], max_uniform_block_size;
};

#define AT(f, o) _Static_assert(offsetof(struct caps_v2, f) == (o), #f " at " #o)
_Static_assert(sizeof(struct caps_v1) == 308, "virgl_caps_v1 is 308 bytes");
_Static_assert(sizeof(struct caps_v2) == 1376, "virgl_caps_v2 is 1376 bytes");
AT(v1.sampler, 4); AT(v1.render, 68); AT(v1.depthstencil, 132); AT(v1.vertexbuffer, 196);
AT(v1.bset, 260); AT(v1.glsl_level, 264); AT(v1.max_texture_array_layers, 268);
AT(v1.max_streamout_buffers, 272); AT(v1.max_dual_source_render_targets, 276);
AT(v1.max_render_targets, 280); AT(v1.max_samples, 284); AT(v1.prim_mask, 288);
AT(v1.max_tbo_size, 292); AT(v1.max_uniform_blocks, 296); AT(v1.max_viewports, 300);
AT(v1.max_texture_gather_components, 304); AT(min_aliased_point_size, 308);
AT(max_texture_lod_bias, 340); AT(max_geom_output_vertices, 344);
AT(max_geom_total_output_components, 348); AT(max_vertex_outputs, 352); AT(max_vertex_attribs, 356);
AT(max_shader_patch_varyings, 360); AT(min_texel_offset, 364); AT(max_texel_offset, 368);
AT(min_texture_gather_offset, 372); AT(max_texture_gather_offset, 376);
AT(texture_buffer_offset_alignment, 380); AT(uniform_buffer_offset_alignment, 384);
AT(shader_buffer_offset_alignment, 388); AT(capability_bits, 392); AT(sample_locations, 396);
AT(max_vertex_attrib_stride, 428); AT(max_shader_buffer_frag_compute, 432);
AT(max_shader_buffer_other_stages, 436); AT(max_shader_image_frag_compute, 440);
AT(max_shader_image_other_stages, 444); AT(max_image_samples, 448);
AT(max_compute_work_group_invocations, 452); AT(max_compute_shared_memory_size, 456);
AT(max_compute_grid_size, 460); AT(max_compute_block_size, 472); AT(max_texture_2d_size, 484);
AT(max_texture_3d_size, 488); AT(max_texture_cube_size, 492); AT(max_combined_shader_buffers, 496);
AT(max_atomic_counters, 500); AT(max_atomic_counter_buffers, 524);
AT(max_combined_atomic_counters, 548); AT(max_combined_atomic_counter_buffers, 552);
AT(host_feature_check_version, 556); AT(supported_readback_formats, 560); AT(scanout, 624);
AT(capability_bits_v2, 688); AT(max_video_memory, 692); AT(renderer, 696); AT(max_anisotropy, 760);
AT(max_texture_image_units, 764); AT(supported_multisample_formats, 768);
AT(max_const_buffer_size, 832); AT(num_video_caps, 856); AT(video_caps, 860);
AT(max_uniform_block_size, 1372);

/* Where a bit lives, and on which backends vigil sets it. */
enum caps_word { CW_BSET, CW_CAP, CW_CAP2 };
#define ON_GL 1u
#define ON_GLES 2u
#define ON_BOTH 3u

/* A host feature a bit needs on top of the backend (core_priv.h's has_* flags). */
enum caps_need { N_ANY, N_CLEAR_TEX, N_COMPUTE, N_TEX_VIEW, N_BASE_INSTANCE, N_COPY_IMAGE,
		 N_CLIP_CULL, N_OFFSET_CLAMP, N_CLIP_CONTROL, N_SRGB_WRITE };

struct caps_bit {
	uint8_t word, bit, on, need;
	const char *why; /* what vigil implements that makes the bit true */
};

/* Every bit vigil advertises, with its reason. A bit absent here is never set: its commands
 * or semantics are not implemented (e.g. TRANSFORM_FEEDBACK3 streams, QBO, FBFETCH). */
static const struct caps_bit caps_bits[] = {
	{ CW_BSET, 0, ON_BOTH, N_ANY, "indep_blend_enable: per-target blend enable (glEnablei)" },
	{ CW_BSET, 1, ON_BOTH, N_ANY, "indep_blend_func: per-target equations (glBlendFuncSeparatei)" },
	{ CW_BSET, 2, ON_BOTH, N_ANY, "cube_map_array: CUBE_ARRAY resources and samplers" },
	{ CW_BSET, 3, ON_GL, N_ANY, "shader_stencil_export: FS STENCIL output (ARB_shader_stencil_export)" },
	{ CW_BSET, 4, ON_BOTH, N_ANY, "conditional_render: SET_RENDER_CONDITION" },
	{ CW_BSET, 5, ON_BOTH, N_BASE_INSTANCE, "start_instance: base instance (GL 4.2 / EXT_base_instance)" },
	{ CW_BSET, 6, ON_BOTH, N_ANY, "primitive_restart: DRAW_VBO restart index" },
	{ CW_BSET, 8, ON_BOTH, N_ANY, "instanceid: INSTANCEID system value" },
	{ CW_BSET, 10, ON_BOTH, N_ANY, "seamless_cube_map" },
	{ CW_BSET, 11, ON_BOTH, N_ANY, "occlusion_query: query objects" },
	{ CW_BSET, 12, ON_BOTH, N_ANY, "timer_query: TIMESTAMP / TIME_ELAPSED queries" },
	{ CW_BSET, 13, ON_BOTH, N_ANY, "streamout_pause_resume: SET_STREAMOUT_TARGETS append mask" },
	{ CW_BSET, 14, ON_BOTH, N_ANY, "texture_multisample: multisampled resources and TXF on them" },
	{ CW_BSET, 15, ON_GL, N_ANY, "fragment_coord_conventions: FS_COORD_ORIGIN / PIXEL_CENTER" },
	{ CW_BSET, 16, ON_BOTH, N_ANY, "depth_clip_disable: rasterizer depth_clip -> depth clamp" },
	{ CW_BSET, 21, ON_GL, N_ANY, "mirror_clamp: MIRROR_CLAMP* wrap modes (GL only)" },
	{ CW_BSET, 22, ON_BOTH, N_ANY, "texture_query_lod: LODQ" },
	{ CW_BSET, 23, ON_GL, N_ANY, "has_fp64: double opcodes (GLSL 4.00)" },
	{ CW_BSET, 24, ON_BOTH, N_ANY, "has_tessellation_shaders: TCS/TES shaders, SET_TESS_STATE" },
	{ CW_BSET, 25, ON_BOTH, N_ANY, "has_indirect_draw: DRAW_VBO indirect" },
	{ CW_BSET, 26, ON_BOTH, N_ANY, "has_sample_shading: SET_MIN_SAMPLES, SAMPLEID/SAMPLEPOS" },
	{ CW_BSET, 27, ON_BOTH, N_CLIP_CULL, "has_cull: CULLDIST outputs (GL 4.5 / EXT_clip_cull_distance)" },
	{ CW_BSET, 28, ON_GL, N_ANY, "conditional_render_inverted: inverted render-condition modes" },
	{ CW_BSET, 29, ON_GL, N_ANY, "derivative_control: DDX_FINE / DDY_FINE" },
	{ CW_BSET, 30, ON_BOTH, N_OFFSET_CLAMP, "polygon_offset_clamp: glPolygonOffsetClamp (pipeline/apply.c; GL 4.6 / EXT)" },
	{ CW_CAP, 0, ON_BOTH, N_ANY, "TGSI_INVARIANT: invariant outputs" },
	{ CW_CAP, 1, ON_BOTH, N_TEX_VIEW, "TEXTURE_VIEW: sampler views as GL texture views (pipeline/textures.c; GL 4.3 / OES)" },
	{ CW_CAP, 2, ON_BOTH, N_ANY, "SET_MIN_SAMPLES" },
	{ CW_CAP, 6, ON_BOTH, N_COMPUTE, "MEMORY_BARRIER: glMemoryBarrier (pipeline/compute.c)" },
	{ CW_CAP, 7, ON_BOTH, N_COMPUTE, "COMPUTE_SHADER: CS programs, LAUNCH_GRID (pipeline/compute.c)" },
	{ CW_CAP, 8, ON_BOTH, N_ANY, "FB_NO_ATTACH: SET_FRAMEBUFFER_STATE_NO_ATTACH (default FB size)" },
	{ CW_CAP, 3, ON_BOTH, N_COPY_IMAGE, "COPY_IMAGE: RESOURCE_COPY_REGION with glCopyImageSubData (core/blit.c; GL 4.3 / GLES 3.2)" },
	{ CW_CAP, 4, ON_BOTH, N_ANY, "TGSI_PRECISE: precise instructions" },
	{ CW_CAP, 5, ON_GL, N_ANY, "TXQS: texture sample count query" },
	{ CW_CAP, 9, ON_BOTH, N_ANY, "ROBUST_BUFFER_ACCESS: the emitter bounds every buffer access; llvmpipe fetches vertices robustly" },
	{ CW_CAP, 12, ON_GL, N_ANY, "TEXTURE_BARRIER: glTextureBarrier (GL 4.5)" },
	{ CW_CAP, 15, ON_BOTH, N_SRGB_WRITE, "SRGB_WRITE_CONTROL: a surface's format decides sRGB encoding (pipeline/apply.c core_apply_srgb; GL / EXT_sRGB_write_control)" },
	{ CW_CAP, 18, ON_BOTH, N_ANY, "FBO_MIXED_COLOR_FORMATS: colour buffers of different formats" },
	{ CW_CAP, 23, ON_GL, N_ANY, "TRANSFORM_FEEDBACK3: vertex streams" },
	{ CW_CAP, 21, ON_GL, N_ANY, "MULTI_DRAW_INDIRECT: DRAW_VBO draw_count > 1 (pipeline/draw.c, GL 4.3)" },
	{ CW_CAP, 27, ON_BOTH, N_CLIP_CONTROL, "CLIP_HALFZ: rasterizer clip_halfz -> glClipControl (GL 4.5 / EXT_clip_control)" },
	{ CW_CAP, 30, ON_BOTH, N_CLEAR_TEX, "CLEAR_TEXTURE: glClearTexSubImage (GL 4.4 / EXT_clear_texture)" },
};

/* PIPE_PRIM_* except QUADS, QUAD_STRIP and POLYGON (Mesa lowers them). */
#define CAPS_PRIM_MASK 0x7c7fu
#define CAP_TRANSFER (1u << 17) /* encoded transfers: TRANSFER3D / END_TRANSFERS in SUBMIT_CMD */
#define CAP_HOST_IS_GLES (1u << 19)

static uint32_t umin(uint32_t a, GLint host)
{
	return host < 0 ? 0u : (a < (uint32_t)host ? a : (uint32_t)host);
}

static void set_bit(struct caps_mask *m, uint32_t v)
{
	m->bits[v / 32u] |= 1u << (v % 32u);
}

static bool clear_texture_ok(const struct vigil_core *core)
{
	return core->has_clear_tex;
}

static bool need_met(const struct vigil_core *core, enum caps_need n)
{
	switch (n) {
	case N_ANY: return true;
	case N_CLEAR_TEX: return clear_texture_ok(core);
	case N_COMPUTE: return core->limits.max_cs_invocations > 0;
	case N_TEX_VIEW: return core->has_tex_view;
	case N_BASE_INSTANCE: return core->has_base_instance;
	case N_COPY_IMAGE: return core->has_copy_image;
	case N_CLIP_CULL: return core->has_clip_cull;
	case N_OFFSET_CLAMP: return core->has_offset_clamp;
	case N_CLIP_CONTROL: return core->has_clip_control;
	case N_SRGB_WRITE: return core->has_srgb_write;
	}
	return false;
}

/* Every format the probe found usable: sampled, rendered, read back exactly (probe.c). */
static void fill_masks(const struct vigil_core *core, struct caps_v2 *c)
{
	for (uint32_t v = 0; v < CORE_FMT_COUNT; v++) {
		const struct core_format *f = core_format_get(&core->formats, v);
		if (!f || !f->can_sample)
			continue;
		set_bit(&c->v1.sampler, f->virgl);
		if (f->can_read)
			set_bit(&c->supported_readback_formats, f->virgl);
		if (f->can_render) {
			set_bit(&c->v1.render, f->virgl);
			if (f->flags & (CORE_FMT_DEPTH | CORE_FMT_STENCIL))
				set_bit(&c->v1.depthstencil, f->virgl);
		}
	}
}

static void fill_bits(const struct vigil_core *core, struct caps_v2 *c)
{
	uint32_t on = core->gles ? ON_GLES : ON_GL;

	for (size_t i = 0; i < sizeof(caps_bits) / sizeof(caps_bits[0]); i++) {
		const struct caps_bit *b = &caps_bits[i];
		uint32_t *w = b->word == CW_BSET ? &c->v1.bset : b->word == CW_CAP ? &c->capability_bits
			    : &c->capability_bits_v2;
		if (!(b->on & on) || !need_met(core, (enum caps_need)b->need))
			continue;
		*w |= 1u << b->bit;
	}
	if (core->cfg.opt_features & VIGIL_FEATURE_TRANSFER)
		c->capability_bits |= CAP_TRANSFER;
	if (core->gles)
		c->capability_bits |= CAP_HOST_IS_GLES;
}

static void fill_v2(const struct vigil_core *core, struct caps_v2 *c)
{
	const struct core_limits *l = &core->limits;
	struct caps_v1 *v1 = &c->v1;

	fill_bits(core, c);
	/* GLSL feature level: what the emitter writes for this host (core/pipeline/link.c). */
	v1->glsl_level = core->gles ? (core->gl_version >= 32 ? 430u : 330u)
				    : (core->gl_version >= 45 ? 450u : core->gl_version >= 40 ? 400u : 330u);
	v1->max_texture_array_layers = umin(2048, l->max_array_layers);
	v1->max_streamout_buffers = umin(4, l->max_xfb_buffers);
	v1->max_dual_source_render_targets = umin(1, l->max_dual_source);
	v1->max_render_targets = umin(umin(8, l->max_color_attachments), l->max_draw_buffers);
	v1->max_samples = l->max_samples >= 4 ? 4u : 1u; /* Mesa accepts >= 4 or exactly 1 */
	v1->prim_mask = CAPS_PRIM_MASK;
	v1->max_tbo_size = umin(134217728, l->max_tbo_size);
	v1->max_uniform_blocks = umin(15, l->max_uniform_blocks + 1); /* Mesa subtracts one */
	/* pipeline/apply.c applies every viewport and scissor on GL 4.1+ / OES_viewport_array */
	v1->max_viewports = core->has_viewport_array ? umin(VIGIL_LIMIT_MAX_VIEWPORTS, l->max_viewports) : 1u;
	v1->max_texture_gather_components = 4;
	c->min_aliased_point_size = c->min_smooth_point_size = l->point_size[0];
	c->max_aliased_point_size = c->max_smooth_point_size = l->point_size[1];
	c->min_aliased_line_width = c->min_smooth_line_width = l->line_width[0];
	c->max_aliased_line_width = c->max_smooth_line_width = l->line_width[1];
	c->max_texture_lod_bias = l->max_lod_bias;
	c->max_geom_output_vertices = umin(1024, l->max_geom_out_vertices);
	c->max_geom_total_output_components = umin(1024, l->max_geom_total_out);
	c->max_vertex_outputs = umin(32, l->max_varying_components / 4);
	c->max_vertex_attribs = umin(16, l->max_vertex_attribs);
	c->min_texel_offset = l->min_texel_offset > -32 ? l->min_texel_offset : -32;
	c->max_texel_offset = l->max_texel_offset < 31 ? l->max_texel_offset : 31;
	c->min_texture_gather_offset = c->min_texel_offset;
	c->max_texture_gather_offset = c->max_texel_offset;
	c->texture_buffer_offset_alignment = 16;
	c->uniform_buffer_offset_alignment = l->ubo_alignment > 16 ? (uint32_t)l->ubo_alignment : 16u;
	c->max_vertex_attrib_stride = 2048;
	/* Shader buffers, images, atomic counters and compute (pipeline/shader_res.c, compute.c):
	 * the host's limits, capped at virglrenderer's figures. */
	c->shader_buffer_offset_alignment = 16;
	c->max_shader_buffer_frag_compute = umin(16, l->max_ssbo_fs);
	c->max_shader_buffer_other_stages = umin(16, l->max_ssbo_vs);
	c->max_combined_shader_buffers = umin(80, l->max_combined_ssbo);
	c->max_shader_image_frag_compute = umin(32, l->max_image_fs);
	c->max_shader_image_other_stages = umin(32, l->max_image_vs);
	c->max_image_samples = 0; /* multisample images are refused (pipeline/shader_res.c) */
	c->max_compute_work_group_invocations = umin(1024, l->max_cs_invocations);
	c->max_compute_shared_memory_size = umin(32768, l->max_cs_shared);
	for (unsigned i = 0; i < 3; i++) {
		c->max_compute_grid_size[i] = umin(65535, l->max_cs_grid[i]);
		c->max_compute_block_size[i] = umin(1024, l->max_cs_block[i]);
	}
	for (unsigned i = 0; i < 6; i++) {
		c->max_atomic_counters[i] = umin(4096, l->max_atomic_counters);
		c->max_atomic_counter_buffers[i] = umin(16, l->max_atomic_buffers);
	}
	c->max_combined_atomic_counters = umin(4096, l->max_atomic_counters);
	c->max_combined_atomic_counter_buffers = umin(80, l->max_atomic_buffers * 5);
	c->max_shader_patch_varyings = 32;
	/* What Mesa 22.3 reads from this level (virgl_screen.c, virgl_context.c), each true here:
	 * >= 1: sRGB write control and mixed colour formats follow their cap bits (both set
	 * where implemented); >= 2: vertex streams follow TRANSFORM_FEEDBACK3 (4 on GL, 1 on
	 * GLES, which has no streams); >= 4: buffer storage follows its bit (off); >= 5: the
	 * renderer string is "virgl (<renderer>)"; >= 6: the compatibility profile's GLSL level
	 * is glsl_level (else 1.40, capping it at GL 3.1). 7 would make Mesa send LINK_SHADER. */
	c->host_feature_check_version = core->has_srgb_write ? 6u : 0u;
	c->max_texture_image_units = umin(32, l->max_texture_units);
	c->max_texture_2d_size = umin(16384, l->max_texture_size);
	c->max_texture_3d_size = umin(2048, l->max_3d_size);
	c->max_texture_cube_size = umin(16384, l->max_cube_size);
	for (unsigned i = 0; i < 6; i++)
		c->max_const_buffer_size[i] = umin(65536, l->max_ubo_size);
	c->max_uniform_block_size = umin(65536, l->max_ubo_size);
	c->max_anisotropy = 16.0f; /* sampler states set GL_TEXTURE_MAX_ANISOTROPY (pipeline/textures.c) */
	memcpy(c->renderer, "vigil", 6);
	fill_masks(core, c);
}

vigil_status vigil_core_caps(struct vigil_core *core, uint32_t set, void *buf, size_t cap, size_t *ret_len)
{
	struct caps_v2 c;
	size_t n;

	if (set != 1 && set != 2)
		return VIGIL_E_RANGE;
	memset(&c, 0, sizeof(c));
	fill_v2(core, &c);
	c.v1.max_version = set;
	n = set == 1 ? sizeof(struct caps_v1) : sizeof(c);
	if (buf && cap)
		memcpy(buf, &c, cap < n ? cap : n);
	*ret_len = n;
	return VIGIL_OK;
}

uint32_t vigil_core_features(const struct vigil_core *core)
{
	return (clear_texture_ok(core) ? VIGIL_FEATURE_CLEAR_TEXTURE : 0u) | VIGIL_FEATURE_SET_MIN_SAMPLES | VIGIL_FEATURE_TESSELLATION |
	       (core->limits.max_cs_invocations > 0 ? VIGIL_FEATURE_COMPUTE | VIGIL_FEATURE_SHADER_BUFFERS |
		VIGIL_FEATURE_SHADER_IMAGES | VIGIL_FEATURE_ATOMIC_BUFFERS | VIGIL_FEATURE_MEMORY_BARRIER : 0u) |
	       (core->gles ? 0u : VIGIL_FEATURE_TEXTURE_BARRIER) | VIGIL_FEATURE_FB_NO_ATTACH |
	       (core->cfg.opt_features & VIGIL_FEATURE_TRANSFER);
}
