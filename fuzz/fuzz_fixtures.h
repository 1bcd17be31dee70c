/*
 * fuzz_fixtures.h: the resources every fuzz_submit context starts with (handles 1..7, 0x100 and
 * 0x101), as Mesa would create them: buffers, 2D with mips, 3D, cube, 2D array, a compressed
 * texture and a multisampled array, plus the vectors' two fixtures. One table for the harness (fuzz_common.c creates them) and the
 * structure-aware mutator (fuzz/mutator/, which picks handles that pass each resource rule).
 * Each row is a RESOURCE_CREATE2 payload: handle, target, format, bind, width, height, depth,
 * array_size, last_level, nr_samples, data size.
 */
#ifndef VIGIL_FUZZ_FIXTURES_H
#define VIGIL_FUZZ_FIXTURES_H

#include <stdint.h>

#include "vigil_spec.h"

#define VIGIL_FUZZ_NRES 9u
enum { VIGIL_FUZZ_RES_HANDLE = 0, VIGIL_FUZZ_RES_TARGET = 1, VIGIL_FUZZ_RES_BIND = 3 };

static const uint32_t vigil_fuzz_fixtures[VIGIL_FUZZ_NRES][11] = {
	{ 1, VIGIL_TEXTURE_TARGET_BUFFER, VIGIL_FORMAT_R8_UNORM, 0x10, 65536, 1, 1, 1, 0, 0, 65536 },
	{ 2, VIGIL_TEXTURE_TARGET_TEXTURE_2D, VIGIL_FORMAT_R8G8B8A8_UNORM, 0xa, 64, 64, 1, 1, 6, 0, 21844 },
	{ 3, VIGIL_TEXTURE_TARGET_TEXTURE_3D, VIGIL_FORMAT_R8G8B8A8_UNORM, 0x8, 8, 8, 8, 1, 3, 0, 2340 },
	{ 4, VIGIL_TEXTURE_TARGET_TEXTURE_CUBE, VIGIL_FORMAT_R8G8B8A8_UNORM, 0x8, 16, 16, 1, 6, 0, 0, 6144 },
	{ 5, VIGIL_TEXTURE_TARGET_TEXTURE_2D_ARRAY, VIGIL_FORMAT_R8G8B8A8_UNORM, 0xa, 16, 16, 1, 4, 0, 0, 4096 },
	{ 6, VIGIL_TEXTURE_TARGET_TEXTURE_2D, VIGIL_FORMAT_DXT1_RGB, 0x8, 16, 16, 1, 1, 0, 0, 128 },
	{ 7, VIGIL_TEXTURE_TARGET_TEXTURE_2D_ARRAY, VIGIL_FORMAT_R8G8B8A8_UNORM, 0x2, 16, 16, 1, 3, 0, 2, 0 },
	/* The two the generator's vectors reference (spec/gen/README.md), so the vec-* seeds reach
	 * their rules here as they do in tests/validator/test_vectors.c. */
	{ 0x100, VIGIL_TEXTURE_TARGET_BUFFER, VIGIL_FORMAT_R8_UNORM, 0x10, 65536, 1, 1, 1, 0, 0, 65536 },
	{ 0x101, VIGIL_TEXTURE_TARGET_TEXTURE_2D, VIGIL_FORMAT_R8G8B8A8_UNORM, 0xa, 64, 64, 1, 1, 6, 0, 21844 },
};

#endif
