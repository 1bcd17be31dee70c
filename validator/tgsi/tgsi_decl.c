/*
 * tgsi_decl.c: TGSI DCL statements: "DCL FILE[first(..last)](.mask)(, part)*", with the 2-D
 * forms IN[][a..b], OUT[][a..b] and CONST[b][a..b], and the parts semantic NAME[(index)],
 * interpolation, location, ARRAY(id), LOCAL, INVARIANT and, for SVIEW, target and return types.
 *
 * Input: tokens from the bounded lexer over hostile text. Guarantees: first <= last (else
 * RELATION) and last below the file's limit (else RANGE: a 1 MiB TEMP array never gets
 * declared); no register declared twice (except an IN/OUT register again with the same semantic
 * and dimension: Mesa's packed components); array ids 1..VIGIL_TGSI_MAX_ARRAY_ID, each once; an
 * IN/OUT register is declared either per vertex (2-D) or per patch (1-D), both kinds may share
 * a file (tessellation); every declared register is recorded in the parser's map, which
 * tgsi_insn.c checks operands against. Resources: IMAGE[n], target(, FORMAT)(, WR)(, RAW);
 * BUFFER[n](, ATOMIC); MEMORY[n](, GLOBAL|SHARED|PRIVATE|INPUT); HWATOMIC[b][a..b] (always 2-D,
 * the binding below VIGIL_TGSI_MAX_HWATOMIC_BUFFERS), each attribute at most once.
 */
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

/* The declaration bitmap of a file (and buffer), allocated on first use; NULL when out of
 * memory. */
static uint8_t *map_of(struct vigil_tgsi_parser *ps, unsigned file, uint32_t dim)
{
	uint8_t **slot = file == VIGIL_TGSI_FILE_CONST	? &ps->cmap[dim]
			 : file == VIGIL_TGSI_FILE_HWATOMIC ? &ps->hmap[dim]
							    : &ps->map[file];

	if (!*slot)
		*slot = calloc((vigil_tgsi_file_limit(file) + 7u) / 8u, 1);
	return *slot;
}

/* NUMBER ('..' NUMBER)? inside brackets already opened. */
static vigil_status parse_range(struct vigil_tgsi_parser *ps, uint32_t *first, uint32_t *last)
{
	if (ps->lx.tok.kind != VIGIL_TGSI_TOK_NUMBER)
		return fail(ps, VIGIL_E_ENUM, "expected a register index");
	*first = *last = ps->lx.tok.value;
	if (next(ps))
		return ps->lx.err.status;
	if (ps->lx.tok.kind == VIGIL_TGSI_TOK_DOTDOT) {
		if (next(ps))
			return ps->lx.err.status;
		if (ps->lx.tok.kind != VIGIL_TGSI_TOK_NUMBER)
			return fail(ps, VIGIL_E_ENUM, "expected the last index of a range");
		if (ps->lx.tok.value < *first)
			return fail(ps, VIGIL_E_RELATION, "declaration range with first > last");
		*last = ps->lx.tok.value;
		if (next(ps))
			return ps->lx.err.status;
	}
	return VIGIL_OK;
}

/* The current token is a word: its mask letters, each once, in xyzw order. */
static vigil_status parse_mask(struct vigil_tgsi_parser *ps, uint8_t *ret_mask)
{
	uint8_t sw[4];
	unsigned n, i;
	uint8_t mask = 0;

	if (!vigil_tgsi_tok_swizzle(&ps->lx, sw, 4, &n))
		return fail(ps, VIGIL_E_ENUM, "bad write mask");
	for (i = 0; i < n; i++) {
		if (i && sw[i] <= sw[i - 1])
			return fail(ps, VIGIL_E_ENUM, "write mask letters out of xyzw order");
		mask = (uint8_t)(mask | (1u << sw[i]));
	}
	*ret_mask = mask;
	return next(ps);
}

