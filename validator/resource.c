/*
 * resource.c: resource argument rules, Mesa's guest layout, and transfer box checks.
 *
 * Every input is guest data (see resource.h). The create rules are virglrenderer's
 * check_resource_valid (PROTOCOL.md 1.6) plus what it forgot: zero height / depth, upper limits
 * on every dimension, last_level bounded by the real mip chain, and a backing store at least as
 * large as the layout. The layout is Mesa's virgl_resource_layout: per level a tightly packed row
 * stride in whole blocks, layer stride = block rows x stride, levels back to back, slices = 6 for
 * CUBE, the minified depth for 3D and array_size otherwise; BUFFER is bytes (width = size).
 * Every product and sum goes through checked.h; descriptors are written only on success.
 */
#include "resource.h"

#include <string.h>

#include "checked.h"

#if defined(__has_include)
#if __has_include("vigil_spec.h")
#include "vigil_spec.h"
#endif
#endif

/* virgl's R8_UNORM: the layout of a BUFFER created with format NONE. */
#define RES_FORMAT_R8_UNORM 64u

#ifdef VIGIL_SPEC_H
#define SAME(ours, generated) _Static_assert((ours) == (generated), #ours " != " #generated)
/* The spec names targets after Gallium (PIPE_TEXTURE_2D -> TEXTURE_2D); accept either spelling
 * of the generated macros, but one of them must exist. */
#ifdef VIGIL_TEXTURE_TARGET_TEXTURE_2D
#define GEN_TARGET(n) VIGIL_TEXTURE_TARGET_TEXTURE_##n
#else
#define GEN_TARGET(n) VIGIL_TEXTURE_TARGET_##n
#endif
SAME(VIGIL_RES_TARGET_BUFFER, VIGIL_TEXTURE_TARGET_BUFFER);
SAME(RES_FORMAT_R8_UNORM, VIGIL_FORMAT_R8_UNORM);
SAME(VIGIL_RES_TARGET_1D, GEN_TARGET(1D));
SAME(VIGIL_RES_TARGET_2D, GEN_TARGET(2D));
SAME(VIGIL_RES_TARGET_3D, GEN_TARGET(3D));
SAME(VIGIL_RES_TARGET_CUBE, GEN_TARGET(CUBE));
SAME(VIGIL_RES_TARGET_RECT, GEN_TARGET(RECT));
SAME(VIGIL_RES_TARGET_1D_ARRAY, GEN_TARGET(1D_ARRAY));
SAME(VIGIL_RES_TARGET_2D_ARRAY, GEN_TARGET(2D_ARRAY));
SAME(VIGIL_RES_TARGET_CUBE_ARRAY, GEN_TARGET(CUBE_ARRAY));
#undef GEN_TARGET
SAME(VIGIL_RES_BIND_DEPTH_STENCIL, VIGIL_BIND_DEPTH_STENCIL);
SAME(VIGIL_RES_BIND_RENDER_TARGET, VIGIL_BIND_RENDER_TARGET);
SAME(VIGIL_RES_BIND_SAMPLER_VIEW, VIGIL_BIND_SAMPLER_VIEW);
SAME(VIGIL_RES_BIND_VERTEX_BUFFER, VIGIL_BIND_VERTEX_BUFFER);
SAME(VIGIL_RES_BIND_INDEX_BUFFER, VIGIL_BIND_INDEX_BUFFER);
SAME(VIGIL_RES_BIND_CONSTANT_BUFFER, VIGIL_BIND_CONSTANT_BUFFER);
SAME(VIGIL_RES_BIND_COMMAND_ARGS, VIGIL_BIND_COMMAND_ARGS);
SAME(VIGIL_RES_BIND_STREAM_OUTPUT, VIGIL_BIND_STREAM_OUTPUT);
SAME(VIGIL_RES_BIND_SHADER_BUFFER, VIGIL_BIND_SHADER_BUFFER);
SAME(VIGIL_RES_BIND_QUERY_BUFFER, VIGIL_BIND_QUERY_BUFFER);
SAME(VIGIL_RES_BIND_CURSOR, VIGIL_BIND_CURSOR);
SAME(VIGIL_RES_BIND_CUSTOM, VIGIL_BIND_CUSTOM);
SAME(VIGIL_RES_BIND_STAGING, VIGIL_BIND_STAGING);
SAME(VIGIL_RES_BIND_SHARED, VIGIL_BIND_SHARED);
SAME(VIGIL_RES_BIND_LINEAR, VIGIL_BIND_LINEAR);
SAME(VIGIL_RES_MAX_TEXTURE_SIZE, VIGIL_LIMIT_MAX_TEXTURE_SIZE);
SAME(VIGIL_RES_MAX_TEXTURE_3D_SIZE, VIGIL_LIMIT_MAX_TEXTURE_3D_SIZE);
SAME(VIGIL_RES_MAX_TEXTURE_ARRAY_LAYERS, VIGIL_LIMIT_MAX_TEXTURE_ARRAY_LAYERS);
SAME(VIGIL_RES_MAX_TEXTURE_LEVELS, VIGIL_LIMIT_MAX_TEXTURE_LEVELS);
SAME(VIGIL_RES_MAX_SAMPLES, VIGIL_LIMIT_MAX_SAMPLES);
SAME(VIGIL_RES_MAX_RESOURCE_BYTES, VIGIL_LIMIT_MAX_RESOURCE_BYTES);
SAME(VIGIL_RES_MAX_OBJECTS, VIGIL_LIMIT_MAX_OBJECTS);
SAME(VIGIL_RES_MAX_RESOURCES, VIGIL_LIMIT_MAX_RESOURCES);
#undef SAME
#endif

