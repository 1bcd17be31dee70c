/*
 * test_engine.c: the engine (validator/engine.c) against synthetic tables rather than the spec.
 *
 * The generated tables exercise only the opcodes and shapes today's spec needs; these tests
 * drive the rest directly, so the engine's generic parts are proven before a spec change relies
 * on them: every instruction of the expression machine (vigil_eval_insns) with its overflow,
 * underflow, division-by-zero and shift bounds, malformed sequences; and hand-made command
 * programs run through vigil_exec_command (ignored and unstored fields, full-width bit-fields,
 * byte tails, a zero-sized "rest" element, too many rules, an unknown opcode). Each asserts the
 * exact result or status.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "engine.h"

#define I(o, s, v) { .op = (o), .slot = (s), .imm = (v) }
#define C(v) I(VX_CONST, 0, v)
#define NS VIGIL_NO_SLOT

static struct vigil_exec ex;

static int eval(const struct vigil_xinsn *x, uint32_t n, uint64_t *ret)
{
	*ret = 0xdeadu;
	return vigil_eval_insns(&ex, x, n, ret);
}

#define EVAL_OK(want, ...)                                                                        \
	do {                                                                                      \
		const struct vigil_xinsn x_[] = { __VA_ARGS__ };                                   \
		uint64_t r_;                                                                      \
		assert_true(eval(x_, sizeof(x_) / sizeof(x_[0]), &r_));                             \
		assert_int_equal(r_, (want));                                                      \
	} while (0)
#define EVAL_FAILS(...)                                                                           \
	do {                                                                                      \
		const struct vigil_xinsn x_[] = { __VA_ARGS__ };                                   \
		uint64_t r_;                                                                      \
		assert_false(eval(x_, sizeof(x_) / sizeof(x_[0]), &r_));                            \
		assert_int_equal(r_, 0xdeadu); /* nothing written on failure */                   \
	} while (0)

static void test_expression_operands(void **state)
{
	(void)state;
	memset(&ex, 0, sizeof(ex));
	ex.slots[3] = 40;
	ex.len = 7;
	ex.objtype = 9;
	EVAL_OK(5, C(5));
	EVAL_OK(40, I(VX_SLOT, 3, 0));
	EVAL_OK(0, I(VX_SLOT, VIGIL_MAX_SLOTS, 0)); /* a slot past the array reads as 0 */
	EVAL_OK(7, I(VX_LEN, 0, 0));
	EVAL_OK(9, I(VX_OBJTYPE, 0, 0));
	EVAL_OK(1, I(VX_SLOT_EQ, 3, 40));
	EVAL_OK(0, I(VX_SLOT_NE, 3, 40));
	EVAL_OK(0, I(VX_SLOT_LT, 3, 40));
	EVAL_OK(1, I(VX_SLOT_LE, 3, 40));
	EVAL_OK(1, I(VX_SLOT_GT, 3, 39));
	EVAL_OK(0, I(VX_SLOT_GE, 3, 41));
}

static void test_expression_arithmetic_is_exact_or_fails(void **state)
{
	(void)state;
	memset(&ex, 0, sizeof(ex));
	EVAL_OK(7, C(3), C(4), I(VX_ADD, 0, 0));
	EVAL_OK(1, C(4), C(3), I(VX_SUB, 0, 0));
	EVAL_FAILS(C(3), C(4), I(VX_SUB, 0, 0)); /* below 0 */
	EVAL_OK(12, C(3), C(4), I(VX_MUL, 0, 0));
	EVAL_OK(3, C(13), C(4), I(VX_DIV, 0, 0));
	EVAL_FAILS(C(13), C(0), I(VX_DIV, 0, 0));
	EVAL_OK(1, C(13), C(4), I(VX_MOD, 0, 0));
	EVAL_FAILS(C(13), C(0), I(VX_MOD, 0, 0));
	/* 2^32 - 1 squared fits; times 2^32 more does not. */
	EVAL_OK(0xfffffffe00000001ull, C(0xffffffffu), C(0xffffffffu), I(VX_MUL, 0, 0));
	EVAL_FAILS(C(0xffffffffu), C(0xffffffffu), I(VX_MUL, 0, 0), C(0xffffffffu), I(VX_MUL, 0, 0));
	/* ... plus 2 (2^32 - 1) is 2^64 - 1 exactly; one more does not fit. */
	EVAL_OK(UINT64_MAX, C(0xffffffffu), C(0xffffffffu), I(VX_MUL, 0, 0), C(0xffffffffu), I(VX_ADD, 0, 0),
		C(0xffffffffu), I(VX_ADD, 0, 0));
	EVAL_FAILS(C(0xffffffffu), C(0xffffffffu), I(VX_MUL, 0, 0), C(0xffffffffu), I(VX_ADD, 0, 0),
		   C(0xffffffffu), I(VX_ADD, 0, 0), C(1), I(VX_ADD, 0, 0));
}