static vigil_status parse_sview_parts(struct vigil_tgsi_parser *ps, struct vigil_tgsi_decl *d)
{
	int t, r;
	unsigned i;

	if (vigil_tgsi_expect(ps, ',', VIGIL_E_ENUM, "SVIEW needs a texture target"))
		return ps->lx.err.status;
	t = vigil_tgsi_tok_lookup(&ps->lx, vigil_tgsi_target_names, vigil_tgsi_target_count);
	if (t <= 0)
		return fail(ps, VIGIL_E_ENUM, "unknown texture target");
	d->target = (uint8_t)t;
	if (next(ps))
		return ps->lx.err.status;
	for (i = 0; i < 4; i++) {
		if (vigil_tgsi_expect(ps, ',', VIGIL_E_ENUM, "SVIEW needs a return type"))
			return ps->lx.err.status;
		r = vigil_tgsi_tok_lookup(&ps->lx, NAMES(vigil_tgsi_return_type_names));
		if (r < 0)
			return fail(ps, VIGIL_E_ENUM, "unknown return type");
		d->return_type[i] = (uint8_t)(r + 1);
		if (next(ps))
			return ps->lx.err.status;
		if (i == 0 && !vigil_tgsi_tok_punct(&ps->lx, ','))
			break;
	}
	if (i == 0)
		d->return_type[1] = d->return_type[2] = d->return_type[3] = d->return_type[0];
	return VIGIL_OK;
}

/* IMAGE: ", target" then ", FORMAT", ", WR", ", RAW" in any order, each at most once. */
static vigil_status parse_image_parts(struct vigil_tgsi_parser *ps, struct vigil_tgsi_decl *d)
{
	struct vigil_tgsi_lexer *lx = &ps->lx;
	bool have_format = false;
	int t;

	if (vigil_tgsi_expect(ps, ',', VIGIL_E_ENUM, "IMAGE needs a texture target"))
		return lx->err.status;
	t = vigil_tgsi_tok_lookup(lx, vigil_tgsi_target_names, vigil_tgsi_target_count);
	if (t <= 0)
		return fail(ps, VIGIL_E_ENUM, "unknown texture target");
	d->target = (uint8_t)t;
	if (next(ps))
		return lx->err.status;
	while (vigil_tgsi_tok_punct(lx, ',')) {
		bool *flag = NULL;

		if (next(ps))
			return lx->err.status;
		if (vigil_tgsi_tok_word(lx, "WR"))
			flag = &d->image_writable;
		else if (vigil_tgsi_tok_word(lx, "RAW"))
			flag = &d->image_raw;
		if (flag) {
			if (*flag)
				return fail(ps, VIGIL_E_RELATION, "image attribute given twice");
			*flag = true;
		} else {
			t = vigil_tgsi_image_format_lookup(lx);
			if (t < 0)
				return fail(ps, VIGIL_E_ENUM, "unknown image attribute or format");
			if (have_format)
				return fail(ps, VIGIL_E_RELATION, "image format given twice");
			have_format = true;
			d->image_format = (uint8_t)t;
		}
		if (next(ps))
			return lx->err.status;
	}
	return VIGIL_OK;
}

static vigil_status parse_array_part(struct vigil_tgsi_parser *ps, struct vigil_tgsi_decl *d)
{
	struct vigil_tgsi_array *a;
	uint32_t id;

	if (next(ps) || vigil_tgsi_expect(ps, '(', VIGIL_E_ENUM, "expected ARRAY(id)"))
		return ps->lx.err.status;
	if (ps->lx.tok.kind != VIGIL_TGSI_TOK_NUMBER)
		return fail(ps, VIGIL_E_ENUM, "expected an array id");
	id = ps->lx.tok.value;
	if (id == 0 || id > VIGIL_TGSI_MAX_ARRAY_ID)
		return fail(ps, VIGIL_E_RANGE, "array id out of range");
	a = &ps->arrays[id];
	if (a->defined || d->array_id)
		return fail(ps, VIGIL_E_RELATION, "array id declared twice");
	a->defined = true;
	a->two_d = d->has_dim && (d->file == VIGIL_TGSI_FILE_IN || d->file == VIGIL_TGSI_FILE_OUT);
	a->file = d->file;
	a->first = d->first;
	a->last = d->last;
	d->array_id = (uint16_t)id;
	if (next(ps))
		return ps->lx.err.status;
	return vigil_tgsi_expect(ps, ')', VIGIL_E_ENUM, "expected ')' after the array id");
}

