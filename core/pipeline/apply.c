/*
 * apply.c: the fixed-function state of the bound blend, depth-stencil-alpha and rasterizer
 * objects, viewports, scissors, blend colour, stencil reference and sample mask, written into
 * the sub-context's GL context before each draw (and the scissor before CLEAR).
 *
 * Input: state recorded from untrusted records. Every Gallium enum goes through a bounded
 * table: a value outside it selects a safe default (the validator already refused it, so this
 * only matters for forged records). The whole state is written on every draw: CLEAR, BLIT and
 * readback change GL state behind the pipeline's back, so nothing is cached.
 *
 * Coordinates: guest rows are stored top-to-bottom and the core maps guest row 0 to GL row 0,
 * so Gallium's window mapping y_w = sy * y_ndc + ty equals GL's for a positive y scale (FBO
 * rendering) with glViewport(tx - |sx|, ty - |sy|, 2|sx|, 2|sy|). A negative y scale (Mesa's
 * window-system buffers) cannot be given to glViewport; the emitter's vigil_winsys_y uniform
 * (-1) negates gl_Position.y instead, and with |sy| in the viewport that yields exactly the same
 * window coordinates as Gallium's mapping. Window coordinates are therefore Gallium's in both
 * cases. Gallium defines front_ccw in its Y=0=top orientation, GL's glFrontFace in Y=0=bottom,
 * so the same window-space triangle has the opposite winding name: glFrontFace gets the
 * inverse of front_ccw, for FBOs and window-system buffers alike (Mesa's state tracker flips
 * front_ccw for its Y=0=bottom FBOs and mirrors the viewport for window-system buffers; both
 * reach GL correctly this way, verified with gl-2.0-two-sided-stencil and clipflat). And
 * gl_FragCoord.y is Gallium's upper-left y (program.c passes the framebuffer height negated,
 * as glsl.h defines for that case). Depth:
 * Gallium maps z_w = sz * z_ndc + tz with z_ndc in [-1, 1], or in [0, 1] with clip_halfz (GL:
 * glClipControl ZERO_TO_ONE where the host has GL 4.5; GLES has no clip control, and the caps
 * never advertise clip_halfz).
 *
 * Not expressible and left out (documented): half_pixel_center = 0 and bottom_edge_rule
 * (GL's rasterization rules are fixed), line stipple, poly/point/line smooth on the core
 * profile, light_twoside and colour clamping (legacy paths Mesa lowers in the shader), polygon
 * mode, logic op, provoking vertex and point size state on GLES (depth clamp there only with
 * EXT_depth_clamp).
 */
#include <math.h>
#include <string.h>

#include "pipe.h"

static GLenum tbl(const GLenum *t, size_t n, uint32_t v, GLenum def)
{
	return v < n ? t[v] : def;
}
#define TBL(t, v, def) tbl((t), sizeof(t) / sizeof((t)[0]), (v), (def))

static const GLenum blend_eq[] = { GL_FUNC_ADD, GL_FUNC_SUBTRACT, GL_FUNC_REVERSE_SUBTRACT, GL_MIN, GL_MAX };
/* PIPE_BLENDFACTOR_*: 0x01..0x0a and 0x11..0x1a */
static const GLenum blend_factor[32] = {
	[0x01] = GL_ONE, [0x02] = GL_SRC_COLOR, [0x03] = GL_SRC_ALPHA, [0x04] = GL_DST_ALPHA,
	[0x05] = GL_DST_COLOR, [0x06] = GL_SRC_ALPHA_SATURATE, [0x07] = GL_CONSTANT_COLOR,
	[0x08] = GL_CONSTANT_ALPHA, [0x09] = GL_SRC1_COLOR, [0x0a] = GL_SRC1_ALPHA,
	[0x11] = GL_ZERO, [0x12] = GL_ONE_MINUS_SRC_COLOR, [0x13] = GL_ONE_MINUS_SRC_ALPHA,
	[0x14] = GL_ONE_MINUS_DST_ALPHA, [0x15] = GL_ONE_MINUS_DST_COLOR,
	[0x17] = GL_ONE_MINUS_CONSTANT_COLOR, [0x18] = GL_ONE_MINUS_CONSTANT_ALPHA,
	[0x19] = GL_ONE_MINUS_SRC1_COLOR, [0x1a] = GL_ONE_MINUS_SRC1_ALPHA,
};
static const GLenum logic_op[] = { GL_CLEAR, GL_NOR, GL_AND_INVERTED, GL_COPY_INVERTED,
	GL_AND_REVERSE, GL_INVERT, GL_XOR, GL_NAND, GL_AND, GL_EQUIV, GL_NOOP, GL_OR_INVERTED,
	GL_COPY, GL_OR_REVERSE, GL_OR, GL_SET };
