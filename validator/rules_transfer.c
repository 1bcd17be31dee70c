/*
 * rules_transfer.c: rules for everything that moves texels between a resource and memory.
 *
 * Input: records whose fields the engine already decoded and range-checked, whose resource
 * handles resolve to live descriptors; the box values themselves are still guest-chosen
 * (unsigned: a "negative" width is a huge number). Guarantees: every box lies inside its level
 * (VIGIL_E_BOX) and every byte a transfer touches lies inside its source or destination memory,
 * the shared backing store or the inline payload (VIGIL_E_BACKING), computed without
 * wrap-around. Bug class R2 (CVE-2019-18389, CVE-2019-18391, CVE-2022-0135) is stopped here and
 * in validator/resource.c.
 */
#include <stdbool.h>
#include <stddef.h>

#include "engine.h"

/* Every resource field these rules read is non-nullable and was resolved by the engine. */
static const struct vigil_res_desc *res_of(struct vigil_exec *ex, struct vigil_h_resource h)
{
	return vigil_res_live(ex->ctx, h.v);
}

static struct vigil_box mkbox(uint32_t x, uint32_t y, uint32_t z, uint32_t w, uint32_t h, uint32_t d)
{
	struct vigil_box b = { .x = x, .y = y, .z = z, .w = w, .h = h, .d = d };
	return b;
}

int vigil_rule_transfer3d(struct vigil_exec *ex)
{
	const struct vigil_rec_transfer3d *r = vigil_exec_rec(ex);
	struct vigil_box b = mkbox(r->x, r->y, r->z, r->w, r->h, r->d);
	const struct vigil_res_desc *d = res_of(ex, r->res);

	return (int)vigil_res_check_backing(d, r->level, &b, r->stride, r->layer_stride,
					    r->data_offset, vigil_res_backing_size(d));
}

int vigil_rule_inline_write(struct vigil_exec *ex)
{
	const struct vigil_rec_resource_inline_write *r = vigil_exec_rec(ex);
	struct vigil_box b = mkbox(r->x, r->y, r->z, r->w, r->h, r->d);
	const struct vigil_res_desc *d = res_of(ex, r->res);

	/* The payload must cover the box (CVE-2019-18391). */
	return (int)vigil_res_check_backing(d, r->level, &b, r->stride, r->layer_stride, 0, r->data.len);
}

int vigil_rule_copy_transfer3d(struct vigil_exec *ex)
{
	const struct vigil_rec_copy_transfer3d *r = vigil_exec_rec(ex);
	struct vigil_box b = mkbox(r->x, r->y, r->z, r->w, r->h, r->d);
	const struct vigil_res_desc *d = res_of(ex, r->res), *src = res_of(ex, r->src_res);

	/* The staging buffer is read (or written) from src_offset with the box's layout. */
	return (int)vigil_res_check_backing(d, r->level, &b, r->stride, r->layer_stride, r->src_offset,
					    vigil_res_buffer_size(src));
}

int vigil_rule_clear_texture(struct vigil_exec *ex)
{
	const struct vigil_rec_clear_texture *r = vigil_exec_rec(ex);
	struct vigil_box b = mkbox(r->x, r->y, r->z, r->w, r->h, r->d);

	return (int)vigil_res_check_box(res_of(ex, r->res), r->level, &b);
}

/* A blit box axis: signed start and extent, the extent negative to mirror (Gallium allows it).
 * Normalized to an unsigned start and length; a start below 0 cannot fit any level. In 64 bits
 * lo stays within [INT32_MIN * 2, INT32_MAX], so below 0 is the only way out of uint32_t. */
static bool axis(int32_t start, int32_t extent, uint32_t *ret_start, uint32_t *ret_len)
{
	int64_t lo = start, len = extent;

	if (len < 0) {
		lo += len;
		len = -len;
	}
	if (lo < 0)
		return false;
	*ret_start = (uint32_t)lo;
	*ret_len = (uint32_t)len;
	return true;
}

static bool blit_box(int32_t x, int32_t y, int32_t z, int32_t w, int32_t h, int32_t d, struct vigil_box *b)
{
	return axis(x, w, &b->x, &b->w) && axis(y, h, &b->y, &b->h) && axis(z, d, &b->z, &b->d);
}

