/*
 * tgsi_parse.c: the TGSI text parser's statement level (tgsi_parse.h): the processor header,
 * PROPERTY and IMM statements, the statement loop and END; declarations are in tgsi_decl.c,
 * instructions in tgsi_insn.c.
 *
 * Input: tokens from the bounded lexer over hostile text. Guarantees: an iterative loop (no
 * recursion on guest input) that consumes at least one token per step; every statement kind
 * counted against its limit before its IR slot is allocated; immediates numbered 0, 1, 2, ...
 * in order with values in their type's range; property names and values from their tables.
 */
#include "tgsi_parse.h"

#include <stdlib.h>
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

vigil_status vigil_tgsi_expect(struct vigil_tgsi_parser *ps, char c, vigil_status s,
			       const char *reason)
{
	if (!vigil_tgsi_tok_punct(&ps->lx, c))
		return fail(ps, s, reason);
	return next(ps);
}

vigil_status vigil_tgsi_grow(struct vigil_tgsi_parser *ps, void **arr, uint32_t *cap,
			     uint32_t count, size_t elem)
{
	uint32_t ncap;
	size_t bytes;
	void *n;

	if (count < *cap)
		return VIGIL_OK;
	ncap = *cap ? *cap * 2u : 16u;
	if (__builtin_mul_overflow((size_t)ncap, elem, &bytes))
		return fail(ps, VIGIL_E_EXHAUSTED, "out of memory");
	n = realloc(*arr, bytes);
	if (!n)
		return fail(ps, VIGIL_E_EXHAUSTED, "out of memory");
	/* not zeroed: each statement zeroes its own element before filling it */
	*arr = n;
	*cap = ncap;
	return VIGIL_OK;
}

bool vigil_tgsi_declared(const struct vigil_tgsi_parser *ps, unsigned file, uint32_t dim,
			 uint32_t index)
{
	const uint8_t *m;

	if (file >= VIGIL_TGSI_FILE_COUNT || index >= vigil_tgsi_file_limit(file) ||
	    index >= VIGIL_TGSI_MAP_BITS)
		return false;
	if (file == VIGIL_TGSI_FILE_CONST) {
		if (dim >= VIGIL_TGSI_MAX_CONST_BUFFERS)
			return false;
		m = ps->cmap[dim];
	} else if (file == VIGIL_TGSI_FILE_HWATOMIC) {
		if (dim >= VIGIL_TGSI_MAX_HWATOMIC_BUFFERS)
			return false;
		m = ps->hmap[dim];
	} else {
		m = ps->map[file];
	}
	return m && ((unsigned)m[index / 8] >> (index % 8)) & 1u;
}

int vigil_tgsi_image_format_lookup(const struct vigil_tgsi_lexer *lx)
{
	for (unsigned i = 0; i < vigil_tgsi_image_format_count; i++)
		if (vigil_tgsi_tok_word(lx, vigil_tgsi_image_formats[i].pipe))
			return (int)i;
	return -1;
}

static vigil_status parse_imm_value(struct vigil_tgsi_parser *ps, uint8_t type, uint32_t *ret)
{
	struct vigil_tgsi_lexer *lx = &ps->lx;
	bool neg = false;

	if (type == VIGIL_TGSI_IMM_INT32 && vigil_tgsi_tok_punct(lx, '-')) {
		neg = true;
		if (next(ps))
			return lx->err.status;
	}
	if (lx->tok.kind != VIGIL_TGSI_TOK_NUMBER)
		return fail(ps, VIGIL_E_ENUM, "expected an immediate value");
	if (type == VIGIL_TGSI_IMM_FLT32 && !lx->tok.hex)
		return fail(ps, VIGIL_E_UNSUPPORTED, "FLT32 values must be hex bit patterns");
	if (type == VIGIL_TGSI_IMM_INT32 && lx->tok.value > (neg ? 0x80000000u : 0x7fffffffu))
		return fail(ps, VIGIL_E_RANGE, "INT32 immediate out of range");
	*ret = neg ? 0u - lx->tok.value : lx->tok.value;
	return next(ps);
}

