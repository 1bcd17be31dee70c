/*
 * tgsi_insn.c: the TGSI text parser's instructions: "[N:] OPCODE[_SAT][_PRECISE] dst, src, ...
 * [, target [, offset]*] [:label]".
 *
 * Input: tokens from the bounded lexer over hostile text. Guarantees: operand counts come from
 * the opcode table (tgsi_tables.c), never from the text; every register is checked against its
 * file's limit and a declaration seen earlier (IMM against the immediates so far); indirect
 * addresses use a declared ADDR/TEMP register, a base offset inside the file's limit and, with
 * an array id, inside that array; at most VIGIL_TGSI_MAX_TEX_OFFSETS texture offsets
 * (CVE-2017-5580); IF/ELSE/ENDIF, BGNLOOP/ENDLOOP and SWITCH/CASE/ENDSWITCH balanced with a
 * fixed-size block stack of VIGIL_TGSI_MAX_NESTING (no recursion).
 */
#include <string.h>

#include "tgsi_parse_priv.h"
#include "tgsi_tables.h"

#define NAMES(t) (t), (unsigned)(sizeof(t) / sizeof((t)[0]))

static vigil_status fail(struct vigil_tgsi_parser *ps, vigil_status s, const char *reason)
{
	return vigil_tgsi_lex_fail(&ps->lx, s, reason);
}

static vigil_status next(struct vigil_tgsi_parser *ps)
{
	return vigil_tgsi_lex_next(&ps->lx);
}

static vigil_status expect(struct vigil_tgsi_parser *ps, char c, vigil_status s, const char *why)
{
	return vigil_tgsi_expect(ps, c, s, why);
}

/* Inside '[': a literal index, or an indirect ADDR[n].c / TEMP[n].c with an optional +k/-k. */
static vigil_status parse_index(struct vigil_tgsi_parser *ps, struct vigil_tgsi_reg *r)
{
	struct vigil_tgsi_lexer *lx = &ps->lx;
	uint32_t limit = vigil_tgsi_file_limit(r->file);
	uint8_t comp;
	unsigned n;
	int f;
	bool neg;

	if (lx->tok.kind == VIGIL_TGSI_TOK_NUMBER) {
		if (lx->tok.value >= limit && r->file != VIGIL_TGSI_FILE_IMM)
			return fail(ps, VIGIL_E_RANGE, "register index above the file's limit");
		if (lx->tok.value >= limit)
			return fail(ps, VIGIL_E_RANGE, "IMM index out of range");
		r->index = (int32_t)lx->tok.value;
		return next(ps);
	}
	f = vigil_tgsi_tok_lookup(lx, NAMES(vigil_tgsi_file_names));
	if (f != VIGIL_TGSI_FILE_ADDR && f != VIGIL_TGSI_FILE_TEMP)
		return fail(ps, VIGIL_E_ENUM, "expected an index or ADDR/TEMP indirect address");
	r->indirect = true;
	r->ind_file = (uint8_t)f;
	if (next(ps) || expect(ps, '[', VIGIL_E_ENUM, "expected '['"))
		return lx->err.status;
	if (lx->tok.kind != VIGIL_TGSI_TOK_NUMBER)
		return fail(ps, VIGIL_E_ENUM, "expected an address register index");
	if (!vigil_tgsi_declared(ps, (unsigned)f, 0, lx->tok.value))
		return fail(ps, VIGIL_E_RANGE, "address register not declared");
	r->ind_index = lx->tok.value;
	if (next(ps) || expect(ps, ']', VIGIL_E_ENUM, "expected ']'") ||
	    expect(ps, '.', VIGIL_E_ENUM, "indirect address needs one component"))
		return lx->err.status;
	if (!vigil_tgsi_tok_swizzle(lx, &comp, 1, &n))
		return fail(ps, VIGIL_E_ENUM, "indirect address needs one component");
	r->ind_comp = comp;
	if (next(ps))
		return lx->err.status;
	if (!vigil_tgsi_tok_punct(lx, '+') && !vigil_tgsi_tok_punct(lx, '-'))
		return VIGIL_OK;
	neg = vigil_tgsi_tok_punct(lx, '-');
	if (next(ps))
		return lx->err.status;
	if (lx->tok.kind != VIGIL_TGSI_TOK_NUMBER)
		return fail(ps, VIGIL_E_ENUM, "expected an offset");
	if (lx->tok.value >= limit)
		return fail(ps, VIGIL_E_RANGE, "indirect offset outside the file's limit");
	r->index = neg ? -(int32_t)lx->tok.value : (int32_t)lx->tok.value;
	return next(ps);
}