/* The largest texture (16384 wide) has levels 0..14: last_level always indexes level[]. */
_Static_assert(VIGIL_RES_MAX_TEXTURE_SIZE >> (VIGIL_RES_MAX_TEXTURE_LEVELS - 1u) == 1u,
	       "MAX_TEXTURE_LEVELS matches MAX_TEXTURE_SIZE");

#define T(name) (1u << VIGIL_RES_TARGET_##name)
#define ARRAY_TARGETS (T(1D_ARRAY) | T(2D_ARRAY) | T(CUBE_ARRAY))
#define CUBE_TARGETS (T(CUBE) | T(CUBE_ARRAY))
#define FLAT_TARGETS (T(2D) | T(RECT) | T(CUBE) | T(2D_ARRAY) | T(CUBE_ARRAY)) /* depth 1 */
#define LINE_TARGETS (T(1D) | T(1D_ARRAY))                                     /* height 1 */
#define MSAA_TARGETS (T(2D) | T(2D_ARRAY))

/* Bind values that are buffer-only (exact match), and the bits any other bind needs one of. */
static const uint32_t buffer_only_binds[] = {
	0u, VIGIL_RES_BIND_CUSTOM, VIGIL_RES_BIND_STAGING, VIGIL_RES_BIND_INDEX_BUFFER,
	VIGIL_RES_BIND_STREAM_OUTPUT, VIGIL_RES_BIND_VERTEX_BUFFER, VIGIL_RES_BIND_CONSTANT_BUFFER,
	VIGIL_RES_BIND_QUERY_BUFFER, VIGIL_RES_BIND_COMMAND_ARGS, VIGIL_RES_BIND_SHADER_BUFFER,
};
#define TEXTURE_BIND_ANY \
	(VIGIL_RES_BIND_SAMPLER_VIEW | VIGIL_RES_BIND_DEPTH_STENCIL | VIGIL_RES_BIND_RENDER_TARGET | \
	 VIGIL_RES_BIND_CURSOR | VIGIL_RES_BIND_SHARED | VIGIL_RES_BIND_LINEAR)

static inline bool has(uint32_t set, uint32_t target)
{
	return (set >> target) & 1u;
}

static inline uint32_t minify(uint32_t v, uint32_t level)
{
	v >>= level;
	return v ? v : 1u;
}

static inline uint32_t div_round_up(uint32_t v, uint32_t d)
{
	return v / d + (v % d != 0u);
}

static uint32_t floor_log2(uint32_t v)
{
	uint32_t n = 0;

	while (v >> 1u) {
		v >>= 1u;
		n++;
	}
	return n;
}

static vigil_status check_dimensions(const struct vigil_res_args *a)
{
	uint32_t max_wh = a->target == VIGIL_RES_TARGET_3D ? VIGIL_RES_MAX_TEXTURE_3D_SIZE
							    : VIGIL_RES_MAX_TEXTURE_SIZE;

	if (a->height == 0 || a->depth == 0 ||
	    (a->array_size == 0 && a->target != VIGIL_RES_TARGET_BUFFER))
		return VIGIL_E_RANGE;
	if (a->target == VIGIL_RES_TARGET_BUFFER) {
		if (a->width > VIGIL_RES_MAX_RESOURCE_BYTES)
			return VIGIL_E_RANGE;
	} else if (a->width == 0 || a->width > max_wh || a->height > max_wh) {
		return VIGIL_E_RANGE;
	}
	if (a->depth > VIGIL_RES_MAX_TEXTURE_3D_SIZE ||
	    a->array_size > VIGIL_RES_MAX_TEXTURE_ARRAY_LAYERS || a->nr_samples > VIGIL_RES_MAX_SAMPLES)
		return VIGIL_E_RANGE;
	if (has(CUBE_TARGETS, a->target) && a->width != a->height)
		return VIGIL_E_RANGE;
	return VIGIL_OK;
}

