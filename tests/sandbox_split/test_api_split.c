/*
 * test_api_split.c: the embedding API with VIGIL_RENDERER_SPLIT (the core in a forked,
 * sandboxed process), on the backend in argv[1] ("gl" | "gles"). Exit 77 when the split is
 * unavailable (built without the sandbox) or there is no EGL display.
 *
 * Covers: the same caps as a single-process renderer; IOV backings refused with UNSUPPORTED
 * without poisoning; the caller's memfd and a new memfd crossing to the core (round trips of
 * the exact bytes, a clear read back through a fence); vigil_renderer_core_pid names this
 * process's child; a core killed with SIGKILL makes every
 * later call fail with STATE, origin HOST, "context lost: the rendering core died", while
 * destroy still works and a new split renderer serves again.
 * Bug class: data lost or corrupted across the process boundary; a dead core hanging or
 * crashing its gate.
 */
#include <dirent.h>
#include <fcntl.h>
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

static enum vigil_backend backend;
static const struct vigil_resource_desc tex = { 2, VIGIL_FORMAT_R8G8B8A8_UNORM, 0x8u | 0x2u, 32, 16,
						1, 1, 0, 0 };
#define TEX_BYTES (32u * 16u * 4u)

static void on_log(void *user, enum vigil_log_level level, const char *msg)
{
	(void)user;
	if (level == VIGIL_LOG_ERROR)
		fprintf(stderr, "vigil: %s\n", msg);
}

static struct vigil_renderer *open_renderer(uint32_t flags)
{
	struct vigil_renderer_config cfg = { .api_version = VIGIL_API_VERSION, .backend = backend,
					     .flags = flags, .log = on_log };
	struct vigil_renderer *r = NULL;

	assert_int_equal(vigil_renderer_create(&cfg, &r), VIGIL_OK);
	return r;
}

/* The pid of this process's only child (the core), from /proc/self/task/TID/children. */
static pid_t core_pid(void)
{
	char path[64], buf[64] = { 0 };
	FILE *f;
	long pid = 0;

	(void)snprintf(path, sizeof(path), "/proc/self/task/%ld/children", (long)getpid());
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	pid = strtol(buf, NULL, 10);
	assert_true(pid > 0);
	return (pid_t)pid;
}

/* Caps set `set` of a single-process renderer, computed in a child process: this process must
 * not initialize EGL itself, or the core processes it forks later inherit GL state (vigil.h). */
