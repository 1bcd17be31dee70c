/*
 * test_vectors.c: runs the test vectors the generator derives from the spec.
 *
 * Positive vectors (one well-formed instance per command and object layout) must be accepted;
 * each negative vector breaks exactly one rule of one field (an enum value outside its set, a
 * value outside its range, a reserved bit, an unknown or wrong-kind handle, a count over its
 * max, a truncated or over-long payload) and must be rejected with exactly the status the spec
 * promises, naming that field. Every vector runs in a fresh context with the fixtures of
 * spec/gen/README.md.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"
#include "vigil_tables.h"

struct vigil_vector {
	const char *name;
	uint16_t status;
	uint16_t field;
	uint32_t ndw;
	const uint32_t *dw;
};
extern const struct vigil_vector vigil_pos_vectors[];
extern const unsigned vigil_pos_vector_count;
extern const struct vigil_vector vigil_neg_vectors[];
extern const unsigned vigil_neg_vector_count;

static unsigned run(const struct vigil_vector *v, unsigned n, int positive)
{
	unsigned bad = 0;

	for (unsigned i = 0; i < n; i++) {
		struct th t;
		vigil_status s;
		const struct vigil_val_error *e;
		int field_ok;

		th_new(&t);
		th_objects(&t);
		s = th_submit(&t, v[i].dw, v[i].ndw);
		e = vigil_val_last_error(t.ctx);
		field_ok = positive || v[i].field == VIGIL_NO_NAME || e->field == v[i].field;
		if (s != (vigil_status)v[i].status || !field_ok) {
			char buf[256] = "";
			if (s != VIGIL_OK)
				vigil_val_format_error(e, buf, sizeof(buf));
			if (bad < 60)
				printf("MISMATCH %s: want %s%s%s, got %s %s\n", v[i].name,
				       vigil_status_name((vigil_status)v[i].status),
				       v[i].field != VIGIL_NO_NAME ? " at " : "",
				       v[i].field != VIGIL_NO_NAME ? vigil_names[v[i].field] : "",
				       vigil_status_name(s), buf);
			bad++;
		}
		th_free(&t);
	}
	return bad;
}

static void test_every_positive_vector_is_accepted(void **state)
{
	unsigned bad;

	(void)state;
	bad = run(vigil_pos_vectors, vigil_pos_vector_count, 1);
	printf("positive vectors: %u, mismatches: %u\n", vigil_pos_vector_count, bad);
	assert_true(vigil_pos_vector_count >= 60);
	assert_int_equal(bad, 0);
}

static void test_every_negative_vector_is_rejected_with_its_status(void **state)
{
	unsigned bad, per_status[VIGIL_STATUS_COUNT] = { 0 };

	(void)state;
	for (unsigned i = 0; i < vigil_neg_vector_count; i++)
		if (vigil_neg_vectors[i].status < VIGIL_STATUS_COUNT)
			per_status[vigil_neg_vectors[i].status]++;
	bad = run(vigil_neg_vectors, vigil_neg_vector_count, 0);
	printf("negative vectors: %u, mismatches: %u\n", vigil_neg_vector_count, bad);
	for (unsigned s = 0; s < VIGIL_STATUS_COUNT; s++)
		if (per_status[s])
			printf("  %-16s %u\n", vigil_status_name((vigil_status)s), per_status[s]);
	assert_true(vigil_neg_vector_count >= 300);
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_positive_vector_is_accepted),
		cmocka_unit_test(test_every_negative_vector_is_rejected_with_its_status),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