/* The digits of the current NUMBER token as a 64-bit value (hex tokens carry their value). */
static bool tok_u64(const struct vigil_tgsi_lexer *lx, uint64_t *ret)
{
	uint64_t v = 0;

	if (lx->tok.hex) {
		*ret = lx->tok.value;
		return true;
	}
	for (uint32_t i = 0; i < lx->tok.len; i++) {
		if (__builtin_mul_overflow(v, 10u, &v) ||
		    __builtin_add_overflow(v, (uint64_t)(lx->tok.s[i] - '0'), &v))
			return false;
	}
	*ret = v;
	return true;
}

/* FLT64 as tgsi_dump prints it ("%10.8f"): [-]DIGITS.DIGITS, converted with strtod. */
static vigil_status parse_flt64(struct vigil_tgsi_parser *ps, bool neg, uint64_t *ret)
{
	struct vigil_tgsi_lexer *lx = &ps->lx;
	char text[2 * VIGIL_TGSI_MAX_IDENT + 3];
	size_t n = 0;
	double d;

	if (lx->tok.hex)
		return fail(ps, VIGIL_E_UNSUPPORTED, "FLT64 values are decimal with a fraction");
	if (neg)
		text[n++] = '-';
	memcpy(text + n, lx->tok.s, lx->tok.len);
	n += lx->tok.len;
	if (next(ps) || vigil_tgsi_expect(ps, '.', VIGIL_E_ENUM, "FLT64 value needs a fraction"))
		return lx->err.status;
	if (lx->tok.kind != VIGIL_TGSI_TOK_NUMBER || lx->tok.hex)
		return fail(ps, VIGIL_E_ENUM, "FLT64 value needs a fraction");
	text[n++] = '.';
	memcpy(text + n, lx->tok.s, lx->tok.len);
	n += lx->tok.len;
	text[n] = 0;
	d = strtod(text, NULL); /* digits and one '.': always finite below 1e65 */
	memcpy(ret, &d, sizeof(*ret));
	return VIGIL_OK;
}

/* One value of a 64-bit immediate into two slots (low, high). */
static vigil_status parse_imm64_value(struct vigil_tgsi_parser *ps, uint8_t type, uint32_t *ret)
{
	struct vigil_tgsi_lexer *lx = &ps->lx;
	bool neg = false;
	uint64_t v;

	if (type != VIGIL_TGSI_IMM_UINT64 && vigil_tgsi_tok_punct(lx, '-')) {
		neg = true;
		if (next(ps))
			return lx->err.status;
	}
	if (lx->tok.kind != VIGIL_TGSI_TOK_NUMBER)
		return fail(ps, VIGIL_E_ENUM, "expected an immediate value");
	if (type == VIGIL_TGSI_IMM_FLT64) {
		if (parse_flt64(ps, neg, &v))
			return lx->err.status;
	} else {
		if (!tok_u64(lx, &v))
			return fail(ps, VIGIL_E_RANGE, "64-bit immediate out of range");
		if (type == VIGIL_TGSI_IMM_INT64 && v > (neg ? (1ull << 63) : (1ull << 63) - 1))
			return fail(ps, VIGIL_E_RANGE, "INT64 immediate out of range");
		if (neg)
			v = 0u - v;
	}
	ret[0] = (uint32_t)v;
	ret[1] = (uint32_t)(v >> 32);
	return next(ps);
}

