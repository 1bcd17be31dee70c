/*
 * transfer.c: TRANSFER_PUT2 / TRANSFER_GET2 / TRANSFER3D: moving a box between a resource's
 * attached backing (guest-visible memory) and its GL object.
 *
 * Input: record fields (untrusted values) and the backing attached by the embedder. Before any
 * byte of the backing is touched, the box, strides and offset are checked again with the
 * validator's own vigil_res_check_backing against the core's descriptor and the attached size,
 * so a compromised gate cannot make the core read or write outside the attached iovecs. Rows are
 * `stride` bytes apart (0: the level's packed pitch) and layers `layer_stride` (0: packed rows
 * times stride), PROTOCOL.md 1.7. Data goes through a private bounce buffer in which the few
 * layouts GL cannot express directly are converted (BGRA on GLES, Z24 in the low bits).
 */
#include <stdlib.h>
#include <string.h>

#include "core_priv.h"

static void convert(const struct core_format *f, uint8_t *p, size_t n, bool to_gl)
{
	if (f->flags & CORE_FMT_SWAP_RB) {
		for (size_t i = 0; i + 4 <= n; i += 4) {
			uint8_t t = p[i];
			p[i] = p[i + 2];
			p[i + 2] = t;
		}
	}
	if (f->flags & CORE_FMT_Z24_LOW) {
		for (size_t i = 0; i + 4 <= n; i += 4) {
			uint32_t v;
			memcpy(&v, p + i, 4);
			v = to_gl ? (v << 8) | (v >> 24) : (v >> 8) | (v << 24);
			memcpy(p + i, &v, 4);
		}
	}
}

/* Buffers: straight from the backing when it is one contiguous range, else via a bounce. */
static vigil_status buffer_transfer(struct vigil_core_ctx *ctx, struct core_res *r,
				    const struct core_backing *bk, const struct vigil_box *b,
				    size_t offset, bool to_host)
{
	uint8_t *data, *bounce = NULL;
	void *map;

	if (bk->niov == 1) {
		data = (uint8_t *)bk->iov[0].iov_base + offset;
	} else {
		bounce = malloc(b->w ? b->w : 1u);
		if (!bounce)
			return VIGIL_E_EXHAUSTED;
		data = bounce;
		if (to_host)
			core_backing_read(bk, offset, bounce, b->w);
	}
	glBindBuffer(GL_COPY_WRITE_BUFFER, r->id);
	if (to_host) {
		glBufferSubData(GL_COPY_WRITE_BUFFER, (GLintptr)b->x, (GLsizeiptr)b->w, data);
	} else if (!ctx->core->gles) {
		glGetBufferSubData(GL_COPY_WRITE_BUFFER, (GLintptr)b->x, (GLsizeiptr)b->w, data);
	} else {
		map = glMapBufferRange(GL_COPY_WRITE_BUFFER, (GLintptr)b->x, (GLsizeiptr)b->w, GL_MAP_READ_BIT);
		if (map) {
			memcpy(data, map, b->w);
			glUnmapBuffer(GL_COPY_WRITE_BUFFER);
		}
	}
	glBindBuffer(GL_COPY_WRITE_BUFFER, 0);
	if (bounce && !to_host)
		core_backing_write(bk, offset, bounce, b->w);
	free(bounce);
	return core_gl_check(ctx);
}

vigil_status core_transfer(struct vigil_core_ctx *ctx, uint32_t handle, uint32_t level,
			   const struct vigil_box *b, uint32_t stride, uint32_t layer_stride,
			   uint64_t offset, bool to_host)
{
	struct core_res *r = core_res_get(ctx, handle);

	if (!r)
		return VIGIL_E_UNKNOWN_HANDLE;
	return core_transfer_bk(ctx, handle, &r->bk, level, b, stride, layer_stride, offset, to_host);
}

vigil_status core_transfer_bk(struct vigil_core_ctx *ctx, uint32_t handle, const struct core_backing *bk,
			      uint32_t level, const struct vigil_box *b, uint32_t stride,
			      uint32_t layer_stride, uint64_t offset, bool to_host)
{
	struct core_res *r = core_res_get(ctx, handle);
	const struct vigil_res_level *lv;
	size_t row, rows, total, s_stride, s_layer;
	uint8_t *bounce;
	vigil_status s;

	if (!r)
		return VIGIL_E_UNKNOWN_HANDLE;
	if (!bk->iov)
		return VIGIL_E_BACKING;
	if (bk == &r->bk) /* the attached backing: the box at `offset` inside it */
		s = vigil_res_check_backing(&r->desc, level, b, stride, layer_stride, offset, bk->size);
	else /* inline data (protocol 0, probe): exactly the box, from offset 0 */
		s = offset ? VIGIL_E_BACKING
			   : vigil_res_check_inline(&r->desc, level, b, stride, layer_stride, bk->size);
	if (s != VIGIL_OK)
		return s;
	/* From here on, offset + the box's extent <= bk->size (just checked). */
	if (r->target == GL_ARRAY_BUFFER)
		return buffer_transfer(ctx, r, bk, b, (size_t)offset, to_host);
	if (!core_box_bytes(r, b, &row, &rows, &total))
		return VIGIL_E_OVERFLOW;
	lv = &r->desc.level[level];
	s_stride = stride ? stride : lv->stride;
	s_layer = layer_stride ? layer_stride
			       : (size_t)((lv->height + r->fmt->block_h - 1u) / r->fmt->block_h) * s_stride;
	bounce = malloc(total ? total : 1u);
	if (!bounce)
		return VIGIL_E_EXHAUSTED;
	if (to_host) {
		for (size_t z = 0; z < b->d; z++)
			for (size_t y = 0; y < rows; y++)
				core_backing_read(bk, (size_t)offset + z * s_layer + y * s_stride,
						  bounce + (z * rows + y) * row, row);
		convert(r->fmt, bounce, total, true);
		s = core_tex_upload(ctx, r, level, b, bounce, total);
	} else {
		s = core_tex_download(ctx, r, level, b, bounce, total);
		if (s == VIGIL_OK) {
			convert(r->fmt, bounce, total, false);
			for (size_t z = 0; z < b->d; z++)
				for (size_t y = 0; y < rows; y++)
					core_backing_write(bk, (size_t)offset + z * s_layer + y * s_stride,
							   bounce + (z * rows + y) * row, row);
		}
	}
	free(bounce);
	return s;
}
