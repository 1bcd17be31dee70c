/*
 * pipe.h: the pipeline part of the rendering core (core/pipeline/): state objects, shaders and
 * programs, bound state and draws of one sub-context.
 *
 * Everything here is built from records the core re-checks: object handles are internal
 * handles from the validator that resolve only in the current sub-context's maps (one map per
 * object kind, so a handle of another kind never matches), enum values are translated through
 * bounded tables (an out-of-table value is VIGIL_E_STATE, never an index), and every size and
 * range is checked again against the core's own resource descriptors. Ownership: an object is
 * owned by its map entry and by every binding that refers to it (refs); an object that names a
 * resource holds one core_res reference; bound vertex, index, uniform and stream-output buffers
 * hold resource references too, and so do bound shader buffers, images and atomic buffers
 * (shader_res.c). core_pipe_fini releases all of it exactly once.
 */
#ifndef VIGIL_CORE_PIPE_H
#define VIGIL_CORE_PIPE_H

#include "core_priv.h"
#include "glsl.h"
#include "tgsi_ir.h"
#include "vigil_records.h"
#include "vigil_spec.h"

enum core_obj_kind {
	CORE_OBJ_BLEND = 1, CORE_OBJ_RASTERIZER = 2, CORE_OBJ_DSA = 3, CORE_OBJ_SHADER = 4,
	CORE_OBJ_VE = 5, CORE_OBJ_SVIEW = 6, CORE_OBJ_SSTATE = 7, /* 8: surfaces (subctx.c) */
	CORE_OBJ_QUERY = 9, CORE_OBJ_SO_TARGET = 10, CORE_OBJ_KINDS = 11
};

#define CORE_STAGES 6u  /* VS, FS, GS, TCS, TES, CS (pipe_shader_type) */
#define CORE_GFX_STAGES 5u
#define CORE_MAX_VIEWS VIGIL_LIMIT_MAX_SAMPLER_VIEWS
#define CORE_MAX_SAMPLERS VIGIL_LIMIT_MAX_SAMPLERS
#define CORE_MAX_UBOS VIGIL_LIMIT_MAX_CONST_BUFFERS
#define CORE_MAX_VBUFS VIGIL_LIMIT_MAX_VERTEX_BUFFERS
#define CORE_MAX_SO 4u
#define CORE_MAX_SHADER_RES 32u /* shader buffer, image and atomic buffer slots (per stage) */
#define CORE_PROG_CACHE 64u /* linked programs kept per sub-context (LRU) */

struct core_shader {
	uint32_t stage;
	struct vigil_tgsi_shader *ir;
	uint32_t so_count;
	struct vigil_rec_create_shader_so_outputs so[VIGIL_LIMIT_MAX_SO_OUTPUTS];
	uint32_t so_stride[4];
	uint32_t req_local_mem; /* COMPUTE: shared memory bytes (the record's nso field) */
	bool unformatted_images; /* declares an IMAGE without a format (GLES: core_prog_image_fmts) */
};

struct core_sview {
	struct core_res *res;  /* holds a reference */
	uint32_t format;
	const struct core_format *fmt;
	bool buffer;
	uint32_t first_layer, last_layer, first_level, last_level;
	uint32_t first_elem, last_elem;
	GLenum swizzle[4];
	GLuint tex;            /* GL_TEXTURE_BUFFER texture or texture view; 0 = the resource's */
	GLenum target;         /* GL target to bind */
};

struct core_so_target {
	struct core_res *res;  /* holds a reference */
	uint32_t offset, size;
};

struct core_query {
	struct core_res *res;  /* holds a reference (the 16-byte result buffer) */
	uint32_t type, index;
	GLenum gl_target;      /* 0: answered by the core without GL (e.g. GPU_FINISHED) */
	GLuint id;
	bool active, ended;
	uint64_t ts_value;     /* TIMESTAMP results */
};

struct core_obj {
	uint32_t kind, handle, refs; /* refs: the map entry + one per binding */
	uint64_t serial;             /* unique per sub-context (handles may be reused) */
	union {
		struct vigil_rec_create_blend blend;
		struct vigil_rec_create_rasterizer rs;
		struct vigil_rec_create_dsa dsa;
		struct vigil_rec_create_vertex_elements ve;
		struct vigil_rec_create_sampler_state ss;
		struct core_sview sv;
		struct core_shader *sh;
		struct core_query q;
		struct core_so_target so;
	} u;
	GLuint sampler;              /* SAMPLER_STATE: its GL sampler object */
	GLuint sampler_nomip;        /* the same without mipmap filtering (rectangle textures) */
};

struct core_vbuf {
	struct core_res *res;
	uint32_t stride, offset;
};

struct core_ubo {
	struct core_res *res;
	uint32_t offset, length;
};

/* What a linked program provides (locations looked up once after linking). */
struct core_prog_stage {
	struct vigil_glsl_info info;
	GLint c0_loc;
	GLint unit[CORE_MAX_SAMPLERS]; /* texture unit of sampler n, -1 when unused */
	GLint ubo_binding[CORE_MAX_UBOS]; /* uniform buffer binding of block b, -1 when unused */
	/* shader_res.c: GL binding of shader buffer n / image unit of image n, -1 when unused
	 * or past the host's bindings, -2 when the linker dropped it */
	GLint ssbo_binding[CORE_MAX_SHADER_RES];
	GLint image_unit[CORE_MAX_SHADER_RES];
};

