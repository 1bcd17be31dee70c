/*
 * harness.c: see harness.h. Fails the test process (abort with a message) when the fixture
 * setup itself is rejected, since every test result would be meaningless then.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "vigil_tables.h"

static void must(vigil_status s, const struct th *t, const char *what)
{
	char buf[256];

	if (s == VIGIL_OK)
		return;
	vigil_val_format_error(vigil_val_last_error(t->ctx), buf, sizeof(buf));
	fprintf(stderr, "harness: %s rejected: %s\n", what, buf);
	abort();
}

vigil_status th_submit(struct th *t, const uint32_t *dw, size_t n)
{
	vigil_recbuf_reset(&t->rb);
	return vigil_val_submit(t->ctx, dw, n * 4u, &t->rb);
}

vigil_status th_vtest(struct th *t, uint32_t id, uint32_t len, const uint32_t *dw, size_t n)
{
	vigil_recbuf_reset(&t->rb);
	return vigil_val_vtest(t->ctx, id, len, dw, n * 4u, NULL, 0, &t->rb);
}

vigil_status th_res(struct th *t, uint32_t handle, uint32_t target, uint32_t format, uint32_t bind,
		    uint32_t w, uint32_t h, uint32_t d, uint32_t array_size, uint32_t last_level,
		    uint32_t nr_samples, uint32_t data_size)
{
	const uint32_t a[11] = { handle, target, format, bind, w, h, d, array_size, last_level, nr_samples, data_size };
	return th_vtest(t, VIGIL_VCMD_RESOURCE_CREATE2, 11, a, 11);
}

vigil_status th_shader(struct th *t, uint32_t handle, uint32_t stage, const char *text)
{
	uint32_t dw[64] = { 0 };
	size_t len = strlen(text) + 1, ndw = (len + 3) / 4;

	if (ndw > 58)
		abort();
	dw[0] = TH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_SHADER, 5 + ndw);
	dw[1] = handle;
	dw[2] = stage;
	dw[3] = (uint32_t)len;
	dw[4] = 8; /* num_tokens */
	dw[5] = 0; /* nso */
	memcpy(&dw[6], text, len);
	return th_submit(t, dw, 6 + ndw);
}

void th_new_features(struct th *t, uint32_t features)
{
	struct vigil_val_config cfg = { .features = features };
	static const char name[8] = "test";
	uint32_t v = 2;

	memset(t, 0, sizeof(*t));
	t->ctx = vigil_val_create(&cfg);
	if (!t->ctx)
		abort();
	vigil_recbuf_reset(&t->rb);
	must(vigil_val_vtest(t->ctx, VIGIL_VCMD_CREATE_RENDERER, 5, name, 5, NULL, 0, &t->rb), t, "CREATE_RENDERER");
	must(th_vtest(t, VIGIL_VCMD_PROTOCOL_VERSION, 1, &v, 1), t, "PROTOCOL_VERSION");
	must(th_res(t, TH_BUF, VIGIL_TEXTURE_TARGET_BUFFER, VIGIL_FORMAT_R8_UNORM, 0x10u, 65536, 1, 1, 1, 0, 0, 65536), t, "buffer fixture");
	must(th_res(t, TH_TEX, VIGIL_TEXTURE_TARGET_TEXTURE_2D, VIGIL_FORMAT_R8G8B8A8_UNORM, 0xau, 64, 64, 1, 1, 6, 0, 21844), t, "texture fixture");
	must(TH_SUBMIT(t, TH_HDR(VIGIL_CCMD_CREATE_SUB_CTX, 0, 1), 1, TH_HDR(VIGIL_CCMD_SET_SUB_CTX, 0, 1), 1), t, "sub-context");
}

void th_new(struct th *t)
{
	th_new_features(t, vigil_val_all_features());
}

void th_free(struct th *t)
{
	vigil_val_destroy(t->ctx);
	vigil_recbuf_free(&t->rb);
	t->ctx = NULL;
}

