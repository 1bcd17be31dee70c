/*
 * glsl_out.c: the GLSL outputs of a stage and vg_store(), the function that copies the uvec4
 * output registers to them (called at END, RET and every EMIT), with the fixed-function
 * emulation that belongs there: user clip planes, the window-system y flip, the alpha test,
 * colour 0 written to every colour buffer, and the stream-output captures with their
 * glTransformFeedbackVaryings list. Also the fragment prologue (polygon stipple) and the
 * emulation uniforms of glsl.h.
 *
 * Trust: the IR is validated; opts come from the pipeline (so[] entries are checked here:
 * register declared, components inside the vec4, at most 160 varying names, streams other
 * than 0 only from a GLSL 4.00 geometry shader).
 * Guarantees: every declared output register reaches its GLSL output or is a documented no-op
 * (EDGEFLAG, CLIPVERTEX without clip planes).
 */
#include <stdio.h>
#include <string.h>

#include "glsl_priv.h"

static const char letters[] = "xyzw";

static void out_reg(struct vg_ctx *c, uint32_t r, struct vg_expr *e)
{
	struct vigil_tgsi_reg reg;

	memset(&reg, 0, sizeof(reg));
	reg.file = VIGIL_TGSI_FILE_OUT;
	reg.index = (int32_t)r;
	vg_reg_name(c, &reg, e);
}

static bool vertex_stage(const struct vg_ctx *c)
{
	return c->sh->processor != VIGIL_TGSI_FRAG;
}

/* ---- declarations ---- */

static void decl_vertex_output(struct vg_ctx *c, const struct vigil_tgsi_decl *d, uint32_t r)
{
	const struct vigil_tgsi_shader *next = c->o->next;
	uint32_t idx = vg_sem_index(d, r);
	char q[40] = "", name[40];

	switch (d->semantic) {
	case S_POSITION:
		if (d->invariant)
			vg_puts(&c->decl, "invariant gl_Position;\n");
		return;
	case S_CLIPDIST:
		vg_need_clip_cull(c);
		return;
	case S_LAYER:
	case S_VIEWPORT:
	case S_PRIMID:
		if (c->sh->processor != VIGIL_TGSI_GEOM) {
			/* VS / TES layer and viewport: ARB_shader_viewport_layer_array (GL only) */
			if (d->semantic == S_PRIMID || c->gles)
				vg_fail(c, VIGIL_E_UNSUPPORTED, "layer/viewport/primitive id output outside a GS");
			else
				vg_need_ext(c, "GL_ARB_shader_viewport_layer_array");
			return;
		}
		if (d->semantic == S_VIEWPORT && (c->gles || c->ver < 410))
			vg_need_viewport_index(c);
		return;
	case S_PSIZE:
	case S_CLIPVERTEX:
	case S_EDGEFLAG:
		return;
	default:
		break;
	}
	if (!vg_is_varying(d->semantic)) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "vertex output semantic");
		return;
	}
	if (next && next->processor == VIGIL_TGSI_FRAG) {
		unsigned sem = d->semantic == S_BCOLOR ? S_COLOR : d->semantic;
		const struct vigil_tgsi_decl *nd = vg_find_sem(next, VIGIL_TGSI_FILE_IN, sem, idx);

		vg_interp_quals(c, nd, sem == S_COLOR && c->o->flatshade, q, sizeof(q));
	}
	vg_vary_name(c, false, d->semantic, idx, name, sizeof(name));
	vg_printf(&c->decl, "%s%sout vec4 %s;\n", d->invariant ? "invariant " : "", q, name);
}