struct core_prog_key {
	uint64_t serial[CORE_STAGES];
	uint8_t attr_type[32];
	uint8_t clip_plane_enable;
	uint8_t flatshade, poly_stipple, alpha_func, nr_cbufs, sprite_upper_left, so_active, dual_src;
	uint8_t cbuf_type[8];
	uint8_t sprite_coord_enable;
	uint8_t image_fmt[CORE_STAGES][VIGIL_GLSL_MAX_IMAGE_FMTS]; /* GLES: core_prog_image_fmts */
	uint8_t shadow_swizzle[CORE_GFX_STAGES][CORE_MAX_SAMPLERS]; /* glsl.h opts.shadow_swizzle */
};

struct core_prog {
	struct core_prog_key key;
	GLuint id;
	bool failed;           /* emission, compile or link failed: draws with it draw nothing */
	uint64_t last_use;
	struct core_prog_stage st[CORE_STAGES];
	GLint winsys_y_loc, fb_height_loc, clip_loc, stipple_loc, alpha_ref_loc;
	uint32_t units;        /* texture units used */
	bool res_located;      /* shader_res.c filled ssbo_binding / image_unit */
};

struct core_pipe {
	struct core_map objs[CORE_OBJ_KINDS];
	uint64_t next_serial;
	struct core_obj *blend, *rs, *dsa, *ve;
	struct core_obj *shaders[CORE_STAGES];
	struct core_obj *views[CORE_STAGES][CORE_MAX_VIEWS];
	struct core_obj *samplers[CORE_STAGES][CORE_MAX_SAMPLERS];
	struct core_vbuf vbufs[CORE_MAX_VBUFS];
	uint32_t nr_vbufs;
	struct {
		struct core_res *res;
		uint32_t size, offset;
	} ib;
	struct core_ubo ubos[CORE_STAGES][CORE_MAX_UBOS];
	uint32_t *consts[CORE_STAGES];
	uint32_t const_dwords[CORE_STAGES];
	struct vigil_rec_set_viewport_state_viewports vp[VIGIL_LIMIT_MAX_VIEWPORTS];
	struct vigil_rec_set_scissor_state_scissors sc[VIGIL_LIMIT_MAX_SCISSORS];
	float blend_color[4];
	uint32_t stencil_ref[2];
	uint32_t sample_mask, min_samples;
	float clip[8][4];
	uint32_t stipple[32];
	struct core_obj *so[CORE_MAX_SO];
	uint32_t nr_so;
	bool so_active;
	GLuint xfb;
	struct {
		struct core_obj *q;
		bool condition;
		uint32_t mode;
	} cond;
	GLuint vao;
	GLuint restart_buf;    /* GLES: rewritten indices for a non-fixed restart index */
	struct core_prog *progs[CORE_PROG_CACHE];
	uint64_t prog_clock;
	struct core_shres *shres; /* shader_res.c: buffers, images, atomic buffers; NULL until set */
};

/* objects.c */
vigil_status core_pipe_get(struct vigil_core_ctx *ctx, struct core_pipe **ret);
struct core_obj *core_obj_get(struct core_pipe *p, uint32_t kind, uint32_t handle);
void core_obj_ref(struct core_obj *o);
void core_obj_unref(struct vigil_core_ctx *ctx, struct core_pipe *p, struct core_obj *o);
/* Replaces *slot with o (either may be NULL), moving a binding reference. */
void core_obj_bind(struct vigil_core_ctx *ctx, struct core_pipe *p, struct core_obj **slot,
		   struct core_obj *o);
/* Same for resources held by bindings. */
void core_res_bind(struct vigil_core_ctx *ctx, struct core_res **slot, struct core_res *r);

/* state.c: the SET_* records that only store state. */
vigil_status core_pipe_set_state(struct vigil_core_ctx *ctx, uint16_t type, const uint8_t *body,
				 size_t blen, bool *ret_handled);
/* apply.c: fixed-function state into GL before a draw; clip_mask: the clip distances the
 * program writes that the rasterizer enables (GL leaves unwritten enabled distances undefined). */
void core_apply_state(struct vigil_core_ctx *ctx, struct core_pipe *p, uint32_t clip_mask);
/* The rasterizer's scissor for CLEAR (Gallium clears honour the scissor only through the
 * state tracker's scissored clear: virgl's CLEAR carries no rectangle, so the core applies
 * scissor slot 0 when the bound rasterizer enables it). */
void core_apply_clear_scissor(struct vigil_core_ctx *ctx);

/* textures.c */
vigil_status core_sview_create(struct vigil_core_ctx *ctx, struct core_obj *o,
			       const struct vigil_rec_create_sampler_view *r);
void core_sview_fini(struct core_obj *o);
vigil_status core_sstate_create(struct vigil_core_ctx *ctx, struct core_obj *o,
				const struct vigil_rec_create_sampler_state *r);
