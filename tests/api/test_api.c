/*
 * test_api.c: the public embedding API (vigil.h) as a VMM uses it, on the backend in argv[1]
 * ("gl" | "gles"; exit 77 without an EGL display).
 *
 * Covers: config checks; caps sets and sizes; the three backing kinds (iovecs scattered over
 * separate, out-of-order allocations; the caller's memfd; a new sealed memfd) with a round trip
 * each; backing_released exactly once, at the last reference; the error model (a bad command
 * poisons only its context, names the command and field, later calls say POISONED, a second
 * context keeps working); guest values of typed calls rejected like vtest's (box outside the
 * backing, unknown resource); submit copies its input; fences retire in order; busy state.
 */
#include <dlfcn.h>
#include <fcntl.h>
#include <link.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "vigil.h"
#include "vigil_spec.h" /* generated command and format ids */

#define HDR(id, obj, len) ((uint32_t)(id) | ((uint32_t)(obj) << 8) | ((uint32_t)(len) << 16))
#define CMD_CLEAR VIGIL_CCMD_CLEAR
#define CMD_SET_FRAMEBUFFER_STATE VIGIL_CCMD_SET_FRAMEBUFFER_STATE
#define CMD_CREATE_OBJECT VIGIL_CCMD_CREATE_OBJECT
#define OBJ_SURFACE VIGIL_OBJ_SURFACE
#define FMT_RGBA8 VIGIL_FORMAT_R8G8B8A8_UNORM
#define TARGET_2D 2u
#define BIND_RT 0x2u
#define BIND_SV 0x8u

static enum vigil_backend backend;

struct fixture {
	struct vigil_renderer *r;
	unsigned released;
	uint32_t released_id;
};

static void on_released(void *user, struct vigil_context *ctx, uint32_t res_id,
			const struct iovec *iov, unsigned niov)
{
	struct fixture *f = user;

	(void)ctx;
	(void)iov;
	(void)niov;
	f->released++;
	f->released_id = res_id;
}

static struct fixture *open_fixture(uint32_t flags)
{
	struct vigil_renderer_config cfg = { .api_version = VIGIL_API_VERSION, .backend = backend,
					     .flags = flags, .backing_released = on_released };
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	cfg.user = f;
	assert_int_equal(vigil_renderer_create(&cfg, &f->r), VIGIL_OK);
	return f;
}

static void close_fixture(struct fixture *f)
{
	vigil_renderer_destroy(f->r);
	free(f);
}

static void test_config(void **state)
{
	struct vigil_renderer_config cfg = { .api_version = VIGIL_API_VERSION, .backend = backend };
	struct vigil_renderer *r = NULL;

	(void)state;
	cfg.flags = 1u << 31;
	assert_int_equal(vigil_renderer_create(&cfg, &r), VIGIL_E_RESERVED);
	cfg.flags = 0;
	cfg.api_version = 99;
	assert_int_equal(vigil_renderer_create(&cfg, &r), VIGIL_E_RESERVED);
	cfg.api_version = VIGIL_API_VERSION;
	cfg.backend = (enum vigil_backend)7;
	assert_int_equal(vigil_renderer_create(&cfg, &r), VIGIL_E_RESERVED);
	assert_null(r);
	assert_int_equal(vigil_renderer_create(NULL, &r), VIGIL_E_RESERVED);
}

static void test_caps(void **state)
{
	struct fixture *f = open_fixture(0);
	uint8_t buf[2048];
	uint32_t max_set = 0, max_size = 0, v;
	size_t len = 0;

	(void)state;
	vigil_renderer_caps_info(f->r, &max_set, &max_size);
	assert_int_equal(max_set, 2);
	assert_int_equal(max_size, 1376);
	assert_int_equal(vigil_renderer_caps(f->r, 1, buf, sizeof(buf), &len), VIGIL_OK);
	assert_int_equal(len, 308);
	memcpy(&v, buf, 4);
	assert_int_equal(v, 1); /* max_version of set 1 */
	assert_int_equal(vigil_renderer_caps(f->r, 2, buf, sizeof(buf), &len), VIGIL_OK);
	assert_int_equal(len, 1376);
	memcpy(&v, buf, 4);
	assert_int_equal(v, 2);
	assert_int_equal(vigil_renderer_caps(f->r, 3, buf, sizeof(buf), &len), VIGIL_E_UNSUPPORTED);
	close_fixture(f);
}

static const struct vigil_resource_desc tex_desc = { TARGET_2D, FMT_RGBA8, BIND_SV | BIND_RT, 32, 16, 1, 1, 0, 0 };

