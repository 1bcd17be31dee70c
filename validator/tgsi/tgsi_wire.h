/*
 * tgsi_wire.h: the flat encoding of a parsed shader (tgsi_ir.h) that crosses from the gate to the
 * core inside a CREATE_OBJECT(SHADER) record, in place of the TGSI text. The core never sees
 * TGSI text: it decodes this blob and emits GLSL from the IR.
 *
 * Trust: encode runs in the gate on IR the parser produced. decode runs in the core on bytes
 * that crossed a process boundary and is treated as hostile input: it checks the blob's size
 * against its counts with overflow-safe arithmetic, and re-checks every invariant tgsi_ir.h
 * promises (enum ranges, register indices against file limits and declarations, labels,
 * balanced control flow, END last) before it returns an IR, so a corrupted or forged record is
 * VIGIL_E_STATE, never a wild index in the emitter. Pure C, libc only (linked by the core too).
 */
#ifndef VIGIL_TGSI_WIRE_H
#define VIGIL_TGSI_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "tgsi_ir.h"
#include "vigil_status.h"

/* Bytes vigil_tgsi_wire_encode writes for `sh` (a multiple of 8). */
size_t vigil_tgsi_wire_size(const struct vigil_tgsi_shader *sh);

/* Writes exactly vigil_tgsi_wire_size(sh) bytes to buf (cap must be at least that): every
 * padding byte is zero, so the blob is a pure function of the IR. */
vigil_status vigil_tgsi_wire_encode(const struct vigil_tgsi_shader *sh, void *buf, size_t cap);

/* Checks and decodes; on success *ret_sh is a new shader (vigil_tgsi_free), else *ret_sh is
 * NULL. Any violation is VIGIL_E_STATE (the gate would never produce it), allocation failure
 * VIGIL_E_EXHAUSTED. Only the canonical encoding is accepted: non-zero padding or reserved
 * bytes, undefined flag bits and bytes after the last instruction are violations, so a blob
 * that decodes re-encodes to the same bytes (layout: tgsi_wire.c). */
vigil_status vigil_tgsi_wire_decode(const void *buf, size_t len, struct vigil_tgsi_shader **ret_sh);

/* The invariant check decode runs, usable on an in-memory IR (tests, the parser's self-check). */
vigil_status vigil_tgsi_ir_check(const struct vigil_tgsi_shader *sh);

#endif
