/*
 * fuzz_common.h: shared setup for the validator fuzzing harnesses.
 *
 * Each input gets a fresh validation context prepared as Mesa prepares one (CREATE_RENDERER,
 * PROTOCOL_VERSION 2, one resource of each target class, sub-context 1 current), so the fuzzer
 * starts past the handshake with live handles to hit. Harnesses use the libFuzzer entry point;
 * AFL++ runs them unchanged (afl-clang-fast -fsanitize=fuzzer links its own driver).
 */
#ifndef VIGIL_FUZZ_COMMON_H
#define VIGIL_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "vigil_validator.h"

/* A prepared context, or NULL when setup itself failed (which aborts: a harness bug). */
struct vigil_val_ctx *vigil_fuzz_context(struct vigil_recbuf *rb);

#endif