/* Register errors are reported at the register's first token. */
struct pos {
	uint32_t line, col;
};

static vigil_status fail_at(struct vigil_tgsi_parser *ps, struct pos at, vigil_status s,
			    const char *reason)
{
	return vigil_tgsi_lex_fail_at(&ps->lx, s, reason, at.line, at.col);
}

/* The 2-D part of a register: the file takes one and the dimension is below its limit. */
static vigil_status check_dim(struct vigil_tgsi_parser *ps, const struct vigil_tgsi_reg *r,
			      struct pos at)
{
	if (!r->has_dim) {
		if (r->file == VIGIL_TGSI_FILE_HWATOMIC)
			return fail_at(ps, at, VIGIL_E_ENUM, "HWATOMIC operands are HWATOMIC[binding][i]");
		return VIGIL_OK;
	}
	if (r->file == VIGIL_TGSI_FILE_CONST) {
		if (r->dim >= VIGIL_TGSI_MAX_CONST_BUFFERS)
			return fail_at(ps, at, VIGIL_E_RANGE, "constant buffer index above the limit");
	} else if (r->file == VIGIL_TGSI_FILE_IN || r->file == VIGIL_TGSI_FILE_OUT) {
		if (r->dim >= VIGIL_TGSI_MAX_VERTICES)
			return fail_at(ps, at, VIGIL_E_RANGE, "vertex index above the limit");
	} else if (r->file == VIGIL_TGSI_FILE_HWATOMIC) {
		if (r->dim_indirect)
			return fail_at(ps, at, VIGIL_E_UNSUPPORTED, "indirect atomic counter binding");
		if (r->dim >= VIGIL_TGSI_MAX_HWATOMIC_BUFFERS)
			return fail_at(ps, at, VIGIL_E_RANGE, "atomic counter binding above the limit");
	} else {
		return fail_at(ps, at, VIGIL_E_ENUM, "2-D index on this file");
	}
	return VIGIL_OK;
}

/* Some register of the file is declared (for CONST/HWATOMIC: in the operand's buffer, any
 * buffer when that is chosen at run time). */
static bool file_declared(const struct vigil_tgsi_parser *ps, const struct vigil_tgsi_reg *r)
{
	if (r->file == VIGIL_TGSI_FILE_IMM)
		return ps->sh->imm_count != 0;
	if (r->file == VIGIL_TGSI_FILE_IN || r->file == VIGIL_TGSI_FILE_OUT)
		return r->has_dim ? ps->any2[r->file == VIGIL_TGSI_FILE_OUT]
				  : ps->any1[r->file == VIGIL_TGSI_FILE_OUT];
	if (r->dim_indirect)
		return ps->any[r->file];
	if (r->file == VIGIL_TGSI_FILE_CONST)
		return ps->cany[r->has_dim ? r->dim : 0];
	if (r->file == VIGIL_TGSI_FILE_HWATOMIC)
		return ps->hany[r->dim];
	return ps->any[r->file];
}

static vigil_status check_reg(struct vigil_tgsi_parser *ps, const struct vigil_tgsi_reg *r,
			      struct pos at)
{
	const struct vigil_tgsi_array *a;

