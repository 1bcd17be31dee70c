/*
 * glsl_io.c: shader inputs, outputs and system values: TGSI semantics mapped to GLSL built-ins
 * or to varyings named after their semantic ("vary_generic_12"), so separately emitted stages
 * match by name; interpolation qualifiers taken from the consuming stage (opts.next) for
 * outputs and from the declaration for inputs; two-sided colour; gl_FragCoord conversions;
 * and vg_store(), which copies the uvec4 output registers to the GLSL outputs.
 *
 * Trust: the IR is validated; opts.prev / opts.next are validated IR of the neighbouring stages.
 * Guarantees: every semantic either maps to something the targeted GLSL version has, or the
 * shader fails with VIGIL_E_UNSUPPORTED; no output register is left uncopied.
 */
#include <stdio.h>
#include <string.h>

#include "glsl_priv.h"
#include "tgsi_tables.h"

bool vg_prop(const struct vigil_tgsi_shader *sh, unsigned name, uint32_t *ret)
{
	for (uint32_t i = 0; i < sh->prop_count && i < VIGIL_TGSI_MAX_PROPS; i++) {
		if (sh->props[i].name == name) {
			*ret = sh->props[i].value;
			return true;
		}
	}
	return false;
}

bool vg_is_varying(unsigned sem)
{
	return sem == S_COLOR || sem == S_BCOLOR || sem == S_FOG || sem == S_GENERIC ||
	       sem == S_NORMAL || sem == S_TEXCOORD || sem == S_PATCH;
}

void vg_vary_name(const struct vg_ctx *c, bool input, unsigned sem, uint32_t idx, char *out, size_t n)
{
	unsigned producer = c->sh->processor;
	char lower[24];
	const char *name = sem < vigil_tgsi_semantic_count ? vigil_tgsi_semantic_names[sem] : "x";
	size_t i;

	for (i = 0; name[i] && i + 1 < sizeof(lower); i++)
		lower[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] - 'A' + 'a' : name[i]);
	lower[i] = '\0';
	if (input)
		producer = c->o->prev ? c->o->prev->processor : VIGIL_TGSI_VERT;
	snprintf(out, n, "%s_out_%s_%u", vigil_glsl_stage_prefix(producer), lower, (unsigned)idx);
}

/* The declaration of another stage's register with semantic (sem, idx) in `file`. */
const struct vigil_tgsi_decl *vg_find_sem(const struct vigil_tgsi_shader *sh, unsigned file,
						unsigned sem, uint32_t idx)
{
	if (!sh)
		return NULL;
	for (uint32_t i = 0; i < sh->decl_count; i++) {
		const struct vigil_tgsi_decl *d = &sh->decls[i];

		if (d->file == file && d->has_semantic && d->semantic == sem && idx >= d->semantic_index &&
		    idx - d->semantic_index <= d->last - d->first)
			return d;
	}
	return NULL;
}

uint32_t vg_sem_index(const struct vigil_tgsi_decl *d, uint32_t reg)
{
	return d->semantic_index + (reg - d->first);
}

/* Interpolation qualifiers of an FS input declaration ("flat centroid "). */
void vg_interp_quals(struct vg_ctx *c, const struct vigil_tgsi_decl *d, bool flatshade,
			 char *out, size_t n)
{
	const char *ip = "", *loc = "";

	out[0] = '\0';
	if (!d)
		return;
	if (d->interp == 1 || (d->interp == 4 && flatshade)) {
		ip = "flat ";
	} else if (d->interp == 2 && c->gles) {
		/* GL_NV_shader_noperspective_interpolation where the host has it (llvmpipe, most
		 * desktop drivers' GLES), else perspective-correct: both stages decide alike */
		if (!c->ext.p || !strstr(c->ext.p, "VG_NOPERSPECTIVE"))
			vg_puts(&c->ext, "#extension GL_NV_shader_noperspective_interpolation : enable\n"
					 "#ifdef GL_NV_shader_noperspective_interpolation\n"
					 "#define VG_NOPERSPECTIVE noperspective\n#else\n"
					 "#define VG_NOPERSPECTIVE smooth\n#endif\n");
		ip = "VG_NOPERSPECTIVE ";
	} else if (d->interp == 2) {
		ip = "noperspective ";
	}
	if (d->location == 2) {
		loc = "centroid ";
	} else if (d->location == 3) {
		if (!vg_gl(c, 400, 320))
			vg_fail(c, VIGIL_E_UNSUPPORTED, "per-sample interpolation needs GLSL 4.00 / ES 3.20");
		loc = "sample ";
	}
	snprintf(out, n, "%s%s", ip, loc);
}

