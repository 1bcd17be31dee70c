/*
 * workload.c: the GL work a core process does after entering its sandbox, through the public
 * API only (vigil.h): a context, two resources (the caller's memfd, mapped by the renderer, and
 * iovecs), a submitted CLEAR, a fence waited on, a transfer back and the pixels checked, a
 * mirrored BLIT read back, then everything destroyed including the renderer (EGL teardown also
 * runs sandboxed in the core).
 *
 * Test code; inputs are constants. Returns 0 when every step and every pixel is as expected,
 * else a small positive step number (printed by the caller).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vigil.h"
#include "vigil_spec.h"
#include "workload.h"

#define HDR(id, obj, len) ((uint32_t)(id) | ((uint32_t)(obj) << 8) | ((uint32_t)(len) << 16))
#define W 32u
#define H 16u
#define BYTES (W * H * 4u)

static const struct vigil_resource_desc desc = { 2u /* 2D */, VIGIL_FORMAT_R8G8B8A8_UNORM,
						 0x8u | 0x2u /* sampler view | render target */,
						 W, H, 1, 1, 0, 0 };

int sbx_workload_prepare(enum vigil_backend backend, struct sbx_workload *w)
{
	struct vigil_renderer_config cfg = { .api_version = VIGIL_API_VERSION, .backend = backend };

	memset(w, 0, sizeof(*w));
	w->memfd = memfd_create("sbx-backing", MFD_CLOEXEC);
	if (w->memfd < 0 || ftruncate(w->memfd, BYTES) != 0)
		return -1;
	w->iov_mem = calloc(1, BYTES);
	if (!w->iov_mem)
		return -1;
	return vigil_renderer_create(&cfg, &w->r) == VIGIL_OK ? 0 : 1;
}

/* Clears resource `id` to (0.25, 0.2, 0.75, 1.0) and reads it back into its backing. */
static int clear_and_read(struct vigil_context *ctx, uint32_t id)
{
	uint32_t cmds[] = {
		HDR(VIGIL_CCMD_CREATE_SUB_CTX, 0, 1), 1, HDR(VIGIL_CCMD_SET_SUB_CTX, 0, 1), 1,
		HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_SURFACE, 5), 10, id, VIGIL_FORMAT_R8G8B8A8_UNORM, 0, 0,
		HDR(VIGIL_CCMD_SET_FRAMEBUFFER_STATE, 0, 3), 1, 0, 10,
		HDR(VIGIL_CCMD_CLEAR, 0, 8), 4, 0x3e800000u, 0x3e4ccccdu, 0x3f400000u, 0x3f800000u, 0, 0, 0,
	};
	struct vigil_box box = { 0, 0, 0, W, H, 1 };
	uint64_t last = 0;
	bool busy = true;

	if (vigil_submit(ctx, cmds, sizeof(cmds)) != VIGIL_OK)
		return 10;
	if (vigil_fence_create(ctx, id) != VIGIL_OK)
		return 11;
	while (last != id)
		if (vigil_fence_poll(ctx, UINT64_MAX, &last) != VIGIL_OK)
			return 12;
	if (vigil_resource_busy(ctx, id, UINT64_MAX, &busy) != VIGIL_OK || busy)
		return 13;
	return vigil_transfer(ctx, VIGIL_FROM_HOST, id, 0, &box, 0) == VIGIL_OK ? 0 : 14;
}

/* BLIT all of resource 1 onto resource 2, mirrored in x (a negative source width): llvmpipe
 * compiles a blit shader here, which is where glibc's qsort() asks sysinfo(2). Uniform
 * colours, so the mirrored result reads back the same. */
static int blit_and_read(struct vigil_context *ctx)
{
	uint32_t cmds[] = {
		HDR(VIGIL_CCMD_BLIT, 0, 21), 0xf, 0, 0,
		2, 0, VIGIL_FORMAT_R8G8B8A8_UNORM, 0, 0, 0, W, H, 1,
		1, 0, VIGIL_FORMAT_R8G8B8A8_UNORM, W, 0, 0, (uint32_t)-(int32_t)W, H, 1,
	};
	struct vigil_box box = { 0, 0, 0, W, H, 1 };
	uint64_t last = 0;

	if (vigil_submit(ctx, cmds, sizeof(cmds)) != VIGIL_OK)
		return 20;
	if (vigil_fence_create(ctx, 3) != VIGIL_OK)
		return 21;
	while (last != 3)
		if (vigil_fence_poll(ctx, UINT64_MAX, &last) != VIGIL_OK)
			return 22;
	return vigil_transfer(ctx, VIGIL_FROM_HOST, 2, 0, &box, 0) == VIGIL_OK ? 0 : 23;
}

static int check(const uint32_t *px)
{
	for (unsigned i = 0; i < W * H; i++)
		if (px[i] != 0xffbf3340u) /* A=ff B=bf G=33 R=40, little endian */
			return 1;
	return 0;
}

int sbx_workload_run(struct sbx_workload *w)
{
	struct vigil_backing mb = { .kind = VIGIL_BACKING_MEMFD, .fd = w->memfd, .size = BYTES };
	struct iovec iov = { w->iov_mem, BYTES };
	struct vigil_backing ib = { .kind = VIGIL_BACKING_IOV, .iov = &iov, .niov = 1, .fd = -1, .size = BYTES };
	struct vigil_context *ctx = NULL;
	uint32_t *px;
	int rc;

	if (vigil_context_create(w->r, "sandboxed", &ctx) != VIGIL_OK)
		return 2;
	if (vigil_resource_create(ctx, 1, &desc, &mb, NULL) != VIGIL_OK)
		return 3;
	if (vigil_resource_create(ctx, 2, &desc, &ib, NULL) != VIGIL_OK)
		return 4;
	rc = clear_and_read(ctx, 1);
	if (rc == 0)
		rc = clear_and_read(ctx, 2) ? 5 : 0;
	if (rc == 0 && check(w->iov_mem))
		rc = 6;
	if (rc == 0)
		rc = blit_and_read(ctx);
	if (rc == 0 && check(w->iov_mem))
		rc = 8;
	px = mmap(NULL, BYTES, PROT_READ, MAP_SHARED, w->memfd, 0);
	if (rc == 0 && (px == MAP_FAILED || check(px)))
		rc = 7;
	if (px != MAP_FAILED)
		munmap(px, BYTES);
	vigil_context_destroy(ctx);
	vigil_renderer_destroy(w->r);
	w->r = NULL;
	return rc;
}
