/*
 * resource.h: resource descriptors, their guest memory layout, and box / backing checks.
 *
 * Inputs are hostile: the create arguments, levels, boxes, strides and offsets all come from the
 * guest as raw uint32 (a "negative" width is a huge unsigned value). vigil_res_desc_init applies
 * virglrenderer's check_resource_valid rules (PROTOCOL.md 1.6), made strict, and computes the
 * layout Mesa uses for the shared-memory backing; a descriptor that exists is therefore valid and
 * every size in it fits MAX_RESOURCE_BYTES. The box functions are the single place where
 * transfer boxes are checked against a level and against the bytes available (SECURITY-CASES R2,
 * R3): all arithmetic is done in 64 bits through checked helpers and nothing can wrap.
 */
#ifndef VIGIL_RESOURCE_H
#define VIGIL_RESOURCE_H

#include <stdbool.h>
#include <stdint.h>

#include "vigil.h"

#include "formats.h"
#include "res_constants.h"
#include "vigil_status.h"

/* Create arguments, wire order (PROTOCOL.md section 4). */
struct vigil_res_args {
	uint32_t target, format, bind, width, height, depth, array_size, last_level, nr_samples;
	uint64_t data_size;
};

/* One mip level of the guest layout. BUFFER: width is in bytes and stride == width. */
struct vigil_res_level {
	uint32_t width, height, depth; /* minified (depth: 3D only, else 1) */
	uint32_t stride;               /* bytes per row of blocks, tightly packed */
	uint64_t layer_stride;         /* bytes per layer / slice / face */
	uint64_t offset;               /* byte offset of the level in the guest layout */
};

/* A checked resource: the create arguments (same names as struct vigil_res_args), the format's
 * block sizes and the guest layout. Levels above last_level are zero. */
struct vigil_res_desc {
	uint32_t target, format, bind, width, height, depth, array_size, last_level, nr_samples;
	uint64_t data_size;            /* backing-store bytes (0 = none) */
	struct vigil_format_desc fmt;  /* copy of the format's descriptor */
	struct vigil_res_level level[VIGIL_RES_MAX_TEXTURE_LEVELS];
	uint64_t layout_size;          /* guest layout bytes; 0 for MSAA (nr_samples > 1) */
};

/* Checks a and fills *ret_desc (only on VIGIL_OK). Statuses, in the order they are checked:
 * ENUM (target, format (NONE only on BUFFER, laid out as R8), format without block size),
 * RANGE (zero or oversized dimension (array_size 0 is allowed on BUFFER only, stored as 1:
 * Mesa's fence buffers), array_size, nr_samples > MAX_SAMPLES, cube w != h), RELATION
 * (cross-field: buffer shape, depth / height on 2D / 1D targets, array_size vs target, MSAA
 * vs target / levels / compressed, mipmapped BUFFER / RECT), RANGE (last_level above log2 of
 * the largest dimension), BIND,
 * OVERFLOW (layout arithmetic), RANGE (layout, layout x samples or data_size above
 * MAX_RESOURCE_BYTES), BACKING (data_size too small, or nonzero for MSAA). */
vigil_status vigil_res_desc_init(struct vigil_res_desc *ret_desc, const struct vigil_res_args *a);

/* Guest box (struct vigil_box of the public vigil.h): x, y, z, width, height, depth; all
 * unsigned. The validator takes the one public definition so that every layer shares it. */

/* The box lies inside `level`: BOX for a level above last_level, an empty box, a box past the
 * level's width / height / layers, nonzero y / z or h / d != 1 where the target has no such
 * dimension, and compressed boxes not aligned to blocks. */
vigil_status vigil_res_check_box(const struct vigil_res_desc *d, uint32_t level,
				 const struct vigil_box *b);

/* Bytes a transfer of the (checked) box touches in a linear buffer: (d-1)*layer_stride +
 * (rows-1)*stride + row_bytes. stride 0 / layer_stride 0 mean the level's packed values; a
 * nonzero stride below the box's row bytes or layer_stride below rows*stride -> BOX. */
vigil_status vigil_res_box_extent(const struct vigil_res_desc *d, uint32_t level,
				  const struct vigil_box *b, uint32_t stride, uint64_t layer_stride,
				  uint64_t *ret_bytes);

/* check_box + offset + extent <= avail. BACKING when the resource has no backing store
 * (data_size 0, which includes every MSAA resource) or the bytes do not fit; OVERFLOW when
 * offset + extent wraps. */
vigil_status vigil_res_check_backing(const struct vigil_res_desc *d, uint32_t level,
				     const struct vigil_box *b, uint32_t stride,
				     uint64_t layer_stride, uint64_t offset, uint64_t avail);

/* Protocol-0 inline transfers (vtest TRANSFER_PUT / TRANSFER_GET): check_box, and the data in
 * the stream is exactly the box's extent with these strides (BACKING otherwise, and for MSAA
 * resources); the resource itself needs no backing store. */
vigil_status vigil_res_check_inline(const struct vigil_res_desc *d, uint32_t level,
				    const struct vigil_box *b, uint32_t stride, uint64_t layer_stride,
				    uint64_t size);

/* Small accessors for rules. */
static inline bool vigil_res_is_buffer(const struct vigil_res_desc *d)
{
	return d->target == VIGIL_RES_TARGET_BUFFER;
}
static inline uint32_t vigil_res_last_level(const struct vigil_res_desc *d)
{
	return d->last_level;
}
/* Backing-store bytes (the vtest shm), 0 when none. */
static inline uint64_t vigil_res_backing_size(const struct vigil_res_desc *d)
{
	return d->data_size;
}
/* Byte size of a BUFFER (its width); 0 for every other target, so a texture never passes a
 * byte-range check meant for buffers. */
static inline uint64_t vigil_res_buffer_size(const struct vigil_res_desc *d)
{
	return vigil_res_is_buffer(d) ? d->width : 0u;
}
/* Layers of a level: 3D its minified depth, CUBE 6, arrays array_size, others 1; 0 past
 * last_level. */
uint32_t vigil_res_level_layers(const struct vigil_res_desc *d, uint32_t level);

#endif
