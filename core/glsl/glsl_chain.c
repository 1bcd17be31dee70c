/*
 * glsl_chain.c: indirect access to IN and OUT registers that are not declared as an array
 * (Mesa indexes packed varyings and tessellation patch outputs so: OUT[ADDR[0].x+3]). The
 * run-time register is selected among the registers of the file declared with the operand's
 * dimensionality: reads become a chain of ternaries, writes a chain of ifs, and an index that
 * names no such register reads 0 and writes nothing.
 *
 * Trust: the index is a run-time value; the candidates are the declared registers only.
 * Guarantees: at most VG_CHAIN_MAX candidates (else VIGIL_E_UNSUPPORTED); TEMP indirection
 * without an array stays refused (Mesa always declares arrays for it).
 */
#include <string.h>

#include "glsl_priv.h"

#define VG_CHAIN_MAX 32u

bool vg_chain_needed(const struct vg_ctx *c, const struct vigil_tgsi_reg *r)
{
	const struct vigil_tgsi_decl *d;

	if (!r->indirect || r->array_id || (r->file != VIGIL_TGSI_FILE_IN && r->file != VIGIL_TGSI_FILE_OUT))
		return false;
	d = r->index >= 0 ? vg_decl_of(c, r->file, (uint32_t)r->index) : NULL;
	return !d || !d->array_id;
}

static unsigned candidates(const struct vg_ctx *c, const struct vigil_tgsi_reg *r, uint32_t *regs)
{
	uint32_t limit = r->file == VIGIL_TGSI_FILE_IN ? VIGIL_TGSI_MAX_INPUTS : VIGIL_TGSI_MAX_OUTPUTS;
	unsigned n = 0;

	for (uint32_t k = 0; k < limit; k++) {
		const struct vigil_tgsi_decl *d = vg_decl_of(c, r->file, k);

		if (!d || d->has_dim != r->has_dim || d->array_id)
			continue;
		if (n == VG_CHAIN_MAX)
			return VG_CHAIN_MAX + 1u;
		regs[n++] = k;
	}
	return n;
}

void vg_chain_read(struct vg_ctx *c, const struct vigil_tgsi_reg *r, struct vg_expr *e)
{
	uint32_t regs[VG_CHAIN_MAX];
	unsigned n = candidates(c, r, regs);
	char ind[96], tmp[VG_EXPR];
	struct vg_expr acc, elem;
	struct vigil_tgsi_reg one = *r;

	if (!n || n > VG_CHAIN_MAX) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "indirect register access over too many registers");
		vg_expr_set(c, e, VIGIL_GLSL_UINT, "uvec4(0u)");
		return;
	}
	vg_ind_expr(c, r, ind, sizeof(ind));
	one.indirect = false;
	vg_expr_set(c, &acc, VIGIL_GLSL_UINT, "uvec4(0u)");
	for (unsigned k = n; k-- > 0;) {
		one.index = (int32_t)regs[k];
		vg_reg_name(c, &one, &elem);
		vg_cast(c, &elem, VIGIL_GLSL_UINT);
		memcpy(tmp, acc.s, sizeof(tmp));
		vg_expr_set(c, &acc, VIGIL_GLSL_UINT, "(%s + (%d) == %u ? %s : %s)", ind, (int)r->index,
			    (unsigned)regs[k], elem.s, tmp);
	}
	*e = acc;
}

void vg_chain_write(struct vg_ctx *c, const struct vigil_tgsi_insn *in, const struct vg_expr *val)
{
	uint32_t regs[VG_CHAIN_MAX];
	unsigned n = candidates(c, &in->dst.reg, regs);
	char ind[96];
	struct vigil_tgsi_insn one = *in;

	if (!n || n > VG_CHAIN_MAX) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "indirect register access over too many registers");
		return;
	}
	vg_ind_expr(c, &in->dst.reg, ind, sizeof(ind));
	one.dst.reg.indirect = false;
	vg_line(c, "switch (%s + (%d)) {", ind, (int)in->dst.reg.index);
	for (unsigned k = 0; k < n; k++) {
		one.dst.reg.index = (int32_t)regs[k];
		vg_line(c, "case %u:", (unsigned)regs[k]);
		c->indent++;
		vg_store_dst(c, &one, val);
		vg_line(c, "break;");
		c->indent--;
	}
	vg_line(c, "default:");
	vg_line(c, "\tbreak;");
	vg_line(c, "}");
}
