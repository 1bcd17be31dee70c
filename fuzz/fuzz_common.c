/*
 * fuzz_common.c: see fuzz_common.h. Resource fixtures cover buffers, 2D with mips, 3D, cube,
 * 2D array, a compressed texture and a multisampled array (handles 1..7), as Mesa would send.
 */
#include <stdlib.h>

#include "fuzz_common.h"
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

struct vigil_val_ctx *vigil_fuzz_context(struct vigil_recbuf *rb)
{
	struct vigil_val_config cfg = { .features = vigil_val_all_features() };
	struct vigil_val_ctx *ctx = vigil_val_create(&cfg);
	static const char name[8] = "fuzz";
	static const uint32_t version = 2;
	static const uint32_t fixtures[7][11] = {
		{ 1, VIGIL_TEXTURE_TARGET_BUFFER, VIGIL_FORMAT_R8_UNORM, 0x10, 65536, 1, 1, 1, 0, 0, 65536 },
		{ 2, VIGIL_TEXTURE_TARGET_TEXTURE_2D, VIGIL_FORMAT_R8G8B8A8_UNORM, 0xa, 64, 64, 1, 1, 6, 0, 21844 },
		{ 3, VIGIL_TEXTURE_TARGET_TEXTURE_3D, VIGIL_FORMAT_R8G8B8A8_UNORM, 0x8, 8, 8, 8, 1, 3, 0, 2340 },
		{ 4, VIGIL_TEXTURE_TARGET_TEXTURE_CUBE, VIGIL_FORMAT_R8G8B8A8_UNORM, 0x8, 16, 16, 1, 6, 0, 0, 6144 },
		{ 5, VIGIL_TEXTURE_TARGET_TEXTURE_2D_ARRAY, VIGIL_FORMAT_R8G8B8A8_UNORM, 0xa, 16, 16, 1, 4, 0, 0, 4096 },
		{ 6, VIGIL_TEXTURE_TARGET_TEXTURE_2D, VIGIL_FORMAT_DXT1_RGB, 0x8, 16, 16, 1, 1, 0, 0, 128 },
		{ 7, VIGIL_TEXTURE_TARGET_TEXTURE_2D_ARRAY, VIGIL_FORMAT_R8G8B8A8_UNORM, 0x2, 16, 16, 1, 3, 0, 2, 0 },
	};
	static const uint32_t sub[4] = { 29u | (1u << 16), 1, 28u | (1u << 16), 1 };

	if (!ctx)
		abort();
	vigil_recbuf_reset(rb);
	must(vigil_val_vtest(ctx, VIGIL_VCMD_CREATE_RENDERER, 5, name, 5, NULL, 0, rb));
	vigil_recbuf_reset(rb);
	must(vigil_val_vtest(ctx, VIGIL_VCMD_PROTOCOL_VERSION, 1, &version, 4, NULL, 0, rb));
	for (unsigned i = 0; i < 7; i++)
		res(ctx, rb, fixtures[i]);
	vigil_recbuf_reset(rb);
	must(vigil_val_submit(ctx, sub, sizeof(sub), rb));
	return ctx;
}
