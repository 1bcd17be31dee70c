/*
 * glsl_tess.c: the tessellation stages' own registers: the TCS outputs (per-vertex OUT[v][i]
 * arrays and per-patch OUT[i]: tessellation levels and PATCH varyings), which are read and
 * written in place instead of through uvec4 output registers, and the TES per-patch inputs.
 *
 * Trust: the IR is validated (2-D outputs declared per vertex, 1-D per patch). A TCS may only
 * write its own vertex in GLSL, so per-vertex writes always index gl_InvocationID (the only
 * index Mesa's GLSL front end can have produced); per-vertex reads of other vertices are
 * clamped to the output patch size. Guarantees: indirect per-patch indices and per-vertex
 * arrays indexed indirectly by register (not by vertex) fail with VIGIL_E_UNSUPPORTED.
 */
#include <stdio.h>
#include <string.h>

#include "glsl_priv.h"

static const char letters[] = "xyzw";

bool vg_tcs_output(const struct vg_ctx *c, const struct vigil_tgsi_reg *r)
{
	return c->sh->processor == VIGIL_TGSI_TESS_CTRL && r->file == VIGIL_TGSI_FILE_OUT;
}

/* The declaration of a TCS output register, or NULL after recording why not. */
static const struct vigil_tgsi_decl *out_decl(struct vg_ctx *c, const struct vigil_tgsi_reg *r)
{
	const struct vigil_tgsi_decl *d;

	if (r->indirect || r->index < 0 ||
	    !(d = vg_decl_of(c, VIGIL_TGSI_FILE_OUT, (uint32_t)r->index)) || !d->has_semantic) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "indirect or undeclared tessellation control output");
		return NULL;
	}
	if (d->has_dim != r->has_dim) {
		vg_fail(c, VIGIL_E_RELATION, "per-vertex output used without a vertex (or the reverse)");
		return NULL;
	}
	return d;
}

static void vertex_index(struct vg_ctx *c, const struct vigil_tgsi_reg *r, char *out, size_t n)
{
	uint32_t nv = c->tcs_vertices ? c->tcs_vertices : 1u;

	if (r->dim_indirect) {
		char ind[96];
		struct vigil_tgsi_reg dr;

		memset(&dr, 0, sizeof(dr));
		dr.ind_file = r->dim_ind_file;
		dr.ind_comp = r->dim_ind_comp;
		dr.ind_index = r->dim_ind_index;
		vg_ind_expr(c, &dr, ind, sizeof(ind));
		vg_fmt(c, out, n, "clamp(%s + %u, 0, %u)", ind, (unsigned)r->dim, (unsigned)(nv - 1u));
	} else {
		if (r->dim >= nv)
			vg_fail(c, VIGIL_E_RANGE, "output vertex above TCS_VERTICES_OUT");
		vg_fmt(c, out, n, "%u", (unsigned)(r->dim < nv ? r->dim : 0u));
	}
}

void vg_tcs_read(struct vg_ctx *c, const struct vigil_tgsi_reg *r, struct vg_expr *e)
{
	const struct vigil_tgsi_decl *d = out_decl(c, r);
	char v[128], name[40];

	if (!d) {
		vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "vec4(0.0)");
		return;
	}
	if (d->has_dim)
		vertex_index(c, r, v, sizeof(v));
	switch (d->semantic) {
	case S_POSITION:
		vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "gl_out[%s].gl_Position", v);
		return;
	case S_PSIZE:
		vg_need_point_size(c);
		vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "vec4(gl_out[%s].gl_PointSize, 0.0, 0.0, 0.0)", v);
		return;
	case S_TESSOUTER:
		vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "vec4(gl_TessLevelOuter[0], gl_TessLevelOuter[1], "
						    "gl_TessLevelOuter[2], gl_TessLevelOuter[3])");
		return;
	case S_TESSINNER:
		vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "vec4(gl_TessLevelInner[0], gl_TessLevelInner[1], 0.0, 0.0)");
		return;
	default:
		break;
	}
	vg_vary_name(c, false, d->semantic, vg_sem_index(d, (uint32_t)r->index), name, sizeof(name));
	if (d->has_dim)
		vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "%s[%s]", name, v);
	else
		vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "%s", name);
}