void vg_need_ext(struct vg_ctx *c, const char *ext)
{
	if (c->ext.p && strstr(c->ext.p, ext))
		return;
	vg_printf(&c->ext, "#extension %s : require\n", ext);
}

void vg_need_clip_cull(struct vg_ctx *c)
{
	if (!c->gles)
		return;
	if (c->o->es_ext & VIGIL_GLSL_ES_CLIP_CULL)
		vg_need_ext(c, "GL_EXT_clip_cull_distance");
	else
		vg_fail(c, VIGIL_E_UNSUPPORTED, "gl_ClipDistance on GLES without EXT_clip_cull_distance");
}

void vg_need_viewport_index(struct vg_ctx *c)
{
	if (!c->gles)
		vg_need_ext(c, "GL_ARB_viewport_array");
	else if (c->o->es_ext & VIGIL_GLSL_ES_VIEWPORT_ARRAY)
		vg_need_ext(c, "GL_OES_viewport_array");
	else
		vg_fail(c, VIGIL_E_UNSUPPORTED, "gl_ViewportIndex on GLES without OES_viewport_array");
}

/* gl_PointSize outside the vertex shader: GLES needs the geometry / tessellation point size
 * extension for it (desktop GL has it in every stage). */
void vg_need_point_size(struct vg_ctx *c)
{
	if (!c->gles || c->sh->processor == VIGIL_TGSI_VERT)
		return;
	vg_need_ext(c, c->sh->processor == VIGIL_TGSI_GEOM ? "GL_EXT_geometry_point_size"
							  : "GL_EXT_tessellation_point_size");
}

/* ---- inputs ---- */

void vg_fragcoord_expr(struct vg_ctx *c, struct vg_expr *e)
{
	uint32_t origin = 0, center = 0;
	const char *adj;
	const char *y;

	/* GLES: the caps do not advertise fragment_coord_conventions, so Mesa lowers both
	 * properties into the shader (its own y transform from upper-left, half-integer
	 * coordinates) but may leave them declared: they are stale there (glsl.h) */
	if (!c->o->gles) {
		vg_prop(c->sh, P_FS_ORIGIN, &origin);
		vg_prop(c->sh, P_FS_CENTER, &center);
	}
	adj = center == 1 ? " - 0.5" : "";
	/* vigil_fb_height < 0: the host image is stored upside down (see glsl.h) */
	y = origin == 1 ? "(vigil_fb_height < 0.0 ? -vigil_fb_height - gl_FragCoord.y : gl_FragCoord.y)"
			: "(vigil_fb_height < 0.0 ? gl_FragCoord.y : vigil_fb_height - gl_FragCoord.y)";
	c->info->uses_fb_height = true;
	vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "vec4(gl_FragCoord.x%s, %s%s, gl_FragCoord.z, gl_FragCoord.w)",
		    adj, y, adj);
}

bool vg_prev_writes(const struct vg_ctx *c, unsigned sem, uint32_t idx)
{
	return !c->o->prev || vg_find_sem(c->o->prev, VIGIL_TGSI_FILE_OUT, sem, idx) != NULL;
}

