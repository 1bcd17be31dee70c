/*
 * tests/unit/fake_formats.h: virgl format values used by the unit tests (virgl_formats.csv).
 */
#ifndef VIGIL_TEST_FAKE_FORMATS_H
#define VIGIL_TEST_FAKE_FORMATS_H

#include "vigil_tables.h"

enum {
	FMT_NONE = 0,
	FMT_B8G8R8A8_UNORM = 1,
	FMT_B5G6R5_UNORM = 7,
	FMT_R32G32B32A32_FLOAT = 31,
	FMT_R8_UNORM = 64,
	FMT_R8G8B8A8_UNORM = 67,
	FMT_GAP = 73, /* a hole in enum virgl_formats */
	FMT_DXT1_RGB = 105,
	FMT_NV12 = 166, /* valid, but planar: block_bytes 0 in the generated table */
};

#endif