	if (check_dim(ps, r, at))
		return ps->lx.err.status;
	if (r->indirect) {
		if (!r->array_id) {
			/* base offset bounded by parse_index; the core clamps the sum */
			if (!file_declared(ps, r))
				return fail_at(ps, at, VIGIL_E_RANGE, "indirect access to an undeclared file");
			return VIGIL_OK;
		}
		a = &ps->arrays[r->array_id];
		if (!a->defined || a->file != r->file)
			return fail_at(ps, at, VIGIL_E_RANGE, "indirect access to an undeclared array");
		if (a->two_d != (r->has_dim && r->file != VIGIL_TGSI_FILE_CONST &&
				 r->file != VIGIL_TGSI_FILE_HWATOMIC))
			return fail_at(ps, at, VIGIL_E_RELATION, "1-D/2-D use differs from the array's declaration");
		if (r->index < 0 || (uint32_t)r->index < a->first || (uint32_t)r->index > a->last)
			return fail_at(ps, at, VIGIL_E_RANGE, "indirect base outside its array");
		return VIGIL_OK;
	}
	if (r->file == VIGIL_TGSI_FILE_IMM) {
		if ((uint32_t)r->index >= ps->sh->imm_count)
			return fail_at(ps, at, VIGIL_E_RANGE, "IMM index out of range");
		return VIGIL_OK;
	}
	/* MEMORY: Mesa declares MEMORY[type] and accesses MEMORY[0] (tgsi_ir.h); an indirect
	 * constant buffer is chosen at run time: both only need a declaration of the file */
	if (r->file == VIGIL_TGSI_FILE_MEMORY || (r->dim_indirect && r->file == VIGIL_TGSI_FILE_CONST)) {
		if (!file_declared(ps, r))
			return fail_at(ps, at, VIGIL_E_RANGE, "register not declared");
		return VIGIL_OK;
	}
	if (!vigil_tgsi_declared(ps, r->file, r->dim, (uint32_t)r->index))
		return fail_at(ps, at, VIGIL_E_RANGE, "register not declared");
	if ((r->file == VIGIL_TGSI_FILE_IN || r->file == VIGIL_TGSI_FILE_OUT) &&
	    r->has_dim != (((unsigned)ps->map2[r->file == VIGIL_TGSI_FILE_OUT][r->index / 8] >>
			    (r->index % 8)) & 1u) &&
	    !(r->file == VIGIL_TGSI_FILE_IN && !r->has_dim && vigil_tgsi_gs_primid_in(ps->sh, (uint32_t)r->index)))
		return fail_at(ps, at, VIGIL_E_RELATION, r->has_dim ? "2-D use of a 1-D declared register"
							   : "1-D use of a 2-D declared register");
	return VIGIL_OK;
}

/* FILE '[' index ']' ('[' index ']')? ('(' array ')')?; the position is the file's. */
static vigil_status parse_reg(struct vigil_tgsi_parser *ps, struct vigil_tgsi_reg *r)
{
	struct vigil_tgsi_lexer *lx = &ps->lx;
	struct pos at = { lx->tok.line, lx->tok.col };
	int f = vigil_tgsi_tok_lookup(lx, NAMES(vigil_tgsi_file_names));

	if (f <= VIGIL_TGSI_FILE_NULL)
		return fail(ps, VIGIL_E_ENUM, "expected a register");
	r->file = (uint8_t)f;
	if (next(ps) || expect(ps, '[', VIGIL_E_ENUM, "expected '['") || parse_index(ps, r) ||
	    expect(ps, ']', VIGIL_E_ENUM, "expected ']'"))
		return lx->err.status;
	if (vigil_tgsi_tok_punct(lx, '[')) {
		r->has_dim = true;
		if (r->indirect) {
			/* CONST[ADDR[1].x+k][i]: the first bracket was an indirect dimension */
			if (r->index < 0)
				return fail_at(ps, at, VIGIL_E_RANGE, "negative indirect 2-D offset");
			r->dim_indirect = true;
			r->dim_ind_file = r->ind_file;
			r->dim_ind_comp = r->ind_comp;
			r->dim_ind_index = r->ind_index;
			r->indirect = false;
			r->ind_file = r->ind_comp = 0;
			r->ind_index = 0;
		}
		r->dim = (uint32_t)r->index;
		r->index = 0;
		if (next(ps) || parse_index(ps, r) || expect(ps, ']', VIGIL_E_ENUM, "expected ']'"))
			return lx->err.status;
	}
	if (vigil_tgsi_tok_punct(lx, '(')) {
		if (!r->indirect)
			return fail(ps, VIGIL_E_ENUM, "array id on a direct register");
		if (next(ps))
			return lx->err.status;
		if (lx->tok.kind != VIGIL_TGSI_TOK_NUMBER || lx->tok.value == 0 ||
		    lx->tok.value > VIGIL_TGSI_MAX_ARRAY_ID)
			return fail(ps, VIGIL_E_RANGE, "array id out of range");
		r->array_id = (uint16_t)lx->tok.value;
		if (next(ps) || expect(ps, ')', VIGIL_E_ENUM, "expected ')'"))
			return lx->err.status;
	}
	return check_reg(ps, r, at);
}

