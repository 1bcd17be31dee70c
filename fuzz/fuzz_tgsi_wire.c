/*
 * fuzz_tgsi_wire: the IR's wire decoder (validator/tgsi/tgsi_wire.h) over arbitrary bytes, as the
 * core meets a shader record's span that crossed the process boundary. The input is copied into
 * an exact-size heap buffer (ASan reports any read past it). Oracle: a decode that succeeds must
 * yield an IR that passes vigil_tgsi_ir_check and re-encodes to exactly the input bytes (the
 * encoding is canonical: no padding or flag bit may differ); a decode that fails returns no
 * shader and VIGIL_E_STATE or VIGIL_E_EXHAUSTED. Any violation aborts. Seeds: the captures'
 * shaders encoded (vigil-vectors --tgsi-wire).
 */
#include <stdlib.h>
#include <string.h>

#include "tgsi/tgsi_parse.h"
#include "tgsi/tgsi_wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vigil_tgsi_shader *sh = NULL;
	uint8_t *copy = malloc(size ? size : 1), *again;
	vigil_status s;

	if (!copy)
		abort();
	memcpy(copy, data, size);
	s = vigil_tgsi_wire_decode(copy, size, &sh);
	if (s == VIGIL_OK) {
		if (!sh || vigil_tgsi_ir_check(sh) != VIGIL_OK || vigil_tgsi_wire_size(sh) != size)
			abort();
		again = malloc(size ? size : 1);
		if (!again || vigil_tgsi_wire_encode(sh, again, size) != VIGIL_OK ||
		    memcmp(again, copy, size) != 0)
			abort();
		free(again);
		vigil_tgsi_free(sh);
	} else if (sh || (s != VIGIL_E_STATE && s != VIGIL_E_EXHAUSTED)) {
		abort();
	}
	free(copy);
	return 0;
}
