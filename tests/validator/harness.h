/*
 * harness.h: a validation context set up the way Mesa sets one up, for the validator tests.
 *
 * th_new() runs CREATE_RENDERER, PROTOCOL_VERSION 2, creates the fixture resources of
 * spec/gen/README.md (0x100: 65536-byte buffer; 0x101: 64x64 RGBA8 2D texture with 7 levels),
 * then CREATE_SUB_CTX 1 and SET_SUB_CTX 1. th_objects() adds one object of every kind with
 * handle TH_OBJ(kind). Commands are given as raw dwords, header first.
 */
#ifndef VIGIL_TEST_HARNESS_H
#define VIGIL_TEST_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "vigil_spec.h"
#include "vigil_validator.h"

#define TH_BUF 0x100u
#define TH_TEX 0x101u
#define TH_CS 0x2004u /* a compute shader, bound (th_new) */
#define TH_OBJ(kind) (0x1000u + (uint32_t)(kind))
#define TH_HDR(id, obj, len) ((uint32_t)(id) | ((uint32_t)(obj) << 8) | ((uint32_t)(len) << 16))

struct th {
	struct vigil_val_ctx *ctx;
	struct vigil_recbuf rb;
};

void th_new(struct th *t);
void th_new_features(struct th *t, uint32_t features);
void th_free(struct th *t);
void th_objects(struct th *t);

vigil_status th_submit(struct th *t, const uint32_t *dw, size_t n);
vigil_status th_vtest(struct th *t, uint32_t id, uint32_t len, const uint32_t *dw, size_t n);
/* RESOURCE_CREATE2 with Mesa's arguments. */
vigil_status th_res(struct th *t, uint32_t handle, uint32_t target, uint32_t format, uint32_t bind,
		    uint32_t w, uint32_t h, uint32_t d, uint32_t array_size, uint32_t last_level,
		    uint32_t nr_samples, uint32_t data_size);
/* CREATE_OBJECT(SHADER) of a complete text in one chunk. */
vigil_status th_shader(struct th *t, uint32_t handle, uint32_t stage, const char *text);

/* Name of the field the last error names ("" when none). */
const char *th_err_field(const struct th *t);

#define TH_SUBMIT(t, ...) th_submit((t), (const uint32_t[]){ __VA_ARGS__ }, \
	sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t))

#endif