static void test_expression_shifts_are_bounded(void **state)
{
	(void)state;
	memset(&ex, 0, sizeof(ex));
	EVAL_OK(40, C(5), C(3), I(VX_SHL, 0, 0));
	EVAL_OK(0x8000000000000000ull, C(1), C(63), I(VX_SHL, 0, 0));
	EVAL_FAILS(C(2), C(63), I(VX_SHL, 0, 0)); /* a set bit would fall off */
	EVAL_FAILS(C(1), C(64), I(VX_SHL, 0, 0));
	EVAL_OK(0, C(0), C(63), I(VX_SHL, 0, 0)); /* nothing to lose */
	EVAL_OK(2, C(17), C(3), I(VX_SHR, 0, 0));
	EVAL_FAILS(C(17), C(64), I(VX_SHR, 0, 0));
}

static void test_expression_comparisons_and_logic(void **state)
{
	(void)state;
	memset(&ex, 0, sizeof(ex));
	EVAL_OK(1, C(3), C(4), I(VX_LT, 0, 0));
	EVAL_OK(1, C(4), C(4), I(VX_LE, 0, 0));
	EVAL_OK(0, C(3), C(4), I(VX_GT, 0, 0));
	EVAL_OK(1, C(4), C(4), I(VX_GE, 0, 0));
	EVAL_OK(0, C(3), C(4), I(VX_EQ, 0, 0));
	EVAL_OK(1, C(3), C(4), I(VX_NE, 0, 0));
	EVAL_OK(0x4, C(0x6), C(0xc), I(VX_BAND, 0, 0));
	EVAL_OK(0xe, C(0x6), C(0xc), I(VX_BOR, 0, 0));
	EVAL_OK(0, C(2), C(0), I(VX_LAND, 0, 0));
	EVAL_OK(1, C(2), C(0), I(VX_LOR, 0, 0));
	EVAL_OK(0, C(7), I(VX_NOT, 0, 0));
	EVAL_OK(1, C(0), I(VX_NOT, 0, 0));
}

static void test_malformed_sequences_fail(void **state)
{
	struct vigil_xinsn longx[33];
	uint64_t r;
	(void)state;
	memset(&ex, 0, sizeof(ex));
	EVAL_FAILS(I(VX_NOT, 0, 0));              /* nothing to negate */
	EVAL_FAILS(C(1), I(VX_ADD, 0, 0));        /* one operand short */
	EVAL_FAILS(C(1), C(2));                   /* two results */
	EVAL_FAILS(C(1), I(VX_COUNT_, 0, 0));     /* not an instruction */
	assert_false(eval(longx, 0, &r));         /* no result at all */
	for (unsigned i = 0; i < 33; i++)
		longx[i] = (struct vigil_xinsn)C(1);
	assert_false(eval(longx, 33, &r));        /* longer than the stack */
}

/* ---- synthetic command programs ---- */

struct fixture {
	struct vigil_val_ctx *ctx;
	struct vigil_recbuf rb;
};

static vigil_status run(struct fixture *f, const struct vigil_op *prog, const void *payload, size_t n)
{
	struct vigil_cmd_desc d = { .name = VIGIL_NO_NAME, .rec_size = 64, .prog = prog,
				    .flags = VIGIL_CMD_DEFINED, .nslots = 8 };
	struct vigil_reader rd;

	memset(&ex, 0, sizeof(ex));
	ex.fail_name = VIGIL_NO_NAME;
	ex.len_expr = VIGIL_NO_EXPR;
	ex.len = (uint32_t)(n / 4);
	vigil_rd_init(&rd, payload, n);
	vigil_recbuf_reset(&f->rb);
	return vigil_exec_command(f->ctx, &d, &ex, &rd, &f->rb);
}

static const uint32_t *record(const struct fixture *f)
{
	return (const uint32_t *)(const void *)(f->rb.buf + sizeof(struct vigil_rec_hdr));
}

