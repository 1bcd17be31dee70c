/*
 * core_priv.h: the rendering core's internal types, shared by the files of core/ and by the
 * backends' readback code.
 *
 * Everything here is host state built from records that the core re-checks: a struct core_res
 * exists only for a descriptor that passed vigil_res_desc_init again in the core, and a pointer
 * taken from a map is borrowed for the current record only. Ownership: the guest context owns
 * its resources (core_map keyed by internal handle), each sub-context owns its surfaces and its
 * GL context (sub-context 0 uses the root context), and a surface holds one reference on its
 * resource.
 */
#ifndef VIGIL_CORE_PRIV_H
#define VIGIL_CORE_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include <epoxy/gl.h>

#include "core_formats.h"
#include "resource.h" /* validator/resource.h: Mesa's guest layout (struct vigil_res_desc) */
#include "vigil_core.h"
#include "vigil_egl.h"

/* uint32 key (non-zero) -> pointer; open addressing, linear probing. */
struct core_map {
	uint32_t *keys;
	void **vals;
	uint32_t cap; /* power of two or 0 */
	uint32_t count;
};
vigil_status core_map_put(struct core_map *m, uint32_t key, void *val);
void *core_map_get(const struct core_map *m, uint32_t key);
void *core_map_del(struct core_map *m, uint32_t key);
void core_map_fini(struct core_map *m);
/* Iteration: slots 0..cap-1, skipping empty keys. */
static inline void *core_map_slot(const struct core_map *m, uint32_t i)
{
	return m->keys[i] ? m->vals[i] : NULL;
}

/* Memory a transfer reads or writes: a resource's attached iovecs (copied array), or a
 * private buffer for the protocol-0 inline transfers and the readback probe. */
struct core_backing {
	struct iovec *iov;
	unsigned niov;
	size_t size;        /* sum of the iov lengths (checked against overflow when built) */
};

struct core_res {
	uint32_t handle;    /* internal handle from VIGIL_XREC_RESOURCE_HANDLE */
	uint32_t refs;      /* the guest's (until UNREF) + one per surface */
	bool guest_ref;
	struct vigil_res_desc desc;
	const struct core_format *fmt; /* NULL only for BUFFER */
	GLenum target;      /* GL target (GL_ARRAY_BUFFER for buffers) */
	GLuint id;
	struct core_backing bk; /* attached backing; bk.iov NULL until attached */
	void *cookie;       /* the embedder's, handed back through release_backing */
};

/* backing.c: copies between an iovec backing and private memory. [off, off + n) must be
 * inside [0, bk->size) (the callers checked it with vigil_res_check_backing). */
void core_backing_read(const struct core_backing *bk, size_t off, void *dst, size_t n);
void core_backing_write(const struct core_backing *bk, size_t off, const void *src, size_t n);

struct core_surface {
	uint32_t handle;
	uint32_t refs;        /* the sub-context's map + one per framebuffer binding */
	struct core_res *res; /* holds a reference */
	uint32_t format, level, first_layer, last_layer;
};

struct core_sub {
	uint32_t id;
	bool live;
	struct vigil_egl_ctx *gl; /* owned unless it is the root (sub-context 0) */
	struct core_map surfaces;
	GLuint fbo;               /* the framebuffer state; 0 until first use */
	GLuint read_fbo, draw_fbo; /* scratch FBOs for blits, clears and readback */
	struct core_surface *cbufs[8];
	struct core_surface *zsurf;
	uint32_t nr_cbufs;
	struct core_pipe *pipe;   /* pipeline state (core/pipeline/), NULL until first used */
};

struct core_limits {
	GLint max_texture_size, max_3d_size, max_cube_size, max_array_layers, max_samples;
	GLint max_color_attachments, max_draw_buffers, max_texture_units, max_vertex_attribs;
	GLint max_uniform_blocks, max_ubo_size, max_varying_components, max_geom_out_vertices;
	GLint max_geom_total_out, min_texel_offset, max_texel_offset, ubo_alignment;
	GLint max_tbo_size, max_viewports, max_dual_source, max_xfb_buffers;
	/* GL 4.3 / GLES 3.1 (0 where the host lacks compute) */
	GLint max_ssbo_fs, max_ssbo_vs, max_image_fs, max_image_vs, max_image_samples;
	GLint max_cs_invocations, max_cs_shared, max_cs_grid[3], max_cs_block[3];
	GLint max_atomic_counters, max_atomic_buffers, max_combined_ssbo;
	GLfloat point_size[2], line_width[2], max_lod_bias;
};