static vigil_status parse_semantic(struct vigil_tgsi_parser *ps, struct vigil_tgsi_decl *d, int k);

/* One ", part" of a declaration (the comma consumed). At most one of each kind. */
static vigil_status parse_decl_part(struct vigil_tgsi_parser *ps, struct vigil_tgsi_decl *d)
{
	struct vigil_tgsi_lexer *lx = &ps->lx;
	int k, sem;

	if (vigil_tgsi_tok_word(lx, "ARRAY"))
		return parse_array_part(ps, d);
	if (vigil_tgsi_tok_word(lx, "LOCAL") || vigil_tgsi_tok_word(lx, "INVARIANT") ||
	    (d->file == VIGIL_TGSI_FILE_BUFFER && vigil_tgsi_tok_word(lx, "ATOMIC"))) {
		bool *flag = vigil_tgsi_tok_word(lx, "LOCAL")	  ? &d->local
			     : vigil_tgsi_tok_word(lx, "ATOMIC") ? &d->atomic
								 : &d->invariant;

		if (*flag)
			return fail(ps, VIGIL_E_RELATION, "declaration attribute given twice");
		*flag = true;
		return next(ps);
	}
	if (d->file == VIGIL_TGSI_FILE_MEMORY &&
	    (k = vigil_tgsi_tok_lookup(lx, NAMES(vigil_tgsi_mem_type_names))) >= 0) {
		if (ps->mem_type_given)
			return fail(ps, VIGIL_E_RELATION, "memory type given twice");
		ps->mem_type_given = true;
		d->mem_type = (uint8_t)k;
		return next(ps);
	}
	/* a semantic comes first (COLOR is both a semantic and an interpolation) */
	sem = vigil_tgsi_tok_lookup(lx, vigil_tgsi_semantic_names, vigil_tgsi_semantic_count);
	if (sem >= 0 && !d->has_semantic && !d->interp && !d->location)
		return parse_semantic(ps, d, sem);
	if ((k = vigil_tgsi_tok_lookup(lx, NAMES(vigil_tgsi_interp_names))) >= 0) {
		if (d->interp || d->file != VIGIL_TGSI_FILE_IN)
			return fail(ps, VIGIL_E_RELATION, "interpolation twice or not on an input");
		d->interp = (uint8_t)(k + 1);
		return next(ps);
	}
	if ((k = vigil_tgsi_tok_lookup(lx, NAMES(vigil_tgsi_location_names))) >= 0) {
		if (d->location || d->file != VIGIL_TGSI_FILE_IN)
			return fail(ps, VIGIL_E_RELATION, "location twice or not on an input");
		d->location = (uint8_t)(k + 1);
		return next(ps);
	}
	if (sem < 0)
		return fail(ps, VIGIL_E_ENUM, "unknown declaration attribute");
	return fail(ps, VIGIL_E_RELATION, "semantic twice or after interpolation");
}

/* NAME ('[' index ']')? of a semantic, the current token being NAME (table index k). */
static vigil_status parse_semantic(struct vigil_tgsi_parser *ps, struct vigil_tgsi_decl *d, int k)
{
	struct vigil_tgsi_lexer *lx = &ps->lx;

	if (d->has_semantic || (d->file != VIGIL_TGSI_FILE_IN && d->file != VIGIL_TGSI_FILE_OUT &&
				d->file != VIGIL_TGSI_FILE_SV))
		return fail(ps, VIGIL_E_RELATION, "semantic twice or on a file without semantics");
	d->has_semantic = true;
	d->semantic = (uint8_t)k;
	if (next(ps) || !vigil_tgsi_tok_punct(lx, '['))
		return lx->err.status;
	if (next(ps))
		return lx->err.status;
	if (lx->tok.kind != VIGIL_TGSI_TOK_NUMBER)
		return fail(ps, VIGIL_E_ENUM, "expected a semantic index");
	if (lx->tok.value > VIGIL_TGSI_MAX_SEMANTIC_INDEX)
		return fail(ps, VIGIL_E_RANGE, "semantic index above the limit");
	d->semantic_index = lx->tok.value;
	if (next(ps))
		return lx->err.status;
	return vigil_tgsi_expect(ps, ']', VIGIL_E_ENUM, "expected ']' after the semantic index");
}

