/*
 * test_api_pipeline.c: pipelined EXECUTE in VIGIL_RENDERER_SPLIT (lib/split_gate.c), through the
 * embedding API, on the backend in argv[1] ("gl" | "gles"). Linked with the test-only probe
 * library, whose core honours VIGIL_SPLIT_FAIL_EXECUTE=N (the N-th EXECUTE fails with
 * VIGIL_E_EXHAUSTED as a host failure would). Exit 77 when the split is unavailable or there is
 * no EGL display.
 *
 * Covers: a failure of a pipelined buffer is reported by the next call on that context (a
 * synchronizing one, or any call once the gate has collected it), poisons that context exactly
 * as a synchronous failure (status, origin HOST) and no other; a burst of thousands of buffers
 * whose records are several times the ring renders the last clear exactly; a core killed in
 * the middle of a burst makes a later call fail with STATE, "context lost", within the burst.
 * Bug class: a lost or misattributed host error; the ring overwriting unread records; a
 * deadlock of gate and core on full socket buffers; a hang on a dead core.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "vigil.h"
#include "vigil_spec.h"

#define HDR(id, obj, len) ((uint32_t)(id) | ((uint32_t)(obj) << 8) | ((uint32_t)(len) << 16))
#define TEX_W 32u
#define TEX_H 16u
#define TEX_BYTES (TEX_W * TEX_H * 4u)
/* Bursts: many small buffers (more than the gate keeps outstanding), then fewer large ones
 * (outstanding ones fill the 2 MiB ring: the gate must wait for the core to consume). */
#define SMALL_CLEARS 16u
#define SMALL_BURST 5000u
#define LARGE_CLEARS 2048u /* 72 KiB of commands, more in records */
#define LARGE_BURST 300u

static enum vigil_backend backend;
static const struct vigil_resource_desc tex = { 2, VIGIL_FORMAT_R8G8B8A8_UNORM, 0x8u | 0x2u, TEX_W,
						TEX_H, 1, 1, 0, 0 };

static void on_log(void *user, enum vigil_log_level level, const char *msg)
{
	(void)user;
	if (level == VIGIL_LOG_ERROR)
		fprintf(stderr, "vigil: %s\n", msg);
}

static struct vigil_renderer *open_renderer(void)
{
	struct vigil_renderer_config cfg = { .api_version = VIGIL_API_VERSION, .backend = backend,
					     .flags = VIGIL_RENDERER_SPLIT, .log = on_log };
	struct vigil_renderer *r = NULL;

	assert_int_equal(vigil_renderer_create(&cfg, &r), VIGIL_OK);
	return r;
}

/* A context with resource 1 (TEX_W x TEX_H RGBA8, new memfd mapped at *ret_px) as the
 * framebuffer of sub-context 1. */
static struct vigil_context *target(struct vigil_renderer *r, const char *name, uint32_t **ret_px)
{
	struct vigil_backing b = { .kind = VIGIL_BACKING_NEW_MEMFD, .fd = -1 };
	uint32_t cmds[] = {
		HDR(VIGIL_CCMD_CREATE_SUB_CTX, 0, 1), 1, HDR(VIGIL_CCMD_SET_SUB_CTX, 0, 1), 1,
		HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_SURFACE, 5), 10, 1, VIGIL_FORMAT_R8G8B8A8_UNORM, 0, 0,
		HDR(VIGIL_CCMD_SET_FRAMEBUFFER_STATE, 0, 3), 1, 0, 10,
	};
	struct vigil_context *ctx;
	int fd = -1;

	assert_int_equal(vigil_context_create(r, name, &ctx), VIGIL_OK);
	assert_int_equal(vigil_resource_create(ctx, 1, &tex, &b, &fd), VIGIL_OK);
	*ret_px = mmap(NULL, TEX_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	assert_true(*ret_px != MAP_FAILED);
	close(fd);
	assert_int_equal(vigil_submit(ctx, cmds, sizeof(cmds)), VIGIL_OK);
	return ctx;
}

/* One CLEAR of the colour buffer to (r, g, b, 1) as 9 dwords at p. */
static void put_clear(uint32_t *p, float r, float g, float b)
{
	float c[4] = { r, g, b, 1.0f };

	p[0] = HDR(VIGIL_CCMD_CLEAR, 0, 8);
	p[1] = 4; /* PIPE_CLEAR_COLOR0 */
	memcpy(&p[2], c, sizeof(c));
	p[6] = p[7] = p[8] = 0;
}