static size_t direct_caps(uint32_t set, uint8_t *buf, size_t cap)
{
	int p[2], st = 0;
	pid_t pid;
	ssize_t n;
	size_t got = 0;

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct vigil_renderer_config cfg = { .api_version = VIGIL_API_VERSION, .backend = backend };
		struct vigil_renderer *r;
		size_t len = 0;

		close(p[0]);
		if (vigil_renderer_create(&cfg, &r) != VIGIL_OK ||
		    vigil_renderer_caps(r, set, buf, cap, &len) != VIGIL_OK || len > cap ||
		    write(p[1], buf, len) != (ssize_t)len)
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	while ((n = read(p[0], buf + got, cap - got)) > 0)
		got += (size_t)n;
	close(p[0]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return got;
}

static void test_caps_match(void **state)
{
	struct vigil_renderer *s = open_renderer(VIGIL_RENDERER_SPLIT);
	uint8_t a[1376], b[1376];
	size_t la = 0, lb = 0;

	(void)state;
	for (uint32_t set = 1; set <= 2; set++) {
		memset(a, 0, sizeof(a));
		memset(b, 0xee, sizeof(b));
		la = direct_caps(set, a, sizeof(a));
		assert_int_equal(vigil_renderer_caps(s, set, b, sizeof(b), &lb), VIGIL_OK);
		assert_int_equal(la, lb);
		assert_memory_equal(a, b, la);
	}
	assert_int_equal(vigil_renderer_caps(s, 3, b, sizeof(b), &lb), VIGIL_E_UNSUPPORTED);
	vigil_renderer_destroy(s);
}

static void fill(uint8_t *p, size_t n, int on)
{
	for (size_t i = 0; i < n; i++)
		p[i] = on ? (uint8_t)(i * 13u + 5u) : 0;
}

static void round_trip(struct vigil_context *ctx, uint32_t id, uint8_t *mem)
{
	struct vigil_box box = { 0, 0, 0, 32, 16, 1 };

	fill(mem, TEX_BYTES, 1);
	assert_int_equal(vigil_transfer(ctx, VIGIL_TO_HOST, id, 0, &box, 0), VIGIL_OK);
	fill(mem, TEX_BYTES, 0);
	assert_int_equal(vigil_transfer(ctx, VIGIL_FROM_HOST, id, 0, &box, 0), VIGIL_OK);
	for (size_t i = 0; i < TEX_BYTES; i++)
		assert_int_equal(mem[i], (uint8_t)(i * 13u + 5u));
}

static void test_backings(void **state)
{
	struct vigil_renderer *r = open_renderer(VIGIL_RENDERER_SPLIT);
	struct vigil_context *ctx;
	uint8_t mem[TEX_BYTES];
	struct iovec iov = { mem, sizeof(mem) };
	struct vigil_backing b = { .kind = VIGIL_BACKING_IOV, .iov = &iov, .niov = 1, .fd = -1,
				   .size = TEX_BYTES };
	struct vigil_error e;
	uint8_t *map, *g;
	int fd, gfd = -1;

	(void)state;
	assert_int_equal(vigil_context_create(r, "split-backings", &ctx), VIGIL_OK);
	assert_int_equal(vigil_resource_create(ctx, 1, &tex, &b, NULL), VIGIL_E_UNSUPPORTED);
	vigil_context_error(ctx, &e);
	assert_false(e.poisoned);

	fd = memfd_create("api-split", MFD_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 4096 + TEX_BYTES), 0);
	map = mmap(NULL, 4096 + TEX_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	assert_true(map != MAP_FAILED);
	b = (struct vigil_backing){ .kind = VIGIL_BACKING_MEMFD, .fd = fd, .offset = 4096, .size = TEX_BYTES };
	assert_int_equal(vigil_resource_create(ctx, 2, &tex, &b, NULL), VIGIL_OK);
	round_trip(ctx, 2, map + 4096);

	b = (struct vigil_backing){ .kind = VIGIL_BACKING_NEW_MEMFD, .fd = -1 };
	assert_int_equal(vigil_resource_create(ctx, 3, &tex, &b, &gfd), VIGIL_OK);
	assert_true(gfd >= 0);
	g = mmap(NULL, TEX_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, gfd, 0);
	assert_true(g != MAP_FAILED);
	round_trip(ctx, 3, g);
	assert_int_equal(vigil_resource_unref(ctx, 3), VIGIL_OK);
	munmap(g, TEX_BYTES);
	close(gfd);

	/* a memfd shorter than offset + size: the core refuses to map it */
	assert_int_equal(ftruncate(fd, 4096 + TEX_BYTES - 1), 0);
	b = (struct vigil_backing){ .kind = VIGIL_BACKING_MEMFD, .fd = fd, .offset = 4096, .size = TEX_BYTES };
	assert_int_equal(vigil_resource_create(ctx, 4, &tex, &b, NULL), VIGIL_E_BACKING);
	vigil_context_error(ctx, &e);
	assert_int_equal(e.origin, VIGIL_ORIGIN_HOST);
	vigil_context_destroy(ctx);
	munmap(map, 4096 + TEX_BYTES);
	close(fd);
	vigil_renderer_destroy(r);
}

static void test_clear_and_fences(void **state)
{
	struct vigil_renderer *r = open_renderer(VIGIL_RENDERER_SPLIT);
	struct vigil_context *ctx;
	struct vigil_backing b = { .kind = VIGIL_BACKING_NEW_MEMFD, .fd = -1 };
	struct vigil_box box = { 0, 0, 0, 32, 16, 1 };
	uint32_t cmds[] = {
		HDR(VIGIL_CCMD_CREATE_SUB_CTX, 0, 1), 1, HDR(VIGIL_CCMD_SET_SUB_CTX, 0, 1), 1,
		HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_SURFACE, 5), 10, 1, VIGIL_FORMAT_R8G8B8A8_UNORM, 0, 0,
		HDR(VIGIL_CCMD_SET_FRAMEBUFFER_STATE, 0, 3), 1, 0, 10,
		HDR(VIGIL_CCMD_CLEAR, 0, 8), 4, 0x3e800000u, 0x3e4ccccdu, 0x3f400000u, 0x3f800000u, 0, 0, 0,
	};
	uint64_t last = 0;
	uint32_t *px;
	int fd = -1;

	(void)state;
	assert_int_equal(vigil_context_create(r, "split-clear", &ctx), VIGIL_OK);
	assert_int_equal(vigil_resource_create(ctx, 1, &tex, &b, &fd), VIGIL_OK);
	px = mmap(NULL, TEX_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	assert_true(px != MAP_FAILED);
	close(fd);
	assert_int_equal(vigil_submit(ctx, cmds, sizeof(cmds)), VIGIL_OK);
	assert_int_equal(vigil_fence_create(ctx, 1), VIGIL_OK);
	while (last != 1)
		assert_int_equal(vigil_fence_poll(ctx, UINT64_MAX, &last), VIGIL_OK);
	assert_int_equal(vigil_transfer(ctx, VIGIL_FROM_HOST, 1, 0, &box, 0), VIGIL_OK);
	for (unsigned i = 0; i < 32 * 16; i++)
		assert_int_equal(px[i], 0xffbf3340u);
	munmap(px, TEX_BYTES);
	vigil_context_destroy(ctx);
	vigil_renderer_destroy(r);
}

static void test_core_killed(void **state)
{
	struct vigil_renderer *r = open_renderer(VIGIL_RENDERER_SPLIT);
	struct vigil_context *ctx;
	struct vigil_backing b = { .kind = VIGIL_BACKING_NEW_MEMFD, .fd = -1 };
	uint32_t cmds[] = { HDR(VIGIL_CCMD_CREATE_SUB_CTX, 0, 1), 1 };
	struct vigil_error e;
	siginfo_t si;
	pid_t pid;
	int fd = -1;

	(void)state;
	assert_int_equal(vigil_context_create(r, "victim", &ctx), VIGIL_OK);
	assert_int_equal(vigil_resource_create(ctx, 1, &tex, &b, &fd), VIGIL_OK);
	close(fd);
	assert_int_equal(vigil_renderer_core_pid(r), core_pid());
	pid = core_pid();
	assert_int_equal(kill(pid, SIGKILL), 0);
	/* Dead (not reaped: the renderer reaps it): a submit is pipelined, so only a core known
	 * to be gone fails it at once (sending to it fails). */
	assert_int_equal(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT), 0);
	assert_int_equal(vigil_submit(ctx, cmds, sizeof(cmds)), VIGIL_E_STATE);
	vigil_context_error(ctx, &e);
	assert_true(e.poisoned);
	assert_int_equal(e.origin, VIGIL_ORIGIN_HOST);
	assert_non_null(strstr(e.text, "context lost: the rendering core died"));
	assert_int_equal(vigil_submit(ctx, cmds, sizeof(cmds)), VIGIL_E_POISONED);
	vigil_context_destroy(ctx); /* releases the backing locally, no hang */
	vigil_renderer_destroy(r);  /* reaps the killed core */

	r = open_renderer(VIGIL_RENDERER_SPLIT); /* a new pair serves again */
	assert_int_equal(vigil_context_create(r, "after", &ctx), VIGIL_OK);
	assert_int_equal(vigil_submit(ctx, cmds, sizeof(cmds)), VIGIL_OK);
	vigil_context_destroy(ctx);
	vigil_renderer_destroy(r);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_caps_match),
		cmocka_unit_test(test_backings),
		cmocka_unit_test(test_clear_and_fences),
		cmocka_unit_test(test_core_killed),
	};
	struct vigil_renderer_config cfg = { .api_version = VIGIL_API_VERSION };
	struct vigil_renderer *r;

	backend = argc > 1 && strcmp(argv[1], "gles") == 0 ? VIGIL_BACKEND_GLES : VIGIL_BACKEND_GL;
	cfg.backend = backend;
	cfg.flags = VIGIL_RENDERER_SPLIT;
	if (vigil_renderer_create(&cfg, &r) != VIGIL_OK) {
		/* in a child, so that this process never initializes EGL itself */
		pid_t pid = fork();
		int st = 0;

		if (pid == 0) {
			cfg.flags = 0;
			_exit(vigil_renderer_create(&cfg, &r) == VIGIL_OK ? 0 : 1);
		}
		if (pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0)
			printf("VIGIL_RENDERER_SPLIT unavailable (built without the sandbox?): skipped\n");
		else
			printf("no EGL display for this backend: skipped\n");
		return 77;
	}
	vigil_renderer_destroy(r);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