static void decl_fs_color(struct vg_ctx *c, uint32_t idx)
{
	uint32_t all = 0;
	unsigned n = 1, first = idx;

	vg_prop(c->sh, P_COLOR0_ALL, &all);
	if (idx == 0 && all)
		n = c->o->nr_cbufs ? c->o->nr_cbufs : 1u;
	if (idx >= 8 || first + n > 8) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "colour output index above 7");
		return;
	}
	for (unsigned k = first; k < first + n; k++) {
		uint8_t t = c->o->cbuf_type[k];
		const char *type = vg_vec(t <= VIGIL_GLSL_UINT ? (enum vigil_glsl_type)t : VIGIL_GLSL_FLOAT);

		if (k == 1 && c->o->dual_src_blend) {
			if (c->gles && !(c->o->es_ext & VIGIL_GLSL_ES_BLEND_FUNC_EXTENDED))
				vg_fail(c, VIGIL_E_UNSUPPORTED, "dual-source blending on GLES without EXT_blend_func_extended");
			else if (c->gles)
				vg_need_ext(c, "GL_EXT_blend_func_extended");
			vg_printf(&c->decl, "layout(location = 0, index = 1) out %s fs_out1;\n", type);
		} else {
			vg_printf(&c->decl, "layout(location = %u) out %s fs_out%u;\n", k, type, k);
		}
		c->info->fs_outputs_mask = (uint8_t)(c->info->fs_outputs_mask | (1u << k));
	}
}

static void decl_fs_output(struct vg_ctx *c, const struct vigil_tgsi_decl *d, uint32_t r)
{
	switch (d->semantic) {
	case S_COLOR:
		decl_fs_color(c, vg_sem_index(d, r));
		return;
	case S_POSITION:
		c->info->writes_depth = true;
		return;
	case S_STENCIL:
		if (c->gles)
			vg_fail(c, VIGIL_E_UNSUPPORTED, "stencil export on GLES");
		vg_need_ext(c, "GL_ARB_shader_stencil_export");
		c->info->writes_stencil = true;
		return;
	case S_SAMPLEMASK:
		if (!vg_gl(c, 400, 320))
			vg_fail(c, VIGIL_E_UNSUPPORTED, "gl_SampleMask needs GLSL 4.00 / ES 3.20");
		return;
	default:
		vg_fail(c, VIGIL_E_UNSUPPORTED, "fragment output semantic");
		return;
	}
}

static void decl_so(struct vg_ctx *c)
{
	const struct vigil_glsl_opts *o = c->o;

	if (!o->so_count)
		return;
	if (o->so_count > 64 || !vertex_stage(c) || c->sh->processor == VIGIL_TGSI_TESS_CTRL) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "stream output on this stage or above 64 entries");
		return;
	}
	for (uint32_t k = 0; k < o->so_count; k++) {
		unsigned n = o->so[k].num_components;

		if (o->so[k].stream != 0 &&
		    (c->sh->processor != VIGIL_TGSI_GEOM || !vg_gl(c, 400, 0) || o->so[k].stream > 3)) {
			vg_fail(c, VIGIL_E_UNSUPPORTED, "vertex streams other than 0 need a GLSL 4.00 GS");
			return;
		}
		if (n < 1 || n > 4 || o->so[k].start_component + n > 4 || o->so[k].output_buffer >= 4 ||
		    !vg_decl_of(c, VIGIL_TGSI_FILE_OUT, o->so[k].register_index)) {
			vg_fail(c, VIGIL_E_RANGE, "stream output entry");
			return;
		}
		if (o->so[k].stream)
			vg_printf(&c->decl, "layout(stream = %u) ", (unsigned)o->so[k].stream);
		vg_printf(&c->decl, "flat out %s%s %s_so%u;\n", n == 1 ? "uint" : "uvec",
			  n == 1 ? "" : (const char *[]){ "", "", "2", "3", "4" }[n], c->pfx, (unsigned)k);
	}
}

void vg_emit_output_decls(struct vg_ctx *c)
{
	for (uint32_t i = 0; i < c->sh->decl_count; i++) {
		const struct vigil_tgsi_decl *d = &c->sh->decls[i];

		if (d->file != VIGIL_TGSI_FILE_OUT)
			continue;
		if (!d->has_semantic) {
			vg_fail(c, VIGIL_E_UNSUPPORTED, "output without a semantic");
			continue;
		}
		for (uint32_t r = d->first; r <= d->last; r++) {
			if (!vg_decl_owns(c, d, r))
				continue;
			if (c->sh->processor == VIGIL_TGSI_TESS_CTRL)
				vg_tcs_decl_output(c, d, r);
			else if (vertex_stage(c))
				decl_vertex_output(c, d, r);
			else
				decl_fs_output(c, d, r);
		}
	}
	decl_so(c);
}

/* ---- glTransformFeedbackVaryings list ---- */

