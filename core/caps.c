/*
 * caps.c: the capability blobs (virgl_caps_v1 / virgl_caps_v2, PROTOCOL.md 3.1) and the
 * matching validator features.
 *
 * No guest input. Starting point: the profile of PROTOCOL.md 3.4 (GL 3.3 core / GLSL 3.30 and
 * GLES 3.0 for the guest), with every limit intersected with the host's real limits (probe.c)
 * and every format mask restricted to formats the host actually samples, renders or reads back
 * exactly. Raised above the profile only where vigil implements and tests the feature:
 * CLEAR_TEXTURE (capability bit 30) when the host has glClearTexSubImage. TRANSFER is not
 * advertised, so Mesa uses TRANSFER_PUT2 / GET2. Shaders and draws run at the profile's
 * GLSL 3.30 (core/pipeline/); nothing about them is raised above it (no tessellation, compute,
 * indirect draws, texture views or stream-output pause/resume are advertised).
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

#define BSET_INDEP_BLEND_ENABLE (1u << 0)
#define BSET_CONDITIONAL_RENDER (1u << 4)
#define BSET_PRIMITIVE_RESTART (1u << 6)
#define BSET_SEAMLESS_CUBE_MAP (1u << 10)
#define BSET_OCCLUSION_QUERY (1u << 11)
#define BSET_TEXTURE_MULTISAMPLE (1u << 14)
#define BSET_DEPTH_CLIP_DISABLE (1u << 16)
#define CAP_CLEAR_TEXTURE (1u << 30)
#define CAP_TRANSFER (1u << 17) /* encoded transfers: TRANSFER3D / END_TRANSFERS in SUBMIT_CMD */

/* PROTOCOL.md 3.4 format sets. */
static const uint16_t profile_sampler[] = { 1, 2, 8, 16, 18, 19, 20, 21, 22, 23, 31, 64, 65, 67, 74,
					    75, 77, 94, 100, 104, 124, 125, 126, 134, 196, 200, 253 };
static const uint16_t profile_render[] = { 1, 2, 31, 64, 65, 67, 94, 100, 104, 124, 134, 196, 200, 253 };

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

static void fill_masks(const struct vigil_core *core, struct caps_v2 *c)
{
	for (size_t i = 0; i < sizeof(profile_sampler) / sizeof(profile_sampler[0]); i++) {
		const struct core_format *f = core_format_get(&core->formats, profile_sampler[i]);
		if (!f || !f->can_sample)
			continue;
		set_bit(&c->v1.sampler, f->virgl);
		if (f->can_read)
			set_bit(&c->supported_readback_formats, f->virgl);
		if ((f->flags & (CORE_FMT_DEPTH | CORE_FMT_STENCIL)) && f->can_render)
			set_bit(&c->v1.depthstencil, f->virgl);
	}
	for (size_t i = 0; i < sizeof(profile_render) / sizeof(profile_render[0]); i++) {
		const struct core_format *f = core_format_get(&core->formats, profile_render[i]);
		if (f && f->can_sample && f->can_render)
			set_bit(&c->v1.render, f->virgl);
	}
}

static void fill_v2(const struct vigil_core *core, struct caps_v2 *c)
{
	const struct core_limits *l = &core->limits;
	struct caps_v1 *v1 = &c->v1;

	v1->bset = BSET_INDEP_BLEND_ENABLE | BSET_CONDITIONAL_RENDER | BSET_PRIMITIVE_RESTART |
		   BSET_SEAMLESS_CUBE_MAP | BSET_OCCLUSION_QUERY | BSET_TEXTURE_MULTISAMPLE |
		   BSET_DEPTH_CLIP_DISABLE;
	v1->glsl_level = 330;
	v1->max_texture_array_layers = umin(256, l->max_array_layers);
	v1->max_streamout_buffers = umin(4, l->max_xfb_buffers);
	v1->max_dual_source_render_targets = umin(1, l->max_dual_source);
	v1->max_render_targets = umin(umin(8, l->max_color_attachments), l->max_draw_buffers);
	v1->max_samples = l->max_samples >= 4 ? 4u : 1u; /* Mesa accepts >= 4 or exactly 1 */
	v1->prim_mask = 0x7c7f;
	v1->max_tbo_size = umin(65536, l->max_tbo_size);
	v1->max_uniform_blocks = umin(13, l->max_uniform_blocks + 1); /* Mesa subtracts one */
	v1->max_viewports = 1;
	c->min_aliased_point_size = c->min_smooth_point_size = l->point_size[0];
	c->max_aliased_point_size = c->max_smooth_point_size = l->point_size[1];
	c->min_aliased_line_width = c->min_smooth_line_width = l->line_width[0];
	c->max_aliased_line_width = c->max_smooth_line_width = l->line_width[1];
	c->max_texture_lod_bias = l->max_lod_bias;
	c->max_geom_output_vertices = umin(256, l->max_geom_out_vertices);
	c->max_geom_total_output_components = umin(1024, l->max_geom_total_out);
	c->max_vertex_outputs = umin(32, l->max_varying_components / 4);
	c->max_vertex_attribs = umin(16, l->max_vertex_attribs);
	c->min_texel_offset = l->min_texel_offset > -8 ? l->min_texel_offset : -8;
	c->max_texel_offset = l->max_texel_offset < 7 ? l->max_texel_offset : 7;
	c->uniform_buffer_offset_alignment = l->ubo_alignment > 16 ? (uint32_t)l->ubo_alignment : 16u;
	c->capability_bits = clear_texture_ok(core) ? CAP_CLEAR_TEXTURE : 0u;
	if (core->cfg.opt_features & VIGIL_FEATURE_TRANSFER)
		c->capability_bits |= CAP_TRANSFER;
	c->host_feature_check_version = 0;
	c->max_texture_image_units = umin(16, l->max_texture_units);
	c->max_texture_2d_size = umin(16384, l->max_texture_size);
	c->max_texture_3d_size = umin(2048, l->max_3d_size);
	c->max_texture_cube_size = umin(16384, l->max_cube_size);
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
	return (clear_texture_ok(core) ? VIGIL_FEATURE_CLEAR_TEXTURE : 0u) |
	       (core->cfg.opt_features & VIGIL_FEATURE_TRANSFER);
}
