/*
 * glsl_decl.c: the pre-pass over the IR (which register belongs to which declaration and array,
 * which texture target each sampler is used with, constant buffer sizes) and the declarations
 * that do not depend on semantics: constants, uniform buffers, immediates, samplers, temporaries,
 * address registers and the stage's layout qualifiers (GS primitives, early fragment tests).
 *
 * Trust: the IR is validated (indices below their file limits, array ids declared). Guarantees:
 * every table here is indexed only by values the parser bounded, and checked again against the
 * table size before use; constant sizes are at most VIGIL_TGSI_MAX_CONSTS vec4s.
 */
#include <stdio.h>
#include <string.h>

#include "glsl_priv.h"
#include "tgsi_tables.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

const struct vigil_tgsi_decl *vg_decl_of(const struct vg_ctx *c, unsigned file, uint32_t index)
{
	uint16_t d = 0;

	if (file == VIGIL_TGSI_FILE_IN && index < N_OF(c->in_decl))
		d = c->in_decl[index];
	else if (file == VIGIL_TGSI_FILE_OUT && index < N_OF(c->out_decl))
		d = c->out_decl[index];
	else if (file == VIGIL_TGSI_FILE_SV && index < N_OF(c->sv_decl))
		d = c->sv_decl[index];
	return d && d <= c->sh->decl_count ? &c->sh->decls[d - 1u] : NULL;
}

/* The first declaration of a register owns it: Mesa repeats IN/OUT declarations once per
 * packed component range (tgsi_ir.h), and the repeats carry the same semantic. */
static void map_range(uint16_t *map, size_t n, const struct vigil_tgsi_decl *d, uint16_t v)
{
	for (uint32_t i = d->first; i <= d->last && i < n; i++)
		if (!map[i])
			map[i] = v;
}

bool vg_decl_owns(const struct vg_ctx *c, const struct vigil_tgsi_decl *d, uint32_t r)
{
	return vg_decl_of(c, d->file, r) == d;
}

static bool is_shadow(unsigned t)
{
	return t == 7 || t == 8 || t == 9 || t == 12 || t == 13 || t == 14 || t == 18;
}

static void scan_insn(struct vg_ctx *c, const struct vigil_tgsi_insn *in)
{
	for (unsigned s = 0; s < in->num_src && s < VIGIL_TGSI_MAX_SRC; s++) {
		const struct vigil_tgsi_reg *r = &in->src[s].reg;

		if (r->file == VIGIL_TGSI_FILE_SAMP && in->tex_target) {
			uint32_t lo = (uint32_t)r->index, hi = lo;

			if (r->indirect && !vg_samp_range(c, r->index, &lo, &hi))
				continue; /* refused when emitted */
			for (uint32_t n = lo; n <= hi && n < VIGIL_TGSI_MAX_SAMPLERS; n++) {
				uint8_t *t = &c->samp_target[n];

				if (!*t || (!is_shadow(*t) && is_shadow(in->tex_target)))
					*t = in->tex_target;
			}
		}
		if (r->file == VIGIL_TGSI_FILE_IN && r->indirect && r->array_id &&
		    r->array_id <= VIGIL_TGSI_MAX_ARRAY_ID)
			c->in_array_indirect[r->array_id] = true;
	}
}