static void so_name(struct vg_ctx *c, const char *name)
{
	struct vigil_glsl_info *info = c->info;

	if (info->so_varying_count >= sizeof(info->so_varyings) / sizeof(info->so_varyings[0])) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "too many transform feedback names");
		return;
	}
	snprintf(info->so_varyings[info->so_varying_count++], sizeof(info->so_varyings[0]), "%s", name);
}

static void so_skip(struct vg_ctx *c, uint32_t n)
{
	char name[24];

	if (n && c->gles)
		vg_fail(c, VIGIL_E_UNSUPPORTED, "stream output with gaps on GLES");
	while (n) {
		uint32_t k = n > 4 ? 4 : n;

		snprintf(name, sizeof(name), "gl_SkipComponents%u", (unsigned)k);
		so_name(c, name);
		n -= k;
	}
}

static void so_layout(struct vg_ctx *c)
{
	const struct vigil_glsl_opts *o = c->o;
	uint8_t order[64];
	uint32_t n = o->so_count > 64 ? 64 : o->so_count, buf = 0, off = 0;
	char name[24];

	for (uint32_t i = 0; i < n; i++)
		order[i] = (uint8_t)i;
	for (uint32_t i = 1; i < n; i++) { /* insertion sort by (buffer, offset) */
		uint8_t v = order[i];
		uint32_t j = i;

		while (j && (o->so[order[j - 1]].output_buffer > o->so[v].output_buffer ||
			     (o->so[order[j - 1]].output_buffer == o->so[v].output_buffer &&
			      o->so[order[j - 1]].dst_offset > o->so[v].dst_offset))) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = v;
	}
	for (uint32_t i = 0; i < n; i++) {
		uint32_t k = order[i];

		while (buf < o->so[k].output_buffer) {
			if (o->so_stride[buf] > off)
				so_skip(c, o->so_stride[buf] - off);
			if (c->gles)
				vg_fail(c, VIGIL_E_UNSUPPORTED, "stream output to several buffers on GLES");
			so_name(c, "gl_NextBuffer");
			buf++;
			off = 0;
		}
		if (o->so[k].dst_offset < off) {
			vg_fail(c, VIGIL_E_RELATION, "overlapping stream output entries");
			return;
		}
		so_skip(c, o->so[k].dst_offset - off);
		snprintf(name, sizeof(name), "%s_so%u", c->pfx, (unsigned)k);
		so_name(c, name);
		off = o->so[k].dst_offset + o->so[k].num_components;
	}
	if (n && buf < 4 && o->so_stride[buf] > off)
		so_skip(c, o->so_stride[buf] - off);
}

/* ---- vg_store() ---- */

static void store_vertex_output(struct vg_ctx *c, const struct vigil_tgsi_decl *d, uint32_t r,
				uint32_t nclip)
{
	struct vg_expr e;
	char name[40];
	uint32_t idx = vg_sem_index(d, r);

	out_reg(c, r, &e);
	switch (d->semantic) {
	case S_POSITION:
		vg_printf(&c->decl, "\tgl_Position = uintBitsToFloat(%s);\n", e.s);
		c->writes_position = true;
		return;
	case S_PSIZE:
		vg_need_point_size(c);
		vg_printf(&c->decl, "\tgl_PointSize = uintBitsToFloat(%s.x);\n", e.s);
		return;
	case S_CLIPDIST: /* clip distances first, then cull distances (NUM_CULLDIST_ENABLED) */
		for (uint32_t j = 0; j < 4; j++) {
			uint32_t k = idx * 4u + j, ncull = 0;

			vg_prop(c->sh, P_NUM_CULLDIST, &ncull);
			if (k < nclip) {
				vg_printf(&c->decl, "\tgl_ClipDistance[%u] = uintBitsToFloat(%s.%c);\n", (unsigned)k,
					  e.s, letters[j]);
			} else if (k - nclip < ncull && k < 8) {
				if (!vg_gl(c, 450, 0) && !(c->gles && (c->o->es_ext & VIGIL_GLSL_ES_CLIP_CULL)))
					vg_fail(c, VIGIL_E_UNSUPPORTED, "cull distances need GLSL 4.50 / EXT_clip_cull_distance");
				vg_printf(&c->decl, "\tgl_CullDistance[%u] = uintBitsToFloat(%s.%c);\n",
					  (unsigned)(k - nclip), e.s, letters[j]);
			}
		}
		c->writes_clipdist = true;
		return;
	case S_LAYER:
		vg_printf(&c->decl, "\tgl_Layer = int(%s.x);\n", e.s);
		return;
	case S_VIEWPORT:
		vg_printf(&c->decl, "\tgl_ViewportIndex = int(%s.x);\n", e.s);
		return;
	case S_PRIMID:
		vg_printf(&c->decl, "\tgl_PrimitiveID = int(%s.x);\n", e.s);
		return;
	default:
		break;
	}
	if (!vg_is_varying(d->semantic))
		return;
	vg_vary_name(c, false, d->semantic, idx, name, sizeof(name));
	vg_printf(&c->decl, "\t%s = uintBitsToFloat(%s);\n", name, e.s);
}

