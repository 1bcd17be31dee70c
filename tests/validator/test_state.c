/*
 * test_state.c: the shadow state validation keeps: sub-contexts, object tables with
 * generation-counted handles, resource lifetime, poisoning, the vtest connection state machine.
 * Covers R5 (missing objects, invalid state) and R7 (lifetime) inputs at the validator level.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"
#include "vigil_records.h"

#define S(...) TH_SUBMIT(&t, __VA_ARGS__)
#define SURF(h, res) TH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_SURFACE, 5), (h), (res), VIGIL_FORMAT_R8G8B8A8_UNORM, 0, 0

static void test_poisoned_context_rejects_everything_after(void **state)
{
	struct th t;
	(void)state;
	th_new(&t);
	assert_int_equal(S(TH_HDR(VIGIL_CCMD_SET_SAMPLE_MASK, 0, 2), 1, 2), VIGIL_E_TRAILING);
	assert_true(vigil_val_poisoned(t.ctx));
	assert_int_equal(S(TH_HDR(VIGIL_CCMD_SET_SAMPLE_MASK, 0, 1), 1), VIGIL_E_POISONED);
	assert_int_equal(th_vtest(&t, VIGIL_VCMD_RESOURCE_BUSY_WAIT, 2, (const uint32_t[]){ 0, 0 }, 2), VIGIL_E_POISONED);
	/* The error stays the first one. */
	assert_int_equal(vigil_val_last_error(t.ctx)->status, VIGIL_E_TRAILING);
	th_free(&t);
}

static void test_records_of_good_commands_before_a_reject_are_kept(void **state)
{
	struct th t;
	const struct vigil_rec_hdr *h;
	(void)state;
	th_new(&t);
	assert_int_equal(S(TH_HDR(VIGIL_CCMD_SET_SAMPLE_MASK, 0, 1), 7, TH_HDR(VIGIL_CCMD_SET_SAMPLE_MASK, 0, 0)),
			 VIGIL_E_TRUNCATED);
	h = (const void *)t.rb.buf;
	assert_true(t.rb.len == h->size);
	assert_int_equal(h->type, VIGIL_REC_SET_SAMPLE_MASK);
	th_free(&t);
}

static void test_unknown_and_wrong_kind_handles(void **state)
{
	struct th t;
	(void)state;
	th_new(&t);
	th_objects(&t);
	assert_int_equal(S(TH_HDR(VIGIL_CCMD_BIND_OBJECT, VIGIL_OBJ_BLEND, 1), 0xdead), VIGIL_E_UNKNOWN_HANDLE);
	th_free(&t);
	th_new(&t);
	th_objects(&t);
	assert_int_equal(S(TH_HDR(VIGIL_CCMD_BIND_OBJECT, VIGIL_OBJ_BLEND, 1), TH_OBJ(VIGIL_OBJ_DSA)), VIGIL_E_WRONG_KIND);
	th_free(&t);
	th_new(&t);
	th_objects(&t);
	assert_int_equal(S(TH_HDR(VIGIL_CCMD_SET_FRAMEBUFFER_STATE, 0, 3), 1, 0, TH_OBJ(VIGIL_OBJ_SAMPLER_VIEW)),
			 VIGIL_E_WRONG_KIND);
	th_free(&t);
	th_new(&t);
	th_objects(&t);
	assert_int_equal(S(TH_HDR(VIGIL_CCMD_BIND_SHADER, 0, 2), TH_OBJ(VIGIL_OBJ_SHADER), 1), VIGIL_E_RELATION);
	th_free(&t);
}

static void test_objects_live_in_their_sub_context(void **state)
{
	struct th t;
	(void)state;
	th_new(&t);
	assert_int_equal(S(SURF(40, TH_TEX)), VIGIL_OK);
	assert_int_equal(S(TH_HDR(VIGIL_CCMD_CREATE_SUB_CTX, 0, 1), 2, TH_HDR(VIGIL_CCMD_SET_SUB_CTX, 0, 1), 2), VIGIL_OK);
	assert_int_equal(S(TH_HDR(VIGIL_CCMD_DESTROY_OBJECT, VIGIL_OBJ_SURFACE, 1), 40), VIGIL_E_UNKNOWN_HANDLE);
	th_free(&t);
}