static vigil_status parse_dst(struct vigil_tgsi_parser *ps, struct vigil_tgsi_dst *d, bool store)
{
	struct vigil_tgsi_lexer *lx = &ps->lx;
	struct pos at = { lx->tok.line, lx->tok.col };
	uint8_t sw[4];
	unsigned n, i;

	if (parse_reg(ps, &d->reg))
		return lx->err.status;
	if (store ? (d->reg.file != VIGIL_TGSI_FILE_BUFFER && d->reg.file != VIGIL_TGSI_FILE_IMAGE &&
		     d->reg.file != VIGIL_TGSI_FILE_MEMORY)
		  : (d->reg.file != VIGIL_TGSI_FILE_OUT && d->reg.file != VIGIL_TGSI_FILE_TEMP &&
		     d->reg.file != VIGIL_TGSI_FILE_ADDR))
		return fail_at(ps, at, VIGIL_E_ENUM, store ? "STORE destination is not BUFFER, IMAGE or MEMORY"
						   : "destination is not OUT, TEMP or ADDR");
	d->mask = 0xf;
	if (!vigil_tgsi_tok_punct(lx, '.'))
		return VIGIL_OK;
	if (next(ps))
		return lx->err.status;
	if (!vigil_tgsi_tok_swizzle(lx, sw, 4, &n))
		return fail(ps, VIGIL_E_ENUM, "bad write mask");
	d->mask = 0;
	for (i = 0; i < n; i++) {
		if (i && sw[i] <= sw[i - 1])
			return fail(ps, VIGIL_E_ENUM, "write mask letters out of xyzw order");
		d->mask = (uint8_t)(d->mask | (1u << sw[i]));
	}
	return next(ps);
}

/* A swizzle of 1 (replicated) or `width` letters after '.'. */
static vigil_status parse_swizzle(struct vigil_tgsi_parser *ps, uint8_t *out, unsigned width)
{
	unsigned n, i;

	if (next(ps))
		return ps->lx.err.status;
	if (!vigil_tgsi_tok_swizzle(&ps->lx, out, width, &n) || (n != 1 && n != width))
		return fail(ps, VIGIL_E_ENUM, "bad swizzle");
	for (i = n; i < width; i++)
		out[i] = out[0];
	return next(ps);
}

static vigil_status parse_src(struct vigil_tgsi_parser *ps, struct vigil_tgsi_src *s)
{
	struct vigil_tgsi_lexer *lx = &ps->lx;

	for (unsigned i = 0; i < 4; i++)
		s->swizzle[i] = (uint8_t)i;
	if (vigil_tgsi_tok_punct(lx, '-')) {
		s->negate = true;
		if (next(ps))
			return lx->err.status;
	}
	if (vigil_tgsi_tok_punct(lx, '|')) {
		s->absolute = true;
		if (next(ps))
			return lx->err.status;
	}
	if (parse_reg(ps, &s->reg))
		return lx->err.status;
	if (vigil_tgsi_tok_punct(lx, '.') && parse_swizzle(ps, s->swizzle, 4))
		return lx->err.status;
	if (s->absolute)
		return expect(ps, '|', VIGIL_E_ENUM, "expected '|' closing the absolute value");
	return VIGIL_OK;
}