struct vigil_core {
	struct vigil_core_config cfg;
	struct vigil_egl *egl;
	struct vigil_egl_ctx *probe; /* for caps queries and format probing */
	bool gles;
	int gl_version;
	bool has_get_sub_image;      /* GL: glGetTextureSubImage */
	bool has_clear_tex;          /* glClearTexImage (GL 4.4 / EXT_clear_texture) */
	bool has_tex_view;           /* glTextureView (GL 4.3 / ARB, OES or EXT_texture_view) */
	bool has_srgb_write;         /* GL_FRAMEBUFFER_SRGB switch (GL, GLES EXT_sRGB_write_control) */
	bool has_depth_clamp;        /* GL_DEPTH_CLAMP (GL 3.2 / EXT_depth_clamp) */
	bool has_viewport_array;     /* indexed viewports/scissors (GL 4.1 / OES_viewport_array) */
	bool has_base_instance;      /* draws with a base instance (GL 4.2 / EXT_base_instance) */
	bool has_copy_image;         /* glCopyImageSubData (GL 4.3 / GLES 3.2) */
	bool has_clip_cull;          /* gl_ClipDistance/gl_CullDistance (GL / EXT_clip_cull_distance) */
	bool has_offset_clamp;       /* glPolygonOffsetClamp (GL 4.6 / EXT_polygon_offset_clamp) */
	bool has_clip_control;       /* glClipControl (GL 4.5 / EXT_clip_control) */
	struct core_format_table formats;
	struct core_limits limits;
	char renderer[64];
};

/* GLES readback helpers (shared objects, created lazily in the context's share group). */
struct core_gles_helpers {
	GLuint prog_copy_uint;  /* texelFetch(usampler2D) -> uvec4 */
	GLuint prog_depth;      /* texelFetch(sampler2D).r -> uint bits per mode */
	GLuint prog_stencil;    /* texelFetch(usampler2D).r (stencil view) */
	GLint depth_mode_loc;
	GLuint blit_prog[10];   /* blit_gles.c: draw-blit programs (kind x multisampled source) */
};

struct vigil_core_ctx {
	struct vigil_core *core;
	char name[64];
	struct vigil_egl_ctx *root;
	struct core_map resources;
	struct core_sub *subs; /* nsubs slots; subs[0] is sub-context 0 */
	uint32_t nsubs;
	uint32_t cur;          /* index into subs */
	struct {
		bool active;
		uint32_t guest_id;
		struct vigil_res_args args;
	} pending;             /* a RESOURCE_CREATE waiting for its handle record */
	struct core_gles_helpers gles;
	uint64_t counted[256]; /* records of each type accepted but not executed */
	uint64_t gl_errors;
	GLsync last_sync;      /* fence after the last executed buffer; 0 once it signaled */
};

struct vigil_core_fence {
	GLsync sync;
};

/* core.c */
bool core_make_current(struct vigil_core_ctx *ctx);
/* Reads and clears the GL error flag; counts errors. VIGIL_OK when there was none. */
vigil_status core_gl_check(struct vigil_core_ctx *ctx);

/* probe.c: limits and format capabilities of the backend (probe context current). */
void core_probe(struct vigil_core *core);
/* Exact PUT / GET round trips per format in a scratch context (sets can_read). */
void core_probe_readback(struct vigil_core *core);

/* resource.c */
vigil_status core_res_create(struct vigil_core_ctx *ctx, uint32_t guest_id, uint32_t handle,
			     const struct vigil_res_args *a);
void core_res_unref(struct vigil_core_ctx *ctx, struct core_res *r);
struct core_res *core_res_get(struct vigil_core_ctx *ctx, uint32_t handle);
/* Drops every resource (context teardown); GL objects are deleted only when `gl` (a context of
 * the share group is current). Backings are released either way. */
void core_res_destroy_all(struct vigil_core_ctx *ctx, bool gl);

/* texio.c: GL-side texture access shared by transfers, clears and copies. */
GLenum core_gl_target(const struct vigil_core *core, uint32_t pipe_target, uint32_t samples);
/* Uploads a packed box (GL pixel layout of fmt, rows and layers tightly packed). */
vigil_status core_tex_upload(struct vigil_core_ctx *ctx, const struct core_res *r, uint32_t level,
			     const struct vigil_box *b, const void *data, size_t size);
/* Downloads a packed box in the GL pixel layout (backend-specific). */
vigil_status core_tex_download(struct vigil_core_ctx *ctx, const struct core_res *r, uint32_t level,
			       const struct vigil_box *b, void *data, size_t size);
/* Attaches layer `layer` of `level` to attachment of the bound GL_FRAMEBUFFER target. */
void core_fb_attach(struct vigil_core_ctx *ctx, GLenum fb_target, GLenum attachment,
		    const struct core_res *r, uint32_t level, uint32_t layer);
