/*
 * test_shader_ir.c: CREATE_OBJECT(SHADER) records carry the shader's IR, never its text.
 *
 * Proves: a shader sent in one chunk and one sent in two chunks each produce exactly one
 * record whose only span decodes (vigil_tgsi_wire_decode) to the shader's IR and re-encodes to
 * the same bytes; no byte sequence of the TGSI text is anywhere in the record buffer's
 * allocation (the chunk text and the dropped first chunk are zeroed); a parse failure fails
 * the command with the parser's status and "TGSI line L col C: reason"; a stage that differs
 * from the text's processor is VIGIL_E_RELATION.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"
#include "tgsi/tgsi_parse.h"
#include "tgsi/tgsi_wire.h"
#include "vigil_records.h"

#define SHDR(len) TH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_SHADER, (len))

/* Longer than its IR (so an IR written over the text would not hide a leftover), 164 bytes with
 * the NUL: 41 dwords. */
#define SP16 "                "
static const char fs_text[] = "FRAG\nDCL OUT[0], COLOR\n 0: KILL\n" SP16 SP16 SP16 SP16 SP16 SP16
			      SP16 SP16 "END";
#define TEXT_DW ((sizeof(fs_text) + 3) / 4)
_Static_assert(sizeof(fs_text) == 164, "fs_text size");

static bool buffer_has(const struct th *t, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; t->rb.buf && i + n <= t->rb.cap; i++)
		if (memcmp(t->rb.buf + i, needle, n) == 0)
			return true;
	return false;
}

static void assert_no_text(const struct th *t)
{
	static const char *const pieces[] = { "FRAG", "DCL", "COLOR", "KILL", "OUT[0]", "END", SP16 };

	for (unsigned i = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++)
		if (buffer_has(t, pieces[i]))
			fail_msg("TGSI text \"%s\" found in the record buffer", pieces[i]);
}

/* The one shader record in the buffer: its span decodes to FRAG with 1 decl and 2 insns. */
static void assert_ir_record(const struct th *t)
{
	const struct vigil_rec_hdr *h = (const void *)t->rb.buf;
	const struct vigil_rec_create_shader *r = (const void *)(h + 1);
	struct vigil_tgsi_shader *sh = NULL;
	const uint8_t *ir;
	uint8_t *again;

	assert_true(t->rb.len >= sizeof(*h) + sizeof(*r));
	assert_int_equal(h->objtype, VIGIL_OBJ_SHADER);
	assert_int_equal(h->size, t->rb.len);
	assert_int_equal(r->type, 1);
	assert_int_equal(r->offlen_value, sizeof(fs_text));
	assert_int_equal(r->offlen_cont, 0);
	assert_int_equal(r->text.off, sizeof(*r));
	assert_true(sizeof(*h) + r->text.off + r->text.len <= t->rb.len);
	ir = (const uint8_t *)r + r->text.off;
	assert_int_equal(vigil_tgsi_wire_decode(ir, r->text.len, &sh), VIGIL_OK);
	assert_int_equal(sh->processor, VIGIL_TGSI_FRAG);
	assert_int_equal(sh->decl_count, 1);
	assert_int_equal(sh->insn_count, 2);
	assert_int_equal(vigil_tgsi_wire_size(sh), r->text.len);
	again = malloc(r->text.len);
	assert_non_null(again);
	assert_int_equal(vigil_tgsi_wire_encode(sh, again, r->text.len), VIGIL_OK);
	assert_memory_equal(again, ir, r->text.len);
	free(again);
	vigil_tgsi_free(sh);
}

static void test_one_chunk_record_carries_ir_only(void **state)
{
	uint32_t dw[6 + TEXT_DW] = { SHDR(5 + TEXT_DW), 40, 1, sizeof(fs_text), 8, 0 };
	struct th t;

	(void)state;
	memcpy(&dw[6], fs_text, sizeof(fs_text));
	th_new(&t);
	assert_int_equal(th_submit(&t, dw, 6 + TEXT_DW), VIGIL_OK);
	assert_ir_record(&t);
	assert_no_text(&t);
	assert_int_equal(TH_SUBMIT(&t, TH_HDR(VIGIL_CCMD_BIND_SHADER, 0, 2), 40, 1), VIGIL_OK);
	th_free(&t);
}

static void test_two_chunks_record_carries_ir_only(void **state)
{
	uint32_t first[6 + 4] = { SHDR(5 + 4), 40, 1, sizeof(fs_text), 8, 0 };
	uint32_t cont[6 + TEXT_DW - 4] = { SHDR(5 + TEXT_DW - 4), 40, 1, 0x80000000u | 16u, 8, 0 };
	struct th t;

	(void)state;
	memcpy(&first[6], fs_text, 16);
	memcpy(&cont[6], fs_text + 16, sizeof(fs_text) - 16);
	th_new(&t);
	assert_int_equal(th_submit(&t, first, 10), VIGIL_OK);
	assert_int_equal(t.rb.len, 0); /* dropped until complete */
	assert_no_text(&t);
	assert_int_equal(th_submit(&t, cont, 6 + TEXT_DW - 4), VIGIL_OK);
	assert_ir_record(&t);
	assert_no_text(&t);
	th_free(&t);
}

static void test_parse_failure_reports_line_and_column(void **state)
{
	struct vigil_val_error e;
	struct th t;

	(void)state;
	th_new(&t);
	assert_int_equal(th_shader(&t, 40, 1, "FRAG\nDCL TEMP[0]\n  0: MOV TEMP[0], TEMP[7]\n  1: END\n"),
			 VIGIL_E_RANGE);
	e = *vigil_val_last_error(t.ctx);
	assert_int_equal(e.status, VIGIL_E_RANGE);
	assert_string_equal(e.detail, "TGSI line 3 col 19: register not declared");
	assert_int_equal(e.value, 3);
	assert_no_text(&t);
	th_free(&t);
	th_new(&t);
	assert_int_equal(th_shader(&t, 40, 1, "FRAG\n  0: FROB\n  1: END\n"), VIGIL_E_UNKNOWN_CMD);
	assert_string_equal(vigil_val_last_error(t.ctx)->detail, "TGSI line 2 col 6: unknown opcode");
	th_free(&t);
}

static void test_stage_must_equal_processor(void **state)
{
	struct th t;

	(void)state;
	th_new(&t);
	assert_int_equal(th_shader(&t, 40, 0, "FRAG\nEND\n"), VIGIL_E_RELATION);
	th_free(&t);
	th_new(&t);
	assert_int_equal(th_shader(&t, 40, 5, "COMP\nEND\n"), VIGIL_OK);
	th_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_chunk_record_carries_ir_only),
		cmocka_unit_test(test_two_chunks_record_carries_ir_only),
		cmocka_unit_test(test_parse_failure_reports_line_and_column),
		cmocka_unit_test(test_stage_must_equal_processor),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