static vigil_status check_relations(const struct vigil_res_args *a,
				    const struct vigil_format_desc *f)
{
	bool array_ok;

	if (a->target == VIGIL_RES_TARGET_BUFFER &&
	    (a->height != 1 || a->depth != 1 || a->array_size > 1))
		return VIGIL_E_RELATION;
	if ((has(LINE_TARGETS, a->target) && a->height != 1) ||
	    (has(FLAT_TARGETS | LINE_TARGETS, a->target) && a->depth != 1))
		return VIGIL_E_RELATION;
	if (a->target == VIGIL_RES_TARGET_CUBE)
		array_ok = a->array_size == 6u;
	else if (a->target == VIGIL_RES_TARGET_CUBE_ARRAY)
		array_ok = a->array_size % 6u == 0u;
	else
		array_ok = a->array_size <= 1u || has(ARRAY_TARGETS, a->target); /* 0: BUFFER */
	if (!array_ok)
		return VIGIL_E_RELATION;
	/* virglrenderer: any nr_samples > 0 means multisampled storage (2D / 2D_ARRAY, one level,
	 * a multisample-capable format: never a compressed one). */
	if (a->nr_samples > 0 &&
	    (!has(MSAA_TARGETS, a->target) || a->last_level != 0 || f->block_w != 1 || f->block_h != 1))
		return VIGIL_E_RELATION;
	if (a->last_level > 0 &&
	    (a->target == VIGIL_RES_TARGET_BUFFER || a->target == VIGIL_RES_TARGET_RECT))
		return VIGIL_E_RELATION;
	return VIGIL_OK;
}

static vigil_status check_bind(const struct vigil_res_args *a)
{
	for (size_t i = 0; i < sizeof(buffer_only_binds) / sizeof(buffer_only_binds[0]); i++)
		if (a->bind == buffer_only_binds[i])
			return a->target == VIGIL_RES_TARGET_BUFFER ? VIGIL_OK : VIGIL_E_BIND;
	return (a->bind & TEXTURE_BIND_ANY) ? VIGIL_OK : VIGIL_E_BIND;
}

/* Layers (slices, faces, array layers) of level l of a checked descriptor. */
static uint32_t layers_of(const struct vigil_res_desc *d, uint32_t l)
{
	switch (d->target) {
	case VIGIL_RES_TARGET_3D:
		return minify(d->depth, l);
	case VIGIL_RES_TARGET_CUBE:
		return 6u;
	case VIGIL_RES_TARGET_1D_ARRAY:
	case VIGIL_RES_TARGET_2D_ARRAY:
	case VIGIL_RES_TARGET_CUBE_ARRAY:
		return d->array_size;
	default:
		return 1u;
	}
}

/* Mesa's layout (PROTOCOL.md 1.6 "data_size as Mesa computes it") into d->level[], total in
 * *ret_total. */
static vigil_status compute_layout(struct vigil_res_desc *d, uint64_t *ret_total)
{
	uint32_t bw = d->fmt.block_w, bh = d->fmt.block_h, bb = d->fmt.block_bytes;
	uint64_t total = 0, size;

	if (d->target == VIGIL_RES_TARGET_BUFFER) {
		d->level[0] = (struct vigil_res_level){ d->width, 1u, 1u, d->width, d->width, 0u };
		*ret_total = d->width;
		return VIGIL_OK;
	}
	/* last_level was checked against the limit before; the second bound keeps that local. */
	for (uint32_t l = 0; l <= d->last_level && l < VIGIL_RES_MAX_TEXTURE_LEVELS; l++) {
		struct vigil_res_level *lv = &d->level[l];

		lv->width = minify(d->width, l);
		lv->height = minify(d->height, l);
		lv->depth = d->target == VIGIL_RES_TARGET_3D ? minify(d->depth, l) : 1u;
		if (!vigil_mul_u32(div_round_up(lv->width, bw), bb, &lv->stride) ||
		    !vigil_mul_u64(div_round_up(lv->height, bh), lv->stride, &lv->layer_stride) ||
		    !vigil_mul_u64(layers_of(d, l), lv->layer_stride, &size))
			return VIGIL_E_OVERFLOW;
		lv->offset = total;
		if (!vigil_add_u64(total, size, &total))
			return VIGIL_E_OVERFLOW;
	}
	*ret_total = total;
	return VIGIL_OK;
}

