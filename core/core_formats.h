/*
 * core_formats.h: the virgl format -> GL / GLES texture format table of the rendering core.
 *
 * Input: a virgl format value taken from a record (the validator accepted it, but the core
 * re-checks: any uint32 is looked up safely). The table itself is trusted static data; what the
 * host can do with each entry (sample, render, read back exactly) is probed at core creation on
 * the real driver. Guarantee: vigil_core_format() returns NULL for any value that has no entry
 * for the backend, so no GL call is ever made with a format the table does not describe.
 */
#ifndef VIGIL_CORE_FORMATS_H
#define VIGIL_CORE_FORMATS_H

#include <stdbool.h>
#include <stdint.h>

#include <epoxy/gl.h>

#include "vigil_core.h"

enum core_fmt_flag {
	CORE_FMT_UINT = 1u << 0,       /* unsigned integer colour (clears use uint values) */
	CORE_FMT_SINT = 1u << 1,       /* signed integer colour */
	CORE_FMT_DEPTH = 1u << 2,      /* has a depth aspect */
	CORE_FMT_STENCIL = 1u << 3,    /* has a stencil aspect */
	CORE_FMT_COMPRESSED = 1u << 4, /* block-compressed: glCompressedTex*Image */
	CORE_FMT_SWAP_RB = 1u << 5,    /* BGRA emulated as RGBA: bytes 0 and 2 of each texel swapped */
	CORE_FMT_Z24_LOW = 1u << 6,    /* Z in bits 0..23 of the guest word, GL wants it in 8..31 */
	CORE_FMT_FLOAT = 1u << 7,      /* float colour (clears keep the float bits) */
};

#define CORE_FMT_COUNT 322u /* VIRGL_FORMAT_MAX */

struct core_format {
	uint32_t virgl;
	GLenum internal, format, type;
	uint32_t flags;
	uint32_t block_bytes;         /* bytes per block (texel for uncompressed) */
	uint32_t block_w, block_h;
	/* Probed on the host at core creation. */
	bool can_sample, can_render, can_read;
};

struct core_format_table {
	struct core_format fmt[CORE_FMT_COUNT]; /* fmt[v].virgl == v for present entries */
	bool present[CORE_FMT_COUNT];
};

/* Fills the static part of the table for `backend` (probing is done by caps.c). */
void core_formats_init(struct core_format_table *t, enum vigil_backend backend);

/* The entry of a guest format value, NULL when there is none (any uint32 is safe). */
const struct core_format *core_format_get(const struct core_format_table *t, uint32_t virgl);

#endif