/* Uploads a pattern from the backing, zeroes the backing, reads back, checks. `view` and
 * `set` let the caller see the backing through whatever layout it has. */
static void round_trip(struct vigil_context *ctx, uint32_t id, size_t size,
		       void (*fill)(void *u, size_t n, int pattern), int (*check)(void *u, size_t n), void *u)
{
	struct vigil_box b = { 0, 0, 0, 32, 16, 1 };

	fill(u, size, 1);
	assert_int_equal(vigil_transfer(ctx, VIGIL_TO_HOST, id, 0, &b, 0), VIGIL_OK);
	fill(u, size, 0);
	assert_int_equal(vigil_transfer(ctx, VIGIL_FROM_HOST, id, 0, &b, 0), VIGIL_OK);
	assert_true(check(u, size));
}

/* A logical backing scattered over separate allocations, in reverse order of address use. */
struct scatter {
	struct iovec iov[5];
	unsigned n;
};

static uint8_t *sc_byte(struct scatter *s, size_t off)
{
	for (unsigned i = 0; i < s->n; i++) {
		if (off < s->iov[i].iov_len)
			return (uint8_t *)s->iov[i].iov_base + off;
		off -= s->iov[i].iov_len;
	}
	fail();
	return NULL;
}

static void sc_fill(void *u, size_t n, int pattern)
{
	for (size_t i = 0; i < n; i++)
		*sc_byte(u, i) = pattern ? (uint8_t)(i * 7u + 3u) : 0;
}

static int sc_check(void *u, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (*sc_byte(u, i) != (uint8_t)(i * 7u + 3u))
			return 0;
	return 1;
}

static void lin_fill(void *u, size_t n, int pattern)
{
	uint8_t *p = u;

	for (size_t i = 0; i < n; i++)
		p[i] = pattern ? (uint8_t)(i * 7u + 3u) : 0;
}

static int lin_check(void *u, size_t n)
{
	const uint8_t *p = u;

	for (size_t i = 0; i < n; i++)
		if (p[i] != (uint8_t)(i * 7u + 3u))
			return 0;
	return 1;
}

static void test_backings(void **state)
{
	static const size_t parts[4] = { 1, 1023, 0, 333 }; /* then the rest */
	struct fixture *f = open_fixture(0);
	struct vigil_context *ctx;
	struct vigil_backing b = { .kind = VIGIL_BACKING_IOV, .fd = -1 };
	struct scatter sc = { .n = 5 };
	uint64_t size = 0;
	size_t used = 0;
	uint8_t *map;
	int fd, gfd = -1;

	(void)state;
	assert_int_equal(vigil_resource_layout_size(&tex_desc, &size), VIGIL_OK);
	assert_int_equal(size, 32 * 16 * 4);
	assert_int_equal(vigil_context_create(f->r, "backings", &ctx), VIGIL_OK);

	/* IOV: five separate allocations (one empty), the last taking the rest (691 bytes). */
	for (unsigned i = 0; i < 5; i++) {
		size_t len = i < 4 ? parts[i] : (size_t)size - used;

		sc.iov[i].iov_base = malloc(len ? len : 1);
		sc.iov[i].iov_len = len;
		used += len;
	}
	b.iov = sc.iov;
	b.niov = 5;
	b.size = size;
	assert_int_equal(vigil_resource_create(ctx, 1, &tex_desc, &b, NULL), VIGIL_OK);
	round_trip(ctx, 1, (size_t)size, sc_fill, sc_check, &sc);

	/* MEMFD: the caller's file, mapped by the renderer at a page offset. */
	fd = memfd_create("api-test", MFD_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 4096 + (off_t)size), 0);
	map = mmap(NULL, 4096 + (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	assert_true(map != MAP_FAILED);
	b = (struct vigil_backing){ .kind = VIGIL_BACKING_MEMFD, .fd = fd, .offset = 4096, .size = size };
	assert_int_equal(vigil_resource_create(ctx, 2, &tex_desc, &b, NULL), VIGIL_OK);
	round_trip(ctx, 2, (size_t)size, lin_fill, lin_check, map + 4096);

	/* NEW_MEMFD: the guest's fd, zero-filled and sealed against resizing. */
	b = (struct vigil_backing){ .kind = VIGIL_BACKING_NEW_MEMFD, .fd = -1 };
	assert_int_equal(vigil_resource_create(ctx, 3, &tex_desc, &b, &gfd), VIGIL_OK);
	assert_true(gfd >= 0);
	assert_int_equal(fcntl(gfd, F_GET_SEALS) & (F_SEAL_SHRINK | F_SEAL_GROW),
			 F_SEAL_SHRINK | F_SEAL_GROW);
	assert_int_not_equal(ftruncate(gfd, 1), 0);
	{
		uint8_t *g = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, gfd, 0);

		assert_true(g != MAP_FAILED);
		for (size_t i = 0; i < size; i++)
			assert_int_equal(g[i], 0); /* R8: nothing stale */
		round_trip(ctx, 3, (size_t)size, lin_fill, lin_check, g);
		munmap(g, (size_t)size);
	}
	close(gfd);

	/* backing_released: only IOV backings are the caller's; once, at the unref. */
	assert_int_equal(f->released, 0);
	assert_int_equal(vigil_resource_unref(ctx, 1), VIGIL_OK);
	assert_int_equal(f->released, 1);
	assert_int_equal(f->released_id, 1);
	vigil_context_destroy(ctx);
	assert_int_equal(f->released, 1);
	for (unsigned i = 0; i < 5; i++)
		free(sc.iov[i].iov_base);
	munmap(map, 4096 + (size_t)size);
	close(fd);
	close_fixture(f);
}