/*
 * Mesa always sends data_size equal to the layout it computed, so vigil requires data_size == 0
 * (no backing) or data_size == the layout: a smaller backing store could never hold a full-level
 * transfer, and a larger one would let a client pin up to MAX_RESOURCE_BYTES of shared memory
 * behind every tiny resource (R9).
 * MSAA resources have no guest layout (Mesa sends 0 for them); a nonzero data_size is refused.
 * array_size 0 is accepted for BUFFER only and stored as 1: Mesa 22.3 sends 0 for its 8-byte
 * CUSTOM fence/query buffers (capture sm-basevertex); for textures it stays a RANGE error
 * (CVE-2019-18388).
 */
vigil_status vigil_res_desc_init(struct vigil_res_desc *ret_desc, const struct vigil_res_args *a)
{
	struct vigil_res_desc d;
	const struct vigil_format_desc *f;
	uint64_t total, host_bytes;
	uint32_t max_dim;
	vigil_status s;

	if (a->target >= VIGIL_RES_TARGET_COUNT)
		return VIGIL_E_ENUM;
	/* PIPE_FORMAT_NONE on a buffer (Mesa's image tests; virglrenderer accepts it): a buffer is
	 * bytes whatever its format, so it is laid out as R8. Textures need a real format. */
	f = vigil_format_get(a->format == 0 && a->target == VIGIL_RES_TARGET_BUFFER ? RES_FORMAT_R8_UNORM
										    : a->format);
	if (!f || f->block_bytes == 0 || f->block_w == 0 || f->block_h == 0)
		return VIGIL_E_ENUM;
	s = check_dimensions(a);
	if (s == VIGIL_OK)
		s = check_relations(a, f);
	if (s != VIGIL_OK)
		return s;
	max_dim = a->width > a->height ? a->width : a->height;
	max_dim = max_dim > a->depth ? max_dim : a->depth;
	if (a->last_level >= VIGIL_RES_MAX_TEXTURE_LEVELS || a->last_level > floor_log2(max_dim))
		return VIGIL_E_RANGE;
	s = check_bind(a);
	if (s != VIGIL_OK)
		return s;

	memset(&d, 0, sizeof(d));
	d.target = a->target;
	d.format = a->format;
	d.bind = a->bind;
	d.width = a->width;
	d.height = a->height;
	d.depth = a->depth;
	d.array_size = a->array_size ? a->array_size : 1u; /* BUFFER only, see above */
	d.last_level = a->last_level;
	d.nr_samples = a->nr_samples;
	d.fmt = *f;
	s = compute_layout(&d, &total);
	if (s != VIGIL_OK)
		return s;
	if (!vigil_mul_u64(total, a->nr_samples > 1 ? a->nr_samples : 1u, &host_bytes))
		return VIGIL_E_OVERFLOW;
	if (host_bytes > VIGIL_RES_MAX_RESOURCE_BYTES || a->data_size > VIGIL_RES_MAX_RESOURCE_BYTES)
		return VIGIL_E_RANGE;
	if (a->nr_samples > 1)
		total = 0;
	if (a->data_size != 0 && (a->nr_samples > 1 || a->data_size != total))
		return VIGIL_E_BACKING;
	d.layout_size = total;
	d.data_size = a->data_size;
	*ret_desc = d;
	return VIGIL_OK;
}

uint32_t vigil_res_level_layers(const struct vigil_res_desc *d, uint32_t level)
{
	return level > d->last_level ? 0u : layers_of(d, level);
}

/* One axis: start + len <= size in 64 bits, and block alignment unless the box ends at the
 * level's edge. len >= 1 was checked by the caller. */
static bool axis_ok(uint32_t start, uint32_t len, uint32_t size, uint32_t block)
{
	uint64_t end = (uint64_t)start + len;

	if (end > size)
		return false;
	return start % block == 0u && (len % block == 0u || end == size);
}

/*
 * The box must lie inside the level. This is the check CVE-2019-18389 lacked: box fields are
 * unsigned here, so a "negative" w / h / d is a value near 2^32 and start + len (computed in 64
 * bits, it cannot wrap; x=0x7fffffff w=2 is just 2^31+1) exceeds the level. It also stops
 * CVE-2022-0135: a box's depth is bounded by the layers of *this* level as layers_of() defines
 * them (1 for BUFFER / 1D / 2D / RECT, whatever the sample count), the same definition that
 * box_extent() uses to size the bytes, so a bound check and a copy can never disagree about
 * depth. A multisampled 2D_ARRAY has array_size layers here (blits and clears address them), but
 * it has no guest layout, so check_backing() refuses every transfer into it. Height and depth
 * of 1D / BUFFER levels are 1, so y = z = 0 and h = d = 1 follow from the same comparisons.
 */