/* FILE '[' ... ']' ('[' ... ']')? with 2-D forms IN[][a..b], OUT[][a..b], CONST[b][a..b]. */
static vigil_status parse_decl_regs(struct vigil_tgsi_parser *ps, struct vigil_tgsi_decl *d)
{
	struct vigil_tgsi_lexer *lx = &ps->lx;
	bool empty_dim = false;

	if (next(ps) || vigil_tgsi_expect(ps, '[', VIGIL_E_ENUM, "expected '[' after the file"))
		return lx->err.status;
	if (vigil_tgsi_tok_punct(lx, ']')) {
		empty_dim = true;
	} else if (parse_range(ps, &d->first, &d->last)) {
		return lx->err.status;
	}
	if (vigil_tgsi_expect(ps, ']', VIGIL_E_ENUM, "expected ']'"))
		return lx->err.status;
	if (vigil_tgsi_tok_punct(lx, '[')) {
		d->has_dim = true;
		if (empty_dim ? (d->file != VIGIL_TGSI_FILE_IN && d->file != VIGIL_TGSI_FILE_OUT)
			      : ((d->file != VIGIL_TGSI_FILE_CONST &&
				  d->file != VIGIL_TGSI_FILE_HWATOMIC) || d->first != d->last))
			return fail(ps, VIGIL_E_ENUM, "2-D declaration on this file");
		if (!empty_dim && d->file == VIGIL_TGSI_FILE_CONST &&
		    d->first >= VIGIL_TGSI_MAX_CONST_BUFFERS)
			return fail(ps, VIGIL_E_RANGE, "constant buffer index above the limit");
		if (!empty_dim && d->file == VIGIL_TGSI_FILE_HWATOMIC &&
		    d->first >= VIGIL_TGSI_MAX_HWATOMIC_BUFFERS)
			return fail(ps, VIGIL_E_RANGE, "atomic counter binding above the limit");
		d->dim = d->first;
		if (next(ps) || parse_range(ps, &d->first, &d->last) ||
		    vigil_tgsi_expect(ps, ']', VIGIL_E_ENUM, "expected ']'"))
			return lx->err.status;
	} else if (empty_dim) {
		return fail(ps, VIGIL_E_ENUM, "empty register range");
	} else if (d->file == VIGIL_TGSI_FILE_HWATOMIC) {
		return fail(ps, VIGIL_E_ENUM, "HWATOMIC declarations are HWATOMIC[binding][a..b]");
	}
	return VIGIL_OK;
}

/* An IN/OUT register may be declared again with the same semantic and dimension: Mesa declares
 * one register per packed component range (DCL OUT[2], GENERIC[1] then DCL OUT[2].xy,
 * GENERIC[1] for a dvec3). Every other register is declared once. */
static bool redeclaration_ok(const struct vigil_tgsi_parser *ps, const struct vigil_tgsi_decl *d,
			     uint32_t i)
{
	unsigned k = d->file == VIGIL_TGSI_FILE_OUT;

	if ((d->file != VIGIL_TGSI_FILE_IN && d->file != VIGIL_TGSI_FILE_OUT) || !d->has_semantic)
		return false;
	return ps->io_sem[k][i] == d->semantic + 1u && ps->io_sem_index[k][i] == d->semantic_index &&
	       (((unsigned)ps->map2[k][i / 8] >> (i % 8)) & 1u) == (unsigned)d->has_dim;
}

