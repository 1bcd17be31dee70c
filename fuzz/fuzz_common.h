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

/* A prepared context (setup failing aborts: a harness bug). `base` supplies keep_going and the
 * observer (NULL: the gate's configuration); the features are always all of them. */
struct vigil_val_ctx *vigil_fuzz_context(struct vigil_recbuf *rb, const struct vigil_val_config *base);

#endif