static vigil_status clear(struct vigil_context *ctx, float r, float g, float b)
{
	uint32_t cmd[9];

	put_clear(cmd, r, g, b);
	return vigil_submit(ctx, cmd, sizeof(cmd));
}

/* Reads resource 1 back (vigil_transfer returns once the bytes are in px) and checks every
 * pixel. */
static void expect_pixels(struct vigil_context *ctx, uint32_t *px, uint32_t want)
{
	struct vigil_box box = { 0, 0, 0, TEX_W, TEX_H, 1 };

	memset(px, 0, TEX_BYTES);
	assert_int_equal(vigil_transfer(ctx, VIGIL_FROM_HOST, 1, 0, &box, 0), VIGIL_OK);
	for (unsigned i = 0; i < TEX_W * TEX_H; i++)
		assert_int_equal(px[i], want);
}

static void test_deferred_error(void **state)
{
	struct vigil_renderer *r;
	struct vigil_context *victim, *other;
	struct vigil_error e;
	uint32_t *pv, *po;
	bool busy = true;

	(void)state;
	/* Each target executes two buffers (resource, set-up): 5 is victim's first clear. */
	assert_int_equal(setenv("VIGIL_SPLIT_FAIL_EXECUTE", "5", 1), 0);
	r = open_renderer();
	assert_int_equal(unsetenv("VIGIL_SPLIT_FAIL_EXECUTE"), 0);
	victim = target(r, "victim", &pv);
	other = target(r, "other", &po);
	/* Pipelined: the failing buffer and the one after it are accepted before the core ran them. */
	assert_int_equal(clear(victim, 1.0f, 0.0f, 0.0f), VIGIL_OK);
	assert_int_equal(clear(victim, 0.0f, 1.0f, 0.0f), VIGIL_OK);
	assert_int_equal(clear(other, 0.0f, 0.0f, 1.0f), VIGIL_OK);
	vigil_context_error(victim, &e);
	assert_false(e.poisoned);
	/* The next call on victim reports the failure, poisoning as a synchronous failure does. */
	assert_int_equal(vigil_resource_busy(victim, 1, 0, &busy), VIGIL_E_EXHAUSTED);
	vigil_context_error(victim, &e);
	assert_true(e.poisoned);
	assert_int_equal(e.status, VIGIL_E_EXHAUSTED);
	assert_int_equal(e.origin, VIGIL_ORIGIN_HOST);
	assert_int_equal(e.message, VIGIL_VCMD_SUBMIT_CMD); /* the failed buffer's, as if synchronous */
	assert_non_null(strstr(e.text, "pipelined, reported at message 7: the core failed message 6: EXHAUSTED"));
	assert_int_equal(clear(victim, 1.0f, 1.0f, 1.0f), VIGIL_E_POISONED);
	assert_int_equal(vigil_fence_create(victim, 1), VIGIL_E_POISONED);
	/* The other context is untouched and rendered its clear. */
	vigil_context_error(other, &e);
	assert_false(e.poisoned);
	assert_int_equal(e.status, VIGIL_OK);
	expect_pixels(other, po, 0xffff0000u);
	assert_int_equal(vigil_resource_busy(other, 1, UINT64_MAX, &busy), VIGIL_OK);
	assert_false(busy);
	munmap(pv, TEX_BYTES);
	munmap(po, TEX_BYTES);
	vigil_context_destroy(victim);
	vigil_context_destroy(other);
	vigil_renderer_destroy(r);

	/* Collected by a call on another context first: then the victim's very next call, a
	 * pipelined submit, returns it. */
	assert_int_equal(setenv("VIGIL_SPLIT_FAIL_EXECUTE", "5", 1), 0);
	r = open_renderer();
	assert_int_equal(unsetenv("VIGIL_SPLIT_FAIL_EXECUTE"), 0);
	victim = target(r, "victim", &pv);
	other = target(r, "other", &po);
	assert_int_equal(clear(victim, 1.0f, 0.0f, 0.0f), VIGIL_OK);
	assert_int_equal(vigil_fence_create(other, 1), VIGIL_OK); /* waits for every earlier buffer */
	vigil_context_error(victim, &e);
	assert_false(e.poisoned); /* nothing reported before victim's next call */
	assert_int_equal(clear(victim, 0.0f, 1.0f, 0.0f), VIGIL_E_EXHAUSTED);
	vigil_context_error(victim, &e);
	assert_true(e.poisoned);
	assert_int_equal(e.status, VIGIL_E_EXHAUSTED);
	assert_int_equal(e.origin, VIGIL_ORIGIN_HOST);
	assert_int_equal(e.message, VIGIL_VCMD_SUBMIT_CMD);
	munmap(pv, TEX_BYTES);
	munmap(po, TEX_BYTES);
	vigil_context_destroy(victim);
	vigil_context_destroy(other);
	vigil_renderer_destroy(r);
}