static void fs_input(struct vg_ctx *c, const struct vigil_tgsi_decl *d, uint32_t reg, struct vg_expr *e)
{
	uint32_t idx = vg_sem_index(d, reg);
	char name[40], bname[40];

	switch (d->semantic) {
	case S_POSITION:
		vg_fragcoord_expr(c, e);
		return;
	case S_FACE:
		vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "vec4(gl_FrontFacing ? 1.0 : -1.0, 0.0, 0.0, 1.0)");
		return;
	case S_PCOORD:
		vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "vec4(gl_PointCoord, 0.0, 1.0)");
		return;
	case S_PRIMID:
		if (!vg_gl(c, 330, 320))
			vg_fail(c, VIGIL_E_UNSUPPORTED, "gl_PrimitiveID in the FS needs GLSL ES 3.20");
		vg_expr_set(c, e, VIGIL_GLSL_INT, "ivec4(gl_PrimitiveID, 0, 0, 0)");
		return;
	case S_LAYER:
	case S_VIEWPORT:
		if (d->semantic == S_VIEWPORT && c->gles)
			vg_need_viewport_index(c);
		else if (!vg_gl(c, 430, d->semantic == S_LAYER ? 320 : 0))
			vg_fail(c, VIGIL_E_UNSUPPORTED, "gl_Layer / gl_ViewportIndex in the FS needs GLSL 4.30");
		vg_expr_set(c, e, VIGIL_GLSL_INT, "ivec4(%s, 0, 0, 0)",
			    d->semantic == S_LAYER ? "gl_Layer" : "gl_ViewportIndex");
		return;
	default:
		break;
	}
	if (!vg_is_varying(d->semantic)) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "fragment shader input semantic");
		vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "vec4(0.0)");
		return;
	}
	if (d->semantic == S_TEXCOORD && idx < 8 && (c->o->sprite_coord_enable >> idx) & 1u) {
		vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "vec4(gl_PointCoord.x, %sgl_PointCoord.y, 0.0, 1.0)",
			    c->o->sprite_coord_upper_left ? "" : "1.0 - ");
		return;
	}
	vg_vary_name(c, true, d->semantic, idx, name, sizeof(name));
	if (d->semantic == S_COLOR && c->o->prev && vg_find_sem(c->o->prev, VIGIL_TGSI_FILE_OUT, S_BCOLOR, idx)) {
		vg_vary_name(c, true, S_BCOLOR, idx, bname, sizeof(bname));
		vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "(gl_FrontFacing ? %s : %s)",
			    vg_prev_writes(c, S_COLOR, idx) ? name : "vec4(0.0, 0.0, 0.0, 1.0)", bname);
		return;
	}
	if (!vg_prev_writes(c, d->semantic, idx)) {
		vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "vec4(0.0, 0.0, 0.0, 1.0)");
		return;
	}
	vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "%s", name);
}

static void gs_input(struct vg_ctx *c, const struct vigil_tgsi_decl *d, uint32_t reg,
		     const char *vertex, struct vg_expr *e)
{
	uint32_t idx = vg_sem_index(d, reg);
	char name[40];

	if (d->semantic == S_PRIMID) { /* gl_PrimitiveIDIn: per primitive, with or without a vertex */
		vg_expr_set(c, e, VIGIL_GLSL_INT, "ivec4(gl_PrimitiveIDIn, 0, 0, 0)");
		return;
	}
	if (!vertex) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "geometry shader input without a vertex index");
		vertex = "0";
	}
	if (d->semantic == S_POSITION) {
		vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "gl_in[%s].gl_Position", vertex);
		return;
	}
	if (d->semantic == S_PSIZE) {
		vg_need_point_size(c);
		vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "vec4(gl_in[%s].gl_PointSize, 0.0, 0.0, 0.0)", vertex);
		return;
	}
	if (!vg_is_varying(d->semantic)) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "geometry shader input semantic");
		vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "vec4(0.0)");
		return;
	}
	if (!vg_prev_writes(c, d->semantic, idx)) {
		vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "vec4(0.0, 0.0, 0.0, 1.0)");
		return;
	}
	vg_vary_name(c, true, d->semantic, idx, name, sizeof(name));
	vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "%s[%s]", name, vertex);
}

void vg_input_expr(struct vg_ctx *c, uint32_t index, const char *vertex, struct vg_expr *e)
{
	const struct vigil_tgsi_decl *d = vg_decl_of(c, VIGIL_TGSI_FILE_IN, index);

	if (c->sh->processor == VIGIL_TGSI_VERT) {
		uint8_t t = index < 32 ? c->o->attr_type[index] : 0;

		if (index >= 32)
			vg_fail(c, VIGIL_E_UNSUPPORTED, "vertex input index above 31");
		vg_expr_set(c, e, t <= VIGIL_GLSL_UINT ? (enum vigil_glsl_type)t : VIGIL_GLSL_FLOAT,
			    "vs_in%u", (unsigned)index);
		return;
	}
	if (!d || !d->has_semantic) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "input without a semantic");
		vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "vec4(0.0)");
		return;
	}
	if (c->sh->processor == VIGIL_TGSI_FRAG)
		fs_input(c, d, index, e);
	else if (c->sh->processor == VIGIL_TGSI_TESS_EVAL && !d->has_dim)
		vg_tes_patch_input(c, d, index, e);
	else
		gs_input(c, d, index, vertex, e);
}

