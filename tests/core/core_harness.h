/*
 * core_harness.h: the core tests' fixture, built on the public embedding API (vigil.h), so that
 * every resource, transfer and command of the matrix goes through the same path a VMM uses.
 *
 * ch_open() creates a renderer on the backend named in argv[1] ("gl" or "gles", with encoded
 * transfers enabled so TRANSFER3D can be tested) and a context (CREATE_RENDERER and
 * PROTOCOL_VERSION 2 inside vigil_context_create), then CREATE_SUB_CTX 1 / SET_SUB_CTX 1 as Mesa
 * does. Each resource gets a malloc'd backing of its layout size, passed as CH_IOV_PARTS
 * iovecs of uneven lengths over that one allocation (so the scatter-gather path is exercised
 * on every transfer while the tests can index the memory linearly).
 */
#ifndef VIGIL_CORE_HARNESS_H
#define VIGIL_CORE_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "resource.h" /* validator/resource.h: the guest layout, for offsets */
#include "vigil.h"
#include "vigil_spec.h"

#define CH_HDR(id, obj, len) ((uint32_t)(id) | ((uint32_t)(obj) << 8) | ((uint32_t)(len) << 16))
#define CH_MAX_RES 64
#define CH_IOV_PARTS 3

struct ch_res {
	uint32_t guest;
	uint8_t *mem;
	size_t size;
	struct vigil_res_desc desc;
};

struct ch {
	enum vigil_backend backend;
	struct vigil_renderer *r;
	struct vigil_context *ctx;
	struct ch_res res[CH_MAX_RES];
	uint32_t next_guest;
	uint32_t released; /* backing_released calls */
};

/* The backend from argv ("gl" default). Exit 77 from main when ch_probe() fails. */
enum vigil_backend ch_backend(int argc, char **argv);
bool ch_probe(enum vigil_backend b);
void ch_open(struct ch *c, enum vigil_backend b);
void ch_close(struct ch *c);

/* vigil_submit: the validator's status, or the core's if validation passed. */
vigil_status ch_submit(struct ch *c, const uint32_t *dw, size_t n);
#define CH_SUBMIT(c, ...) ch_submit((c), (const uint32_t[]){ __VA_ARGS__ }, \
	sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t))

/* RESOURCE_CREATE2 with data_size = Mesa's layout; returns the guest id (0 on failure). */
uint32_t ch_res(struct ch *c, uint32_t target, uint32_t format, uint32_t bind, uint32_t w,
		uint32_t h, uint32_t d, uint32_t array_size, uint32_t last_level, uint32_t samples);
struct ch_res *ch_get(struct ch *c, uint32_t guest);
void ch_unref(struct ch *c, uint32_t guest);

/* TRANSFER_PUT2 / TRANSFER_GET2 of a box at Mesa's offset for it. */
vigil_status ch_put(struct ch *c, uint32_t guest, uint32_t level, const struct vigil_box *b);
vigil_status ch_get2(struct ch *c, uint32_t guest, uint32_t level, const struct vigil_box *b);
/* Byte offset of texel block (x, y, layer z) of a level in the guest layout. */
size_t ch_offset(const struct ch_res *r, uint32_t level, uint32_t x, uint32_t y, uint32_t z);
/* Bytes of one row of a box (blocks * block bytes) and its block rows. */
void ch_box_rows(const struct ch_res *r, const struct vigil_box *b, size_t *ret_row, size_t *ret_rows);

#endif
