/*
 * test_api_paths.c: the validator's public entry points used the way only an embedder (not a
 * guest stream) can use them: no configuration, misframed buffers, calls on a poisoned context,
 * inline data that disagrees with its message, the error formatter given any error record, the
 * tools' keep_going mode with an observer, replay hooks left out. Each test asserts the exact
 * status and, where the validator writes one, the exact formatted message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "handles.h"
#include "harness.h"
#include "vigil_replay.h"
#include "vigil_tables.h"

#define HDR TH_HDR

static const char *formatted(const struct vigil_val_error *e)
{
	static char buf[256];

	vigil_val_format_error(e, buf, sizeof(buf));
	return buf;
}

static void test_no_config_means_no_features(void **state)
{
	struct vigil_val_ctx *ctx = vigil_val_create(NULL);
	struct vigil_recbuf rb = { 0 };
	const uint32_t t3d[] = { HDR(VIGIL_CCMD_TRANSFER3D, 0, 13), 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 1 };
	const uint32_t msaa[] = { HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_MSAA_SURFACE, 6), 1, 1, 67, 0, 0, 4 };
	(void)state;
	assert_non_null(ctx);
	assert_int_equal(vigil_val_protocol(ctx), 0);
	assert_int_equal(vigil_val_submit(ctx, t3d, sizeof(t3d), &rb), VIGIL_E_UNSUPPORTED);
	assert_string_equal(formatted(vigil_val_last_error(ctx)), "TRANSFER3D@0: UNSUPPORTED (value 43 = 0x2b)");
	vigil_val_destroy(ctx);
	/* An object kind behind a feature is refused at its own descriptor. */
	ctx = vigil_val_create(NULL);
	assert_non_null(ctx);
	assert_int_equal(vigil_val_submit(ctx, msaa, sizeof(msaa), &rb), VIGIL_E_UNSUPPORTED);
	assert_string_equal(formatted(vigil_val_last_error(ctx)),
			    "CREATE_OBJECT(MSAA_SURFACE)@0: UNSUPPORTED (value 1 = 0x1)");
	vigil_val_destroy(ctx);
	vigil_recbuf_free(&rb);
}

static void test_submit_misuse(void **state)
{
	struct th t;
	const uint32_t nop[2] = { 0, 0 };
	(void)state;
	th_new(&t);
	vigil_recbuf_reset(&t.rb);
	assert_int_equal(vigil_val_submit(t.ctx, NULL, 0, &t.rb), VIGIL_OK); /* nothing to do */
	assert_int_equal(t.rb.len, 0);
	assert_int_equal(vigil_val_submit(t.ctx, nop, 6, &t.rb), VIGIL_E_LENGTH); /* not dwords */
	assert_true(vigil_val_poisoned(t.ctx));
	assert_string_equal(formatted(vigil_val_last_error(t.ctx)), "NOP@0: LENGTH (value 0 = 0x0)");
	assert_int_equal(vigil_val_submit(t.ctx, nop, 8, &t.rb), VIGIL_E_POISONED);
	th_free(&t);
}

static void test_vtest_entry_points_misuse(void **state)
{
	struct th t;
	size_t n = 99;
	const uint32_t two[2] = { 0, 1 };
	(void)state;
	th_new(&t);
	/* Only TRANSFER_PUT has extra bytes; unknown ids have none (framing rejects them). */
	assert_int_equal(vigil_vtest_extra_bytes(t.ctx, 99, two, 8, &n), VIGIL_OK);
	assert_int_equal(n, 0);
	n = 99;
	assert_int_equal(vigil_vtest_extra_bytes(t.ctx, VIGIL_VCMD_RESOURCE_CREATE2, two, 8, &n), VIGIL_OK);
	assert_int_equal(n, 0);
	/* A payload too short to hold data_size. */
	assert_int_equal(vigil_vtest_extra_bytes(t.ctx, VIGIL_VCMD_TRANSFER_PUT, two, 8, &n), VIGIL_E_TRUNCATED);
	assert_string_equal(formatted(vigil_val_last_error(t.ctx)), "vtest TRANSFER_PUT@0: TRUNCATED (value 5 = 0x5)");
	th_free(&t);

	th_new(&t);
	assert_int_equal(th_vtest(&t, 99, 0, NULL, 0), VIGIL_E_UNKNOWN_CMD);
	assert_string_equal(formatted(vigil_val_last_error(t.ctx)), "vtest ?@0: UNKNOWN_CMD (value 99 = 0x63)");
	assert_int_equal(vigil_vtest_frame(t.ctx, 0, VIGIL_VCMD_GET_CAPS, &n), VIGIL_E_POISONED);
	th_free(&t);

	th_new(&t);
	/* The payload handed over differs from what the framing asked for. */
	assert_int_equal(th_vtest(&t, VIGIL_VCMD_RESOURCE_BUSY_WAIT, 2, two, 1), VIGIL_E_LENGTH);
	assert_string_equal(formatted(vigil_val_last_error(t.ctx)),
			    "vtest RESOURCE_BUSY_WAIT@0: LENGTH (value 7 = 0x7)");
	th_free(&t);
}