static vigil_status parse_imm(struct vigil_tgsi_parser *ps)
{
	struct vigil_tgsi_lexer *lx = &ps->lx;
	struct vigil_tgsi_shader *sh = ps->sh;
	struct vigil_tgsi_imm *im;
	bool wide;
	int type;

	if (sh->imm_count >= VIGIL_TGSI_MAX_IMMS)
		return fail(ps, VIGIL_E_COUNT, "too many immediates");
	if (next(ps) || vigil_tgsi_expect(ps, '[', VIGIL_E_ENUM, "expected IMM[n]"))
		return lx->err.status;
	if (lx->tok.kind != VIGIL_TGSI_TOK_NUMBER)
		return fail(ps, VIGIL_E_ENUM, "expected the immediate's number");
	if (lx->tok.value != sh->imm_count)
		return fail(ps, VIGIL_E_RELATION, "immediates must be numbered 0, 1, 2, ... in order");
	if (next(ps) || vigil_tgsi_expect(ps, ']', VIGIL_E_ENUM, "expected ']'"))
		return lx->err.status;
	type = vigil_tgsi_tok_lookup(lx, NAMES(vigil_tgsi_imm_type_names));
	if (type < 0)
		return fail(ps, VIGIL_E_ENUM, "unknown immediate type");
	wide = type >= VIGIL_TGSI_IMM_FLT64;
	if (vigil_tgsi_grow(ps, (void **)&sh->imms, &ps->imm_cap, sh->imm_count, sizeof(*im)))
		return lx->err.status;
	im = &sh->imms[sh->imm_count];
	memset(im, 0, sizeof(*im));
	im->type = (uint8_t)type;
	if (next(ps))
		return lx->err.status;
	lx->wide_ok = wide; /* the value tokens after '{' and ',' */
	if (vigil_tgsi_expect(ps, '{', VIGIL_E_ENUM, "expected '{'"))
		return lx->err.status;
	for (unsigned i = 0; i < 4; i += wide ? 2 : 1) {
		if (i && vigil_tgsi_expect(ps, ',', VIGIL_E_COUNT, "an immediate has 4 values"))
			return lx->err.status;
		if (wide ? parse_imm64_value(ps, im->type, &im->v[i])
			 : parse_imm_value(ps, im->type, &im->v[i]))
			return lx->err.status;
	}
	lx->wide_ok = false;
	if (vigil_tgsi_expect(ps, '}', VIGIL_E_COUNT, "an immediate has 4 values"))
		return lx->err.status;
	sh->imm_count++;
	return VIGIL_OK;
}

static vigil_status parse_property(struct vigil_tgsi_parser *ps)
{
	struct vigil_tgsi_lexer *lx = &ps->lx;
	struct vigil_tgsi_shader *sh = ps->sh;
	int name, v = -1;

	if (sh->prop_count >= VIGIL_TGSI_MAX_PROPS)
		return fail(ps, VIGIL_E_COUNT, "too many properties");
	if (next(ps))
		return lx->err.status;
	name = vigil_tgsi_tok_lookup(lx, vigil_tgsi_property_names, vigil_tgsi_property_count);
	if (name < 0)
		return fail(ps, VIGIL_E_ENUM, "unknown property");
	if (next(ps))
		return lx->err.status;
	switch (vigil_tgsi_property_kind((unsigned)name)) {
	case VIGIL_TGSI_PV_UINT:
		if (lx->tok.kind != VIGIL_TGSI_TOK_NUMBER)
			return fail(ps, VIGIL_E_ENUM, "expected a property value");
		if (lx->tok.value > VIGIL_TGSI_MAX_PROPERTY_VALUE)
			return fail(ps, VIGIL_E_RANGE, "property value above the limit");
		v = (int)lx->tok.value;
		break;
	case VIGIL_TGSI_PV_PRIM:
		v = vigil_tgsi_tok_lookup(lx, vigil_tgsi_primitive_names, vigil_tgsi_primitive_count);
		break;
	case VIGIL_TGSI_PV_PRIM_NUM:
		if (lx->tok.kind != VIGIL_TGSI_TOK_NUMBER)
			return fail(ps, VIGIL_E_ENUM, "expected a primitive number");
		if (lx->tok.value >= vigil_tgsi_primitive_count)
			return fail(ps, VIGIL_E_RANGE, "primitive number out of range");
		v = (int)lx->tok.value;
		break;
	case VIGIL_TGSI_PV_ORIGIN:
		v = vigil_tgsi_tok_lookup(lx, NAMES(vigil_tgsi_origin_names));
		break;
	case VIGIL_TGSI_PV_CENTER:
		v = vigil_tgsi_tok_lookup(lx, NAMES(vigil_tgsi_center_names));
		break;
	case VIGIL_TGSI_PV_PROCESSOR:
		v = vigil_tgsi_tok_lookup(lx, vigil_tgsi_processor_names, VIGIL_TGSI_PROCESSOR_COUNT);
		break;
	}
	if (v < 0)
		return fail(ps, VIGIL_E_ENUM, "unknown property value");
	sh->props[sh->prop_count].name = (uint8_t)name;
	sh->props[sh->prop_count].value = (uint32_t)v;
	sh->prop_count++;
	return next(ps);
}

