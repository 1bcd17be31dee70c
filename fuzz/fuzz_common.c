/*
 * fuzz_common.c: see fuzz_common.h. The resource fixtures (handles 1..7, 0x100, 0x101) are the table of
 * fuzz_fixtures.h, which the structure-aware mutator reads too.
 */
#include <stdlib.h>

#include "fuzz_common.h"
#include "fuzz_fixtures.h"
#include "vigil_spec.h"

static void must(vigil_status s)
{
	if (s != VIGIL_OK)
		abort();
}

static void res(struct vigil_val_ctx *ctx, struct vigil_recbuf *rb, const uint32_t a[11])
{
	vigil_recbuf_reset(rb);
	must(vigil_val_vtest(ctx, VIGIL_VCMD_RESOURCE_CREATE2, 11, a, 44, NULL, 0, rb));
}

struct vigil_val_ctx *vigil_fuzz_context(struct vigil_recbuf *rb, const struct vigil_val_config *base)
{
	struct vigil_val_config cfg = { 0 };
	struct vigil_val_ctx *ctx;
	static const char name[8] = "fuzz";
	static const uint32_t version = 2;
	static const uint32_t sub[4] = { 29u | (1u << 16), 1, 28u | (1u << 16), 1 };

	if (base)
		cfg = *base;
	cfg.features = vigil_val_all_features();
	ctx = vigil_val_create(&cfg);
	if (!ctx)
		abort();
	vigil_recbuf_reset(rb);
	must(vigil_val_vtest(ctx, VIGIL_VCMD_CREATE_RENDERER, 5, name, 5, NULL, 0, rb));
	vigil_recbuf_reset(rb);
	must(vigil_val_vtest(ctx, VIGIL_VCMD_PROTOCOL_VERSION, 1, &version, 4, NULL, 0, rb));
	for (unsigned i = 0; i < VIGIL_FUZZ_NRES; i++)
		res(ctx, rb, vigil_fuzz_fixtures[i]);
	vigil_recbuf_reset(rb);
	must(vigil_val_submit(ctx, sub, sizeof(sub), rb));
	return ctx;
}