/* After the whole statement: mark the registers declared. */
static vigil_status record_decl(struct vigil_tgsi_parser *ps, const struct vigil_tgsi_decl *d,
				uint32_t line, uint32_t col)
{
	bool io = d->file == VIGIL_TGSI_FILE_IN || d->file == VIGIL_TGSI_FILE_OUT;
	unsigned k = d->file == VIGIL_TGSI_FILE_OUT;
	uint8_t *m;
	uint32_t i;

	ps->any[d->file] = true;
	if (io && d->has_dim)
		ps->any2[k] = true;
	else if (io)
		ps->any1[k] = true;
	if (d->file == VIGIL_TGSI_FILE_CONST)
		ps->cany[d->dim] = true;
	if (d->file == VIGIL_TGSI_FILE_HWATOMIC)
		ps->hany[d->dim] = true;
	m = map_of(ps, d->file, d->dim);
	if (!m)
		return vigil_tgsi_lex_fail_at(&ps->lx, VIGIL_E_EXHAUSTED, "out of memory", line, col);
	for (i = d->first; i <= d->last; i++) {
		if (((unsigned)m[i / 8] >> (i % 8)) & 1u) {
			if (redeclaration_ok(ps, d, i))
				continue;
			return vigil_tgsi_lex_fail_at(&ps->lx, VIGIL_E_RELATION, "register declared twice", line, col);
		}
		m[i / 8] = (uint8_t)(m[i / 8] | (1u << (i % 8)));
		if (io && d->has_dim)
			ps->map2[k][i / 8] = (uint8_t)(ps->map2[k][i / 8] | (1u << (i % 8)));
		if (io && d->has_semantic) {
			ps->io_sem[k][i] = (uint8_t)(d->semantic + 1u);
			ps->io_sem_index[k][i] = (uint8_t)d->semantic_index;
		}
	}
	return VIGIL_OK;
}

vigil_status vigil_tgsi_parse_decl(struct vigil_tgsi_parser *ps)
{
	struct vigil_tgsi_lexer *lx = &ps->lx;
	struct vigil_tgsi_shader *sh = ps->sh;
	struct vigil_tgsi_decl *d;
	uint32_t line, col;
	int file;

	if (sh->decl_count >= VIGIL_TGSI_MAX_DECLS)
		return fail(ps, VIGIL_E_COUNT, "too many declarations");
	if (next(ps))
		return lx->err.status;
	file = vigil_tgsi_tok_lookup(lx, NAMES(vigil_tgsi_file_names));
	if (file < 0 || file == VIGIL_TGSI_FILE_NULL || file == VIGIL_TGSI_FILE_IMM)
		return fail(ps, VIGIL_E_ENUM, "unknown register file in DCL");
	if (vigil_tgsi_grow(ps, (void **)&sh->decls, &ps->decl_cap, sh->decl_count, sizeof(*d)))
		return lx->err.status;
	d = &sh->decls[sh->decl_count];
	memset(d, 0, sizeof(*d));
	d->file = (uint8_t)file;
	d->mask = 0xf;
	line = lx->tok.line;
	col = lx->tok.col;
	if (parse_decl_regs(ps, d))
		return lx->err.status;
	if (d->last >= vigil_tgsi_file_limit(d->file))
		return vigil_tgsi_lex_fail_at(lx, VIGIL_E_RANGE, "declared register above the file's limit",
					      line, col);
	if (vigil_tgsi_tok_punct(lx, '.') && (next(ps) || parse_mask(ps, &d->mask)))
		return lx->err.status;
	if (file == VIGIL_TGSI_FILE_SVIEW && parse_sview_parts(ps, d))
		return lx->err.status;
	if (file == VIGIL_TGSI_FILE_IMAGE && parse_image_parts(ps, d))
		return lx->err.status;
	ps->mem_type_given = false;
	for (unsigned parts = 0; vigil_tgsi_tok_punct(lx, ','); parts++) {
		if (parts == 6)
			return fail(ps, VIGIL_E_COUNT, "too many declaration attributes");
		if (next(ps) || parse_decl_part(ps, d))
			return lx->err.status;
	}
	if (record_decl(ps, d, line, col))
		return lx->err.status;
	sh->decl_count++;
	return VIGIL_OK;
}
