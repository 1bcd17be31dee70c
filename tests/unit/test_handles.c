/*
 * test_handles.c: unit tests for validator/handles.c (generation-counted handle tables).
 *
 * Each test names the behaviour it proves and asserts exact statuses. Security-relevant ones say
 * their SECURITY-CASES class: R7 (lifetime: stale handles, refcounted destruction, fini) and R9
 * (bounded work and memory: exhaustion, adversarial guest ids). Run it under ASan/UBSan or
 * valgrind --leak-check=full: every data here is heap-allocated and freed by the table.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "handles.h"

enum { KIND_RES = 1, KIND_SURF = 2 };

static unsigned destroyed;

static void destroy_count(void *p)
{
	destroyed++;
	free(p);
}

static uint32_t *new_data(uint32_t v)
{
	uint32_t *p = malloc(sizeof(*p));

	assert_non_null(p);
	*p = v;
	return p;
}

static int setup(void **state)
{
	struct vigil_htable *t = calloc(1, sizeof(*t));

	if (!t || vigil_ht_init(t, 1000, destroy_count) != VIGIL_OK)
		return -1;
	destroyed = 0;
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	vigil_ht_fini(*state);
	free(*state);
	return 0;
}

static uint32_t insert_ok(struct vigil_htable *t, uint32_t id, uint8_t kind)
{
	uint32_t h = 0;

	assert_int_equal(vigil_ht_insert(t, id, kind, id * 10u, new_data(id), &h), VIGIL_OK);
	assert_int_not_equal(h, 0);
	return h;
}

static void test_insert_then_lookup_returns_same_handle_and_slot_fields(void **state)
{
	struct vigil_htable *t = *state;
	uint32_t h = insert_ok(t, 42, KIND_RES), got = 0;
	const struct vigil_ht_slot *s;

	assert_int_equal(vigil_ht_lookup(t, 42, KIND_RES, &got), VIGIL_OK);
	assert_int_equal(got, h);
	assert_int_equal(vigil_ht_lookup(t, 42, VIGIL_HT_ANY_KIND, &got), VIGIL_OK);
	assert_int_equal(got, h);
	s = vigil_ht_get(t, h);
	assert_non_null(s);
	assert_int_equal(vigil_ht_slot_kind(s), KIND_RES);
	assert_int_equal(vigil_ht_slot_aux(s), 420);
	assert_int_equal(*(uint32_t *)vigil_ht_slot_data(s), 42);
	assert_int_equal(vigil_ht_slot_guest_id(s), 42);
	assert_int_equal(vigil_ht_live(t), 1);
}

static void test_guest_id_zero_is_never_valid(void **state)
{
	struct vigil_htable *t = *state;
	uint32_t h = 0xdeadbeef;

	assert_int_equal(vigil_ht_insert(t, 0, KIND_RES, 0, NULL, &h), VIGIL_E_UNKNOWN_HANDLE);
	assert_int_equal(vigil_ht_lookup(t, 0, VIGIL_HT_ANY_KIND, &h), VIGIL_E_UNKNOWN_HANDLE);
	assert_int_equal(vigil_ht_unmap(t, 0, &h), VIGIL_E_UNKNOWN_HANDLE);
	assert_int_equal(h, 0xdeadbeef); /* ret_ untouched on failure */
	assert_null(vigil_ht_get(t, 0));
}

static void test_duplicate_guest_id_is_state_error_and_keeps_original(void **state)
{
	struct vigil_htable *t = *state;
	uint32_t h = insert_ok(t, 7, KIND_RES), h2 = 0xdeadbeef, got;
	uint32_t *other = new_data(99);

	assert_int_equal(vigil_ht_insert(t, 7, KIND_SURF, 0, other, &h2), VIGIL_E_STATE);
	assert_int_equal(h2, 0xdeadbeef);
	free(other); /* not taken on failure */
	assert_int_equal(vigil_ht_lookup(t, 7, KIND_RES, &got), VIGIL_OK);
	assert_int_equal(got, h);
	assert_int_equal(destroyed, 0);
}

static void test_lookup_of_other_kind_is_wrong_kind(void **state)
{
	struct vigil_htable *t = *state;
	uint32_t got = 0xdeadbeef;

	insert_ok(t, 3, KIND_SURF);
	assert_int_equal(vigil_ht_lookup(t, 3, KIND_RES, &got), VIGIL_E_WRONG_KIND);
	assert_int_equal(vigil_ht_lookup(t, 4, KIND_RES, &got), VIGIL_E_UNKNOWN_HANDLE);
	assert_int_equal(got, 0xdeadbeef);
}