static void test_transfer_put_inline_data_must_match_data_size(void **state)
{
	struct th t;
	const uint32_t put[11] = { TH_BUF, 0, 0, 0, 0, 0, 0, 4, 1, 1, 4 };
	const uint8_t data[4] = { 1, 2, 3, 4 };
	(void)state;
	th_new(&t);
	assert_int_equal(vigil_val_vtest(t.ctx, VIGIL_VCMD_TRANSFER_PUT, 12, put, sizeof(put), data, 4, &t.rb),
			 VIGIL_OK);
	assert_int_equal(vigil_val_vtest(t.ctx, VIGIL_VCMD_TRANSFER_PUT, 12, put, sizeof(put), data, 3, &t.rb),
			 VIGIL_E_LENGTH);
	assert_string_equal(formatted(vigil_val_last_error(t.ctx)),
			    "vtest TRANSFER_PUT@0.vtest_transfer: LENGTH (value 0 = 0x0): inline data size differs from data_size");
	th_free(&t);
}

static void test_format_error_names_only_what_exists(void **state)
{
	struct vigil_val_error e = { .status = VIGIL_E_ENUM, .cmd_id = VIGIL_CCMD_CREATE_OBJECT, .objtype = 40,
				     .offset = 3, .field = VIGIL_NAMES_COUNT + 1u, .value = 40 };
	char small[12];
	(void)state;
	/* An object type past the table and a field index past the names: neither is printed. */
	assert_string_equal(formatted(&e), "CREATE_OBJECT@3: ENUM (value 40 = 0x28)");
	e.objtype = VIGIL_OBJ_SURFACE;
	e.field = VIGIL_NO_NAME;
	e.detail = "why";
	assert_string_equal(formatted(&e), "CREATE_OBJECT(SURFACE)@3: ENUM (value 40 = 0x28): why");
	e.cmd_id = VIGIL_VIRGL_CMD_COUNT;
	assert_string_equal(formatted(&e), "?(SURFACE)@3: ENUM (value 40 = 0x28): why");
	/* vtest: id 0 is inside the table but not a message; object types are not printed. */
	e.is_vtest = 1;
	e.cmd_id = 0;
	assert_string_equal(formatted(&e), "vtest ?@3: ENUM (value 40 = 0x28): why");
	e.cmd_id = VIGIL_VTEST_MSG_COUNT;
	e.status = (vigil_status)VIGIL_STATUS_COUNT;
	assert_string_equal(formatted(&e), "vtest ?@3: ? (value 40 = 0x28): why");
	vigil_val_format_error(&e, small, sizeof(small));
	assert_string_equal(small, "vtest ?@3: ");
	assert_string_equal(vigil_status_name(VIGIL_E_BOX), "BOX");
	assert_string_equal(vigil_status_name((vigil_status)-1), "?");
}

struct seen {
	unsigned events, rejects, records;
	uint32_t offsets[4];
};

static void observe(void *user, const struct vigil_cmd_event *ev)
{
	struct seen *s = user;

	if (s->events < 4)
		s->offsets[s->events] = ev->offset;
	s->events++;
	if (ev->status != VIGIL_OK) {
		assert_non_null(ev->error);
		assert_null(ev->rec);
		s->rejects++;
	} else if (ev->rec) {
		assert_null(ev->error);
		s->records++;
	}
}