bool vg_input_var(struct vg_ctx *c, uint32_t index, char *out, size_t n)
{
	const struct vigil_tgsi_decl *d = vg_decl_of(c, VIGIL_TGSI_FILE_IN, index);

	if (c->sh->processor != VIGIL_TGSI_FRAG || !d || !d->has_semantic || !vg_is_varying(d->semantic) ||
	    !vg_prev_writes(c, d->semantic, vg_sem_index(d, index)))
		return false;
	if (d->semantic == S_COLOR && c->o->prev &&
	    vg_find_sem(c->o->prev, VIGIL_TGSI_FILE_OUT, S_BCOLOR, vg_sem_index(d, index)))
		return false;
	vg_vary_name(c, true, d->semantic, vg_sem_index(d, index), out, n);
	return true;
}

void vg_sv_expr(struct vg_ctx *c, uint32_t index, struct vg_expr *e)
{
	const struct vigil_tgsi_decl *d = vg_decl_of(c, VIGIL_TGSI_FILE_SV, index);
	enum vigil_glsl_type I = VIGIL_GLSL_INT;
	bool gs = c->sh->processor == VIGIL_TGSI_GEOM;

	if (!d || !d->has_semantic) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "system value without a semantic");
		vg_expr_set(c, e, I, "ivec4(0)");
		return;
	}
	switch (d->semantic) {
	case S_VERTEXID: vg_expr_set(c, e, I, "ivec4(gl_VertexID)"); return;
	case S_INSTANCEID: vg_expr_set(c, e, I, "ivec4(gl_InstanceID)"); return;
	case S_BASEVERTEX:
	case S_VERTEXID_NOBASE:
	case S_BASEINSTANCE:
	case S_DRAWID:
		if (c->gles) {
			vg_fail(c, VIGIL_E_UNSUPPORTED, "draw parameters on GLES");
		} else if (c->ver < 460) {
			vg_need_ext(c, "GL_ARB_shader_draw_parameters");
		}
		vg_expr_set(c, e, I, "ivec4(%s)",
			    d->semantic == S_BASEVERTEX ? "gl_BaseVertexARB"
			    : d->semantic == S_VERTEXID_NOBASE ? "gl_VertexID - gl_BaseVertexARB"
			    : d->semantic == S_BASEINSTANCE ? "gl_BaseInstanceARB" : "gl_DrawIDARB");
		return;
	case S_PRIMID:
		vg_expr_set(c, e, I, "ivec4(%s)", gs ? "gl_PrimitiveIDIn" : "gl_PrimitiveID");
		return;
	case S_INVOCATIONID:
		if (!vg_gl(c, 400, 320))
			vg_fail(c, VIGIL_E_UNSUPPORTED, "gl_InvocationID needs GLSL 4.00");
		vg_expr_set(c, e, I, "ivec4(gl_InvocationID)");
		return;
	case S_FACE:
		vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "vec4(gl_FrontFacing ? 1.0 : -1.0, 0.0, 0.0, 1.0)");
		return;
	case S_POSITION:
		vg_fragcoord_expr(c, e);
		return;
	case S_SAMPLEID:
	case S_SAMPLEPOS:
	case S_SAMPLEMASK:
		if (!vg_gl(c, 400, 320))
			vg_fail(c, VIGIL_E_UNSUPPORTED, "sample shading needs GLSL 4.00 / ES 3.20");
		if (d->semantic == S_SAMPLEID)
			vg_expr_set(c, e, I, "ivec4(gl_SampleID)");
		else if (d->semantic == S_SAMPLEMASK)
			vg_expr_set(c, e, I, "ivec4(gl_SampleMaskIn[0], 0, 0, 0)");
		else
			vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "vec4(gl_SamplePosition, 0.0, 0.0)");
		return;
	case S_THREAD_ID:
	case S_BLOCK_ID:
	case S_GRID_SIZE:
	case S_BLOCK_SIZE:
		if (c->sh->processor != VIGIL_TGSI_COMP)
			vg_fail(c, VIGIL_E_UNSUPPORTED, "compute system value outside a compute shader");
		vg_expr_set(c, e, VIGIL_GLSL_UINT, "uvec4(%s, 0u)",
			    d->semantic == S_THREAD_ID ? "gl_LocalInvocationID"
			    : d->semantic == S_BLOCK_ID ? "gl_WorkGroupID"
			    : d->semantic == S_GRID_SIZE ? "gl_NumWorkGroups" : "gl_WorkGroupSize");
		return;
	case S_TESSCOORD:
	case S_TESSOUTER:
	case S_TESSINNER:
	case S_VERTICESIN:
		if (c->sh->processor != VIGIL_TGSI_TESS_EVAL &&
		    (d->semantic != S_VERTICESIN || c->sh->processor != VIGIL_TGSI_TESS_CTRL))
			vg_fail(c, VIGIL_E_UNSUPPORTED, "tessellation system value outside a TES");
		if (d->semantic == S_TESSCOORD)
			vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "vec4(gl_TessCoord, 0.0)");
		else if (d->semantic == S_TESSOUTER)
			vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "vec4(gl_TessLevelOuter[0], gl_TessLevelOuter[1], "
							    "gl_TessLevelOuter[2], gl_TessLevelOuter[3])");
		else if (d->semantic == S_TESSINNER)
			vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "vec4(gl_TessLevelInner[0], gl_TessLevelInner[1], 0.0, 0.0)");
		else
			vg_expr_set(c, e, I, "ivec4(gl_PatchVerticesIn)");
		return;
	case S_HELPER:
		if (!vg_gl(c, 450, 320))
			vg_fail(c, VIGIL_E_UNSUPPORTED, "gl_HelperInvocation needs GLSL 4.50");
		vg_expr_set(c, e, VIGIL_GLSL_UINT, "uvec4(gl_HelperInvocation ? 0xffffffffu : 0u)");
		return;
	default:
		vg_fail(c, VIGIL_E_UNSUPPORTED, "system value semantic");
		vg_expr_set(c, e, I, "ivec4(0)");
		return;
	}
}