/* R7: a handle kept after its object died must not reach the slot's next object. */
static void test_stale_handle_after_destroy_is_rejected(void **state)
{
	struct vigil_htable *t = *state;
	uint32_t h1 = insert_ok(t, 5, KIND_RES), h2, out;

	assert_int_equal(vigil_ht_unmap(t, 5, &out), VIGIL_OK);
	assert_int_equal(out, h1);
	assert_int_equal(destroyed, 1);
	assert_null(vigil_ht_get(t, h1));
	h2 = insert_ok(t, 5, KIND_RES); /* same guest id, same slot, next generation */
	assert_int_equal(h2 & 0xfffffu, h1 & 0xfffffu);
	assert_int_not_equal(h2, h1);
	assert_null(vigil_ht_get(t, h1));
	assert_non_null(vigil_ht_get(t, h2));
	assert_int_equal(vigil_ht_ref(t, h1), VIGIL_E_UNKNOWN_HANDLE);
	assert_int_equal(vigil_ht_unref(t, h1), VIGIL_E_UNKNOWN_HANDLE);
	assert_int_equal(vigil_ht_live(t), 1);
}

static void test_get_rejects_zero_index_and_out_of_range_handles(void **state)
{
	struct vigil_htable *t = *state;
	uint32_t h = insert_ok(t, 1, KIND_RES);

	assert_null(vigil_ht_get(t, h & ~0xfffffu)); /* index bits 0 */
	assert_null(vigil_ht_get(t, (h & ~0xfffffu) | 2u)); /* slot never used */
	assert_null(vigil_ht_get(t, 0xfffffu));
	assert_null(vigil_ht_get(t, 0xffffffffu));
	assert_int_equal(vigil_ht_unref(t, 0xffffffffu), VIGIL_E_UNKNOWN_HANDLE);
}

/* R7: after 4096 generations a slot is retired, never wrapped back to generation 0. */
static void test_slot_is_retired_when_its_generation_would_wrap(void **state)
{
	struct vigil_htable *t = *state;
	uint32_t first = 0, h = 0, out;

	for (uint32_t i = 0; i < 4096u; i++) {
		h = insert_ok(t, 9, KIND_RES);
		if (i == 0)
			first = h;
		assert_int_equal(h & 0xfffffu, 1);    /* always slot 0 */
		assert_int_equal(h >> 20, i);          /* generation i */
		assert_int_equal(vigil_ht_unmap(t, 9, &out), VIGIL_OK);
	}
	assert_int_equal(destroyed, 4096);
	h = insert_ok(t, 9, KIND_RES);
	assert_int_equal(h & 0xfffffu, 2);            /* slot 0 retired: a new slot */
	assert_int_equal(h >> 20, 0);
	assert_null(vigil_ht_get(t, first));
	assert_null(vigil_ht_get(t, (4095u << 20) | 1u));
}

/* R7: a resource unmapped by the guest while a surface still holds it stays alive (and its
 * guest id is free again); it is destroyed exactly once when the surface lets go. */
static void test_resource_unmapped_while_surface_holds_it_lives_until_unref(void **state)
{
	struct vigil_htable *t = *state;
	uint32_t res = insert_ok(t, 11, KIND_RES), out, again;

	assert_int_equal(vigil_ht_ref(t, res), VIGIL_OK);  /* the surface's reference */
	assert_int_equal(vigil_ht_unmap(t, 11, &out), VIGIL_OK);
	assert_int_equal(out, res);
	assert_int_equal(destroyed, 0);
	assert_non_null(vigil_ht_get(t, res));
	assert_int_equal(vigil_ht_slot_guest_id(vigil_ht_get(t, res)), 0);
	assert_int_equal(vigil_ht_lookup(t, 11, KIND_RES, &out), VIGIL_E_UNKNOWN_HANDLE);
	assert_int_equal(vigil_ht_unmap(t, 11, &out), VIGIL_E_UNKNOWN_HANDLE);
	again = insert_ok(t, 11, KIND_RES);                 /* id reusable, new object */
	assert_int_not_equal(again, res);
	assert_int_equal(vigil_ht_live(t), 2);
	assert_int_equal(vigil_ht_unref(t, res), VIGIL_OK);
	assert_int_equal(destroyed, 1);
	assert_null(vigil_ht_get(t, res));
	assert_non_null(vigil_ht_get(t, again));
	assert_int_equal(vigil_ht_live(t), 1);
}