static void test_backing_errors(void **state)
{
	struct fixture *f = open_fixture(0);
	struct vigil_context *ctx;
	uint8_t mem[64];
	struct iovec iov = { mem, sizeof(mem) };
	struct vigil_backing b = { .kind = VIGIL_BACKING_IOV, .iov = &iov, .niov = 1, .fd = -1,
				   .size = sizeof(mem) };
	struct vigil_error e;

	(void)state;
	/* A backing smaller than the layout: the validator's BACKING, context poisoned. */
	assert_int_equal(vigil_context_create(f->r, "small", &ctx), VIGIL_OK);
	assert_int_equal(vigil_resource_create(ctx, 1, &tex_desc, &b, NULL), VIGIL_E_BACKING);
	vigil_context_error(ctx, &e);
	assert_true(e.poisoned);
	assert_int_equal(e.origin, VIGIL_ORIGIN_GUEST);
	assert_non_null(strstr(e.text, "RESOURCE_CREATE2"));
	vigil_context_destroy(ctx);

	/* A memfd shorter than offset + size: refused before mapping (no SIGBUS later). */
	assert_int_equal(vigil_context_create(f->r, "short-fd", &ctx), VIGIL_OK);
	{
		int fd = memfd_create("short", MFD_CLOEXEC);
		uint64_t size = 0;

		assert_int_equal(vigil_resource_layout_size(&tex_desc, &size), VIGIL_OK);
		assert_int_equal(ftruncate(fd, (off_t)size - 1), 0);
		b = (struct vigil_backing){ .kind = VIGIL_BACKING_MEMFD, .fd = fd, .size = size };
		assert_int_equal(vigil_resource_create(ctx, 1, &tex_desc, &b, NULL), VIGIL_E_BACKING);
		vigil_context_error(ctx, &e);
		assert_int_equal(e.origin, VIGIL_ORIGIN_HOST);
		close(fd);
	}
	vigil_context_destroy(ctx);
	assert_int_equal(f->released, 0);
	close_fixture(f);
}

static void test_poison(void **state)
{
	struct fixture *f = open_fixture(0);
	struct vigil_context *bad, *good;
	struct vigil_error e;
	struct vigil_box box = { 0, 0, 0, 1, 1, 1 };
	uint32_t cmds[11] = { HDR(CMD_SET_FRAMEBUFFER_STATE, 0, 10), 9 }; /* nr_cbufs 9 > 8 */
	uint64_t last = 0;
	bool busy = true;

	(void)state;
	assert_int_equal(vigil_context_create(f->r, "bad", &bad), VIGIL_OK);
	assert_int_equal(vigil_context_create(f->r, "good", &good), VIGIL_OK);
	vigil_context_error(bad, &e);
	assert_false(e.poisoned);
	assert_int_equal(e.status, VIGIL_OK);
	assert_int_not_equal(vigil_submit(bad, cmds, sizeof(cmds)), VIGIL_OK);
	vigil_context_error(bad, &e);
	assert_true(e.poisoned);
	assert_int_equal(e.origin, VIGIL_ORIGIN_GUEST);
	assert_int_equal(e.command, CMD_SET_FRAMEBUFFER_STATE);
	assert_non_null(strstr(e.text, "SET_FRAMEBUFFER_STATE"));
	/* Everything later: POISONED; the first error stays. */
	assert_int_equal(vigil_submit(bad, cmds, 4), VIGIL_E_POISONED);
	assert_int_equal(vigil_resource_create(bad, 5, &tex_desc, NULL, NULL), VIGIL_E_POISONED);
	assert_int_equal(vigil_transfer(bad, VIGIL_TO_HOST, 5, 0, &box, 0), VIGIL_E_POISONED);
	assert_int_equal(vigil_fence_create(bad, 1), VIGIL_E_POISONED);
	assert_int_equal(vigil_fence_poll(bad, 0, &last), VIGIL_E_POISONED);
	assert_int_equal(vigil_resource_busy(bad, 5, 0, &busy), VIGIL_E_POISONED);
	vigil_context_error(bad, &e);
	assert_int_equal(e.command, CMD_SET_FRAMEBUFFER_STATE);
	/* The other context is untouched. */
	assert_int_equal(vigil_resource_create(good, 5, &tex_desc, NULL, NULL), VIGIL_OK);
	vigil_context_error(good, &e);
	assert_false(e.poisoned);
	vigil_context_destroy(bad);
	vigil_context_destroy(good);
	close_fixture(f);
}

