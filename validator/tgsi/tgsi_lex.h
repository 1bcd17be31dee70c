/*
 * tgsi_lex.h: the bounded tokenizer of TGSI shader text, the only code that reads its bytes.
 *
 * Input: a span of private memory holding guest text (hostile). vigil_tgsi_lex_init() requires a
 * NUL inside the span and never looks past the first NUL; tokens are words (identifiers and
 * numbers, at most VIGIL_TGSI_MAX_IDENT bytes, CVE-2017-6209), single punctuation characters and
 * "..". Guarantees: no read outside [text, first NUL); the first error is sticky (the token
 * becomes EOF) and carries a status, a line and column (1-based) and a short static reason.
 * Token text is only compared through the helpers below.
 */
#ifndef VIGIL_TGSI_LEX_H
#define VIGIL_TGSI_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vigil_status.h"

enum vigil_tgsi_tok_kind {
	VIGIL_TGSI_TOK_EOF,
	VIGIL_TGSI_TOK_WORD,   /* identifier, or a digit-led word that is no number ("2D") */
	VIGIL_TGSI_TOK_NUMBER, /* decimal or 0x hex, value fits uint32 */
	VIGIL_TGSI_TOK_PUNCT,  /* one of [ ] ( ) { } , : . + - | */
	VIGIL_TGSI_TOK_DOTDOT, /* ".." */
};

struct vigil_tgsi_tok {
	enum vigil_tgsi_tok_kind kind;
	char punct;        /* PUNCT */
	bool hex;          /* NUMBER written as 0x... */
	bool wide;         /* NUMBER of decimal digits above 32 bits (only with wide_ok; value 0) */
	uint32_t value;    /* NUMBER */
	const char *s;     /* WORD/NUMBER: the bytes (len <= VIGIL_TGSI_MAX_IDENT) */
	uint32_t len;
	uint32_t line, col;
};

struct vigil_tgsi_error {
	vigil_status status;
	uint32_t line, col;
	const char *reason;
};

struct vigil_tgsi_lexer {
	const char *p, *end;        /* cursor and first NUL */
	uint32_t line, col;
	struct vigil_tgsi_tok tok;  /* current token */
	struct vigil_tgsi_error err; /* sticky */
	bool wide_ok; /* the parser reads a 64-bit immediate: a decimal number above 32 bits is a
		       * NUMBER with .wide set (its digits in .s) instead of a RANGE error */
};

/* Start on `len` bytes of text; TRUNCATED when there is no NUL inside them, COUNT when the
 * text is longer than VIGIL_TGSI_MAX_TEXT_BYTES. On success the first token is current. */
vigil_status vigil_tgsi_lex_init(struct vigil_tgsi_lexer *lx, const void *text, size_t len);

/* Advance to the next token; returns the (sticky) status. */
vigil_status vigil_tgsi_lex_next(struct vigil_tgsi_lexer *lx);

/* Record an error at the current token (first one wins); returns the sticky status. */
vigil_status vigil_tgsi_lex_fail(struct vigil_tgsi_lexer *lx, vigil_status s, const char *reason);

/* The same at an earlier position (line, col of a token already consumed). */
vigil_status vigil_tgsi_lex_fail_at(struct vigil_tgsi_lexer *lx, vigil_status s, const char *reason,
				    uint32_t line, uint32_t col);

/* Current token is the punctuation character c / the word kw (ASCII case-insensitive). */
bool vigil_tgsi_tok_punct(const struct vigil_tgsi_lexer *lx, char c);
bool vigil_tgsi_tok_word(const struct vigil_tgsi_lexer *lx, const char *kw);

/* Index of the current word in names[0..n), or -1. */
int vigil_tgsi_tok_lookup(const struct vigil_tgsi_lexer *lx, const char *const *names, unsigned n);

/* Bytes [off, off + len) of the current word equal kw (whole kw, case-insensitive). */
bool vigil_tgsi_tok_slice_is(const struct vigil_tgsi_lexer *lx, uint32_t off, uint32_t len,
			     const char *kw);

/* Swizzle/mask letters of the current word: out[i] = 0..3 for x,y,z,w; false on any other
 * letter or when the word has more than max letters. *ret_n gets the letter count. */
bool vigil_tgsi_tok_swizzle(const struct vigil_tgsi_lexer *lx, uint8_t *out, unsigned max,
			    unsigned *ret_n);

#endif