int vigil_rule_blit(struct vigil_exec *ex)
{
	const struct vigil_rec_blit *r = vigil_exec_rec(ex);
	struct vigil_box db, sb;
	const struct vigil_res_desc *d = res_of(ex, r->dst_res), *s_desc = res_of(ex, r->src_res);
	vigil_status s;

	if (!blit_box(r->dst_x, r->dst_y, r->dst_z, r->dst_w, r->dst_h, r->dst_d, &db) ||
	    !blit_box(r->src_x, r->src_y, r->src_z, r->src_w, r->src_h, r->src_d, &sb))
		return vigil_exec_fail(ex, VIGIL_E_BOX, "blit box starts below 0");
	s = vigil_res_check_box(d, r->dst_level, &db);
	if (s == VIGIL_OK)
		s = vigil_res_check_box(s_desc, r->src_level, &sb);
	return (int)s;
}

int vigil_rule_copy_region(struct vigil_exec *ex)
{
	const struct vigil_rec_resource_copy_region *r = vigil_exec_rec(ex);
	struct vigil_box sb = mkbox(r->src_x, r->src_y, r->src_z, r->src_w, r->src_h, r->src_d);
	struct vigil_box db = mkbox(r->dst_x, r->dst_y, r->dst_z, r->src_w, r->src_h, r->src_d);
	const struct vigil_res_desc *d = res_of(ex, r->dst_res), *src = res_of(ex, r->src_res);
	vigil_status s = vigil_res_check_box(src, r->src_level, &sb);

	if (s == VIGIL_OK)
		s = vigil_res_check_box(d, r->dst_level, &db);
	return (int)s;
}

/* The GET record is read for PUT too: prove the members used sit at the same offsets. */
#define SAME_LAYOUT(a, b, m)                                                                     \
	_Static_assert(sizeof(struct vigil_rec_##a) == sizeof(struct vigil_rec_##b) &&              \
		       offsetof(struct vigil_rec_##a, handle) == offsetof(struct vigil_rec_##b, handle) && \
		       offsetof(struct vigil_rec_##a, level) == offsetof(struct vigil_rec_##b, level) &&   \
		       offsetof(struct vigil_rec_##a, x) == offsetof(struct vigil_rec_##b, x) &&           \
		       offsetof(struct vigil_rec_##a, d) == offsetof(struct vigil_rec_##b, d) &&           \
		       offsetof(struct vigil_rec_##a, m) == offsetof(struct vigil_rec_##b, m),             \
		       #a " and " #b " share one layout")

/* vtest TRANSFER_GET2 / TRANSFER_PUT2: box at `offset` of the shared memory, host-inferred strides. */
int vigil_rule_vtest_transfer2(struct vigil_exec *ex)
{
	const struct vigil_rec_transfer_get2 *r = vigil_exec_rec(ex);
	struct vigil_box b = mkbox(r->x, r->y, r->z, r->w, r->h, r->d);
	const struct vigil_res_desc *d = res_of(ex, r->handle);

	SAME_LAYOUT(transfer_get2, transfer_put2, offset);
	return (int)vigil_res_check_backing(d, r->level, &b, 0, 0, r->offset, vigil_res_backing_size(d));
}

/* vtest TRANSFER_GET / TRANSFER_PUT (protocol 0): explicit strides, data inline in the stream. */
int vigil_rule_vtest_transfer(struct vigil_exec *ex)
{
	const struct vigil_rec_transfer_get *r = vigil_exec_rec(ex);
	struct vigil_box b = mkbox(r->x, r->y, r->z, r->w, r->h, r->d);
	const struct vigil_res_desc *d = res_of(ex, r->handle);

	SAME_LAYOUT(transfer_get, transfer_put, layer_stride);
	_Static_assert(offsetof(struct vigil_rec_transfer_get, data_size) ==
		       offsetof(struct vigil_rec_transfer_put, data_size), "GET and PUT share one layout");
	if (ex->cmd_id == VIGIL_VCMD_TRANSFER_PUT && ex->extra_bytes != r->data_size)
		return vigil_exec_fail(ex, VIGIL_E_LENGTH, "inline data size differs from data_size");
	return (int)vigil_res_check_inline(d, r->level, &b, r->stride, r->layer_stride, r->data_size);
}
