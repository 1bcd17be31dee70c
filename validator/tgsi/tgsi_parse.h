/*
 * tgsi_parse.h: the bounded TGSI text parser: guest shader text in, validated IR (tgsi_ir.h) out.
 *
 * Input: `len` bytes of hostile text in private memory; the text must hold a NUL inside them and
 * is read only up to it. Guarantees: no global state, no recursion, no read outside the span
 * (tgsi_lex.c is the one reader), every count bounded by tgsi_limits.h; on success the IR's
 * invariants (tgsi_ir.h) hold; on failure nothing is returned and *ret_err names the status,
 * the line and column (1-based) of the offending token and a short static reason.
 *
 * Statuses: TRUNCATED no NUL / no END / empty text; TRAILING text after END; UNKNOWN_CMD unknown
 * opcode or statement; ENUM unknown name where a set is expected, or a token that does not fit
 * the grammar; RANGE an index or value above its limit or not declared; COUNT too many
 * statements, operands, offsets, nesting levels, or an identifier longer than 64 bytes;
 * RELATION first > last, overlapping declarations, unbalanced control flow, numbering out of
 * order; UNSUPPORTED valid TGSI that vigil does not take yet; EXHAUSTED allocation failure.
 */
#ifndef VIGIL_TGSI_PARSE_H
#define VIGIL_TGSI_PARSE_H

#include <stddef.h>

#include "tgsi_ir.h"
#include "tgsi_lex.h"
#include "vigil_status.h"

/* Parse; on success *ret_shader is a new shader owned by the caller (vigil_tgsi_free).
 * ret_err may be NULL; when given it is always written (status VIGIL_OK on success). */
vigil_status vigil_tgsi_parse(const void *text, size_t len, struct vigil_tgsi_shader **ret_shader,
			      struct vigil_tgsi_error *ret_err);

void vigil_tgsi_free(struct vigil_tgsi_shader *sh);

#endif
