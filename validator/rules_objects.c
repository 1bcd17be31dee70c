/*
 * rules_objects.c: rules for objects that view part of a resource (SURFACE, MSAA_SURFACE,
 * SAMPLER_VIEW, STREAMOUT_TARGET, QUERY).
 *
 * Input: decoded CREATE_OBJECT records; the resource handle resolves to a live descriptor.
 * Guarantees: the level and layer range (textures) or element range (buffers) a view selects
 * lies inside the resource, computed without wrap-around; a streamout target or a query result
 * lies inside its buffer. Bug classes R1/R2 (ranges used later as indices or copy bounds).
 */
#include "checked.h"
#include "engine.h"

/* The object's resource field is non-nullable and was resolved by the engine. */
static const struct vigil_res_desc *res(struct vigil_exec *ex, struct vigil_h_resource h)
{
	return vigil_res_live(ex->ctx, h.v);
}

/* first..last elements of `format` inside a buffer. */
static int check_elements(struct vigil_exec *ex, const struct vigil_res_desc *d, uint32_t format,
			  uint32_t first, uint32_t last)
{
	const struct vigil_format_desc *f = vigil_format_get(format);
	uint64_t end;

	if (!f || !f->block_bytes)
		return vigil_exec_fail(ex, VIGIL_E_ENUM, "format has no memory layout");
	if (first > last)
		return vigil_exec_fail(ex, VIGIL_E_RELATION, "first element after last");
	if (!vigil_mul_u64((uint64_t)last + 1u, f->block_bytes, &end) || end > vigil_res_buffer_size(d))
		return vigil_exec_fail(ex, VIGIL_E_BOX, "element range outside the buffer");
	return VIGIL_OK;
}

static int check_layers(struct vigil_exec *ex, const struct vigil_res_desc *d, uint32_t level,
			uint32_t first, uint32_t last)
{
	if (level > vigil_res_last_level(d))
		return vigil_exec_fail(ex, VIGIL_E_BOX, "level outside the resource");
	if (first > last || last >= vigil_res_level_layers(d, level))
		return vigil_exec_fail(ex, VIGIL_E_BOX, "layer range outside the resource");
	return VIGIL_OK;
}

int vigil_rule_surface(struct vigil_exec *ex)
{
	/* MSAA_SURFACE starts with the SURFACE layout. */
	const struct vigil_rec_create_surface *r = vigil_exec_rec(ex);
	const struct vigil_res_desc *d = res(ex, r->res);

	_Static_assert(offsetof(struct vigil_rec_create_msaa_surface, b) ==
		       offsetof(struct vigil_rec_create_surface, b), "MSAA_SURFACE extends SURFACE");
	if (vigil_res_is_buffer(d))
		return check_elements(ex, d, r->format, r->a, r->b);
	return check_layers(ex, d, r->a, r->b & 0xffffu, r->b >> 16);
}

int vigil_rule_sampler_view(struct vigil_exec *ex)
{
	const struct vigil_rec_create_sampler_view *r = vigil_exec_rec(ex);
	const struct vigil_res_desc *d = res(ex, r->res);
	uint32_t first_level = r->b & 0xffu, last_level = (r->b >> 8) & 0xffu;

	if (vigil_res_is_buffer(d))
		return check_elements(ex, d, r->format, r->a, r->b);
	if (r->b >> 16)
		return vigil_exec_fail(ex, VIGIL_E_RESERVED, "level word has bits above 15");
	if (first_level > last_level || last_level > vigil_res_last_level(d))
		return vigil_exec_fail(ex, VIGIL_E_BOX, "level range outside the resource");
	return check_layers(ex, d, first_level, r->a & 0xffffu, r->a >> 16);
}

int vigil_rule_so_target(struct vigil_exec *ex)
{
	const struct vigil_rec_create_streamout_target *r = vigil_exec_rec(ex);
	const struct vigil_res_desc *d = res(ex, r->res);

	if (!vigil_range_ok(r->buffer_offset, r->buffer_size, vigil_res_buffer_size(d)))
		return vigil_exec_fail(ex, VIGIL_E_BOX, "streamout range outside the buffer");
	return VIGIL_OK;
}

#define HOST_QUERY_STATE_BYTES 16u /* {u32 state, u32 result_size, u64 result} */

int vigil_rule_query(struct vigil_exec *ex)
{
	const struct vigil_rec_create_query *r = vigil_exec_rec(ex);
	const struct vigil_res_desc *d = res(ex, r->res);

	/* SECURITY-CASES R2 #454: the host writes its result state at `offset`. */
	if (!vigil_range_ok(r->offset, HOST_QUERY_STATE_BYTES, vigil_res_buffer_size(d)))
		return vigil_exec_fail(ex, VIGIL_E_BOX, "query result outside the buffer");
	return VIGIL_OK;
}