/* ", target" then up to VIGIL_TGSI_MAX_TEX_OFFSETS ", FILE[n].xyz" offsets (CVE-2017-5580). */
static vigil_status parse_tex(struct vigil_tgsi_parser *ps, struct vigil_tgsi_insn *in)
{
	struct vigil_tgsi_lexer *lx = &ps->lx;
	struct vigil_tgsi_texoff *o;
	int t;

	if (expect(ps, ',', VIGIL_E_COUNT, "texture instruction needs a target"))
		return lx->err.status;
	t = vigil_tgsi_tok_lookup(lx, vigil_tgsi_target_names, vigil_tgsi_target_count);
	if (t <= 0)
		return fail(ps, VIGIL_E_ENUM, "unknown texture target");
	in->tex_target = (uint8_t)t;
	if (next(ps))
		return lx->err.status;
	while (vigil_tgsi_tok_punct(lx, ',')) {
		if (in->num_offsets == VIGIL_TGSI_MAX_TEX_OFFSETS)
			return fail(ps, VIGIL_E_COUNT, "more than 4 texture offsets");
		o = &in->offsets[in->num_offsets];
		if (next(ps) || parse_reg(ps, &o->reg))
			return lx->err.status;
		if (o->reg.indirect)
			return fail(ps, VIGIL_E_ENUM, "texture offsets are direct registers");
		if (!vigil_tgsi_tok_punct(lx, '.'))
			return fail(ps, VIGIL_E_ENUM, "texture offset needs a swizzle");
		if (parse_swizzle(ps, o->swizzle, 3))
			return lx->err.status;
		in->num_offsets++;
	}
	return VIGIL_OK;
}

/* ", COHERENT", ", RESTRICT", ", VOLATILE", ", STREAM_CACHE_POLICY", ", target", ", FORMAT" in
 * any order (tgsi_dump: qualifiers, target, format), each at most once. */
static vigil_status parse_mem(struct vigil_tgsi_parser *ps, struct vigil_tgsi_insn *in)
{
	struct vigil_tgsi_lexer *lx = &ps->lx;
	bool have_format = false;
	int k;

	while (vigil_tgsi_tok_punct(lx, ',')) {
		if (next(ps))
			return lx->err.status;
		if ((k = vigil_tgsi_tok_lookup(lx, NAMES(vigil_tgsi_memory_names))) >= 0) {
			if (in->mem_qualifier & (1u << k))
				return fail(ps, VIGIL_E_RELATION, "memory qualifier given twice");
			in->mem_qualifier = (uint8_t)(in->mem_qualifier | (1u << k));
		} else if ((k = vigil_tgsi_tok_lookup(lx, vigil_tgsi_target_names,
						      vigil_tgsi_target_count)) > 0) {
			if (in->mem_target)
				return fail(ps, VIGIL_E_RELATION, "image target given twice");
			in->mem_target = (uint8_t)k;
		} else if ((k = vigil_tgsi_image_format_lookup(lx)) >= 0) {
			if (have_format)
				return fail(ps, VIGIL_E_RELATION, "image format given twice");
			have_format = true;
			in->mem_format = (uint8_t)k;
		} else {
			return fail(ps, VIGIL_E_ENUM, "expected a memory qualifier, image target or format");
		}
		if (next(ps))
			return lx->err.status;
	}
	return VIGIL_OK;
}

static bool block_open(const struct vigil_tgsi_parser *ps, enum vigil_tgsi_block a,
		       enum vigil_tgsi_block b)
{
	for (uint32_t i = 0; i < ps->depth; i++)
		if (ps->blocks[i] == a || ps->blocks[i] == b)
			return true;
	return false;
}

