/*
 * resource.c: the typed resource calls of the embedding API: layout size, creation with a
 * backing, unref and transfers. Each is encoded as the vtest message it corresponds to
 * (RESOURCE_CREATE2, RESOURCE_UNREF, TRANSFER_PUT2 / TRANSFER_GET2) and goes through lib_run,
 * so the generated validator checks a VMM's guest values exactly as it checks a vtest client's.
 *
 * Inputs: guest values (hostile: ids, descriptions, boxes, offsets) and the embedder's backing
 * (trusted pointers and fds). Guarantees: the backing is attached only after the validator
 * accepted the creation with data_size equal to the backing's size, so every later transfer is
 * checked against memory that really exists; failures poison the context.
 */
#include <string.h>
#include <unistd.h>

#include "lib_priv.h"
#include "resource.h"
#include "vigil_spec.h"
#include "vigil_xrec.h"

vigil_status vigil_resource_layout_size(const struct vigil_resource_desc *d, uint64_t *ret_size)
{
	struct vigil_res_args a;
	struct vigil_res_desc desc;
	vigil_status s;

	if (!d || !ret_size)
		return VIGIL_E_RESERVED;
	a = (struct vigil_res_args){ d->target, d->format, d->bind, d->width, d->height, d->depth,
				     d->array_size, d->last_level, d->nr_samples, 0 };
	s = vigil_res_desc_init(&desc, &a);
	if (s == VIGIL_OK)
		*ret_size = desc.layout_size; /* 0 for multisampled resources: no backing */
	return s;
}

vigil_status vigil_resource_create(struct vigil_context *ctx, uint32_t res_id,
				   const struct vigil_resource_desc *d, const struct vigil_backing *b,
				   int *ret_fd)
{
	static const struct vigil_backing none = { .kind = VIGIL_BACKING_NONE, .fd = -1 };
	const struct vigil_xrec_resource *x;
	uint64_t size = 0;
	uint32_t dw[11];
	vigil_status s;

	if (ret_fd)
		*ret_fd = -1;
	if (!ctx || !d || !ctx->core)
		return VIGIL_E_RESERVED;
	if (!b)
		b = &none;
	switch (b->kind) {
	case VIGIL_BACKING_NONE:
		break;
	case VIGIL_BACKING_IOV:
		if (ctx->r->ops->passes_fds)
			return VIGIL_E_UNSUPPORTED; /* split mode: memory cannot cross processes */
		size = b->size;
		break;
	case VIGIL_BACKING_MEMFD:
		size = b->size;
		break;
	case VIGIL_BACKING_NEW_MEMFD:
		if (!ret_fd)
			return VIGIL_E_RESERVED;
		if (vigil_resource_layout_size(d, &size) != VIGIL_OK)
			size = 1; /* let the validator reject the description with its reason */
		break;
	default:
		return VIGIL_E_RESERVED;
	}
	if (size > UINT32_MAX)
		size = UINT32_MAX; /* above MAX_RESOURCE_BYTES: the validator says RANGE */
	dw[0] = res_id;
	memcpy(&dw[1], (const uint32_t[]){ d->target, d->format, d->bind, d->width, d->height, d->depth,
					   d->array_size, d->last_level, d->nr_samples, (uint32_t)size },
	       10 * sizeof(uint32_t));
	s = lib_run(ctx, VIGIL_VCMD_RESOURCE_CREATE2, 11, dw, sizeof(dw), true);
	if (s != VIGIL_OK || size == 0)
		return s == VIGIL_OK ? lib_sync(ctx, VIGIL_VCMD_RESOURCE_CREATE2) : s;
	x = lib_find_rec(ctx, VIGIL_XREC_RESOURCE_HANDLE, sizeof(*x), NULL);
	if (!x)
		return lib_fail_host(ctx, VIGIL_VCMD_RESOURCE_CREATE2, VIGIL_E_STATE, "internal: no handle record");
	s = lib_attach(ctx, res_id, x->handle.v, b, size, ret_fd);
	if (s == VIGIL_OK) /* created and attached when this returns (split mode pipelines both) */
		s = lib_sync(ctx, VIGIL_VCMD_RESOURCE_CREATE2);
	if (s != VIGIL_OK && ret_fd && *ret_fd >= 0) {
		close(*ret_fd);
		*ret_fd = -1;
	}
	return s;
}

vigil_status vigil_resource_unref(struct vigil_context *ctx, uint32_t res_id)
{
	if (!ctx || !ctx->core)
		return VIGIL_E_RESERVED;
	return lib_run(ctx, VIGIL_VCMD_RESOURCE_UNREF, 1, &res_id, sizeof(res_id), true);
}

vigil_status vigil_transfer(struct vigil_context *ctx, enum vigil_transfer_dir dir, uint32_t res_id,
			    uint32_t level, const struct vigil_box *box, uint64_t offset)
{
	uint32_t id = dir == VIGIL_TO_HOST ? VIGIL_VCMD_TRANSFER_PUT2 : VIGIL_VCMD_TRANSFER_GET2;
	uint32_t dw[10];
	vigil_status s;

	if (!ctx || !box || !ctx->core || (dir != VIGIL_TO_HOST && dir != VIGIL_FROM_HOST))
		return VIGIL_E_RESERVED;
	dw[0] = res_id;
	dw[1] = level;
	memcpy(&dw[2], (const uint32_t[]){ box->x, box->y, box->z, box->w, box->h, box->d },
	       6 * sizeof(uint32_t));
	dw[8] = 0; /* data_size: only part of the vtest length, which is formed here */
	dw[9] = offset > UINT32_MAX ? UINT32_MAX : (uint32_t)offset; /* too large: BACKING */
	s = lib_run(ctx, id, 10, dw, sizeof(dw), true);
	return s == VIGIL_OK ? lib_sync(ctx, id) : s; /* the bytes have moved when this returns */
}
