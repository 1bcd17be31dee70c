/*
 * tgsi_test.h: helpers shared by the TGSI test programs (test_tgsi.c, test_tgsi_gl43.c,
 * test_tgsi_wire.c): a growable text buffer and parse-and-expect checks that parse from an
 * exact-size heap copy (so ASan sees any read past the text) and fail with the status, line,
 * column and reason of an unexpected outcome; every accepted shader also goes through the wire
 * round trip (encode -> decode -> encode identical, vigil_tgsi_ir_check passes), so each positive
 * parser vector and each capture shader is a round-trip test. Include after cmocka.h.
 */
#ifndef VIGIL_TESTS_TGSI_TEST_H
#define VIGIL_TESTS_TGSI_TEST_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tgsi/tgsi_parse.h"
#include "tgsi/tgsi_wire.h"
#include "vigil_status.h"

struct buf {
	char *p;
	size_t len, cap;
};

static void buf_add(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

__attribute__((unused))
static void buf_add(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? b->cap - b->len : 0, fmt, ap);
		va_end(ap);
		assert_true(n >= 0);
		if (b->p && b->len + (size_t)n < b->cap)
			break;
		b->cap = (b->cap + (size_t)n + 1) * 2;
		b->p = realloc(b->p, b->cap);
		assert_non_null(b->p);
	}
	b->len += (size_t)n;
}

/* The wire oracle every accepted parse goes through: the IR passes vigil_tgsi_ir_check, encodes
 * to a multiple of 8 bytes, decodes (from an exact-size copy) and re-encodes to the same bytes;
 * the decoded IR's counts equal the original's. */
__attribute__((unused))
static void wire_roundtrip(const struct vigil_tgsi_shader *sh)
{
	struct vigil_tgsi_shader *back = NULL;
	size_t n = vigil_tgsi_wire_size(sh);
	uint8_t *a = malloc(n), *b;

	assert_int_equal(vigil_tgsi_ir_check(sh), VIGIL_OK);
	assert_non_null(a);
	assert_int_equal(n % 8, 0);
	assert_int_equal(vigil_tgsi_wire_encode(sh, a, n), VIGIL_OK);
	assert_int_equal(vigil_tgsi_wire_encode(sh, a, n - 1), VIGIL_E_EXHAUSTED);
	assert_int_equal(vigil_tgsi_wire_decode(a, n, &back), VIGIL_OK);
	assert_non_null(back);
	assert_int_equal(back->insn_count, sh->insn_count);
	assert_int_equal(back->decl_count, sh->decl_count);
	assert_int_equal(back->imm_count, sh->imm_count);
	assert_int_equal(back->prop_count, sh->prop_count);
	assert_int_equal(vigil_tgsi_wire_size(back), n);
	b = malloc(n);
	assert_non_null(b);
	assert_int_equal(vigil_tgsi_wire_encode(back, b, n), VIGIL_OK);
	assert_memory_equal(a, b, n);
	vigil_tgsi_free(back);
	free(a);
	free(b);
}

/* Parse exactly `len` bytes from an exact-size copy; an accepted IR also passes the wire
 * oracle (wire_roundtrip). */
__attribute__((unused))
static vigil_status parse_n(const char *text, size_t len, struct vigil_tgsi_error *err,
			    struct vigil_tgsi_shader **ret)
{
	char *copy = malloc(len ? len : 1);
	struct vigil_tgsi_shader *sh = NULL;
	vigil_status s;

	assert_non_null(copy);
	memcpy(copy, text, len);
	s = vigil_tgsi_parse(copy, len, &sh, err);
	free(copy);
	if (s == VIGIL_OK)
		wire_roundtrip(sh);
	if (s == VIGIL_OK && ret)
		*ret = sh;
	else
		vigil_tgsi_free(sh);
	if (s != VIGIL_OK)
		assert_null(sh);
	return s;
}

/* The text and its NUL. */
__attribute__((unused))
static vigil_status parse(const char *text, struct vigil_tgsi_error *err)
{
	return parse_n(text, strlen(text) + 1, err, NULL);
}

__attribute__((unused))
static void expect(const char *text, vigil_status want)
{
	struct vigil_tgsi_error err;
	vigil_status s = parse(text, &err);

	if (s != want)
		fail_msg("got %s (%u:%u %s), want %s for:\n%s", vigil_status_name(s), err.line, err.col,
			 err.reason ? err.reason : "", vigil_status_name(want), text);
	assert_int_equal(err.status, want);
}

__attribute__((unused))
static void expect_at(const char *text, vigil_status want, uint32_t line, uint32_t col)
{
	struct vigil_tgsi_error err;

	expect(text, want);
	assert_int_equal(parse(text, &err), want);
	assert_int_equal(err.line, line);
	assert_int_equal(err.col, col);
	assert_non_null(err.reason);
}

#endif