/* Binds the views and samplers of every stage the program samples from. */
vigil_status core_bind_textures(struct vigil_core_ctx *ctx, struct core_pipe *p, struct core_prog *pr);

/* vertex.c */
/* The shader input type (enum vigil_glsl_type) of a vertex format, FLOAT for unknown ones. */
uint8_t core_vertex_attr_type(uint32_t format);
vigil_status core_bind_vertices(struct vigil_core_ctx *ctx, struct core_pipe *p);

/* program.c: shader objects, the program cache and uniforms */
vigil_status core_shader_create(struct vigil_core_ctx *ctx, struct core_obj *o, const uint8_t *body,
				size_t blen);
void core_shader_free(struct core_shader *sh);
/* Drops every cached program that uses the shader with this serial. */
void core_prog_forget(struct core_pipe *p, uint64_t serial);
void core_prog_cache_fini(struct core_pipe *p);
void core_prog_free(struct core_prog *pr);
/* shader_res.c: on GLES, for stage s's images declared without a format, the formats of the
 * bound views (vigil_glsl_opts.image_fmt); all zero on GL or when no such image is declared. */
void core_prog_image_fmts(struct vigil_core_ctx *ctx, const struct core_pipe *p, uint32_t s,
			  uint8_t ret[VIGIL_GLSL_MAX_IMAGE_FMTS]);
/* The program for key k from the sub-context's LRU cache, else built by `build` into the least
 * recently used slot (its old program freed). A failed build is cached too (logged once) and
 * answers VIGIL_E_STATE with *ret set (callers draw nothing); EXHAUSTED caches nothing.
 * Draws (link.c) and dispatches (compute.c). */
typedef vigil_status (*core_prog_build_fn)(struct vigil_core_ctx *ctx, const struct core_pipe *p,
					    struct core_prog *pr);
vigil_status core_prog_cached(struct vigil_core_ctx *ctx, struct core_pipe *p, const struct core_prog_key *k,
			      core_prog_build_fn build, struct core_prog **ret);
/* link.c: the GLSL version the emitter writes for this host; a failed compile or link logged
 * once with the info log and the GLSL text (text NULL for a link). */
uint32_t core_glsl_version(const struct vigil_core *core);
void core_prog_log_failure(const char *what, const char *text, GLuint obj, bool is_prog);
/* link.c: the program for the bound shaders and current state; NULL with a status on failure. */
vigil_status core_prog_get(struct vigil_core_ctx *ctx, struct core_pipe *p, struct core_prog **ret);
/* The rasterizer's clip_plane_enable bits the program's last vertex stage writes. */
uint32_t core_prog_clip_mask(const struct core_pipe *p, const struct core_prog *pr);
vigil_status core_link_shader(struct vigil_core_ctx *ctx, const struct vigil_rec_link_shader *r);
/* Uploads constants and emulation uniforms, binds uniform blocks. */
void core_prog_uniforms(struct vigil_core_ctx *ctx, struct core_pipe *p, struct core_prog *pr);

/* draw.c */
vigil_status core_draw_vbo(struct vigil_core_ctx *ctx, const struct vigil_rec_draw_vbo *r);

/* shader_res.c: SET_SHADER_BUFFERS, SET_SHADER_IMAGES, SET_ATOMIC_BUFFERS (ret_handled false
 * for other records), and their binding before a draw (stages 0..4 of pr) or a dispatch
 * (stage 5). */
vigil_status core_shres_exec(struct vigil_core_ctx *ctx, struct core_pipe *p, uint16_t type,
			     const uint8_t *body, size_t blen, bool *ret_handled);
vigil_status core_shres_apply(struct vigil_core_ctx *ctx, struct core_pipe *p, struct core_prog *pr,
			      bool compute);
void core_shres_fini(struct vigil_core_ctx *ctx, struct core_pipe *p);
void core_shres_free_nogl(struct core_pipe *p);

/* compute.c: LAUNCH_GRID, MEMORY_BARRIER, TEXTURE_BARRIER, SET_TESS_STATE and
 * SET_FRAMEBUFFER_STATE_NO_ATTACH (ret_handled false for other records). */
vigil_status core_compute_exec(struct vigil_core_ctx *ctx, struct core_pipe *p, uint16_t type,
			       const uint8_t *body, size_t blen, bool *ret_handled);

/* query.c */
vigil_status core_query_create(struct vigil_core_ctx *ctx, struct core_obj *o,
			       const struct vigil_rec_create_query *r);
void core_query_fini(struct core_obj *o);
vigil_status core_query_exec(struct vigil_core_ctx *ctx, uint16_t type, const uint8_t *body,
			     size_t blen, bool *ret_handled);
/* core_render_allowed (render condition) is declared in core_priv.h. */

/* Entry points from exec.c / subctx.c */
vigil_status core_pipe_exec(struct vigil_core_ctx *ctx, uint16_t type, uint16_t objtype,
			    const uint8_t *body, size_t blen, bool *ret_handled);
void core_pipe_fini(struct vigil_core_ctx *ctx, struct core_sub *sub);

#endif