static void test_destroyed_object_cannot_be_used(void **state)
{
	struct th t;
	(void)state;
	th_new(&t);
	assert_int_equal(S(SURF(40, TH_TEX)), VIGIL_OK);
	assert_int_equal(S(TH_HDR(VIGIL_CCMD_DESTROY_OBJECT, VIGIL_OBJ_SURFACE, 1), 40), VIGIL_OK);
	assert_int_equal(S(TH_HDR(VIGIL_CCMD_SET_FRAMEBUFFER_STATE, 0, 3), 1, 0, 40), VIGIL_E_UNKNOWN_HANDLE);
	th_free(&t);
}

static void test_recreating_an_id_replaces_the_object_with_a_new_handle(void **state)
{
	struct th t;
	struct vigil_rec_create_surface a, b;
	(void)state;
	th_new(&t);
	assert_int_equal(S(SURF(40, TH_TEX)), VIGIL_OK);
	memcpy(&a, t.rb.buf + sizeof(struct vigil_rec_hdr), sizeof(a));
	assert_int_equal(S(SURF(40, TH_TEX)), VIGIL_OK);
	memcpy(&b, t.rb.buf + sizeof(struct vigil_rec_hdr), sizeof(b));
	assert_int_not_equal(a.handle.v, 0);
	assert_int_not_equal(a.handle.v, b.handle.v); /* generation-counted: the old one is stale */
	assert_int_equal(S(TH_HDR(VIGIL_CCMD_SET_FRAMEBUFFER_STATE, 0, 3), 1, 0, 40), VIGIL_OK);
	th_free(&t);
}

static void test_resource_unref_while_surface_holds_it_r7(void **state)
{
	struct th t;
	(void)state;
	th_new(&t);
	assert_int_equal(th_res(&t, 5, VIGIL_TEXTURE_TARGET_TEXTURE_2D, VIGIL_FORMAT_R8G8B8A8_UNORM, 0xa, 8, 8, 1, 1, 0, 0, 256), VIGIL_OK);
	assert_int_equal(S(SURF(40, 5)), VIGIL_OK);
	assert_int_equal(th_vtest(&t, VIGIL_VCMD_RESOURCE_UNREF, 1, (const uint32_t[]){ 5 }, 1), VIGIL_OK);
	/* The id is gone for new references... */
	assert_int_equal(S(SURF(41, 5)), VIGIL_E_UNKNOWN_HANDLE);
	th_free(&t);
	th_new(&t);
	assert_int_equal(th_res(&t, 5, VIGIL_TEXTURE_TARGET_TEXTURE_2D, VIGIL_FORMAT_R8G8B8A8_UNORM, 0xa, 8, 8, 1, 1, 0, 0, 256), VIGIL_OK);
	assert_int_equal(S(SURF(40, 5)), VIGIL_OK);
	assert_int_equal(th_vtest(&t, VIGIL_VCMD_RESOURCE_UNREF, 1, (const uint32_t[]){ 5 }, 1), VIGIL_OK);
	/* ...the surface still works and its destruction releases the last reference (ASan/LSan). */
	assert_int_equal(S(TH_HDR(VIGIL_CCMD_SET_FRAMEBUFFER_STATE, 0, 3), 1, 0, 40), VIGIL_OK);
	assert_int_equal(S(TH_HDR(VIGIL_CCMD_DESTROY_OBJECT, VIGIL_OBJ_SURFACE, 1), 40), VIGIL_OK);
	/* The guest may reuse the id for a new resource. */
	assert_int_equal(th_res(&t, 5, VIGIL_TEXTURE_TARGET_BUFFER, VIGIL_FORMAT_R8_UNORM, 0x10, 64, 1, 1, 1, 0, 0, 64), VIGIL_OK);
	th_free(&t);
}