static void test_keep_going_reports_every_reject_and_continues(void **state)
{
	struct seen seen = { 0 };
	struct vigil_val_config cfg = { .features = vigil_val_all_features(), .keep_going = true };
	struct vigil_val_ctx *ctx;
	struct vigil_recbuf rb = { 0 };
	/* good, bad (reserved objtype), good, bad (trailing dword) */
	const uint32_t buf[] = { HDR(VIGIL_CCMD_SET_SAMPLE_MASK, 0, 1), 1, HDR(VIGIL_CCMD_SET_SAMPLE_MASK, 3, 1), 1,
				 HDR(VIGIL_CCMD_SET_SAMPLE_MASK, 0, 1), 2, HDR(VIGIL_CCMD_SET_SAMPLE_MASK, 0, 2), 3, 4 };
	(void)state;
	cfg.observe = observe;
	cfg.observe_user = &seen;
	ctx = vigil_val_create(&cfg);
	assert_non_null(ctx);
	assert_int_equal(vigil_val_submit(ctx, buf, sizeof(buf), &rb), VIGIL_E_RESERVED); /* the first */
	assert_false(vigil_val_poisoned(ctx));
	assert_int_equal(seen.events, 4);
	assert_int_equal(seen.rejects, 2);
	assert_int_equal(seen.records, 2);
	assert_int_equal(seen.offsets[1], 2);
	assert_int_equal(seen.offsets[3], 6);
	assert_int_equal(vigil_val_last_error(ctx)->status, VIGIL_E_TRAILING); /* the last */
	/* Exhaustion stops the buffer even when rejects are skipped. */
	vigil_recbuf_free(&rb);
	rb.max = 8;
	assert_int_equal(vigil_val_submit(ctx, buf, sizeof(buf), &rb), VIGIL_E_EXHAUSTED);
	assert_int_equal(seen.events, 5);
	vigil_val_destroy(ctx);
	vigil_recbuf_free(&rb);
}

static unsigned befores, afters;

static void before(void *user, const struct vigil_replay_msg *m)
{
	(void)user;
	(void)m;
	befores++;
}

static void after(void *user, const struct vigil_replay_msg *m, const struct vigil_recbuf *r)
{
	(void)user;
	(void)m;
	(void)r;
	afters++;
}

static void test_replay_hooks_and_stats_are_optional(void **state)
{
	static const uint8_t stream[] = { 5, 0, 0, 0, 8, 0, 0, 0, 't', 'e', 's', 't', 0,
					  1, 0, 0, 0, 11, 0, 0, 0, 2, 0, 0, 0 };
	struct vigil_replay_hooks only_before = { .before = before }, only_after = { .after = after };
	struct vigil_val_config cfg = { .features = vigil_val_all_features() };
	struct vigil_recbuf rb = { 0 };
	struct vigil_val_ctx *ctx = vigil_val_create(&cfg);
	(void)state;
	assert_int_equal(vigil_replay(ctx, stream, sizeof(stream), &rb, &only_before, NULL), VIGIL_OK);
	assert_int_equal(vigil_val_protocol(ctx), 2);
	vigil_val_destroy(ctx);
	ctx = vigil_val_create(&cfg);
	assert_int_equal(vigil_replay(ctx, stream, sizeof(stream), &rb, &only_after, NULL), VIGIL_OK);
	assert_int_equal(befores, 2);
	assert_int_equal(afters, 2);
	vigil_val_destroy(ctx);
	vigil_recbuf_free(&rb);
}

static void test_handle_table_without_destructor(void **state)
{
	struct vigil_htable t;
	static int borrowed[2];
	uint32_t h0, h1, h;
	(void)state;
	assert_int_equal(vigil_ht_init(&t, 4, NULL), VIGIL_OK);
	assert_int_equal(vigil_ht_max_probe(&t), 0); /* empty: no probes at all */
	/* Data the table does not own: released and finalized without a destructor call. */
	assert_int_equal(vigil_ht_insert(&t, 7, 1, 0, &borrowed[0], &h0), VIGIL_OK);
	assert_int_equal(vigil_ht_insert(&t, 8, 1, 0, &borrowed[1], &h1), VIGIL_OK);
	assert_int_equal(vigil_ht_max_probe(&t) >= 1, 1);
	assert_int_equal(vigil_ht_unmap(&t, 7, &h), VIGIL_OK);
	assert_int_equal(h, h0);
	assert_null(vigil_ht_get(&t, h0));
	assert_ptr_equal(vigil_ht_slot_data(vigil_ht_get(&t, h1)), &borrowed[1]);
	vigil_ht_fini(&t); /* 8 still live */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_config_means_no_features),
		cmocka_unit_test(test_submit_misuse),
		cmocka_unit_test(test_vtest_entry_points_misuse),
		cmocka_unit_test(test_transfer_put_inline_data_must_match_data_size),
		cmocka_unit_test(test_format_error_names_only_what_exists),
		cmocka_unit_test(test_keep_going_reports_every_reject_and_continues),
		cmocka_unit_test(test_replay_hooks_and_stats_are_optional),
		cmocka_unit_test(test_handle_table_without_destructor),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