static void test_typed_calls_validated(void **state)
{
	struct fixture *f = open_fixture(0);
	struct vigil_context *ctx;
	struct vigil_backing b = { .kind = VIGIL_BACKING_NEW_MEMFD, .fd = -1 };
	struct vigil_box box = { 0, 0, 0, 32, 16, 1 };
	struct vigil_resource_desc cube_bad = { 4, FMT_RGBA8, BIND_SV, 16, 8, 1, 6, 0, 0 };
	struct vigil_error e;
	int fd = -1;

	(void)state;
	/* Box outside the backing (offset past the end). */
	assert_int_equal(vigil_context_create(f->r, "box", &ctx), VIGIL_OK);
	assert_int_equal(vigil_resource_create(ctx, 1, &tex_desc, &b, &fd), VIGIL_OK);
	close(fd);
	assert_int_equal(vigil_transfer(ctx, VIGIL_FROM_HOST, 1, 0, &box, 4), VIGIL_E_BACKING);
	vigil_context_destroy(ctx);
	/* Box outside the level. */
	assert_int_equal(vigil_context_create(f->r, "level", &ctx), VIGIL_OK);
	assert_int_equal(vigil_resource_create(ctx, 1, &tex_desc, &b, &fd), VIGIL_OK);
	close(fd);
	box.w = 33;
	assert_int_equal(vigil_transfer(ctx, VIGIL_TO_HOST, 1, 0, &box, 0), VIGIL_E_BOX);
	vigil_context_destroy(ctx);
	/* Unknown resource: unref ignores it (as virglrenderer does), a transfer is rejected. */
	assert_int_equal(vigil_context_create(f->r, "unknown", &ctx), VIGIL_OK);
	assert_int_equal(vigil_resource_unref(ctx, 77), VIGIL_OK);
	vigil_context_error(ctx, &e);
	assert_false(e.poisoned);
	box.w = 1;
	assert_int_equal(vigil_transfer(ctx, VIGIL_TO_HOST, 77, 0, &box, 0), VIGIL_E_UNKNOWN_HANDLE);
	vigil_context_destroy(ctx);
	/* A cube that is not square (R5): the validator's reason, also from layout_size. */
	assert_int_equal(vigil_context_create(f->r, "cube", &ctx), VIGIL_OK);
	assert_int_equal(vigil_resource_create(ctx, 1, &cube_bad, &b, &fd), VIGIL_E_RANGE);
	assert_int_equal(fd, -1);
	vigil_context_error(ctx, &e);
	assert_int_equal(e.origin, VIGIL_ORIGIN_GUEST);
	vigil_context_destroy(ctx);
	close_fixture(f);
}

/* CLEAR through a submit: the command buffer is copied before validation, so scribbling on it
 * after the call changes nothing. */