static void test_resource_create_emits_its_record_then_the_handle_record(void **state)
{
	struct th t;
	struct vigil_rec_hdr h1, h2;
	uint32_t body[2];
	(void)state;
	th_new(&t);
	assert_int_equal(th_res(&t, 5, VIGIL_TEXTURE_TARGET_BUFFER, VIGIL_FORMAT_R8_UNORM, 0x10, 64, 1, 1, 1, 0, 0, 64), VIGIL_OK);
	memcpy(&h1, t.rb.buf, sizeof(h1));
	assert_int_equal(h1.type, VIGIL_REC_VTEST_RESOURCE_CREATE2);
	assert_int_equal(h1.size, (sizeof(h1) + sizeof(struct vigil_rec_resource_create2) + 7) & ~7u);
	memcpy(&h2, t.rb.buf + h1.size, sizeof(h2));
	assert_int_equal(h2.type, 192); /* VIGIL_XREC_RESOURCE_HANDLE */
	assert_int_equal(h1.size + h2.size, t.rb.len);
	memcpy(body, t.rb.buf + h1.size + sizeof(h2), sizeof(body));
	assert_int_equal(body[0], 5);
	assert_int_not_equal(body[1], 0);
	th_free(&t);
}

static void test_duplicate_resource_id_rejected(void **state)
{
	struct th t;
	(void)state;
	th_new(&t);
	assert_int_equal(th_res(&t, TH_BUF, VIGIL_TEXTURE_TARGET_BUFFER, VIGIL_FORMAT_R8_UNORM, 0x10, 64, 1, 1, 1, 0, 0, 64),
			 VIGIL_E_STATE);
	th_free(&t);
}

static void test_sub_context_zero_cannot_be_destroyed_cve_2017_6210(void **state)
{
	struct th t;
	(void)state;
	th_new(&t);
	assert_int_equal(S(TH_HDR(VIGIL_CCMD_DESTROY_SUB_CTX, 0, 1), 0), VIGIL_E_STATE);
	th_free(&t);
}

static void test_sub_context_destroy_releases_its_objects(void **state)
{
	struct th t;
	(void)state;
	th_new(&t);
	th_objects(&t);
	assert_int_equal(S(TH_HDR(VIGIL_CCMD_DESTROY_SUB_CTX, 0, 1), 1), VIGIL_OK);
	/* Current falls back to sub-context 0; 1 is gone. */
	assert_int_equal(S(TH_HDR(VIGIL_CCMD_SET_SUB_CTX, 0, 1), 0), VIGIL_OK);
	assert_int_equal(S(TH_HDR(VIGIL_CCMD_SET_SUB_CTX, 0, 1), 1), VIGIL_E_UNKNOWN_HANDLE);
	th_free(&t);
}

static void test_sub_context_quota(void **state)
{
	struct th t;
	vigil_status s = VIGIL_OK;
	uint32_t i;
	(void)state;
	th_new(&t);
	for (i = 2; i < 2 + VIGIL_LIMIT_MAX_SUB_CTX && s == VIGIL_OK; i++)
		s = S(TH_HDR(VIGIL_CCMD_CREATE_SUB_CTX, 0, 1), i);
	assert_int_equal(s, VIGIL_E_EXHAUSTED);
	th_free(&t);
}

static void test_vtest_create_renderer_must_be_first_and_once(void **state)
{
	struct vigil_val_config cfg = { .features = vigil_val_all_features() };
	struct vigil_recbuf rb = { 0 };
	struct vigil_val_ctx *ctx = vigil_val_create(&cfg);
	uint32_t v = 2;
	(void)state;
	assert_int_equal(vigil_val_vtest(ctx, VIGIL_VCMD_PROTOCOL_VERSION, 1, &v, 4, NULL, 0, &rb), VIGIL_E_STATE);
	vigil_val_destroy(ctx);
	ctx = vigil_val_create(&cfg);
	assert_int_equal(vigil_val_vtest(ctx, VIGIL_VCMD_CREATE_RENDERER, 2, "a", 2, NULL, 0, &rb), VIGIL_OK);
	assert_int_equal(vigil_val_vtest(ctx, VIGIL_VCMD_CREATE_RENDERER, 2, "a", 2, NULL, 0, &rb), VIGIL_E_STATE);
	vigil_val_destroy(ctx);
	vigil_recbuf_free(&rb);
}

