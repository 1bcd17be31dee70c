/*
 * glsl_flow.c: the instruction walk and the opcodes that are not ALU or texture: structured
 * control flow (IF/UIF/ELSE/ENDIF, BGNLOOP/ENDLOOP/BRK/CONT, SWITCH/CASE/DEFAULT/ENDSWITCH,
 * RET, END), KILL/KILL_IF, EMIT/ENDPRIM and NOP.
 *
 * Trust: the parser checked that nesting is balanced and bounded (VIGIL_TGSI_MAX_NESTING), so
 * the indentation here stays bounded as well. Guarantees: every opcode is either emitted or
 * fails with VIGIL_E_UNSUPPORTED; outputs reach GLSL (vg_store) before every return and EMIT;
 * CASE labels are constant expressions built from immediates.
 */
#include <stdio.h>

#include "glsl_priv.h"

enum {
	OP_KILL = 39, OP_RET = 64, OP_BRK = 73, OP_IF = 74, OP_UIF = 75, OP_ELSE = 77, OP_ENDIF = 78,
	OP_CONT = 96, OP_EMIT = 97, OP_ENDPRIM = 98, OP_BGNLOOP = 99, OP_ENDLOOP = 101, OP_NOP = 107,
	OP_KILL_IF = 116, OP_END = 117, OP_SWITCH = 141, OP_CASE = 142, OP_DEFAULT = 143,
	OP_ENDSWITCH = 144,
};

static void dedent(struct vg_ctx *c)
{
	if (c->indent)
		c->indent--;
}

/* The vertex stream of EMIT / ENDPRIM: an immediate 0..3 (above 0: GLSL 4.00), or -1. */
static int stream_of(struct vg_ctx *c, const struct vigil_tgsi_insn *in)
{
	const struct vigil_tgsi_src *s = &in->src[0];
	uint32_t v;

	if (c->sh->processor != VIGIL_TGSI_GEOM) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "EMIT/ENDPRIM outside a geometry shader");
		return -1;
	}
	if (s->reg.file != VIGIL_TGSI_FILE_IMM || s->reg.indirect || s->reg.index < 0 ||
	    (uint32_t)s->reg.index >= c->sh->imm_count) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "vertex stream not an immediate");
		return -1;
	}
	v = c->sh->imms[s->reg.index].v[s->swizzle[0] & 3u];
	if (v > 3 || (v && !vg_gl(c, 400, 0))) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "vertex streams other than 0 need GLSL 4.00");
		return -1;
	}
	return (int)v;
}

static void emit_case(struct vg_ctx *c, const struct vigil_tgsi_insn *in)
{
	const struct vigil_tgsi_src *s = &in->src[0];
	uint32_t v;

	if (s->reg.file != VIGIL_TGSI_FILE_IMM || s->reg.indirect || s->reg.index < 0 ||
	    (uint32_t)s->reg.index >= c->sh->imm_count) {
		vg_fail(c, VIGIL_E_UNSUPPORTED, "CASE value not an immediate");
		return;
	}
	v = c->sh->imms[s->reg.index].v[s->swizzle[0] & 3u];
	dedent(c);
	vg_line(c, "case %uu:", (unsigned)v);
	c->indent++;
}

static bool emit_flow(struct vg_ctx *c, const struct vigil_tgsi_insn *in)
{
	struct vg_expr e;

	switch (in->opcode) {
	case OP_IF:
		vg_src(c, &in->src[0], VIGIL_GLSL_FLOAT, &e);
		vg_line(c, "if ((%s).x != 0.0) {", e.s);
		c->indent++;
		return true;
	case OP_UIF:
		vg_src(c, &in->src[0], VIGIL_GLSL_UINT, &e);
		vg_line(c, "if ((%s).x != 0u) {", e.s);
		c->indent++;
		return true;
	case OP_ELSE:
		dedent(c);
		vg_line(c, "} else {");
		c->indent++;
		return true;
	case OP_ENDIF:
	case OP_ENDLOOP:
		dedent(c);
		vg_line(c, "}");
		return true;
	case OP_BGNLOOP:
		vg_line(c, "while (true) {");
		c->indent++;
		return true;
	case OP_BRK: vg_line(c, "break;"); return true;
	case OP_CONT: vg_line(c, "continue;"); return true;
	case OP_SWITCH:
		vg_src(c, &in->src[0], VIGIL_GLSL_UINT, &e);
		vg_line(c, "switch ((%s).x) {", e.s);
		c->indent += 2; /* labels sit one level out */
		vg_line(c, "/* TGSI SWITCH */");
		return true;
	case OP_CASE:
		emit_case(c, in);
		return true;
	case OP_DEFAULT:
		dedent(c);
		vg_line(c, "default:");
		c->indent++;
		return true;
	case OP_ENDSWITCH:
		vg_line(c, "break;");
		dedent(c);
		dedent(c);
		vg_line(c, "}");
		return true;
	default:
		return false;
	}
}

static bool emit_misc(struct vg_ctx *c, const struct vigil_tgsi_insn *in)
{
	struct vg_expr e;

	switch (in->opcode) {
	case OP_NOP:
		return true;
	case OP_RET:
		if (c->sh->processor != VIGIL_TGSI_GEOM)
			vg_line(c, "vg_store();");
		vg_line(c, "return;");
		return true;
	case OP_END:
		if (c->sh->processor != VIGIL_TGSI_GEOM)
			vg_line(c, "vg_store();");
		return true;
	case OP_KILL:
	case OP_KILL_IF:
		if (c->sh->processor != VIGIL_TGSI_FRAG) {
			vg_fail(c, VIGIL_E_UNSUPPORTED, "KILL outside a fragment shader");
			return true;
		}
		c->info->uses_discard = true;
		if (in->opcode == OP_KILL) {
			vg_line(c, "discard;");
		} else {
			vg_src(c, &in->src[0], VIGIL_GLSL_FLOAT, &e);
			vg_line(c, "if (any(lessThan(%s, vec4(0.0)))) discard;", e.s);
		}
		return true;
	case OP_EMIT: {
		int st = stream_of(c, in);

		if (st >= 0) {
			vg_line(c, "vg_store();");
			if (st)
				vg_line(c, "EmitStreamVertex(%d);", st);
			else
				vg_line(c, "EmitVertex();");
		}
		return true;
	}
	case OP_ENDPRIM: {
		int st = stream_of(c, in);

		if (st > 0)
			vg_line(c, "EndStreamPrimitive(%d);", st);
		else if (st == 0)
			vg_line(c, "EndPrimitive();");
		return true;
	}
	default:
		return false;
	}
}

void vg_emit_body(struct vg_ctx *c)
{
	for (uint32_t i = 0; i < c->sh->insn_count && c->err == VIGIL_OK; i++) {
		const struct vigil_tgsi_insn *in = &c->sh->insns[i];

		if (c->body.failed) {
			vg_fail(c, VIGIL_E_EXHAUSTED, "output above VIGIL_GLSL_MAX_TEXT");
			return;
		}
		if (emit_flow(c, in) || emit_misc(c, in) || vg_emit_tex(c, in) || vg_emit_res(c, in) ||
		    vg_emit_f64(c, in) || vg_emit_alu(c, in))
			continue;
		vg_fail(c, VIGIL_E_UNSUPPORTED, "opcode not emitted");
	}
}