/* Structured control flow with a fixed stack; errors at the opcode. */
static vigil_status check_flow(struct vigil_tgsi_parser *ps, uint8_t flow)
{
	uint8_t top = ps->depth ? ps->blocks[ps->depth - 1] : 0xff;
	uint8_t push;

	switch (flow) {
	case VIGIL_TGSI_FLOW_IF: push = VIGIL_TGSI_BLK_IF; break;
	case VIGIL_TGSI_FLOW_LOOP: push = VIGIL_TGSI_BLK_LOOP; break;
	case VIGIL_TGSI_FLOW_SWITCH: push = VIGIL_TGSI_BLK_SWITCH; break;
	case VIGIL_TGSI_FLOW_ELSE:
		if (top != VIGIL_TGSI_BLK_IF)
			return fail(ps, VIGIL_E_RELATION, "ELSE without IF");
		ps->blocks[ps->depth - 1] = VIGIL_TGSI_BLK_ELSE;
		return VIGIL_OK;
	case VIGIL_TGSI_FLOW_ENDIF:
		if (top != VIGIL_TGSI_BLK_IF && top != VIGIL_TGSI_BLK_ELSE)
			return fail(ps, VIGIL_E_RELATION, "ENDIF without IF");
		ps->depth--;
		return VIGIL_OK;
	case VIGIL_TGSI_FLOW_ENDLOOP:
		if (top != VIGIL_TGSI_BLK_LOOP)
			return fail(ps, VIGIL_E_RELATION, "ENDLOOP without BGNLOOP");
		ps->depth--;
		return VIGIL_OK;
	case VIGIL_TGSI_FLOW_ENDSWITCH:
		if (top != VIGIL_TGSI_BLK_SWITCH)
			return fail(ps, VIGIL_E_RELATION, "ENDSWITCH without SWITCH");
		ps->depth--;
		return VIGIL_OK;
	case VIGIL_TGSI_FLOW_CASE:
		if (top != VIGIL_TGSI_BLK_SWITCH)
			return fail(ps, VIGIL_E_RELATION, "CASE/DEFAULT outside SWITCH");
		return VIGIL_OK;
	case VIGIL_TGSI_FLOW_BRK:
		if (!block_open(ps, VIGIL_TGSI_BLK_LOOP, VIGIL_TGSI_BLK_SWITCH))
			return fail(ps, VIGIL_E_RELATION, "BRK outside a loop or switch");
		return VIGIL_OK;
	case VIGIL_TGSI_FLOW_CONT:
		if (!block_open(ps, VIGIL_TGSI_BLK_LOOP, VIGIL_TGSI_BLK_LOOP))
			return fail(ps, VIGIL_E_RELATION, "CONT outside a loop");
		return VIGIL_OK;
	case VIGIL_TGSI_FLOW_END:
		if (ps->depth)
			return fail(ps, VIGIL_E_RELATION, "END inside an open block");
		ps->ended = true;
		return VIGIL_OK;
	default:
		return VIGIL_OK;
	}
	if (ps->depth == VIGIL_TGSI_MAX_NESTING)
		return fail(ps, VIGIL_E_COUNT, "control flow nested deeper than the limit");
	ps->blocks[ps->depth++] = push;
	return VIGIL_OK;
}

/* The opcode of the current word, with optional _SAT and _PRECISE suffixes. */
static const struct vigil_tgsi_opinfo *lookup_opcode(struct vigil_tgsi_parser *ps,
						     struct vigil_tgsi_insn *in)
{
	const struct vigil_tgsi_lexer *lx = &ps->lx;
	const struct vigil_tgsi_opinfo *op;
	char first = lx->tok.len ? lx->tok.s[0] : 0;
	uint32_t n, rest;

	if (first >= 'a' && first <= 'z')
		first = (char)(first - 'a' + 'A');
	for (unsigned i = 0; i < vigil_tgsi_opcode_count; i++) {
		op = &vigil_tgsi_opcodes[i];
		if (op->name[0] != first) /* cheap reject before the length and the compare */
			continue;
		n = (uint32_t)strlen(op->name);
		if (!vigil_tgsi_tok_slice_is(lx, 0, n, op->name))
			continue;
		rest = lx->tok.len - n;
		in->saturate = vigil_tgsi_tok_slice_is(lx, n, 4, "_SAT");
		if (in->saturate) {
			n += 4;
			rest -= 4;
		}
		in->precise = vigil_tgsi_tok_slice_is(lx, n, 8, "_PRECISE");
		if (in->precise)
			rest -= 8;
		if (rest == 0)
			return op;
	}
	return NULL;
}

