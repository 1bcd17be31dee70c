/*
 * core_direct.c: the core_if.h table over the rendering core in this process (single-process
 * mode): every operation is the vigil_core_* call of the same name, the opaque handles are the
 * core's own pointers.
 *
 * Inputs and guarantees are the core's (core/vigil_core.h): this file adds nothing and checks
 * nothing, it only names the seam. The core is never lost in this mode.
 */
#include "core_if.h"

#define CORE(c) ((struct vigil_core *)(void *)(c))
#define CCTX(x) ((struct vigil_core_ctx *)(void *)(x))
#define FENCE(f) ((struct vigil_core_fence *)(void *)(f))

static void d_destroy(struct lib_core *c) { vigil_core_destroy(CORE(c)); }
static uint32_t d_features(struct lib_core *c) { return vigil_core_features(CORE(c)); }
static bool d_lost(struct lib_core *c) { (void)c; return false; }
static long d_core_pid(struct lib_core *c) { (void)c; return 0; }

static vigil_status d_caps(struct lib_core *c, uint32_t set, void *buf, size_t cap, size_t *ret_len)
{
	return vigil_core_caps(CORE(c), set, buf, cap, ret_len);
}

static vigil_status d_ctx_create(struct lib_core *c, const char *name, struct lib_core_ctx **ret)
{
	struct vigil_core_ctx *x = NULL;
	vigil_status s = vigil_core_ctx_create(CORE(c), name, &x);

	if (s == VIGIL_OK)
		*ret = (struct lib_core_ctx *)(void *)x;
	return s;
}

static void d_ctx_destroy(struct lib_core *c, struct lib_core_ctx *x)
{
	(void)c;
	vigil_core_ctx_destroy(CCTX(x));
}

static vigil_status d_execute(struct lib_core *c, struct lib_core_ctx *x, const void *rec, size_t len,
			       uint32_t msg)
{
	(void)c;
	(void)msg;
	return vigil_core_execute(CCTX(x), rec, len);
}

/* Executes run at once here: nothing is ever outstanding or deferred. */
static vigil_status d_sync(struct lib_core *c, struct lib_core_ctx *x)
{
	(void)c;
	(void)x;
	return VIGIL_OK;
}

static vigil_status d_deferred(struct lib_core *c, struct lib_core_ctx *x, uint32_t *ret_msg)
{
	(void)c;
	(void)x;
	*ret_msg = 0;
	return VIGIL_OK;
}

static vigil_status d_attach(struct lib_core *c, struct lib_core_ctx *x, uint32_t handle,
			     const struct lib_attach *a, void *cookie, uint32_t msg)
{
	(void)c;
	(void)msg;
	return vigil_core_attach_backing(CCTX(x), handle, a->iov, a->niov, cookie);
}

static vigil_status d_transfer_inline(struct lib_core *c, struct lib_core_ctx *x, uint32_t handle,
				      uint32_t level, const struct vigil_box *b, uint32_t stride,
				      uint32_t layer_stride, void *data, size_t size, bool to_host)
{
	(void)c;
	return vigil_core_transfer_inline(CCTX(x), handle, level, b, stride, layer_stride, data, size, to_host);
}

static vigil_status d_wait_idle(struct lib_core *c, struct lib_core_ctx *x)
{
	(void)c;
	return vigil_core_wait_idle(CCTX(x));
}

static vigil_status d_busy(struct lib_core *c, struct lib_core_ctx *x, uint64_t timeout_ns, bool *ret_busy)
{
	(void)c;
	return vigil_core_busy(CCTX(x), timeout_ns, ret_busy);
}

static vigil_status d_fence_create(struct lib_core *c, struct lib_core_ctx *x, struct lib_core_fence **ret)
{
	struct vigil_core_fence *f = NULL;
	vigil_status s = vigil_core_fence_create(CCTX(x), &f);

	(void)c;
	if (s == VIGIL_OK)
		*ret = (struct lib_core_fence *)(void *)f;
	return s;
}

static vigil_status d_fence_wait(struct lib_core *c, struct lib_core_ctx *x, struct lib_core_fence *f,
				 uint64_t timeout_ns, bool *ret_signaled)
{
	(void)c;
	return vigil_core_fence_wait(CCTX(x), FENCE(f), timeout_ns, ret_signaled);
}

static void d_fence_destroy(struct lib_core *c, struct lib_core_ctx *x, struct lib_core_fence *f)
{
	(void)c;
	vigil_core_fence_destroy(CCTX(x), FENCE(f));
}

static const struct lib_core_ops direct_ops = {
	.passes_fds = false,
	.destroy = d_destroy,
	.features = d_features,
	.lost = d_lost,
	.core_pid = d_core_pid,
	.caps = d_caps,
	.ctx_create = d_ctx_create,
	.ctx_destroy = d_ctx_destroy,
	.execute = d_execute,
	.sync = d_sync,
	.deferred = d_deferred,
	.attach = d_attach,
	.transfer_inline = d_transfer_inline,
	.wait_idle = d_wait_idle,
	.busy = d_busy,
	.fence_create = d_fence_create,
	.fence_wait = d_fence_wait,
	.fence_destroy = d_fence_destroy,
};

vigil_status lib_core_direct_create(const struct vigil_core_config *cc, const struct lib_core_ops **ret_ops,
				    struct lib_core **ret_core)
{
	struct vigil_core *core = NULL;
	vigil_status s = vigil_core_create(cc, &core);

	if (s != VIGIL_OK)
		return s;
	*ret_ops = &direct_ops;
	*ret_core = (struct lib_core *)(void *)core;
	return VIGIL_OK;
}