static void store_clip_planes(struct vg_ctx *c)
{
	const struct vigil_tgsi_decl *cv = NULL, *pos = NULL;
	struct vg_expr e;
	uint32_t v = 0, reg;

	if (!c->last_vertex_stage || !c->o->clip_plane_enable || c->writes_clipdist ||
	    (vg_prop(c->sh, P_PROHIBIT_UCPS, &v) && v))
		return;
	for (uint32_t i = 0; i < c->sh->decl_count; i++) {
		const struct vigil_tgsi_decl *d = &c->sh->decls[i];

		if (d->file == VIGIL_TGSI_FILE_OUT && d->has_semantic && d->semantic == S_CLIPVERTEX)
			cv = d;
		if (d->file == VIGIL_TGSI_FILE_OUT && d->has_semantic && d->semantic == S_POSITION)
			pos = d;
	}
	if (!cv)
		cv = pos;
	if (!cv)
		return;
	vg_need_clip_cull(c);
	reg = cv->first;
	out_reg(c, reg, &e);
	for (unsigned i = 0; i < 8; i++)
		if (c->o->clip_plane_enable & (1u << i))
			vg_printf(&c->decl, "\tgl_ClipDistance[%u] = dot(uintBitsToFloat(%s), vigil_clip_plane[%u]);\n",
				  i, e.s, i);
	c->info->uses_clip_planes = true;
}

static void store_so(struct vg_ctx *c)
{
	struct vg_expr e;

	for (uint32_t k = 0; k < c->o->so_count && k < 64; k++) {
		char sw[5] = { 0 };
		unsigned n = c->o->so[k].num_components, s0 = c->o->so[k].start_component;

		if (n < 1 || n > 4 || s0 + n > 4)
			return;
		memcpy(sw, letters + s0, n);
		out_reg(c, c->o->so[k].register_index, &e);
		vg_printf(&c->decl, "\t%s_so%u = %s.%s;\n", c->pfx, (unsigned)k, e.s, sw);
	}
	so_layout(c);
}

static void store_fs_color(struct vg_ctx *c, uint32_t idx, const struct vg_expr *reg)
{
	static const char *const cmp[8] = { NULL, "<", "==", "<=", ">", "!=", ">=", NULL };
	uint32_t all = 0;
	unsigned n = 1;

	vg_prop(c->sh, P_COLOR0_ALL, &all);
	if (idx == 0 && all)
		n = c->o->nr_cbufs ? c->o->nr_cbufs : 1u;
	if (idx == 0 && c->o->alpha_func) {
		unsigned f = (unsigned)(c->o->alpha_func - 1u) & 7u;

		if (f == 0)
			vg_puts(&c->decl, "\tdiscard;\n");
		else if (cmp[f])
			vg_printf(&c->decl, "\tif (!(uintBitsToFloat(%s.w) %s vigil_alpha_ref)) discard;\n",
				  reg->s, cmp[f]);
		c->info->uses_alpha_ref = f != 0 && f != 7;
		c->info->uses_discard = c->info->uses_discard || f != 7;
	}
	for (unsigned k = idx; k < idx + n && k < 8; k++) {
		struct vg_expr v = *reg;

		vg_cast(c, &v, c->o->cbuf_type[k] <= VIGIL_GLSL_UINT ? (enum vigil_glsl_type)c->o->cbuf_type[k]
								      : VIGIL_GLSL_FLOAT);
		vg_printf(&c->decl, "\tfs_out%u = %s;\n", k, v.s);
	}
}