static vigil_status parse_label(struct vigil_tgsi_parser *ps, struct vigil_tgsi_insn *in)
{
	struct vigil_tgsi_lexer *lx = &ps->lx;

	if (next(ps))
		return lx->err.status;
	if (lx->tok.kind != VIGIL_TGSI_TOK_NUMBER)
		return fail(ps, VIGIL_E_ENUM, "expected a label");
	if (lx->tok.value >= VIGIL_TGSI_MAX_INSNS)
		return fail(ps, VIGIL_E_RANGE, "label above the instruction limit");
	/* Informational only: structured control flow is checked by nesting, and Mesa's
	 * virgl_tgsi_transform drops instructions without renumbering labels, so a label may
	 * point past the end (observed: "ELSE :97" in an 86-instruction shader). */
	in->has_label = true;
	in->label = lx->tok.value;
	return next(ps);
}

vigil_status vigil_tgsi_parse_insn(struct vigil_tgsi_parser *ps)
{
	struct vigil_tgsi_lexer *lx = &ps->lx;
	struct vigil_tgsi_shader *sh = ps->sh;
	const struct vigil_tgsi_opinfo *op;
	struct vigil_tgsi_insn *in;
	unsigned i;

	if (sh->insn_count >= VIGIL_TGSI_MAX_INSNS)
		return fail(ps, VIGIL_E_COUNT, "too many instructions");
	if (lx->tok.kind == VIGIL_TGSI_TOK_NUMBER) {
		if (lx->tok.value != sh->insn_count)
			return fail(ps, VIGIL_E_RELATION, "instruction number out of sequence");
		if (next(ps) || expect(ps, ':', VIGIL_E_ENUM, "expected ':' after the number"))
			return lx->err.status;
	}
	if (vigil_tgsi_grow(ps, (void **)&sh->insns, &ps->insn_cap, sh->insn_count, sizeof(*in)))
		return lx->err.status;
	in = &sh->insns[sh->insn_count];
	memset(in, 0, sizeof(*in));
	op = lookup_opcode(ps, in);
	if (!op)
		return fail(ps, VIGIL_E_UNKNOWN_CMD, "unknown opcode");
	if (op->flags & VIGIL_TGSI_OPF_UNSUPPORTED)
		return fail(ps, VIGIL_E_UNSUPPORTED, "subroutines are not supported");
	if (check_flow(ps, op->flow) || next(ps))
		return lx->err.status;
	in->opcode = op->opcode;
	in->num_dst = op->num_dst;
	in->num_src = op->num_src;
	for (i = 0; i < (unsigned)op->num_dst + op->num_src; i++) {
		if (i && expect(ps, ',', VIGIL_E_COUNT, "too few operands"))
			return lx->err.status;
		if (i < op->num_dst ? parse_dst(ps, &in->dst, op->opcode == VIGIL_TGSI_OPCODE_STORE)
				    : parse_src(ps, &in->src[i - op->num_dst]))
			return lx->err.status;
	}
	if ((op->flags & VIGIL_TGSI_OPF_TEX) && parse_tex(ps, in))
		return lx->err.status;
	if ((op->flags & VIGIL_TGSI_OPF_MEM) && parse_mem(ps, in))
		return lx->err.status;
	if ((op->flags & VIGIL_TGSI_OPF_BRANCH) && vigil_tgsi_tok_punct(lx, ':') &&
	    parse_label(ps, in))
		return lx->err.status;
	if (vigil_tgsi_tok_punct(lx, ','))
		return fail(ps, VIGIL_E_COUNT, "too many operands");
	sh->insn_count++;
	return VIGIL_OK;
}
