/*
 * fuzz_pipeline: the full pipeline in single-process mode: a whole vtest client stream (the
 * connN.c2s format of the captures) through libvigil's vtest entry points, i.e. framing, the
 * validator and the rendering core on the host GL (llvmpipe), as vigil-server's client process
 * runs it, minus the socket. Each input gets a fresh vtest context (its own GL context) on one
 * renderer created at start-up. Replies (including RESOURCE_CREATE2's memfd) are produced and
 * discarded; fds are closed. Every byte the core touches is in private copies (ASan sees any
 * overread) or in the memfd mappings the library created.
 *
 * Environment: VIGIL_FUZZ_BACKEND=gles selects the GLES backend (default desktop GL).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vigil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static struct vigil_renderer *renderer;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct vigil_renderer_config cfg = { .api_version = VIGIL_API_VERSION,
					     .flags = VIGIL_RENDERER_ENCODED_TRANSFERS };
	const char *be = getenv("VIGIL_FUZZ_BACKEND");

	(void)argc;
	(void)argv;
	setenv("LIBGL_ALWAYS_SOFTWARE", "1", 0);
	cfg.backend = be && strcmp(be, "gles") == 0 ? VIGIL_BACKEND_GLES : VIGIL_BACKEND_GL;
	if (vigil_renderer_create(&cfg, &renderer) != VIGIL_OK)
		abort(); /* no EGL display: nothing meaningful to fuzz */
	return 0;
}

static uint32_t le32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

/* An exact-size private copy of [p, p + n) (ASan sees any read past it); NULL for n == 0. */
static uint8_t *copy(const uint8_t *p, size_t n)
{
	uint8_t *c;

	if (!n)
		return NULL;
	c = malloc(n);
	if (!c)
		abort();
	memcpy(c, p, n);
	return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vigil_context *ctx;
	size_t off = 0;

	if (vigil_vtest_context_create(renderer, &ctx) != VIGIL_OK)
		abort();
	while (size - off >= 8) {
		uint32_t len = le32(data + off), id = le32(data + off + 4);
		struct vigil_vtest_reply rep;
		size_t want = 0, extra = 0;
		uint8_t *payload, *xdata;
		vigil_status s;

		off += 8;
		if (vigil_vtest_header(ctx, len, id, &want) != VIGIL_OK || size - off < want)
			break;
		payload = copy(data + off, want);
		off += want;
		if (vigil_vtest_extra(ctx, id, payload, want, &extra) != VIGIL_OK || size - off < extra) {
			free(payload);
			break;
		}
		xdata = copy(data + off, extra);
		off += extra;
		s = vigil_vtest_message(ctx, len, id, payload, want, xdata, extra, &rep);
		if (rep.fd >= 0)
			close(rep.fd);
		free(payload);
		free(xdata);
		if (s != VIGIL_OK)
			break;
	}
	vigil_context_destroy(ctx);
	return 0;
}