void vg_tcs_write(struct vg_ctx *c, const struct vigil_tgsi_insn *in, const struct vg_expr *val)
{
	const struct vigil_tgsi_decl *d = out_decl(c, &in->dst.reg);
	char mask[5] = { 0 }, name[40], lv[64];
	unsigned n = 0;

	if (!d)
		return;
	for (unsigned i = 0; i < 4; i++)
		if (in->dst.mask & (1u << i))
			mask[n++] = letters[i];
	switch (d->semantic) {
	case S_TESSOUTER:
	case S_TESSINNER:
		for (unsigned i = 0; i < 4; i++)
			if ((in->dst.mask & (1u << i)) && (d->semantic == S_TESSOUTER || i < 2))
				vg_line(c, "%s[%u] = (%s).%c;", d->semantic == S_TESSOUTER ? "gl_TessLevelOuter"
							      : "gl_TessLevelInner", i, val->s, letters[i]);
		return;
	case S_PSIZE:
		vg_need_point_size(c);
		if (in->dst.mask & 1u)
			vg_line(c, "gl_out[gl_InvocationID].gl_PointSize = (%s).x;", val->s);
		return;
	case S_POSITION:
		snprintf(lv, sizeof(lv), "gl_out[gl_InvocationID].gl_Position");
		break;
	default:
		vg_vary_name(c, false, d->semantic, vg_sem_index(d, (uint32_t)in->dst.reg.index), name, sizeof(name));
		snprintf(lv, sizeof(lv), "%s%s", name, d->has_dim ? "[gl_InvocationID]" : "");
		break;
	}
	if (n == 4)
		vg_line(c, "%s = %s;", lv, val->s);
	else
		vg_line(c, "%s.%s = (%s).%s;", lv, mask, val->s, mask);
}

/* Output declarations of a TCS: per-vertex arrays and patch varyings. */
void vg_tcs_decl_output(struct vg_ctx *c, const struct vigil_tgsi_decl *d, uint32_t r)
{
	char name[40];

	switch (d->semantic) {
	case S_POSITION:
	case S_PSIZE:
	case S_TESSOUTER:
	case S_TESSINNER:
		return;
	default:
		break;
	}
	if (!vg_is_varying(d->semantic)) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "tessellation control output semantic");
		return;
	}
	vg_vary_name(c, false, d->semantic, vg_sem_index(d, r), name, sizeof(name));
	if (d->has_dim)
		vg_printf(&c->decl, "out vec4 %s[];\n", name);
	else
		vg_printf(&c->decl, "patch out vec4 %s;\n", name);
}

/* A TES per-patch input (1-D IN): tessellation levels or a patch varying. */
void vg_tes_patch_input(struct vg_ctx *c, const struct vigil_tgsi_decl *d, uint32_t reg, struct vg_expr *e)
{
	char name[40];

	if (d->semantic == S_TESSOUTER) {
		vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "vec4(gl_TessLevelOuter[0], gl_TessLevelOuter[1], "
						    "gl_TessLevelOuter[2], gl_TessLevelOuter[3])");
	} else if (d->semantic == S_TESSINNER) {
		vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "vec4(gl_TessLevelInner[0], gl_TessLevelInner[1], 0.0, 0.0)");
	} else if (vg_is_varying(d->semantic) && vg_prev_writes(c, d->semantic, vg_sem_index(d, reg))) {
		vg_vary_name(c, true, d->semantic, vg_sem_index(d, reg), name, sizeof(name));
		vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "%s", name);
	} else if (vg_is_varying(d->semantic)) {
		vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "vec4(0.0, 0.0, 0.0, 1.0)");
	} else {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "tessellation evaluation patch input semantic");
		vg_expr_set(c, e, VIGIL_GLSL_FLOAT, "vec4(0.0)");
	}
}

void vg_tes_decl_patch_inputs(struct vg_ctx *c)
{
	char name[40];

	for (uint32_t i = 0; i < c->sh->decl_count; i++) {
		const struct vigil_tgsi_decl *d = &c->sh->decls[i];

		if (d->file != VIGIL_TGSI_FILE_IN || d->has_dim || !d->has_semantic || !vg_is_varying(d->semantic))
			continue;
		for (uint32_t r = d->first; r <= d->last; r++) {
			if (!vg_decl_owns(c, d, r))
				continue;
			if (!vg_prev_writes(c, d->semantic, vg_sem_index(d, r)))
				continue;
			vg_vary_name(c, true, d->semantic, vg_sem_index(d, r), name, sizeof(name));
			vg_printf(&c->decl, "patch in vec4 %s;\n", name);
		}
	}
}
