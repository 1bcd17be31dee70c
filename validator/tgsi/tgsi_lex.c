/*
 * tgsi_lex.c: the bounded TGSI tokenizer (tgsi_lex.h).
 *
 * Input: hostile text. Every byte access goes through peek(), which returns 0 at the end of the
 * span (the first NUL), so no read can pass it; words are cut at VIGIL_TGSI_MAX_IDENT + 1 bytes
 * and rejected (CVE-2017-6209: the host's identifier copy had no limit); numbers are accumulated
 * with checked arithmetic. No state outside the lexer struct.
 */
#include "tgsi_lex.h"

#include <string.h>

#include "tgsi_limits.h"

static char peek(const struct vigil_tgsi_lexer *lx, size_t ahead)
{
	if ((size_t)(lx->end - lx->p) <= ahead)
		return 0;
	return lx->p[ahead];
}

static void advance(struct vigil_tgsi_lexer *lx)
{
	if (lx->p >= lx->end)
		return;
	if (*lx->p == '\n') {
		lx->line++;
		lx->col = 1;
	} else {
		lx->col++;
	}
	lx->p++;
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int hex_val(char c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool is_punct(char c)
{
	static const char set[] = "[](){},:.+-|";

	for (size_t i = 0; i + 1 < sizeof(set); i++)
		if (set[i] == c)
			return true;
	return false;
}

static char upper(char c)
{
	return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

vigil_status vigil_tgsi_lex_fail_at(struct vigil_tgsi_lexer *lx, vigil_status s, const char *reason,
				    uint32_t line, uint32_t col)
{
	if (lx->err.status == VIGIL_OK) {
		lx->err.status = s;
		lx->err.line = line;
		lx->err.col = col;
		lx->err.reason = reason;
	}
	lx->tok.kind = VIGIL_TGSI_TOK_EOF;
	lx->p = lx->end;
	return lx->err.status;
}

vigil_status vigil_tgsi_lex_fail(struct vigil_tgsi_lexer *lx, vigil_status s, const char *reason)
{
	return vigil_tgsi_lex_fail_at(lx, s, reason, lx->tok.line, lx->tok.col);
}

/* Classify a word: all decimal digits, or 0x plus 1..8 hex digits, is a NUMBER. */
static vigil_status classify_word(struct vigil_tgsi_lexer *lx)
{
	struct vigil_tgsi_tok *t = &lx->tok;
	uint32_t v = 0, i;

	if (t->len > 2 && t->s[0] == '0' && (t->s[1] == 'x' || t->s[1] == 'X')) {
		for (i = 2; i < t->len && hex_val(t->s[i]) >= 0; i++)
			;
		if (i != t->len)
			return VIGIL_OK; /* a word */
		if (t->len - 2 > 8)
			return vigil_tgsi_lex_fail(lx, VIGIL_E_RANGE, "hex number above 32 bits");
		for (i = 2; i < t->len; i++)
			v = (v << 4) | (uint32_t)hex_val(t->s[i]);
		t->kind = VIGIL_TGSI_TOK_NUMBER;
		t->hex = true;
		t->value = v;
		return VIGIL_OK;
	}
	for (i = 0; i < t->len; i++)
		if (!is_digit(t->s[i]))
			return VIGIL_OK;
	for (i = 0; i < t->len; i++) {
		if (__builtin_mul_overflow(v, 10u, &v) ||
		    __builtin_add_overflow(v, (uint32_t)(t->s[i] - '0'), &v)) {
			if (!lx->wide_ok)
				return vigil_tgsi_lex_fail(lx, VIGIL_E_RANGE, "number above 32 bits");
			t->wide = true;
			v = 0;
			break;
		}
	}
	t->kind = VIGIL_TGSI_TOK_NUMBER;
	t->value = v;
	return VIGIL_OK;
}

vigil_status vigil_tgsi_lex_next(struct vigil_tgsi_lexer *lx)
{
	struct vigil_tgsi_tok *t = &lx->tok;
	char c;

	if (lx->err.status != VIGIL_OK)
		return lx->err.status;
	for (c = peek(lx, 0); c == ' ' || c == '\t' || c == '\n' || c == '\r'; c = peek(lx, 0))
		advance(lx);
	memset(t, 0, sizeof(*t));
	t->line = lx->line;
	t->col = lx->col;
	if (c == 0) {
		t->kind = VIGIL_TGSI_TOK_EOF;
		return VIGIL_OK;
	}
	if (is_alpha(c) || is_digit(c)) {
		t->s = lx->p;
		while (is_alpha(peek(lx, 0)) || is_digit(peek(lx, 0))) {
			if (t->len == VIGIL_TGSI_MAX_IDENT)
				return vigil_tgsi_lex_fail(lx, VIGIL_E_COUNT, "identifier longer than 64 bytes");
			t->len++;
			advance(lx);
		}
		t->kind = VIGIL_TGSI_TOK_WORD;
		return classify_word(lx);
	}
	if (c == '.' && peek(lx, 1) == '.') {
		advance(lx);
		advance(lx);
		t->kind = VIGIL_TGSI_TOK_DOTDOT;
		return VIGIL_OK;
	}
	if (is_punct(c)) {
		advance(lx);
		t->kind = VIGIL_TGSI_TOK_PUNCT;
		t->punct = c;
		return VIGIL_OK;
	}
	return vigil_tgsi_lex_fail(lx, VIGIL_E_ENUM, "unexpected character");
}

vigil_status vigil_tgsi_lex_init(struct vigil_tgsi_lexer *lx, const void *text, size_t len)
{
	const char *nul;

	memset(lx, 0, sizeof(*lx));
	lx->line = 1;
	lx->col = 1;
	lx->tok.line = 1;
	lx->tok.col = 1;
	if (!text || len == 0)
		return vigil_tgsi_lex_fail(lx, VIGIL_E_TRUNCATED, "empty shader text");
	if (len > VIGIL_TGSI_MAX_TEXT_BYTES)
		return vigil_tgsi_lex_fail(lx, VIGIL_E_COUNT, "shader text longer than the limit");
	nul = memchr(text, 0, len);
	if (!nul)
		return vigil_tgsi_lex_fail(lx, VIGIL_E_TRUNCATED, "shader text has no NUL terminator");
	lx->p = text;
	lx->end = nul;
	return vigil_tgsi_lex_next(lx);
}

bool vigil_tgsi_tok_punct(const struct vigil_tgsi_lexer *lx, char c)
{
	return lx->tok.kind == VIGIL_TGSI_TOK_PUNCT && lx->tok.punct == c;
}

bool vigil_tgsi_tok_slice_is(const struct vigil_tgsi_lexer *lx, uint32_t off, uint32_t len,
			     const char *kw)
{
	uint32_t i;

	if (lx->tok.kind != VIGIL_TGSI_TOK_WORD || off > lx->tok.len || len > lx->tok.len - off)
		return false;
	for (i = 0; i < len; i++) /* kw's NUL never equals a token byte: stops a shorter kw */
		if (upper(lx->tok.s[off + i]) != kw[i])
			return false;
	return kw[len] == 0;
}

bool vigil_tgsi_tok_word(const struct vigil_tgsi_lexer *lx, const char *kw)
{
	return vigil_tgsi_tok_slice_is(lx, 0, lx->tok.len, kw);
}

int vigil_tgsi_tok_lookup(const struct vigil_tgsi_lexer *lx, const char *const *names, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (vigil_tgsi_tok_word(lx, names[i]))
			return (int)i;
	return -1;
}

bool vigil_tgsi_tok_swizzle(const struct vigil_tgsi_lexer *lx, uint8_t *out, unsigned max,
			    unsigned *ret_n)
{
	uint32_t i;
	char c;

	if (lx->tok.kind != VIGIL_TGSI_TOK_WORD || lx->tok.len == 0 || lx->tok.len > max)
		return false;
	for (i = 0; i < lx->tok.len; i++) {
		c = upper(lx->tok.s[i]);
		if (c == 'X' || c == 'Y' || c == 'Z')
			out[i] = (uint8_t)(c - 'X');
		else if (c == 'W')
			out[i] = 3;
		else
			return false;
	}
	*ret_n = lx->tok.len;
	return true;
}