void vg_scan(struct vg_ctx *c)
{
	const struct vigil_tgsi_shader *sh = c->sh;
	uint32_t v;

	for (uint32_t i = 0; i < sh->decl_count; i++) {
		const struct vigil_tgsi_decl *d = &sh->decls[i];
		uint16_t id = (uint16_t)(i + 1u);

		if (d->array_id && d->array_id <= VIGIL_TGSI_MAX_ARRAY_ID)
			c->array_decl[d->array_id] = id;
		switch (d->file) {
		case VIGIL_TGSI_FILE_IN: map_range(c->in_decl, N_OF(c->in_decl), d, id); break;
		case VIGIL_TGSI_FILE_OUT: map_range(c->out_decl, N_OF(c->out_decl), d, id); break;
		case VIGIL_TGSI_FILE_SV: map_range(c->sv_decl, N_OF(c->sv_decl), d, id); break;
		case VIGIL_TGSI_FILE_TEMP:
			map_range(c->temp_array, N_OF(c->temp_array), d, d->array_id);
			break;
		case VIGIL_TGSI_FILE_CONST:
			if (d->dim < VIGIL_TGSI_MAX_CONST_BUFFERS && d->last + 1u > c->const_size[d->dim])
				c->const_size[d->dim] = d->last + 1u;
			break;
		default: break;
		}
	}
	for (uint32_t i = 0; i < sh->insn_count; i++)
		scan_insn(c, &sh->insns[i]);
	/* samplers declared but never sampled still get a uniform of their view's target */
	for (uint32_t i = 0; i < sh->decl_count; i++) {
		const struct vigil_tgsi_decl *d = &sh->decls[i];

		if (d->file != VIGIL_TGSI_FILE_SVIEW)
			continue;
		for (uint32_t k = d->first; k <= d->last && k < VIGIL_TGSI_MAX_SAMPLERS; k++)
			if (!c->samp_target[k] && d->target)
				c->samp_target[k] = d->target;
	}
	c->gs_in_vertices = 1;
	v = 4; /* TRIANGLES, as emit_gs_layout assumes */
	if (sh->processor == VIGIL_TGSI_GEOM) {
		vg_prop(sh, P_GS_IN, &v);
		static const uint8_t verts[] = { 1, 2, 2, 2, 3, 3, 3, 4, 4, 3, 4, 4, 6, 6, 1 };

		c->gs_in_vertices = v < sizeof(verts) ? verts[v] : 1u;
	} else if (sh->processor == VIGIL_TGSI_TESS_EVAL || sh->processor == VIGIL_TGSI_TESS_CTRL) {
		c->gs_in_vertices = VIGIL_TGSI_MAX_VERTICES; /* gl_MaxPatchVertices */
	}
	if (sh->processor == VIGIL_TGSI_TESS_CTRL && vg_prop(sh, P_TCS_VERTICES, &v))
		c->tcs_vertices = v;
	c->last_vertex_stage = (sh->processor == VIGIL_TGSI_VERT || sh->processor == VIGIL_TGSI_GEOM ||
				sh->processor == VIGIL_TGSI_TESS_EVAL) &&
			       (!c->o->next || c->o->next->processor == VIGIL_TGSI_FRAG);
}

void vg_imm_literal(struct vg_ctx *c, uint32_t imm, unsigned comp, char *out, size_t n)
{
	uint32_t v = imm < c->sh->imm_count && comp < 4 ? c->sh->imms[imm].v[comp] : 0u;

	snprintf(out, n, "%uu", (unsigned)v);
}

static void emit_gs_layout(struct vg_ctx *c)
{
	static const char *const in_prim[] = {
		"points", "lines", NULL, NULL, "triangles", NULL, NULL, NULL, NULL, NULL,
		"lines_adjacency", NULL, "triangles_adjacency", NULL, NULL,
	};
	static const char *const out_prim[] = {
		"points", NULL, NULL, "line_strip", NULL, "triangle_strip",
	};
	uint32_t pin = 4, pout = 5, maxv = 1, inv = 1;

	if (!vg_gl(c, 330, 320)) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "geometry shaders need GLSL ES 3.20");
		return;
	}
	vg_prop(c->sh, P_GS_IN, &pin);
	vg_prop(c->sh, P_GS_OUT, &pout);
	vg_prop(c->sh, P_GS_MAXV, &maxv);
	vg_prop(c->sh, P_GS_INVOC, &inv);
	if (pin >= N_OF(in_prim) || !in_prim[pin] || pout >= N_OF(out_prim) || !out_prim[pout]) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "geometry shader primitive type");
		return;
	}
	if (inv > 1 && !vg_gl(c, 400, 320)) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "geometry shader invocations need GLSL 4.00");
		return;
	}
	if (inv > 1)
		vg_printf(&c->decl, "layout(%s, invocations = %u) in;\n", in_prim[pin], (unsigned)inv);
	else
		vg_printf(&c->decl, "layout(%s) in;\n", in_prim[pin]);
	vg_printf(&c->decl, "layout(%s, max_vertices = %u) out;\n", out_prim[pout], (unsigned)maxv);
}

static void emit_tes_layout(struct vg_ctx *c)
{
	static const char *const spacing[3] = { "fractional_odd_spacing", "fractional_even_spacing",
						"equal_spacing" };
	uint32_t prim = 4, sp = 2, cw = 0, points = 0;
	const char *p;

	if (!vg_gl(c, 400, 320)) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "tessellation needs GLSL 4.00 / ES 3.20");
		return;
	}
	vg_prop(c->sh, P_TES_PRIM, &prim);
	vg_prop(c->sh, P_TES_SPACING, &sp);
	vg_prop(c->sh, P_TES_CW, &cw);
	vg_prop(c->sh, P_TES_POINTS, &points);
	p = prim == 4 ? "triangles" : prim == 7 ? "quads" : prim == 1 ? "isolines" : NULL;
	if (!p || sp > 2) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "tessellation primitive or spacing");
		return;
	}
	vg_printf(&c->decl, "layout(%s, %s, %s%s) in;\n", p, spacing[sp], cw ? "cw" : "ccw",
		  points ? ", point_mode" : "");
}