/* Copies of input arrays that are indexed indirectly (clamped reads in glsl_alu.c). */
void vg_emit_input_arrays(struct vg_ctx *c)
{
	for (unsigned id = 1; id <= VIGIL_TGSI_MAX_ARRAY_ID; id++) {
		const struct vigil_tgsi_decl *d;
		struct vg_expr e;
		uint32_t n;

		if (!c->in_array_indirect[id] || !c->array_decl[id])
			continue;
		d = &c->sh->decls[c->array_decl[id] - 1u];
		if (d->file != VIGIL_TGSI_FILE_IN || d->has_dim) {
			vg_fail(c, VIGIL_E_UNSUPPORTED, "indirect per-vertex input array");
			continue;
		}
		n = d->last - d->first + 1u;
		vg_line(c, "uvec4 ia%u[%u];", id, (unsigned)n);
		for (uint32_t k = 0; k < n; k++) {
			vg_input_expr(c, d->first + k, NULL, &e);
			vg_cast(c, &e, VIGIL_GLSL_UINT);
			vg_line(c, "ia%u[%u] = %s;", id, (unsigned)k, e.s);
		}
	}
}

/* ---- declarations ---- */

/* GLSL before 4.20 (desktop) requires an input to repeat its producer's invariant. */
static const char *fs_invariant(const struct vg_ctx *c, unsigned sem, uint32_t idx)
{
	const struct vigil_tgsi_decl *pd = vg_find_sem(c->o->prev, VIGIL_TGSI_FILE_OUT, sem, idx);

	return pd && pd->invariant && !c->gles && c->ver < 420 ? "invariant " : "";
}