static void store_fs_output(struct vg_ctx *c, const struct vigil_tgsi_decl *d, uint32_t r)
{
	struct vg_expr e;

	out_reg(c, r, &e);
	switch (d->semantic) {
	case S_COLOR:
		store_fs_color(c, vg_sem_index(d, r), &e);
		return;
	case S_POSITION:
		vg_printf(&c->decl, "\tgl_FragDepth = uintBitsToFloat(%s.z);\n", e.s);
		return;
	case S_STENCIL:
		vg_printf(&c->decl, "\tgl_FragStencilRefARB = int(%s.y);\n", e.s);
		return;
	case S_SAMPLEMASK:
		vg_printf(&c->decl, "\tgl_SampleMask[0] = int(%s.x);\n", e.s);
		return;
	default:
		return;
	}
}

void vg_emit_store_fn(struct vg_ctx *c)
{
	uint32_t nclip = 8, ncull = 0;

	if (!vg_prop(c->sh, P_NUM_CLIPDIST, &nclip))
		nclip = vg_prop(c->sh, P_NUM_CULLDIST, &ncull) && ncull ? 0u : 8u;
	vg_puts(&c->decl, "void vg_store()\n{\n");
	for (uint32_t i = 0; i < c->sh->decl_count && c->sh->processor != VIGIL_TGSI_TESS_CTRL; i++) {
		const struct vigil_tgsi_decl *d = &c->sh->decls[i];

		if (d->file != VIGIL_TGSI_FILE_OUT || !d->has_semantic)
			continue;
		for (uint32_t r = d->first; r <= d->last; r++) {
			if (!vg_decl_owns(c, d, r))
				continue;
			if (vertex_stage(c))
				store_vertex_output(c, d, r, nclip);
			else
				store_fs_output(c, d, r);
		}
	}
	if (vertex_stage(c) && c->sh->processor != VIGIL_TGSI_TESS_CTRL) {
		store_clip_planes(c);
		if (c->last_vertex_stage && !c->o->so_active && c->writes_position) {
			vg_puts(&c->decl, "\tgl_Position.y *= vigil_winsys_y;\n");
			c->info->uses_winsys_y = true;
		}
		store_so(c);
	}
	vg_puts(&c->decl, "}\n");
}

/* ---- main prologue and uniforms ---- */

void vg_emit_prologue(struct vg_ctx *c)
{
	for (uint32_t i = 0; i < c->sh->decl_count; i++) {
		const struct vigil_tgsi_decl *d = &c->sh->decls[i];

		if (d->file == VIGIL_TGSI_FILE_OUT && d->array_id && c->sh->processor != VIGIL_TGSI_TESS_CTRL)
			vg_line(c, "for (int i = 0; i < %u; i++) oa%u[i] = uvec4(0u);",
				(unsigned)(d->last - d->first + 1u), (unsigned)d->array_id);
	}
	if (c->sh->processor == VIGIL_TGSI_FRAG && c->o->poly_stipple) {
		/* window coordinates with the origin at the top (the guest's view) */
		vg_line(c, "{ uint vg_sx = uint(gl_FragCoord.x) & 31u;");
		vg_line(c, "  uint vg_sy = uint(vigil_fb_height < 0.0 ? gl_FragCoord.y : "
			   "vigil_fb_height - gl_FragCoord.y) & 31u;");
		vg_line(c, "  if (((vigil_stipple[vg_sy] >> (31u - vg_sx)) & 1u) == 0u) discard; }");
		c->info->uses_stipple = c->info->uses_fb_height = c->info->uses_discard = true;
	}
	vg_emit_input_arrays(c);
}

void vg_emit_uniforms(struct vg_ctx *c, struct vg_buf *out)
{
	const struct vigil_glsl_info *i = c->info;

	if (i->uses_winsys_y)
		vg_puts(out, "uniform float vigil_winsys_y;\n");
	if (i->uses_fb_height)
		vg_puts(out, "uniform float vigil_fb_height;\n");
	if (i->uses_clip_planes)
		vg_puts(out, "uniform vec4 vigil_clip_plane[8];\n");
	if (i->uses_stipple)
		vg_puts(out, "uniform uint vigil_stipple[32];\n");
	if (i->uses_alpha_ref)
		vg_puts(out, "uniform float vigil_alpha_ref;\n");
}