void th_objects(struct th *t)
{
	must(TH_SUBMIT(t, TH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_BLEND, 11), TH_OBJ(VIGIL_OBJ_BLEND),
		       0, 0, 0x78000000u, 0, 0, 0, 0, 0, 0, 0), t, "blend fixture");
	must(TH_SUBMIT(t, TH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_RASTERIZER, 9), TH_OBJ(VIGIL_OBJ_RASTERIZER),
		       0x200000c2u, 0x3f800000u, 0, 0xffffu, 0x3f800000u, 0, 0, 0), t, "rasterizer fixture");
	must(TH_SUBMIT(t, TH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_DSA, 5), TH_OBJ(VIGIL_OBJ_DSA), 0, 0, 0, 0), t, "dsa fixture");
	must(th_shader(t, TH_OBJ(VIGIL_OBJ_SHADER), 0, "VERT\nDCL IN[0]\nDCL OUT[0], POSITION\n  0: MOV OUT[0], IN[0]\n  1: END\n"), t, "shader fixture");
	must(TH_SUBMIT(t, TH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_VERTEX_ELEMENTS, 5), TH_OBJ(VIGIL_OBJ_VERTEX_ELEMENTS),
		       0, 0, 0, VIGIL_FORMAT_R32G32B32A32_FLOAT), t, "vertex elements fixture");
	must(TH_SUBMIT(t, TH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_SAMPLER_VIEW, 6), TH_OBJ(VIGIL_OBJ_SAMPLER_VIEW),
		       TH_TEX, VIGIL_FORMAT_R8G8B8A8_UNORM, 0, 0x600u, 0x688u), t, "sampler view fixture");
	must(TH_SUBMIT(t, TH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_SAMPLER_STATE, 9), TH_OBJ(VIGIL_OBJ_SAMPLER_STATE),
		       0x31012u, 0, 0, 0x447a0000u, 0, 0, 0, 0), t, "sampler state fixture");
	must(TH_SUBMIT(t, TH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_SURFACE, 5), TH_OBJ(VIGIL_OBJ_SURFACE),
		       TH_TEX, VIGIL_FORMAT_R8G8B8A8_UNORM, 0, 0), t, "surface fixture");
	must(TH_SUBMIT(t, TH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_QUERY, 4), TH_OBJ(VIGIL_OBJ_QUERY),
		       0, 0, TH_BUF), t, "query fixture");
	must(TH_SUBMIT(t, TH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_STREAMOUT_TARGET, 4), TH_OBJ(VIGIL_OBJ_STREAMOUT_TARGET),
		       TH_BUF, 0, 4096), t, "streamout target fixture");
	must(TH_SUBMIT(t, TH_HDR(VIGIL_CCMD_CREATE_OBJECT, VIGIL_OBJ_MSAA_SURFACE, 6), TH_OBJ(VIGIL_OBJ_MSAA_SURFACE),
		       TH_TEX, VIGIL_FORMAT_R8G8B8A8_UNORM, 0, 0, 4), t, "msaa surface fixture");
	/* A compute shader bound in the fixture sub-context, so LAUNCH_GRID's vectors reach the
	 * engine's checks (its rule needs a bound CS); a second SHADER object, outside 0x1000+kind. */
	must(th_shader(t, TH_CS, VIGIL_SHADER_STAGE_COMPUTE, "COMP\n  0: END\n"), t, "compute shader fixture");
	must(TH_SUBMIT(t, TH_HDR(VIGIL_CCMD_BIND_SHADER, 0, 2), TH_CS, VIGIL_SHADER_STAGE_COMPUTE), t, "compute shader bound");
}

const char *th_err_field(const struct th *t)
{
	const struct vigil_val_error *e = vigil_val_last_error(t->ctx);

	if (e->field == VIGIL_NO_NAME || e->field >= VIGIL_NAMES_COUNT)
		return "";
	return vigil_names[e->field];
}