vigil_status vigil_res_check_box(const struct vigil_res_desc *d, uint32_t level,
				 const struct vigil_box *b)
{
	const struct vigil_res_level *lv;
	bool buf = vigil_res_is_buffer(d);
	uint32_t bw = buf ? 1u : d->fmt.block_w, bh = buf ? 1u : d->fmt.block_h;

	if (level > d->last_level || b->w == 0 || b->h == 0 || b->d == 0)
		return VIGIL_E_BOX;
	lv = &d->level[level];
	if (!axis_ok(b->x, b->w, lv->width, bw) || !axis_ok(b->y, b->h, lv->height, bh) ||
	    !axis_ok(b->z, b->d, layers_of(d, level), 1u))
		return VIGIL_E_BOX;
	return VIGIL_OK;
}

/*
 * Host-inferred strides (virglrenderer check_iov_bounds): stride 0 = the level's packed row
 * stride; layer_stride 0 = block rows of the level x the effective row stride (equal to the
 * level's packed layer stride when stride is 0 as well).
 */
vigil_status vigil_res_box_extent(const struct vigil_res_desc *d, uint32_t level,
				  const struct vigil_box *b, uint32_t stride, uint64_t layer_stride,
				  uint64_t *ret_bytes)
{
	const struct vigil_res_level *lv;
	bool buf = vigil_res_is_buffer(d);
	uint32_t bw = buf ? 1u : d->fmt.block_w, bh = buf ? 1u : d->fmt.block_h;
	uint64_t bb = buf ? 1u : d->fmt.block_bytes, rows, row_bytes, min_layer, s, ls, ext, t;
	vigil_status st = vigil_res_check_box(d, level, b);

	if (st != VIGIL_OK)
		return st;
	lv = &d->level[level];
	rows = div_round_up(b->h, bh);
	if (!vigil_mul_u64(div_round_up(b->w, bw), bb, &row_bytes))
		return VIGIL_E_OVERFLOW;
	s = stride ? stride : lv->stride;
	if (s < row_bytes)
		return VIGIL_E_BOX;
	if (!vigil_mul_u64(rows, s, &min_layer))
		return VIGIL_E_OVERFLOW;
	if (layer_stride) {
		ls = layer_stride;
	} else if (!vigil_mul_u64(div_round_up(lv->height, bh), s, &ls)) {
		return VIGIL_E_OVERFLOW;
	}
	if (ls < min_layer)
		return VIGIL_E_BOX;
	if (!vigil_mul_u64((uint64_t)b->d - 1u, ls, &ext) || !vigil_mul_u64(rows - 1u, s, &t) ||
	    !vigil_add_u64(ext, t, &ext) || !vigil_add_u64(ext, row_bytes, &ext))
		return VIGIL_E_OVERFLOW;
	*ret_bytes = ext;
	return VIGIL_OK;
}

vigil_status vigil_res_check_backing(const struct vigil_res_desc *d, uint32_t level,
				     const struct vigil_box *b, uint32_t stride,
				     uint64_t layer_stride, uint64_t offset, uint64_t avail)
{
	uint64_t ext, end;
	vigil_status st = vigil_res_box_extent(d, level, b, stride, layer_stride, &ext);

	if (st != VIGIL_OK)
		return st;
	if (d->data_size == 0 || d->layout_size == 0)
		return VIGIL_E_BACKING;
	if (!vigil_add_u64(offset, ext, &end))
		return VIGIL_E_OVERFLOW;
	return end <= avail ? VIGIL_OK : VIGIL_E_BACKING;
}

vigil_status vigil_res_check_inline(const struct vigil_res_desc *d, uint32_t level,
				    const struct vigil_box *b, uint32_t stride, uint64_t layer_stride,
				    uint64_t size)
{
	uint64_t ext;
	vigil_status st = vigil_res_box_extent(d, level, b, stride, layer_stride, &ext);

	if (st != VIGIL_OK)
		return st;
	if (d->layout_size == 0)
		return VIGIL_E_BACKING; /* multisampled: no linear layout to transfer */
	return ext == size ? VIGIL_OK : VIGIL_E_BACKING;
}
