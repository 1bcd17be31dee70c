/*
 * backing.c: copies between a backing (a list of iovecs: the embedder's guest pages of a VMM,
 * one shared-memory mapping of vigil-server, or a private buffer) and private memory.
 *
 * Input: a byte range of the backing that the caller already checked to lie inside
 * [0, size) with vigil_res_check_backing, and iovecs whose lengths were summed without
 * overflow at attach time. Guarantees: no byte outside the iovecs is touched; a range that
 * spans several iovecs is split at their boundaries; zero-length iovecs are skipped. The
 * range check is repeated here (cheap) and aborts on a violation: reaching it would be a bug
 * in the core, not a guest error.
 */
#include <stdlib.h>
#include <string.h>

#include "core_priv.h"

/* Walks [off, off + n) over the iovecs: copies from `src` into the backing when src is set,
 * else from the backing into `dst`. */
static void walk(const struct core_backing *r, size_t off, const uint8_t *src, uint8_t *dst, size_t n)
{
	unsigned i = 0;

	if (off > r->size || n > r->size - off)
		abort(); /* an unchecked range reached the backing: internal invariant broken */
	while (i < r->niov && off >= r->iov[i].iov_len) {
		off -= r->iov[i].iov_len;
		i++;
	}
	while (n) {
		size_t len = r->iov[i].iov_len - off;
		uint8_t *p = (uint8_t *)r->iov[i].iov_base + off;

		if (len > n)
			len = n;
		if (src) {
			memcpy(p, src, len);
			src += len;
		} else {
			memcpy(dst, p, len);
			dst += len;
		}
		n -= len;
		off = 0;
		i++;
	}
}

void core_backing_read(const struct core_backing *bk, size_t off, void *dst, size_t n)
{
	walk(bk, off, NULL, dst, n);
}

void core_backing_write(const struct core_backing *bk, size_t off, const void *src, size_t n)
{
	walk(bk, off, src, NULL, n);
}