/* n buffers of `clears` CLEARs each (colours from the indices), then a check of the last one. */
static void burst(struct vigil_context *ctx, uint32_t *px, unsigned n, unsigned clears)
{
	uint32_t *cmds = calloc(clears * 9u, sizeof(uint32_t));
	uint32_t rr = (n - 1u + clears - 1u) % 256u, gg = (clears - 1u) % 256u, bb = (n - 1u) % 256u;
	uint64_t last = 0;

	assert_non_null(cmds);
	for (unsigned i = 0; i < n; i++) {
		for (unsigned k = 0; k < clears; k++)
			put_clear(cmds + 9u * k, (float)((i + k) % 256u) / 255.0f, (float)(k % 256u) / 255.0f,
				  (float)(i % 256u) / 255.0f);
		assert_int_equal(vigil_submit(ctx, cmds, clears * 9u * sizeof(uint32_t)), VIGIL_OK);
		if (i == n / 2) { /* a fence in the middle retires with everything before it */
			uint64_t id = (uint64_t)n * clears;

			assert_int_equal(vigil_fence_create(ctx, id), VIGIL_OK);
			while (last != id)
				assert_int_equal(vigil_fence_poll(ctx, UINT64_MAX, &last), VIGIL_OK);
		}
	}
	free(cmds);
	/* the last clear of the last buffer, RGBA8 in memory order */
	expect_pixels(ctx, px, 0xff000000u | bb << 16 | gg << 8 | rr);
}

static void test_burst(void **state)
{
	struct vigil_renderer *r = open_renderer();
	struct vigil_context *ctx;
	uint32_t *px;

	(void)state;
	ctx = target(r, "burst", &px);
	burst(ctx, px, SMALL_BURST, SMALL_CLEARS);
	burst(ctx, px, LARGE_BURST, LARGE_CLEARS);
	munmap(px, TEX_BYTES);
	vigil_context_destroy(ctx);
	vigil_renderer_destroy(r);
}

static void test_core_dies_in_burst(void **state)
{
	struct vigil_renderer *r = open_renderer();
	struct vigil_context *ctx;
	struct vigil_error e;
	vigil_status s = VIGIL_OK;
	uint32_t *px;
	unsigned i;

	(void)state;
	ctx = target(r, "dying", &px);
	for (i = 0; i < 200000u && s == VIGIL_OK; i++) {
		if (i == 100)
			assert_int_equal(kill((pid_t)vigil_renderer_core_pid(r), SIGKILL), 0);
		s = clear(ctx, (float)(i % 2u), 0.0f, 0.0f);
	}
	assert_int_equal(s, VIGIL_E_STATE); /* well before the bound: the gate saw the death */
	vigil_context_error(ctx, &e);
	assert_true(e.poisoned);
	assert_int_equal(e.status, VIGIL_E_STATE);
	assert_int_equal(e.origin, VIGIL_ORIGIN_HOST);
	assert_non_null(strstr(e.text, "context lost: the rendering core died"));
	assert_int_equal(clear(ctx, 0.0f, 0.0f, 0.0f), VIGIL_E_POISONED);
	munmap(px, TEX_BYTES);
	vigil_context_destroy(ctx); /* releases the backing locally, no hang */
	vigil_renderer_destroy(r);  /* reaps the killed core */
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deferred_error),
		cmocka_unit_test(test_burst),
		cmocka_unit_test(test_core_dies_in_burst),
	};
	struct vigil_renderer_config cfg = { .api_version = VIGIL_API_VERSION };
	struct vigil_renderer *r;

	backend = argc > 1 && strcmp(argv[1], "gles") == 0 ? VIGIL_BACKEND_GLES : VIGIL_BACKEND_GL;
	cfg.backend = backend;
	cfg.flags = VIGIL_RENDERER_SPLIT;
	if (vigil_renderer_create(&cfg, &r) != VIGIL_OK) {
		printf("VIGIL_RENDERER_SPLIT or an EGL display unavailable: skipped\n");
		return 77;
	}
	vigil_renderer_destroy(r);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
