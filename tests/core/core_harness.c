/*
 * core_harness.c: see core_harness.h. Aborts with a message when the fixture setup itself
 * fails, since every result would be meaningless then. Synthesized records come from
 * validator/vigil_xrec.h, as in the server.
 */
#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_harness.h"
#include "vigil_xrec.h"

static void release(void *user, void *mem, size_t size)
{
	struct ch *c = user;

	(void)size;
	c->released++;
	free(mem);
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
	struct vigil_core_config cfg = { .backend = b };
	struct vigil_core *core;

	if (vigil_core_create(&cfg, &core) != VIGIL_OK)
		return false;
	dl_iterate_phdr(pin_module, NULL);
	vigil_core_destroy(core);
	return true;
}

static void must(vigil_status s, const char *what)
{
	if (s != VIGIL_OK) {
		fprintf(stderr, "core harness: %s failed: %s\n", what, vigil_status_name(s));
		abort();
	}
}

vigil_status ch_vtest(struct ch *c, uint32_t id, uint32_t len, const uint32_t *dw, size_t n)
{
	vigil_status s;

	vigil_recbuf_reset(&c->rb);
	s = vigil_val_vtest(c->val, id, len, dw, n * 4u, NULL, 0, &c->rb);
	if (s != VIGIL_OK)
		return s;
	return vigil_core_execute(c->ctx, c->rb.buf, c->rb.len);
}

vigil_status ch_submit(struct ch *c, const uint32_t *dw, size_t n)
{
	vigil_status s;

	vigil_recbuf_reset(&c->rb);
	s = vigil_val_submit(c->val, dw, n * 4u, &c->rb);
	if (s != VIGIL_OK)
		return s;
	return vigil_core_execute(c->ctx, c->rb.buf, c->rb.len);
}

void ch_open(struct ch *c, enum vigil_backend b)
{
	struct vigil_core_config cfg = { .backend = b, .release_backing = release, .release_user = c };
	struct vigil_val_config vc = { .features = vigil_val_all_features() };
	static const char name[8] = "test";
	uint32_t v = 2;

	memset(c, 0, sizeof(*c));
	c->backend = b;
	c->next_guest = 1;
	must(vigil_core_create(&cfg, &c->core), "core");
	vc.features = vigil_core_features(c->core) | VIGIL_FEATURE_TRANSFER | VIGIL_FEATURE_CLEAR_TEXTURE;
	must(vigil_core_ctx_create(c->core, "test", &c->ctx), "context");
	c->val = vigil_val_create(&vc);
	if (!c->val)
		abort();
	vigil_recbuf_reset(&c->rb);
	must(vigil_val_vtest(c->val, VIGIL_VCMD_CREATE_RENDERER, 5, name, 5, NULL, 0, &c->rb), "renderer");
	must(ch_vtest(c, VIGIL_VCMD_PROTOCOL_VERSION, 1, &v, 1), "version");
	must(CH_SUBMIT(c, CH_HDR(VIGIL_CCMD_CREATE_SUB_CTX, 0, 1), 1, CH_HDR(VIGIL_CCMD_SET_SUB_CTX, 0, 1), 1),
	     "sub-context");
}

void ch_close(struct ch *c)
{
	vigil_core_ctx_destroy(c->ctx);
	vigil_core_destroy(c->core);
	vigil_val_destroy(c->val);
	vigil_recbuf_free(&c->rb);
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
	struct ch_res *r = ch_get(c, 0);
	uint32_t dw[11];
	size_t pos;

	for (int i = 0; i < CH_MAX_RES && !r; i++)
		if (!c->res[i].guest)
			r = &c->res[i];
	if (!r || vigil_res_desc_init(&r->desc, &a) != VIGIL_OK)
		return 0;
	r->size = samples > 1 ? 0 : (size_t)r->desc.layout_size;
	dw[0] = c->next_guest;
	memcpy(&dw[1], (const uint32_t[]){ target, format, bind, w, h, d, array_size, last_level, samples,
					   (uint32_t)r->size }, 10 * 4);
	if (ch_vtest(c, VIGIL_VCMD_RESOURCE_CREATE2, 11, dw, 11) != VIGIL_OK)
		return 0;
	for (pos = 0; pos + 8 <= c->rb.len;) { /* find the handle record */
		struct vigil_rec_hdr hd;
		memcpy(&hd, c->rb.buf + pos, sizeof(hd));
		if (hd.type == VIGIL_XREC_RESOURCE_HANDLE)
			memcpy(&r->handle, c->rb.buf + pos + 12, 4);
		pos += hd.size;
	}
	r->guest = c->next_guest++;
	if (r->size) {
		r->mem = malloc(r->size);
		memset(r->mem, 0xa5, r->size);
		must(vigil_core_attach_backing(c->ctx, r->handle, r->mem, r->size), "attach");
	}
	return r->guest;
}

void ch_unref(struct ch *c, uint32_t guest)
{
	struct ch_res *r = ch_get(c, guest);

	must(ch_vtest(c, VIGIL_VCMD_RESOURCE_UNREF, 1, &guest, 1), "unref");
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

static vigil_status xfer(struct ch *c, uint32_t id, uint32_t guest, uint32_t level, const struct vigil_box *b)
{
	struct ch_res *r = ch_get(c, guest);
	size_t row, rows;
	uint32_t dw[10];

	if (!r)
		return VIGIL_E_UNKNOWN_HANDLE;
	ch_box_rows(r, b, &row, &rows);
	dw[0] = guest;
	dw[1] = level;
	memcpy(&dw[2], b, 6 * 4);
	dw[8] = (uint32_t)(row * rows * b->d);
	dw[9] = (uint32_t)ch_offset(r, level, b->x, b->y, b->z);
	return ch_vtest(c, id, id == VIGIL_VCMD_TRANSFER_PUT2 ? 10u + (dw[8] + 3u) / 4u : 10u, dw, 10);
}

vigil_status ch_put(struct ch *c, uint32_t guest, uint32_t level, const struct vigil_box *b)
{
	return xfer(c, VIGIL_VCMD_TRANSFER_PUT2, guest, level, b);
}

vigil_status ch_get2(struct ch *c, uint32_t guest, uint32_t level, const struct vigil_box *b)
{
	return xfer(c, VIGIL_VCMD_TRANSFER_GET2, guest, level, b);
}