static void decl_fs_inputs(struct vg_ctx *c)
{
	for (uint32_t i = 0; i < c->sh->decl_count; i++) {
		const struct vigil_tgsi_decl *d = &c->sh->decls[i];
		char q[40], name[40];

		if (d->file != VIGIL_TGSI_FILE_IN || !d->has_semantic || !vg_is_varying(d->semantic))
			continue;
		vg_interp_quals(c, d, d->semantic == S_COLOR && c->o->flatshade, q, sizeof(q));
		for (uint32_t r = d->first; r <= d->last; r++) {
			if (!vg_decl_owns(c, d, r))
				continue;
			uint32_t idx = vg_sem_index(d, r);

			if (d->semantic == S_TEXCOORD && idx < 8 && (c->o->sprite_coord_enable >> idx) & 1u)
				continue;
			if (vg_prev_writes(c, d->semantic, idx)) {
				vg_vary_name(c, true, d->semantic, idx, name, sizeof(name));
				vg_printf(&c->decl, "%s%sin vec4 %s;\n", fs_invariant(c, d->semantic, idx), q, name);
			}
			if (d->semantic == S_COLOR && c->o->prev &&
			    vg_find_sem(c->o->prev, VIGIL_TGSI_FILE_OUT, S_BCOLOR, idx)) {
				vg_vary_name(c, true, S_BCOLOR, idx, name, sizeof(name));
				vg_printf(&c->decl, "%s%sin vec4 %s;\n", fs_invariant(c, S_BCOLOR, idx), q, name);
			}
		}
	}
}

static void decl_gs_inputs(struct vg_ctx *c)
{
	for (uint32_t i = 0; i < c->sh->decl_count; i++) {
		const struct vigil_tgsi_decl *d = &c->sh->decls[i];
		char name[40];

		if (d->file != VIGIL_TGSI_FILE_IN || !d->has_dim || !d->has_semantic || !vg_is_varying(d->semantic))
			continue;
		for (uint32_t r = d->first; r <= d->last; r++) {
			if (!vg_decl_owns(c, d, r))
				continue;
			if (!vg_prev_writes(c, d->semantic, vg_sem_index(d, r)))
				continue;
			vg_vary_name(c, true, d->semantic, vg_sem_index(d, r), name, sizeof(name));
			vg_printf(&c->decl, "%sin vec4 %s[];\n", fs_invariant(c, d->semantic, vg_sem_index(d, r)),
				  name);
		}
	}
}

static void decl_vs_inputs(struct vg_ctx *c)
{
	for (uint32_t i = 0; i < c->sh->decl_count; i++) {
		const struct vigil_tgsi_decl *d = &c->sh->decls[i];

		if (d->file != VIGIL_TGSI_FILE_IN)
			continue;
		for (uint32_t r = d->first; r <= d->last && r < 32; r++) {
			if (!vg_decl_owns(c, d, r))
				continue;
			uint8_t t = c->o->attr_type[r];

			vg_printf(&c->decl, "layout(location = %u) in %s vs_in%u;\n", (unsigned)r,
				  vg_vec(t <= VIGIL_GLSL_UINT ? (enum vigil_glsl_type)t : VIGIL_GLSL_FLOAT),
				  (unsigned)r);
			c->info->vs_inputs_mask |= 1u << r;
		}
	}
}

/* Output registers: module-scope uvec4 (arrays "oa<id>"), zero-initialised. */
static void decl_output_regs(struct vg_ctx *c)
{
	for (uint32_t i = 0; i < c->sh->decl_count; i++) {
		const struct vigil_tgsi_decl *d = &c->sh->decls[i];

		if (d->file != VIGIL_TGSI_FILE_OUT)
			continue;
		if (d->array_id) {
			uint32_t n = d->last - d->first + 1u;

			vg_printf(&c->decl, "uvec4 oa%u[%u];\n", (unsigned)d->array_id, (unsigned)n);
		} else {
			for (uint32_t r = d->first; r <= d->last; r++)
				if (vg_decl_owns(c, d, r))
					vg_printf(&c->decl, "uvec4 o%u = uvec4(0u);\n", (unsigned)r);
		}
	}
}

void vg_emit_io_decls(struct vg_ctx *c)
{
	switch (c->sh->processor) {
	case VIGIL_TGSI_VERT: decl_vs_inputs(c); break;
	case VIGIL_TGSI_FRAG: decl_fs_inputs(c); break;
	case VIGIL_TGSI_GEOM:
	case VIGIL_TGSI_TESS_CTRL: decl_gs_inputs(c); break;
	case VIGIL_TGSI_TESS_EVAL:
		decl_gs_inputs(c);
		vg_tes_decl_patch_inputs(c);
		break;
	default: break;
	}
	if (c->sh->processor != VIGIL_TGSI_TESS_CTRL) /* TCS outputs are accessed in place */
		decl_output_regs(c);
	vg_emit_output_decls(c);
}
