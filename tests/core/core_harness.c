/*
 * core_harness.c: see core_harness.h. Aborts with a message when the fixture setup itself
 * fails, since every result would be meaningless then. Uses only vigil.h, plus the validator's
 * resource.h to compute guest-layout offsets as Mesa would.
 */
#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_harness.h"

static void released(void *user, struct vigil_context *ctx, uint32_t res_id, const struct iovec *iov,
		     unsigned niov)
{
	struct ch *c = user;

	(void)ctx;
	(void)res_id;
	(void)niov;
	c->released++;
	free(iov[0].iov_base); /* the parts all lie in one allocation that starts at part 0 */
}

enum vigil_backend ch_backend(int argc, char **argv)
{
	return argc > 1 && strcmp(argv[1], "gles") == 0 ? VIGIL_BACKEND_GLES : VIGIL_BACKEND_GL;
}

/* Keep Mesa's driver modules mapped until exit so that LeakSanitizer can name them (and the
 * suppressions in lsan.supp match only Mesa's own allocations, never vigil's). */
static int pin_module(struct dl_phdr_info *info, size_t size, void *user)
{
	(void)size;
	(void)user;
	if (info->dlpi_name && (strstr(info->dlpi_name, "_dri.so") || strstr(info->dlpi_name, "gallium") ||
				strstr(info->dlpi_name, "LLVM")))
		(void)dlopen(info->dlpi_name, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
	return 0;
}

bool ch_probe(enum vigil_backend b)
{
	struct vigil_renderer_config cfg = { .api_version = VIGIL_API_VERSION, .backend = b };
	struct vigil_renderer *r;

	if (vigil_renderer_create(&cfg, &r) != VIGIL_OK)
		return false;
	dl_iterate_phdr(pin_module, NULL);
	vigil_renderer_destroy(r);
	return true;
}

static void must(vigil_status s, const char *what)
{
	if (s != VIGIL_OK) {
		fprintf(stderr, "core harness: %s failed: %s\n", what, vigil_status_name(s));
		abort();
	}
}

vigil_status ch_submit(struct ch *c, const uint32_t *dw, size_t n)
{
	return vigil_submit(c->ctx, dw, n * 4u);
}

void ch_open(struct ch *c, enum vigil_backend b)
{
	struct vigil_renderer_config cfg = { .api_version = VIGIL_API_VERSION, .backend = b,
					     .flags = VIGIL_RENDERER_ENCODED_TRANSFERS,
					     .backing_released = released };

	memset(c, 0, sizeof(*c));
	cfg.user = c;
	c->backend = b;
	c->next_guest = 1;
	must(vigil_renderer_create(&cfg, &c->r), "renderer");
	must(vigil_context_create(c->r, "test", &c->ctx), "context");
	must(CH_SUBMIT(c, CH_HDR(VIGIL_CCMD_CREATE_SUB_CTX, 0, 1), 1, CH_HDR(VIGIL_CCMD_SET_SUB_CTX, 0, 1), 1),
	     "sub-context");
}

void ch_close(struct ch *c)
{
	vigil_context_destroy(c->ctx);
	vigil_renderer_destroy(c->r);
}

struct ch_res *ch_get(struct ch *c, uint32_t guest)
{
	for (int i = 0; i < CH_MAX_RES; i++)
		if (c->res[i].guest == guest && guest)
			return &c->res[i];
	return NULL;
}

uint32_t ch_res(struct ch *c, uint32_t target, uint32_t format, uint32_t bind, uint32_t w,
		uint32_t h, uint32_t d, uint32_t array_size, uint32_t last_level, uint32_t samples)
{
	struct vigil_res_args a = { target, format, bind, w, h, d, array_size, last_level, samples, 0 };
	struct vigil_resource_desc rd = { target, format, bind, w, h, d, array_size, last_level, samples };
	struct vigil_backing bk = { .kind = VIGIL_BACKING_NONE, .fd = -1 };
	struct iovec iov[CH_IOV_PARTS];
	struct ch_res *r = ch_get(c, 0);

	for (int i = 0; i < CH_MAX_RES && !r; i++)
		if (!c->res[i].guest)
			r = &c->res[i];
	if (!r || vigil_res_desc_init(&r->desc, &a) != VIGIL_OK)
		return 0;
	r->size = samples > 1 ? 0 : (size_t)r->desc.layout_size;
	if (r->size) {
		/* Uneven parts: a third minus one byte, then the rest split unevenly. */
		size_t p0 = r->size / 3 ? r->size / 3 - (r->size > 3) : 0, p1 = (r->size - p0) / 2 + 1;

		if (p0 + p1 > r->size)
			p1 = r->size - p0;
		r->mem = malloc(r->size);
		if (!r->mem)
			abort();
		memset(r->mem, 0xa5, r->size);
		iov[0] = (struct iovec){ r->mem, p0 };
		iov[1] = (struct iovec){ r->mem + p0, p1 };
		iov[2] = (struct iovec){ r->mem + p0 + p1, r->size - p0 - p1 };
		bk = (struct vigil_backing){ .kind = VIGIL_BACKING_IOV, .iov = iov, .niov = CH_IOV_PARTS,
					     .fd = -1, .size = r->size };
	}
	if (vigil_resource_create(c->ctx, c->next_guest, &rd, &bk, NULL) != VIGIL_OK) {
		free(r->mem);
		r->mem = NULL;
		return 0;
	}
	r->guest = c->next_guest++;
	return r->guest;
}

void ch_unref(struct ch *c, uint32_t guest)
{
	struct ch_res *r = ch_get(c, guest);

	must(vigil_resource_unref(c->ctx, guest), "unref");
	if (r)
		memset(r, 0, sizeof(*r));
}

size_t ch_offset(const struct ch_res *r, uint32_t level, uint32_t x, uint32_t y, uint32_t z)
{
	const struct vigil_res_level *lv = &r->desc.level[level];
	const struct vigil_format_desc *f = &r->desc.fmt;

	if (r->desc.target == VIGIL_RES_TARGET_BUFFER)
		return x;
	return (size_t)(lv->offset + z * lv->layer_stride + (y / f->block_h) * lv->stride +
			(x / f->block_w) * f->block_bytes);
}

void ch_box_rows(const struct ch_res *r, const struct vigil_box *b, size_t *ret_row, size_t *ret_rows)
{
	const struct vigil_format_desc *f = &r->desc.fmt;

	*ret_row = (size_t)((b->w + f->block_w - 1u) / f->block_w) * f->block_bytes;
	*ret_rows = (b->h + f->block_h - 1u) / f->block_h;
}

static vigil_status xfer(struct ch *c, enum vigil_transfer_dir dir, uint32_t guest, uint32_t level,
			 const struct vigil_box *b)
{
	struct ch_res *r = ch_get(c, guest);

	if (!r)
		return VIGIL_E_UNKNOWN_HANDLE;
	return vigil_transfer(c->ctx, dir, guest, level, b, ch_offset(r, level, b->x, b->y, b->z));
}

vigil_status ch_put(struct ch *c, uint32_t guest, uint32_t level, const struct vigil_box *b)
{
	return xfer(c, VIGIL_TO_HOST, guest, level, b);
}

vigil_status ch_get2(struct ch *c, uint32_t guest, uint32_t level, const struct vigil_box *b)
{
	return xfer(c, VIGIL_FROM_HOST, guest, level, b);
}