static void test_submit_and_fences(void **state)
{
	struct fixture *f = open_fixture(0);
	struct vigil_context *ctx;
	struct vigil_backing b = { .kind = VIGIL_BACKING_NEW_MEMFD, .fd = -1 };
	struct vigil_box box = { 0, 0, 0, 32, 16, 1 };
	uint32_t cmds[] = {
		HDR(VIGIL_CCMD_CREATE_SUB_CTX, 0, 1), 1, HDR(VIGIL_CCMD_SET_SUB_CTX, 0, 1), 1,
		HDR(CMD_CREATE_OBJECT, OBJ_SURFACE, 5), 10, 1, FMT_RGBA8, 0, 0,
		HDR(CMD_SET_FRAMEBUFFER_STATE, 0, 3), 1, 0, 10,
		/* CLEAR color: buffers = PIPE_CLEAR_COLOR0, rgba (0.25, 0.2, 0.75, 1.0), depth, stencil */
		HDR(CMD_CLEAR, 0, 8), 4, 0x3e800000u, 0x3e4ccccdu, 0x3f400000u, 0x3f800000u, 0, 0, 0,
	};
	uint64_t last = 0;
	bool busy = true;
	uint32_t *px;
	int fd = -1;

	(void)state;
	assert_int_equal(vigil_context_create(f->r, "submit", &ctx), VIGIL_OK);
	assert_int_equal(vigil_resource_create(ctx, 1, &tex_desc, &b, &fd), VIGIL_OK);
	px = mmap(NULL, 32 * 16 * 4, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	assert_true(px != MAP_FAILED);
	close(fd);
	assert_int_equal(vigil_fence_create(ctx, 5), VIGIL_OK);
	assert_int_equal(vigil_fence_create(ctx, 5), VIGIL_E_RANGE); /* ids must increase */
	assert_int_equal(vigil_submit(ctx, cmds, sizeof(cmds)), VIGIL_OK);
	memset(cmds, 0xff, sizeof(cmds));
	assert_int_equal(vigil_fence_create(ctx, 6), VIGIL_OK);
	assert_int_equal(vigil_fence_poll(ctx, UINT64_MAX, &last), VIGIL_OK);
	assert_true(last == 5 || last == 6);
	while (last != 6)
		assert_int_equal(vigil_fence_poll(ctx, UINT64_MAX, &last), VIGIL_OK);
	assert_int_equal(vigil_resource_busy(ctx, 1, UINT64_MAX, &busy), VIGIL_OK);
	assert_false(busy);
	assert_int_equal(vigil_transfer(ctx, VIGIL_FROM_HOST, 1, 0, &box, 0), VIGIL_OK);
	for (unsigned i = 0; i < 32 * 16; i++)
		assert_int_equal(px[i], 0xffbf3340u); /* A=ff B=bf G=33 R=40, little endian */
	munmap(px, 32 * 16 * 4);
	vigil_context_destroy(ctx);
	close_fixture(f);
}

static void test_sync_flag(void **state)
{
	struct fixture *f = open_fixture(VIGIL_RENDERER_SYNC);
	struct vigil_context *ctx;
	uint32_t cmds[] = { HDR(VIGIL_CCMD_CREATE_SUB_CTX, 0, 1), 1 };
	bool busy = true;

	(void)state;
	assert_int_equal(vigil_context_create(f->r, "sync", &ctx), VIGIL_OK);
	assert_int_equal(vigil_submit(ctx, cmds, sizeof(cmds)), VIGIL_OK);
	assert_int_equal(vigil_resource_busy(ctx, 0, 0, &busy), VIGIL_OK);
	assert_false(busy);
	assert_int_equal(vigil_submit(ctx, cmds, 6), VIGIL_E_LENGTH); /* not whole dwords */
	vigil_context_destroy(ctx);
	close_fixture(f);
}

/* Keep Mesa's driver modules mapped until exit so that LeakSanitizer can name their frames
 * (tests/core/lsan.supp suppresses Mesa's own allocations by module, never vigil's). */
static int pin_module(struct dl_phdr_info *info, size_t size, void *user)
{
	(void)size;
	(void)user;
	if (info->dlpi_name && (strstr(info->dlpi_name, "_dri.so") || strstr(info->dlpi_name, "gallium") ||
				strstr(info->dlpi_name, "LLVM")))
		(void)dlopen(info->dlpi_name, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
	return 0;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_backings),
		cmocka_unit_test(test_backing_errors),
		cmocka_unit_test(test_poison),
		cmocka_unit_test(test_typed_calls_validated),
		cmocka_unit_test(test_submit_and_fences),
		cmocka_unit_test(test_sync_flag),
	};
	struct vigil_renderer_config cfg = { .api_version = VIGIL_API_VERSION };
	struct vigil_renderer *r;

	backend = argc > 1 && strcmp(argv[1], "gles") == 0 ? VIGIL_BACKEND_GLES : VIGIL_BACKEND_GL;
	cfg.backend = backend;
	if (vigil_renderer_create(&cfg, &r) != VIGIL_OK) {
		printf("no EGL display for this backend: skipped\n");
		return 77;
	}
	dl_iterate_phdr(pin_module, NULL);
	vigil_renderer_destroy(r);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