static void test_vtest_unknown_ids_and_lengths(void **state)
{
	struct th t;
	size_t n;
	(void)state;
	th_new(&t);
	assert_int_equal(vigil_vtest_frame(t.ctx, 0, 25, &n), VIGIL_E_UNKNOWN_CMD);
	th_free(&t);
	th_new(&t);
	assert_int_equal(vigil_vtest_frame(t.ctx, 0, 0, &n), VIGIL_E_UNKNOWN_CMD);
	th_free(&t);
	th_new(&t);
	assert_int_equal(vigil_vtest_frame(t.ctx, VIGIL_LIMIT_MAX_SUBMIT_DWORDS + 1, VIGIL_VCMD_SUBMIT_CMD, &n), VIGIL_E_LENGTH);
	th_free(&t);
	th_new(&t);
	/* Protocol-3 messages are in the spec but not negotiated. */
	assert_int_equal(vigil_vtest_frame(t.ctx, 1, 19, &n), VIGIL_E_UNSUPPORTED);
	th_free(&t);
	th_new(&t);
	/* A fixed message with a wrong len. */
	assert_int_equal(th_vtest(&t, VIGIL_VCMD_RESOURCE_BUSY_WAIT, 3, (const uint32_t[]){ 0, 0 }, 2), VIGIL_E_LENGTH);
	th_free(&t);
}

static void test_feature_gated_command_rejected_when_off(void **state)
{
	struct th t;
	(void)state;
	th_new_features(&t, 0);
	assert_int_equal(S(TH_HDR(VIGIL_CCMD_TRANSFER3D, 0, 13), TH_TEX, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 1), VIGIL_E_UNSUPPORTED);
	th_free(&t);
}

static void test_video_commands_explicitly_unsupported(void **state)
{
	(void)state;
	for (uint32_t id = 53; id <= 61; id++) {
		struct th t;
		th_new(&t);
		assert_int_equal(S(TH_HDR(id, 0, 1), 0), VIGIL_E_UNSUPPORTED);
		th_free(&t);
	}
	for (uint32_t id = 62; id <= 255; id += 64) {
		struct th t;
		th_new(&t);
		assert_int_equal(S(TH_HDR(id, 0, 0)), VIGIL_E_UNKNOWN_CMD);
		th_free(&t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_poisoned_context_rejects_everything_after),
		cmocka_unit_test(test_records_of_good_commands_before_a_reject_are_kept),
		cmocka_unit_test(test_unknown_and_wrong_kind_handles),
		cmocka_unit_test(test_objects_live_in_their_sub_context),
		cmocka_unit_test(test_destroyed_object_cannot_be_used),
		cmocka_unit_test(test_recreating_an_id_replaces_the_object_with_a_new_handle),
		cmocka_unit_test(test_resource_unref_while_surface_holds_it_r7),
		cmocka_unit_test(test_resource_create_emits_its_record_then_the_handle_record),
		cmocka_unit_test(test_duplicate_resource_id_rejected),
		cmocka_unit_test(test_sub_context_zero_cannot_be_destroyed_cve_2017_6210),
		cmocka_unit_test(test_sub_context_destroy_releases_its_objects),
		cmocka_unit_test(test_sub_context_quota),
		cmocka_unit_test(test_vtest_create_renderer_must_be_first_and_once),
		cmocka_unit_test(test_vtest_unknown_ids_and_lengths),
		cmocka_unit_test(test_feature_gated_command_rejected_when_off),
		cmocka_unit_test(test_video_commands_explicitly_unsupported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
