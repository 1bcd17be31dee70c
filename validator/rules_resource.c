/*
 * rules_resource.c: vtest resource creation and release against the context's resource table.
 *
 * Input: RESOURCE_CREATE / RESOURCE_CREATE2 / RESOURCE_UNREF records (fields decoded, enums in
 * their sets) from a hostile client. Guarantees: a resource exists in the table only if its
 * descriptor passed vigil_res_desc_init (every check_resource_valid rule, overflow-checked
 * layout, size caps); a duplicate id is VIGIL_E_STATE (virglrenderer drops such a client too);
 * unref removes only the guest's id: objects that still reference the resource keep it alive
 * until they are destroyed (refcounted slots), so no stale reference can reach freed state.
 */
#include <stdlib.h>

#include "engine.h"

int vigil_rule_vtest_resource_create(struct vigil_exec *ex)
{
	struct vigil_res_args a = { 0 };
	struct vigil_res_desc *d;
	struct vigil_xrec_resource x;
	uint32_t guest, h;
	vigil_status s;

	if (ex->cmd_id == VIGIL_VCMD_RESOURCE_CREATE2) {
		const struct vigil_rec_resource_create2 *r = vigil_exec_rec(ex);
		guest = r->handle;
		a = (struct vigil_res_args){ r->target, r->format, r->bind, r->width, r->height, r->depth,
					     r->array_size, r->last_level, r->nr_samples, r->data_size };
	} else {
		const struct vigil_rec_resource_create *r = vigil_exec_rec(ex);
		guest = r->handle;
		a = (struct vigil_res_args){ r->target, r->format, r->bind, r->width, r->height, r->depth,
					     r->array_size, r->last_level, r->nr_samples, 0 };
	}
	/* guest is never 0 here: the spec gives both handle fields min="1" (RANGE before any rule),
	 * and vigil_ht_insert refuses id 0 (UNKNOWN_HANDLE) as a second line. */
	d = malloc(sizeof(*d));
	if (!d)
		return VIGIL_E_EXHAUSTED;
	s = vigil_res_desc_init(d, &a);
	if (s == VIGIL_OK)
		s = vigil_ht_insert(&ex->ctx->resources, guest, VIGIL_KIND_RESOURCE, 0, d, &h);
	if (s != VIGIL_OK) {
		free(d); /* not taken by the table on failure */
		return vigil_exec_fail(ex, s, s == VIGIL_E_STATE ? "resource id already in use" : NULL);
	}
	x.guest_id = guest;
	x.handle.v = h;
	return (int)vigil_exec_post(ex, VIGIL_XREC_RESOURCE_HANDLE, 0, &x);
}

int vigil_rule_vtest_resource_unref(struct vigil_exec *ex)
{
	const struct vigil_rec_resource_unref *r = vigil_exec_rec(ex);
	struct vigil_xrec_resource x;
	uint32_t h;

	/* An unknown id is ignored, as virglrenderer does (PROTOCOL.md 1.6). */
	if (vigil_ht_unmap(&ex->ctx->resources, r->handle, &h) != VIGIL_OK)
		return VIGIL_OK;
	x.guest_id = r->handle;
	x.handle.v = h;
	return (int)vigil_exec_post(ex, VIGIL_XREC_RESOURCE_UNREF, 0, &x);
}

int vigil_rule_vtest_create_renderer(struct vigil_exec *ex)
{
	const struct vigil_rec_create_renderer *r = vigil_exec_rec(ex);
	const uint8_t *name = (const uint8_t *)vigil_exec_rec(ex) + r->name.off;

	/* The name is a NUL-terminated process name: require the NUL (it is only logged). */
	if (r->name.len == 0 || name[r->name.len - 1] != 0)
		return vigil_exec_fail(ex, VIGIL_E_RANGE, "renderer name is not NUL-terminated");
	return VIGIL_OK;
}