static void new_fixture(struct fixture *f)
{
	struct vigil_val_config cfg = { .features = vigil_val_all_features() };

	memset(f, 0, sizeof(*f));
	f->ctx = vigil_val_create(&cfg);
	assert_non_null(f->ctx);
}

static void free_fixture(struct fixture *f)
{
	vigil_val_destroy(f->ctx);
	vigil_recbuf_free(&f->rb);
}

#define OP(...) { .slot = NS, .name = VIGIL_NO_NAME, .op = __VA_ARGS__ }

static void test_program_ignored_and_unstored_fields(void **state)
{
	struct fixture f;
	/* u32 stored at 0, an ignored dword into slot 1, a u32 kept only in slot 2, a full-width
	 * bit-field of a BITS dword stored at 4. */
	const struct vigil_op prog[] = {
		OP(VOP_U32, .flags = VOPF_STORE, .rec_off = 0, .max = 0xffffffffu),
		{ .op = VOP_IGNORED, .slot = 1, .name = VIGIL_NO_NAME },
		{ .op = VOP_U32, .slot = 2, .name = VIGIL_NO_NAME, .rec_off = 8, .max = 0xffffffffu },
		OP(VOP_BITS, .arg = 1, .max = 0xffffffffu),
		OP(VOP_BF_U32, .flags = VOPF_STORE, .rec_off = 4, .lo = 0, .width = 32, .max = 0xffffffffu),
		OP(VOP_END),
	};
	const uint32_t payload[] = { 11, 22, 33, 0xfedcba98u };
	(void)state;
	new_fixture(&f);
	assert_int_equal(run(&f, prog, payload, sizeof(payload)), VIGIL_OK);
	assert_int_equal(record(&f)[0], 11);
	assert_int_equal(record(&f)[1], 0xfedcba98u);
	assert_int_equal(record(&f)[2], 0); /* not VOPF_STORE: not in the record */
	assert_int_equal(ex.slots[1], 22);
	assert_int_equal(ex.slots[2], 33);
	free_fixture(&f);
}

static void test_program_data_in_whole_dwords(void **state)
{
	struct fixture f;
	const struct vigil_op prog[] = {
		OP(VOP_DATA, .flags = VOPF_COPY, .rec_off = 0, .max = 64),
		OP(VOP_END),
	};
	const uint8_t five[5] = { 1, 2, 3, 4, 5 };
	(void)state;
	new_fixture(&f);
	assert_int_equal(run(&f, prog, five, 4), VIGIL_OK);
	assert_int_equal(run(&f, prog, five, 5), VIGIL_E_TRAILING); /* not a whole dword */
	assert_int_equal(ex.fail_value, 5);
	free_fixture(&f);
}

static void test_program_shape_errors_are_state(void **state)
{
	struct fixture f;
	/* A "rest" array whose elements take no payload cannot be counted. */
	const struct vigil_op zero_elem[] = {
		OP(VOP_ARRAY, .aux = VIGIL_COUNT_REST, .arg = 1, .min = 0, .max = 4, .elem_size = 4),
		OP(VOP_U32, .max = 0xffffffffu),
		OP(VOP_END),
	};
	/* More rules than the exec keeps. */
	const struct vigil_op five_rules[] = {
		OP(VOP_RULE), OP(VOP_RULE), OP(VOP_RULE), OP(VOP_RULE), OP(VOP_RULE), OP(VOP_END),
	};
	const struct vigil_op unknown[] = { OP(VOP_COUNT_), OP(VOP_END) };
	const uint32_t payload[2] = { 1, 2 };
	(void)state;
	new_fixture(&f);
	assert_int_equal(run(&f, zero_elem, payload, sizeof(payload)), VIGIL_E_STATE);
	assert_int_equal(run(&f, five_rules, NULL, 0), VIGIL_E_STATE);
	assert_int_equal(ex.nrules, 4);
	assert_int_equal(run(&f, unknown, NULL, 0), VIGIL_E_STATE);
	assert_int_equal(f.rb.len, 0); /* a failed command leaves no record */
	free_fixture(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expression_operands),
		cmocka_unit_test(test_expression_arithmetic_is_exact_or_fails),
		cmocka_unit_test(test_expression_shifts_are_bounded),
		cmocka_unit_test(test_expression_comparisons_and_logic),
		cmocka_unit_test(test_malformed_sequences_fail),
		cmocka_unit_test(test_program_ignored_and_unstored_fields),
		cmocka_unit_test(test_program_data_in_whole_dwords),
		cmocka_unit_test(test_program_shape_errors_are_state),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