/* Dropping the guest mapping's own reference through unref is a broken invariant: abort. */
static void test_unref_of_mapping_reference_aborts(void **state)
{
	struct vigil_htable *t = *state;
	uint32_t h = insert_ok(t, 12, KIND_RES);
	int status = 0;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		signal(SIGABRT, SIG_DFL);
		(void)vigil_ht_unref(t, h);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
}

/* R9: at max_live the insert fails with EXHAUSTED, the caller keeps its data, and nothing in
 * the table changed; unmapped-but-referenced objects still count. */
static void test_exhaustion_leaves_table_unchanged(void **state)
{
	struct vigil_htable t;
	uint32_t h[3], got, sentinel = 0xdeadbeef;
	uint32_t *extra = new_data(4);

	(void)state;
	destroyed = 0;
	assert_int_equal(vigil_ht_init(&t, 3, destroy_count), VIGIL_OK);
	for (uint32_t i = 0; i < 3; i++)
		h[i] = insert_ok(&t, i + 1u, KIND_RES);
	assert_int_equal(vigil_ht_insert(&t, 4, KIND_RES, 0, extra, &sentinel), VIGIL_E_EXHAUSTED);
	assert_int_equal(sentinel, 0xdeadbeef);
	assert_int_equal(destroyed, 0);
	assert_int_equal(vigil_ht_live(&t), 3);
	for (uint32_t i = 0; i < 3; i++) {
		assert_int_equal(vigil_ht_lookup(&t, i + 1u, KIND_RES, &got), VIGIL_OK);
		assert_int_equal(got, h[i]);
	}
	assert_int_equal(vigil_ht_lookup(&t, 4, KIND_RES, &got), VIGIL_E_UNKNOWN_HANDLE);
	assert_int_equal(vigil_ht_ref(&t, h[0]), VIGIL_OK);
	assert_int_equal(vigil_ht_unmap(&t, 1, &got), VIGIL_OK); /* still held: still live */
	assert_int_equal(vigil_ht_insert(&t, 4, KIND_RES, 0, extra, &got), VIGIL_E_EXHAUSTED);
	assert_int_equal(vigil_ht_unref(&t, h[0]), VIGIL_OK);
	assert_int_equal(vigil_ht_insert(&t, 4, KIND_RES, 0, extra, &got), VIGIL_OK);
	vigil_ht_fini(&t);
	assert_int_equal(destroyed, 4);
}

static void test_init_rejects_max_live_outside_index_space(void **state)
{
	struct vigil_htable t;

	(void)state;
	assert_int_equal(vigil_ht_init(&t, 0, NULL), VIGIL_E_RANGE);
	assert_int_equal(vigil_ht_init(&t, VIGIL_HT_MAX_SLOTS + 1u, NULL), VIGIL_E_RANGE);
	assert_int_equal(vigil_ht_init(&t, VIGIL_HT_MAX_SLOTS, NULL), VIGIL_OK);
	vigil_ht_fini(&t);
	vigil_ht_fini(&t); /* fini twice is harmless */
}

/* R9: ids chosen to collide modulo any power-of-two table size (multiples of 2^16) do not
 * lengthen probes: the bucket hash is keyed with a per-table secret seed. With `id & mask` all
 * 65535 ids would share 2 buckets (probes ~65535); a random hash at load 1/2 gives a longest
 * probe around 25-50 for this many keys, and above 160 with probability well below 1e-9. */
static void test_adversarial_ids_colliding_mod_table_size_keep_probes_short(void **state)
{
	struct vigil_htable t;
	uint32_t h, n = 65535;

	(void)state;
	assert_int_equal(vigil_ht_init(&t, 65536, NULL), VIGIL_OK);
	for (uint32_t i = 1; i <= n; i++)
		assert_int_equal(vigil_ht_insert(&t, i << 16, KIND_RES, 0, NULL, &h), VIGIL_OK);
	assert_in_range(vigil_ht_max_probe(&t), 1, 160);
	for (uint32_t i = 1; i <= n; i += 2)
		assert_int_equal(vigil_ht_unmap(&t, i << 16, &h), VIGIL_OK);
	for (uint32_t i = 1; i <= n; i++)
		assert_int_equal(vigil_ht_lookup(&t, i << 16, KIND_RES, &h),
				 (i & 1u) ? VIGIL_E_UNKNOWN_HANDLE : VIGIL_OK);
	assert_in_range(vigil_ht_max_probe(&t), 1, 160);
	vigil_ht_fini(&t);
}

/* Backward-shift deletion keeps every other id findable: random inserts and unmaps against a
 * shadow array, then a full comparison. */