/* Packed byte size of a box in blocks (no overflow: boxes are inside checked levels). */
bool core_box_bytes(const struct core_res *r, const struct vigil_box *b, size_t *ret_row,
		    size_t *ret_rows, size_t *ret_total);

/* backends */
vigil_status vigil_gl_download(struct vigil_core_ctx *ctx, const struct core_res *r, uint32_t level,
			       const struct vigil_box *b, void *data, size_t size);
vigil_status vigil_gles_download(struct vigil_core_ctx *ctx, const struct core_res *r, uint32_t level,
				 const struct vigil_box *b, void *data, size_t size);
void vigil_gles_helpers_fini(struct vigil_core_ctx *ctx);
/* A linked program of the two GLSL ES sources, 0 when either fails to compile or the link
 * fails (the helper shaders are the core's own text; backends/gles/gles_read.c). */
GLuint vigil_gles_program(const char *vs, const char *fs);

/* blit_gles.c: one layer of a BLIT on GLES (core_blit checked the boxes and set the scissor). */
struct vigil_rec_blit;
struct core_blit_job {
	const struct vigil_rec_blit *r;
	struct core_res *src, *dst;
	struct vigil_box sb, db;  /* normalized (positive extents) */
	GLbitfield mask;
	GLenum satt, datt;
};
vigil_status core_blit_gles(struct vigil_core_ctx *ctx, const struct core_blit_job *j, uint32_t layer);
void core_blit_gles_fini(struct vigil_core_ctx *ctx);

/* transfer.c */
vigil_status core_transfer(struct vigil_core_ctx *ctx, uint32_t handle, uint32_t level,
			   const struct vigil_box *b, uint32_t stride, uint32_t layer_stride,
			   uint64_t offset, bool to_host);
/* The same against `bk` instead of the resource's attached backing. */
vigil_status core_transfer_bk(struct vigil_core_ctx *ctx, uint32_t handle, const struct core_backing *bk,
			      uint32_t level, const struct vigil_box *b, uint32_t stride,
			      uint32_t layer_stride, uint64_t offset, bool to_host);

/* subctx.c */
vigil_status core_sub_init0(struct vigil_core_ctx *ctx);
vigil_status core_sub_create(struct vigil_core_ctx *ctx, uint32_t id);
vigil_status core_sub_set(struct vigil_core_ctx *ctx, uint32_t id);
vigil_status core_sub_destroy(struct vigil_core_ctx *ctx, uint32_t id);
void core_sub_fini(struct vigil_core_ctx *ctx, struct core_sub *sub);
static inline struct core_sub *core_cur_sub(struct vigil_core_ctx *ctx)
{
	return &ctx->subs[ctx->cur];
}
vigil_status core_surface_create(struct vigil_core_ctx *ctx, const void *rec);
vigil_status core_surface_release(struct vigil_core_ctx *ctx, uint32_t handle);
vigil_status core_set_framebuffer(struct vigil_core_ctx *ctx, const void *rec);
/* Binds the sub-context's FBO with its attachments to GL_FRAMEBUFFER. */
vigil_status core_bind_framebuffer(struct vigil_core_ctx *ctx);

/* core/pipeline/: records other than resources, transfers, surfaces and copies. ret_handled
 * false: the record type is not executed (the caller counts it). */
struct core_pipe;
vigil_status core_pipe_exec(struct vigil_core_ctx *ctx, uint16_t type, uint16_t objtype,
			    const uint8_t *body, size_t blen, bool *ret_handled);
/* Releases the sub-context's pipeline state (its GL context current). */
void core_pipe_fini(struct vigil_core_ctx *ctx, struct core_sub *sub);
/* The same without GL (no context current): memory only. */
void core_pipe_free_nogl(struct core_sub *sub);
/* CLEAR honours the bound rasterizer's scissor (pipeline/apply.c). */
void core_apply_clear_scissor(struct vigil_core_ctx *ctx);
/* false when SET_RENDER_CONDITION's query result says to skip rendering (pipeline/query.c);
 * waits for the result. */
bool core_render_allowed(struct vigil_core_ctx *ctx);
/* sRGB encoding of colour writes as the bound surfaces' formats say (true), or GL's default
 * off (false) after the draw or clear (pipeline/apply.c). */
void core_apply_srgb(struct vigil_core_ctx *ctx, bool around);

/* clear.c */
vigil_status core_clear(struct vigil_core_ctx *ctx, const void *rec);
vigil_status core_clear_texture(struct vigil_core_ctx *ctx, const void *rec);
/* blit.c */
vigil_status core_blit(struct vigil_core_ctx *ctx, const void *rec);
vigil_status core_copy_region(struct vigil_core_ctx *ctx, const void *rec);

#endif
