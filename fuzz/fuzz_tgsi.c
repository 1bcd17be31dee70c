/*
 * fuzz_tgsi: the bounded TGSI text parser (validator/tgsi) over arbitrary bytes.
 * The input is the shader text span exactly as a completed CREATE_OBJECT(SHADER) would hand it
 * over, copied into an exact-size heap buffer so ASan reports any read past it (the parser must
 * stop at the first NUL, and reject text without one). A successful parse is walked once so
 * the IR's index invariants (tgsi_ir.h) are checked on every accepted input, and goes through
 * the wire oracle: vigil_tgsi_ir_check passes, encode -> decode succeeds and the decoded IR
 * re-encodes to the same bytes (abort() on any mismatch).
 */
#include <stdlib.h>
#include <string.h>

#include "tgsi/tgsi_parse.h"
#include "tgsi/tgsi_wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_reg(const struct vigil_tgsi_reg *r)
{
	if (r->file == VIGIL_TGSI_FILE_NULL || r->file >= VIGIL_TGSI_FILE_COUNT)
		abort();
	if (!r->indirect && (r->index < 0 || (uint32_t)r->index >= VIGIL_TGSI_MAX_TEMPS))
		abort();
}

static void check(const struct vigil_tgsi_shader *sh)
{
	if (sh->insn_count == 0 || sh->insn_count > VIGIL_TGSI_MAX_INSNS ||
	    sh->decl_count > VIGIL_TGSI_MAX_DECLS || sh->imm_count > VIGIL_TGSI_MAX_IMMS ||
	    sh->prop_count > VIGIL_TGSI_MAX_PROPS || sh->processor >= VIGIL_TGSI_PROCESSOR_COUNT)
		abort();
	for (uint32_t i = 0; i < sh->insn_count; i++) {
		const struct vigil_tgsi_insn *in = &sh->insns[i];

		if (in->num_src > VIGIL_TGSI_MAX_SRC || in->num_offsets > VIGIL_TGSI_MAX_TEX_OFFSETS ||
		    (in->has_label && in->label >= VIGIL_TGSI_MAX_INSNS))
			abort();
		if (in->num_dst)
			check_reg(&in->dst.reg);
		for (unsigned k = 0; k < in->num_src; k++)
			check_reg(&in->src[k].reg);
		for (unsigned k = 0; k < in->num_offsets; k++)
			check_reg(&in->offsets[k].reg);
	}
	for (uint32_t i = 0; i < sh->decl_count; i++)
		if (sh->decls[i].first > sh->decls[i].last || sh->decls[i].last >= VIGIL_TGSI_MAX_TEMPS)
			abort();
}

static void wire_oracle(const struct vigil_tgsi_shader *sh)
{
	struct vigil_tgsi_shader *back = NULL;
	size_t n = vigil_tgsi_wire_size(sh);
	uint8_t *a = malloc(n), *b = malloc(n);

	if (!a || !b || vigil_tgsi_ir_check(sh) != VIGIL_OK ||
	    vigil_tgsi_wire_encode(sh, a, n) != VIGIL_OK ||
	    vigil_tgsi_wire_decode(a, n, &back) != VIGIL_OK || vigil_tgsi_wire_size(back) != n ||
	    vigil_tgsi_wire_encode(back, b, n) != VIGIL_OK || memcmp(a, b, n) != 0)
		abort();
	vigil_tgsi_free(back);
	free(a);
	free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vigil_tgsi_shader *sh = NULL;
	struct vigil_tgsi_error err;
	uint8_t *copy = malloc(size ? size : 1);

	if (!copy)
		abort();
	memcpy(copy, data, size);
	if (vigil_tgsi_parse(copy, size, &sh, &err) == VIGIL_OK) {
		check(sh);
		wire_oracle(sh);
		vigil_tgsi_free(sh);
	} else if (sh || err.status == VIGIL_OK || !err.reason) {
		abort();
	}
	free(copy);
	return 0;
}