/* One statement; the loop in run() guarantees the current token is not EOF. */
static vigil_status parse_statement(struct vigil_tgsi_parser *ps)
{
	struct vigil_tgsi_lexer *lx = &ps->lx;

	if (ps->ended)
		return fail(ps, VIGIL_E_TRAILING, "text after END");
	if (vigil_tgsi_tok_word(lx, "DCL"))
		return vigil_tgsi_parse_decl(ps);
	if (vigil_tgsi_tok_word(lx, "IMM"))
		return parse_imm(ps);
	if (vigil_tgsi_tok_word(lx, "PROPERTY"))
		return parse_property(ps);
	if (lx->tok.kind == VIGIL_TGSI_TOK_WORD || lx->tok.kind == VIGIL_TGSI_TOK_NUMBER)
		return vigil_tgsi_parse_insn(ps);
	return fail(ps, VIGIL_E_ENUM, "expected a statement");
}

static vigil_status run(struct vigil_tgsi_parser *ps, const void *text, size_t len)
{
	struct vigil_tgsi_lexer *lx = &ps->lx;
	int proc;

	if (vigil_tgsi_lex_init(lx, text, len))
		return lx->err.status;
	proc = vigil_tgsi_tok_lookup(lx, vigil_tgsi_processor_names, VIGIL_TGSI_PROCESSOR_COUNT);
	if (proc < 0)
		return fail(ps, lx->tok.kind == VIGIL_TGSI_TOK_EOF ? VIGIL_E_TRUNCATED : VIGIL_E_ENUM,
			    "expected VERT, FRAG, GEOM, TESS_CTRL, TESS_EVAL or COMP");
	ps->sh->processor = (uint8_t)proc;
	if (next(ps))
		return lx->err.status;
	while (lx->tok.kind != VIGIL_TGSI_TOK_EOF) {
		if (parse_statement(ps))
			return lx->err.status;
	}
	if (!ps->ended)
		return fail(ps, VIGIL_E_TRUNCATED, "missing END");
	return VIGIL_OK;
}

void vigil_tgsi_free(struct vigil_tgsi_shader *sh)
{
	if (!sh)
		return;
	free(sh->insns);
	free(sh->decls);
	free(sh->imms);
	free(sh);
}

vigil_status vigil_tgsi_parse(const void *text, size_t len, struct vigil_tgsi_shader **ret_shader,
			      struct vigil_tgsi_error *ret_err)
{
	struct vigil_tgsi_parser *ps = calloc(1, sizeof(*ps));
	struct vigil_tgsi_error err = { VIGIL_E_EXHAUSTED, 0, 0, "out of memory" };
	vigil_status s = VIGIL_E_EXHAUSTED;

	if (!ps)
		goto out;
	ps->sh = calloc(1, sizeof(*ps->sh));
	if (!ps->sh)
		goto out;
	s = run(ps, text, len);
	err = ps->lx.err;
	if (s == VIGIL_OK) {
		err.status = VIGIL_OK;
		*ret_shader = ps->sh;
		ps->sh = NULL;
	}
out:
	if (ps) {
		vigil_tgsi_free(ps->sh);
		for (unsigned i = 0; i < VIGIL_TGSI_FILE_COUNT; i++)
			free(ps->map[i]);
		for (unsigned i = 0; i < VIGIL_TGSI_MAX_CONST_BUFFERS; i++)
			free(ps->cmap[i]);
		for (unsigned i = 0; i < VIGIL_TGSI_MAX_HWATOMIC_BUFFERS; i++)
			free(ps->hmap[i]);
	}
	free(ps);
	if (ret_err)
		*ret_err = err;
	return s;
}