static void test_random_insert_unmap_matches_shadow_map(void **state)
{
	enum { IDS = 512, OPS = 200000 };
	static uint32_t shadow[IDS]; /* handle or 0 */
	struct vigil_htable t;
	uint32_t x = 12345, h;

	(void)state;
	destroyed = 0;
	assert_int_equal(vigil_ht_init(&t, IDS, destroy_count), VIGIL_OK);
	for (uint32_t op = 0; op < OPS; op++) {
		uint32_t id;

		x = x * 1664525u + 1013904223u;
		id = (x >> 8) % IDS;
		if (shadow[id]) {
			assert_int_equal(vigil_ht_unmap(&t, id * 4096u + 1u, &h), VIGIL_OK);
			assert_int_equal(h, shadow[id]);
			shadow[id] = 0;
		} else {
			shadow[id] = insert_ok(&t, id * 4096u + 1u, KIND_RES);
		}
	}
	for (uint32_t id = 0; id < IDS; id++) {
		vigil_status s = vigil_ht_lookup(&t, id * 4096u + 1u, KIND_RES, &h);

		assert_int_equal(s, shadow[id] ? VIGIL_OK : VIGIL_E_UNKNOWN_HANDLE);
		if (shadow[id])
			assert_int_equal(h, shadow[id]);
	}
	vigil_ht_fini(&t);
}

struct visit {
	uint32_t count, sum_ids, unmapped;
};

static void visit_one(void *user, uint32_t guest_id, const struct vigil_ht_slot *s)
{
	struct visit *v = user;

	v->count++;
	v->sum_ids += guest_id;
	v->unmapped += guest_id == 0;
	assert_non_null(vigil_ht_slot_data(s));
}

static void test_foreach_visits_every_live_object_once(void **state)
{
	struct vigil_htable *t = *state;
	struct visit v = { 0, 0, 0 };
	uint32_t h, out;

	insert_ok(t, 1, KIND_RES);
	h = insert_ok(t, 2, KIND_RES);
	insert_ok(t, 3, KIND_SURF);
	insert_ok(t, 4, KIND_SURF);
	assert_int_equal(vigil_ht_unmap(t, 4, &out), VIGIL_OK);   /* dead */
	assert_int_equal(vigil_ht_ref(t, h), VIGIL_OK);
	assert_int_equal(vigil_ht_unmap(t, 2, &out), VIGIL_OK);   /* live, unmapped */
	vigil_ht_foreach(t, visit_one, &v);
	assert_int_equal(v.count, 3);
	assert_int_equal(v.sum_ids, 1 + 3);
	assert_int_equal(v.unmapped, 1);
}

/* R7/R9: fini destroys mapped and only-referenced data exactly once (ASan/valgrind: no leak,
 * no double free). */
static void test_fini_destroys_every_remaining_data_exactly_once(void **state)
{
	struct vigil_htable t;
	uint32_t h, out;

	(void)state;
	destroyed = 0;
	assert_int_equal(vigil_ht_init(&t, 100, destroy_count), VIGIL_OK);
	for (uint32_t i = 1; i <= 50; i++)
		insert_ok(&t, i, KIND_RES);
	h = insert_ok(&t, 77, KIND_RES);
	assert_int_equal(vigil_ht_ref(&t, h), VIGIL_OK);
	assert_int_equal(vigil_ht_unmap(&t, 77, &out), VIGIL_OK);
	assert_int_equal(vigil_ht_unmap(&t, 10, &out), VIGIL_OK);
	assert_int_equal(destroyed, 1);
	vigil_ht_fini(&t);
	assert_int_equal(destroyed, 51);
	assert_int_equal(vigil_ht_live(&t), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_insert_then_lookup_returns_same_handle_and_slot_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_guest_id_zero_is_never_valid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_guest_id_is_state_error_and_keeps_original, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lookup_of_other_kind_is_wrong_kind, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_handle_after_destroy_is_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_get_rejects_zero_index_and_out_of_range_handles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slot_is_retired_when_its_generation_would_wrap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resource_unmapped_while_surface_holds_it_lives_until_unref, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unref_of_mapping_reference_aborts, setup, teardown),
		cmocka_unit_test(test_exhaustion_leaves_table_unchanged),
		cmocka_unit_test(test_init_rejects_max_live_outside_index_space),
		cmocka_unit_test(test_adversarial_ids_colliding_mod_table_size_keep_probes_short),
		cmocka_unit_test(test_random_insert_unmap_matches_shadow_map),
		cmocka_unit_test_setup_teardown(test_foreach_visits_every_live_object_once, setup, teardown),
		cmocka_unit_test(test_fini_destroys_every_remaining_data_exactly_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
