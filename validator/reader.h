/*
 * reader.h: the one bounds-checked reader of untrusted bytes (Venus vkr_cs style).
 *
 * Input: a span of private memory the caller already copied out of guest-visible memory (no
 * double fetch). Guarantees: no read ever leaves the span; the first failure is sticky (every
 * later read returns 0 and the error stays the first one); sub-readers take a bounded slice
 * and advance the parent past it; vigil_rd_finish() fails on leftover bytes. Values are
 * little-endian dwords copied out with memcpy (no unaligned or aliasing dereference).
 */
#ifndef VIGIL_READER_H
#define VIGIL_READER_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vigil_status.h"

struct vigil_reader {
	const uint8_t *p;
	size_t left;
	vigil_status err;
};

static inline void vigil_rd_init(struct vigil_reader *r, const void *buf, size_t len)
{
	r->p = (const uint8_t *)buf;
	r->left = buf ? len : 0;
	r->err = VIGIL_OK;
}

static inline void vigil_rd_fail(struct vigil_reader *r, vigil_status s)
{
	if (r->err == VIGIL_OK)
		r->err = s;
	r->left = 0;
}

static inline size_t vigil_rd_left(const struct vigil_reader *r)
{
	return r->left;
}

static inline vigil_status vigil_rd_status(const struct vigil_reader *r)
{
	return r->err;
}

/* Offset of the cursor from `base` (which must be where the reader started). */
static inline size_t vigil_rd_pos(const struct vigil_reader *r, const void *base)
{
	return (size_t)(r->p - (const uint8_t *)base);
}

static inline uint32_t vigil_rd_u32(struct vigil_reader *r)
{
	uint32_t v;

	if (r->left < 4) {
		vigil_rd_fail(r, VIGIL_E_TRUNCATED);
		return 0;
	}
	memcpy(&v, r->p, 4);
	r->p += 4;
	r->left -= 4;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap32(v);
#endif
	return v;
}

/* Borrow n bytes (valid while the underlying span lives); NULL and sticky TRUNCATED if short.
 * n == 0 returns a non-NULL pointer to the cursor. */
static inline const uint8_t *vigil_rd_bytes(struct vigil_reader *r, size_t n)
{
	const uint8_t *q;

	if (r->err != VIGIL_OK || r->left < n) {
		vigil_rd_fail(r, VIGIL_E_TRUNCATED);
		return NULL;
	}
	q = r->p;
	r->p += n;
	r->left -= n;
	return q;
}

/* Split off the next n bytes as an independent reader; the parent skips them. */
static inline vigil_status vigil_rd_sub(struct vigil_reader *r, size_t n, struct vigil_reader *ret_sub)
{
	const uint8_t *q = vigil_rd_bytes(r, n);

	if (!q)
		return r->err;
	vigil_rd_init(ret_sub, q, n);
	return VIGIL_OK;
}

/* The sticky error, else TRAILING when bytes are left, else OK. */
static inline vigil_status vigil_rd_finish(const struct vigil_reader *r)
{
	if (r->err != VIGIL_OK)
		return r->err;
	return r->left ? VIGIL_E_TRAILING : VIGIL_OK;
}

#endif