static void emit_consts(struct vg_ctx *c)
{
	for (uint32_t b = 0; b < VIGIL_TGSI_MAX_CONST_BUFFERS; b++) {
		uint32_t n = c->const_size[b];

		if (!n)
			continue;
		if (b == 0) {
			vg_printf(&c->decl, "uniform uvec4 %s_c0[%u];\n", c->pfx, (unsigned)n);
			c->info->const0_vec4s = n;
		} else {
			vg_printf(&c->decl, "layout(std140) uniform %s_ubo%u { uvec4 %s_ubo%u_d[%u]; };\n",
				  c->pfx, (unsigned)b, c->pfx, (unsigned)b, (unsigned)n);
			c->info->ubo_mask |= 1u << b;
		}
	}
}

static void emit_imms(struct vg_ctx *c)
{
	uint32_t n = c->sh->imm_count;

	if (!n)
		return;
	vg_printf(&c->decl, "const uvec4 %s_imm[%u] = uvec4[%u](", c->pfx, (unsigned)n, (unsigned)n);
	for (uint32_t i = 0; i < n; i++) {
		const uint32_t *v = c->sh->imms[i].v;

		vg_printf(&c->decl, "%suvec4(%uu, %uu, %uu, %uu)", i ? ",\n\t" : "", (unsigned)v[0],
			  (unsigned)v[1], (unsigned)v[2], (unsigned)v[3]);
	}
	vg_puts(&c->decl, ");\n");
}

static void emit_samplers(struct vg_ctx *c)
{
	char type[48];

	for (unsigned n = 0; n < VIGIL_TGSI_MAX_SAMPLERS; n++) {
		if (!c->samp_target[n])
			continue;
		vg_sampler_type(c, n, type, sizeof(type));
		vg_printf(&c->decl, "uniform %s%s %s_samp%u;\n", c->gles ? "highp " : "", type, c->pfx, n);
		c->info->sampler_mask |= 1u << n;
	}
}

/* Temporaries and address registers are locals of main, zero-initialised. */
static void emit_temps(struct vg_ctx *c)
{
	const struct vigil_tgsi_shader *sh = c->sh;

	for (uint32_t i = 0; i < sh->decl_count; i++) {
		const struct vigil_tgsi_decl *d = &sh->decls[i];

		if (d->file == VIGIL_TGSI_FILE_TEMP && d->array_id) {
			uint32_t n = d->last - d->first + 1u;

			vg_line(c, "uvec4 ta%u[%u];", (unsigned)d->array_id, (unsigned)n);
			vg_line(c, "for (int i = 0; i < %u; i++) ta%u[i] = uvec4(0u);", (unsigned)n,
				(unsigned)d->array_id);
		} else if (d->file == VIGIL_TGSI_FILE_TEMP) {
			for (uint32_t k = d->first; k <= d->last; k++)
				vg_line(c, "uvec4 t%u = uvec4(0u);", (unsigned)k);
		} else if (d->file == VIGIL_TGSI_FILE_ADDR) {
			for (uint32_t k = d->first; k <= d->last; k++)
				vg_line(c, "uvec4 a%u = uvec4(0u);", (unsigned)k);
		}
	}
}

void vg_emit_decls(struct vg_ctx *c)
{
	uint32_t v;

	switch (c->sh->processor) {
	case VIGIL_TGSI_VERT:
	case VIGIL_TGSI_FRAG:
		break;
	case VIGIL_TGSI_GEOM:
		emit_gs_layout(c);
		break;
	case VIGIL_TGSI_COMP:
		break;
	case VIGIL_TGSI_TESS_EVAL:
		emit_tes_layout(c);
		break;
	case VIGIL_TGSI_TESS_CTRL:
		if (!vg_gl(c, 400, 320) || !c->tcs_vertices || c->tcs_vertices > VIGIL_TGSI_MAX_VERTICES) {
			vg_fail(c, VIGIL_E_UNSUPPORTED, "tessellation control: GLSL 4.00 / ES 3.20 and TCS_VERTICES_OUT");
			return;
		}
		vg_printf(&c->decl, "layout(vertices = %u) out;\n", (unsigned)c->tcs_vertices);
		break;
	default:
		vg_fail(c, VIGIL_E_UNSUPPORTED, "shader stage");
		return;
	}
	if (c->sh->processor == VIGIL_TGSI_FRAG && vg_prop(c->sh, P_EARLY_Z, &v) && v) {
		if (vg_gl(c, 420, 310))
			vg_puts(&c->decl, "layout(early_fragment_tests) in;\n");
		else
			vg_fail(c, VIGIL_E_UNSUPPORTED, "early fragment tests need GLSL 4.20 / ES 3.10");
	}
	vg_emit_res_decls(c);
	emit_consts(c);
	emit_imms(c);
	emit_samplers(c);
	emit_temps(c);
}
