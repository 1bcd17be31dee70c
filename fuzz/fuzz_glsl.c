/*
 * fuzz_glsl: the GLSL emitter (core/glsl) over every shader the TGSI parser accepts.
 * The input is TGSI text (the seeds are the captures' shaders, as for fuzz_tgsi), copied into
 * an exact-size heap buffer and parsed; each accepted shader is emitted for GLSL 330, 450 and
 * ES 310 with fixed-function options on and itself as the previous and next stage. Oracle:
 * the status is one the emitter documents (OK, UNSUPPORTED, RANGE, RELATION, EXHAUSTED), text
 * is returned exactly on OK, NUL-terminated and below VIGIL_GLSL_MAX_TEXT (abort() otherwise);
 * ASan/UBSan catch any out-of-bounds access on the way. No GL is involved.
 * Built a second time as fuzz_glsl_wire (FUZZ_GLSL_WIRE): the input is then an IR blob decoded
 * with vigil_tgsi_wire_decode, the way the core receives shaders, so IR the parser never
 * produces but the decoder accepts reaches the emitter too (seeds: the tgsi_wire seeds).
 */
#include <stdlib.h>
#include <string.h>

#include "glsl.h"
#include "tgsi/tgsi_parse.h"
#include "tgsi/tgsi_wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void emit_one(const struct vigil_tgsi_shader *sh, bool gles, uint32_t version)
{
	struct vigil_glsl_opts o;
	struct vigil_glsl_info info;
	char *text = NULL;
	vigil_status s;

	memset(&o, 0, sizeof(o));
	o.gles = gles;
	o.version = version;
	o.prev = sh;
	o.next = sh;
	o.flatshade = true;
	o.poly_stipple = true;
	o.alpha_func = 5;
	o.nr_cbufs = 2;
	o.clip_plane_enable = gles ? 0 : 0x3;
	o.sprite_coord_enable = 1;
	o.shared_bytes = 1024;
	o.so_count = 1;
	o.so[0].register_index = 0;
	o.so[0].num_components = 4;
	o.so_stride[0] = 4;
	s = vigil_glsl_emit(sh, &o, &text, &info);
	if (s != VIGIL_OK && s != VIGIL_E_UNSUPPORTED && s != VIGIL_E_RANGE && s != VIGIL_E_RELATION &&
	    s != VIGIL_E_EXHAUSTED)
		abort();
	if ((s == VIGIL_OK) != (text != NULL))
		abort();
	if (text && strnlen(text, VIGIL_GLSL_MAX_TEXT) >= VIGIL_GLSL_MAX_TEXT)
		abort();
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vigil_tgsi_shader *sh = NULL;
	char *copy;

	if (size == 0 || size > VIGIL_TGSI_MAX_TEXT_BYTES)
		return 0;
	copy = malloc(size);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
#ifdef FUZZ_GLSL_WIRE
	if (vigil_tgsi_wire_decode(copy, size, &sh) == VIGIL_OK) {
#else
	if (vigil_tgsi_parse(copy, size, &sh, NULL) == VIGIL_OK) {
#endif
		emit_one(sh, false, 330);
		emit_one(sh, false, 450);
		emit_one(sh, true, 310);
		vigil_tgsi_free(sh);
	}
	free(copy);
	return 0;
}
