/*
 * exec_stages.h: the stage execution checks (test_glsl_exec_stages.c) that test_glsl_exec.c
 * runs on every GLSL version, and the emulation-uniform helper both files use.
 */
#ifndef VIGIL_EXEC_STAGES_H
#define VIGIL_EXEC_STAGES_H

#include <stdbool.h>

#include "glsl_harness.h"

/* Sets the emitter's fixed-function emulation uniforms of a linked program. */
void set_emulation_uniforms(GLuint prog, float fb_height);

bool xfb_case(bool gles, unsigned ver, bool gap);
bool gs_case(bool gles, unsigned ver);
bool tess_case(bool gles, unsigned ver);
bool compute_case(bool gles, unsigned ver);
bool image_case(bool gles, unsigned ver);

#endif