static const GLenum compare[] = { GL_NEVER, GL_LESS, GL_EQUAL, GL_LEQUAL, GL_GREATER, GL_NOTEQUAL,
	GL_GEQUAL, GL_ALWAYS };
static const GLenum stencil_op[] = { GL_KEEP, GL_ZERO, GL_REPLACE, GL_INCR, GL_DECR, GL_INCR_WRAP,
	GL_DECR_WRAP, GL_INVERT };
static const GLenum cull[] = { 0, GL_FRONT, GL_BACK, GL_FRONT_AND_BACK };
static const GLenum poly_mode[] = { GL_FILL, GL_LINE, GL_POINT, GL_FILL };

/* GL_ZERO is 0, so validity is a separate mask: 0x01..0x0a and 0x11..0x15, 0x17..0x1a. */
#define BLEND_FACTOR_VALID 0x07be07feu

static GLenum factor(uint32_t v)
{
	return v < 32u && ((BLEND_FACTOR_VALID >> v) & 1u) ? blend_factor[v] : GL_ONE;
}

static void set_cap(GLenum cap, bool on)
{
	if (on)
		glEnable(cap);
	else
		glDisable(cap);
}

static void apply_blend(struct vigil_core_ctx *ctx, const struct core_pipe *p)
{
	const struct vigil_rec_create_blend *b = p->blend ? &p->blend->u.blend : NULL;
	bool gles = ctx->core->gles;
	/* per-buffer blend functions: GL 4.0 / GLES 3.2; else one state (rt 0) for all */
	bool indexed = gles ? ctx->core->gl_version >= 32 : ctx->core->gl_version >= 40;

	if (!indexed) {
		const struct vigil_rec_create_blend_rt *rt = b ? &b->rt[0] : NULL;
		uint32_t m = rt ? rt->colormask : 0xfu;
		bool on = rt && rt->blend_enable && !(b->logicop_enable && !gles);
		glColorMask((m & 1u) != 0, (m & 2u) != 0, (m & 4u) != 0, (m & 8u) != 0);
		set_cap(GL_BLEND, on);
		if (on) {
			glBlendEquationSeparate(TBL(blend_eq, rt->rgb_func, GL_FUNC_ADD),
						TBL(blend_eq, rt->alpha_func, GL_FUNC_ADD));
			glBlendFuncSeparate(factor(rt->rgb_src_factor), factor(rt->rgb_dst_factor),
					    factor(rt->alpha_src_factor), factor(rt->alpha_dst_factor));
		}
	}
	for (GLuint i = 0; indexed && i < 8; i++) {
		const struct vigil_rec_create_blend_rt *rt;
		uint32_t m;

		if (!b) {
			glDisablei(GL_BLEND, i);
			glColorMaski(i, GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
			continue;
		}
		rt = &b->rt[b->independent_blend_enable && i < b->count_rt ? i : 0];
		m = rt->colormask;
		glColorMaski(i, (m & 1u) != 0, (m & 2u) != 0, (m & 4u) != 0, (m & 8u) != 0);
		if (!rt->blend_enable || (b->logicop_enable && !gles)) {
			glDisablei(GL_BLEND, i);
			continue;
		}
		glEnablei(GL_BLEND, i);
		glBlendEquationSeparatei(i, TBL(blend_eq, rt->rgb_func, GL_FUNC_ADD),
					 TBL(blend_eq, rt->alpha_func, GL_FUNC_ADD));
		glBlendFuncSeparatei(i, factor(rt->rgb_src_factor), factor(rt->rgb_dst_factor),
				     factor(rt->alpha_src_factor), factor(rt->alpha_dst_factor));
	}
	if (!gles) {
		set_cap(GL_COLOR_LOGIC_OP, b && b->logicop_enable);
		if (b && b->logicop_enable)
			glLogicOp(TBL(logic_op, b->logicop_func, GL_COPY));
		set_cap(GL_SAMPLE_ALPHA_TO_ONE, b && b->alpha_to_one);
	}
	set_cap(GL_DITHER, b && b->dither);
	set_cap(GL_SAMPLE_ALPHA_TO_COVERAGE, b && b->alpha_to_coverage);
	glBlendColor(p->blend_color[0], p->blend_color[1], p->blend_color[2], p->blend_color[3]);
}

static void stencil_face(GLenum face, bool enabled, uint32_t func, uint32_t fail, uint32_t zfail,
			 uint32_t zpass, uint32_t vmask, uint32_t wmask, uint32_t ref)
{
	if (!enabled) {
		glStencilFuncSeparate(face, GL_ALWAYS, 0, 0xffu);
		glStencilOpSeparate(face, GL_KEEP, GL_KEEP, GL_KEEP);
		glStencilMaskSeparate(face, 0);
		return;
	}
	glStencilFuncSeparate(face, TBL(compare, func, GL_ALWAYS), (GLint)ref, vmask);
	glStencilOpSeparate(face, TBL(stencil_op, fail, GL_KEEP), TBL(stencil_op, zfail, GL_KEEP),
			    TBL(stencil_op, zpass, GL_KEEP));
	glStencilMaskSeparate(face, wmask);
}

static void apply_dsa(const struct core_pipe *p)
{
	const struct vigil_rec_create_dsa *d = p->dsa ? &p->dsa->u.dsa : NULL;

	if (!d) {
		glDisable(GL_DEPTH_TEST);
		glDepthMask(GL_FALSE);
		glDisable(GL_STENCIL_TEST);
		return;
	}
	/* Gallium: depth writes happen only with the depth test enabled. */
	set_cap(GL_DEPTH_TEST, d->depth_enabled);
	glDepthMask(d->depth_enabled && d->depth_writemask ? GL_TRUE : GL_FALSE);
	glDepthFunc(TBL(compare, d->depth_func, GL_LESS));
	set_cap(GL_STENCIL_TEST, d->front_enabled);
	stencil_face(GL_FRONT, d->front_enabled, d->front_func, d->front_fail_op, d->front_zfail_op,
		     d->front_zpass_op, d->front_valuemask, d->front_writemask, p->stencil_ref[0]);
	/* One-sided stencil: the back face uses the front state and reference. */
	if (d->back_enabled)
		stencil_face(GL_BACK, true, d->back_func, d->back_fail_op, d->back_zfail_op,
			     d->back_zpass_op, d->back_valuemask, d->back_writemask, p->stencil_ref[1]);
	else
		stencil_face(GL_BACK, d->front_enabled, d->front_func, d->front_fail_op,
			     d->front_zfail_op, d->front_zpass_op, d->front_valuemask,
			     d->front_writemask, p->stencil_ref[0]);
}

static float clampf(float v, float lo, float hi)
{
	if (!(v >= lo)) /* NaN too */
		return lo;
	return v > hi ? hi : v;
}

static void apply_rasterizer(struct vigil_core_ctx *ctx, const struct core_pipe *p, uint32_t clip_mask)
{
	const struct vigil_rec_create_rasterizer *r = p->rs ? &p->rs->u.rs : NULL;
	const struct core_limits *l = &ctx->core->limits;
	bool gles = ctx->core->gles;
	bool ccw = r ? r->front_ccw != 0 : true;
	GLenum c = r ? TBL(cull, r->cull_face, 0) : 0;

	glFrontFace(ccw ? GL_CW : GL_CCW); /* opposite orientations, see above */
	set_cap(GL_CULL_FACE, c != 0);
	if (c)
		glCullFace(c);
	set_cap(GL_RASTERIZER_DISCARD, r && r->rasterizer_discard);
	set_cap(GL_SCISSOR_TEST, r && r->scissor);
	set_cap(GL_POLYGON_OFFSET_FILL, r && r->offset_tri);
	if (r && (r->offset_tri || r->offset_line || r->offset_point)) {
		if (r->offset_clamp != 0.0f && ctx->core->has_offset_clamp)
			glPolygonOffsetClamp(r->offset_scale, r->offset_units, r->offset_clamp);
		else
			glPolygonOffset(r->offset_scale, r->offset_units);
	}
	if (ctx->core->has_depth_clamp) /* GL_DEPTH_CLAMP_EXT has the same value on GLES */
		set_cap(GL_DEPTH_CLAMP, r && !r->depth_clip);
	glLineWidth(clampf(r ? r->line_width : 1.0f, l->line_width[0] > 0 ? l->line_width[0] : 1.0f,
			   l->line_width[1] > 1.0f ? l->line_width[1] : 1.0f));
	if (!gles) {
		set_cap(GL_POLYGON_OFFSET_LINE, r && r->offset_line);
		set_cap(GL_POLYGON_OFFSET_POINT, r && r->offset_point);
		glPolygonMode(GL_FRONT_AND_BACK, r ? TBL(poly_mode, r->fill_front, GL_FILL) : GL_FILL);
		glProvokingVertex(r && r->flatshade_first ? GL_FIRST_VERTEX_CONVENTION :
				  GL_LAST_VERTEX_CONVENTION);
		set_cap(GL_MULTISAMPLE, !r || r->multisample);
		set_cap(GL_PROGRAM_POINT_SIZE, r && r->point_size_per_vertex);
		glPointSize(clampf(r ? r->point_size : 1.0f, l->point_size[0] > 0 ? l->point_size[0] : 1.0f,
				   l->point_size[1] > 1.0f ? l->point_size[1] : 1.0f));
	}
	if (!gles || ctx->core->has_clip_cull) /* GL_CLIP_DISTANCE0_EXT has the same value */
		for (GLenum i = 0; i < 8; i++)
			set_cap(GL_CLIP_DISTANCE0 + i, (clip_mask >> i) & 1u);
	if (ctx->core->has_clip_control) /* the _EXT enums have the same values */
		glClipControl(GL_LOWER_LEFT, r && r->clip_halfz ? GL_ZERO_TO_ONE : GL_NEGATIVE_ONE_TO_ONE);
}

/* Viewport i: Gallium's scale/translate as a GL rectangle and depth range (see the file comment). */
static void viewport_rect(const struct vigil_rec_set_viewport_state_viewports *v, bool halfz, float ret[6])
{
	float ax = fabsf(v->scale_x), ay = fabsf(v->scale_y);

	if (!(ax < 65536.0f) || !(ay < 65536.0f) || !(fabsf(v->translate_x) < 65536.0f) ||
	    !(fabsf(v->translate_y) < 65536.0f)) {
		ret[0] = ret[1] = ret[2] = ret[3] = 0.0f; /* NaN / huge: nothing is drawn */
	} else {
		ret[0] = (float)lrintf(v->translate_x - ax);
		ret[1] = (float)lrintf(v->translate_y - ay);
		ret[2] = (float)lrintf(2.0f * ax);
		ret[3] = (float)lrintf(2.0f * ay);
	}
	ret[4] = clampf(halfz ? v->translate_z : v->translate_z - v->scale_z, 0.0f, 1.0f);
	ret[5] = clampf(v->translate_z + v->scale_z, 0.0f, 1.0f);
}

/* GL 4.1+ and GLES with OES_viewport_array take every viewport (the caps advertise
 * VIGIL_LIMIT_MAX_VIEWPORTS there and 1 elsewhere). */
_Static_assert(VIGIL_LIMIT_MAX_SCISSORS == VIGIL_LIMIT_MAX_VIEWPORTS, "one scissor per viewport");

static bool indexed_viewports(const struct vigil_core_ctx *ctx)
{
	return ctx->core->has_viewport_array;
}

static void apply_viewport(struct vigil_core_ctx *ctx, const struct core_pipe *p)
{
	bool halfz = p->rs && p->rs->u.rs.clip_halfz && ctx->core->has_clip_control;
	float r[6];

	if (!indexed_viewports(ctx)) {
		viewport_rect(&p->vp[0], halfz, r);
		glViewport((GLint)r[0], (GLint)r[1], (GLsizei)r[2], (GLsizei)r[3]);
		if (ctx->core->gles)
			glDepthRangef(r[4], r[5]);
		else
			glDepthRange((double)r[4], (double)r[5]); /* glDepthRangef is GL 4.1 */
		return;
	}
	for (GLuint i = 0; i < VIGIL_LIMIT_MAX_VIEWPORTS; i++) {
		viewport_rect(&p->vp[i], halfz, r);
		glViewportIndexedf(i, r[0], r[1], r[2], r[3]);
		if (ctx->core->gles)
			glDepthRangeIndexedfOES(i, r[4], r[5]);
		else
			glDepthRangeIndexed(i, (double)r[4], (double)r[5]);
	}
}

static void scissor_rect(const struct vigil_rec_set_scissor_state_scissors *s, GLint ret[4])
{
	uint32_t w = s->maxx > s->minx ? s->maxx - s->minx : 0;
	uint32_t h = s->maxy > s->miny ? s->maxy - s->miny : 0;

	ret[0] = (GLint)(s->minx & 0xffffu);
	ret[1] = (GLint)(s->miny & 0xffffu);
	ret[2] = (GLint)(w & 0xffffu);
	ret[3] = (GLint)(h & 0xffffu);
}

static void apply_scissor(struct vigil_core_ctx *ctx, const struct core_pipe *p)
{
	GLint r[4];

	if (!indexed_viewports(ctx)) {
		scissor_rect(&p->sc[0], r);
		glScissor(r[0], r[1], r[2], r[3]);
		return;
	}
	for (GLuint i = 0; i < VIGIL_LIMIT_MAX_VIEWPORTS; i++) {
		scissor_rect(&p->sc[i], r);
		glScissorIndexed(i, r[0], r[1], r[2], r[3]);
	}
}

void core_apply_state(struct vigil_core_ctx *ctx, struct core_pipe *p, uint32_t clip_mask)
{
	apply_blend(ctx, p);
	apply_dsa(p);
	apply_rasterizer(ctx, p, clip_mask);
	apply_viewport(ctx, p);
	apply_scissor(ctx, p);
	if (ctx->core->gles ? ctx->core->gl_version >= 31 : ctx->core->gl_version >= 32) {
		glEnable(GL_SAMPLE_MASK);
		glSampleMaski(0, p->sample_mask);
	}
	if (p->min_samples > 1 && (ctx->core->gles ? ctx->core->gl_version >= 32 : ctx->core->gl_version >= 40)) {
		glEnable(GL_SAMPLE_SHADING);
		glMinSampleShading(1.0f); /* Mesa sends min_samples > 1 only for per-sample shading */
	} else if (ctx->core->gles ? ctx->core->gl_version >= 32 : ctx->core->gl_version >= 40) {
		glDisable(GL_SAMPLE_SHADING);
	}
}

void core_apply_clear_scissor(struct vigil_core_ctx *ctx)
{
	const struct core_pipe *p = core_cur_sub(ctx)->pipe;

	if (!p || !p->rs || !p->rs->u.rs.scissor)
		return;
	glEnable(GL_SCISSOR_TEST);
	apply_scissor(ctx, p);
}

static bool srgb_format(uint32_t f)
{
	return (f >= 95u && f <= 104u) || f == 230u || f == 254u || f == 312u || f == 313u;
}

/* Gallium encodes colour writes to sRGB when the surface's format is sRGB; desktop GL does so
 * only with GL_FRAMEBUFFER_SRGB enabled (GLES always does for sRGB attachments unless
 * EXT_sRGB_write_control switches it off; without that extension there is no switch). Enabled
 * for a draw or clear when a bound colour surface has an sRGB format, and switched off after
 * it, so readback keeps GL's default (GLES blits switch it on for themselves). */
void core_apply_srgb(struct vigil_core_ctx *ctx, bool around)
{
	const struct core_sub *sub = core_cur_sub(ctx);
	bool on = false;

	if (!ctx->core->has_srgb_write)
		return;
	for (uint32_t i = 0; around && i < sub->nr_cbufs && i < 8u; i++)
		if (sub->cbufs[i] && srgb_format(sub->cbufs[i]->format))
			on = true;
	if (on)
		glEnable(GL_FRAMEBUFFER_SRGB);
	else
		glDisable(GL_FRAMEBUFFER_SRGB);
}
