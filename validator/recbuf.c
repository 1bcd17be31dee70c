/*
 * recbuf.c: the growable, capped buffer sanitized records are written into.
 *
 * Trust: sizes come from the validator (already bounded by the command length), never directly
 * from a guest. Guarantees: never grows past its cap (VIGIL_E_EXHAUSTED instead, and the buffer
 * is unchanged), every record is padded to 8 bytes with zeros (no stale bytes cross over).
 */
#include <stdlib.h>
#include <string.h>

#include "checked.h"
#include "engine.h"

#define DEFAULT_MAX ((size_t)64 << 20)

void vigil_recbuf_reset(struct vigil_recbuf *rb)
{
	rb->len = 0;
}

void vigil_recbuf_free(struct vigil_recbuf *rb)
{
	free(rb->buf);
	rb->buf = NULL;
	rb->len = rb->cap = 0;
}

bool vigil_recbuf_reserve(struct vigil_recbuf *rb, size_t more)
{
	size_t max = rb->max ? rb->max : DEFAULT_MAX;
	size_t need, ncap;
	uint8_t *nb;

	if (__builtin_add_overflow(rb->len, more, &need) || need > max)
		return false;
	if (need <= rb->cap)
		return true;
	ncap = rb->cap ? rb->cap : (max < 4096 ? max : 4096); /* never above the cap, not even at first */
	while (ncap < need)
		ncap = ncap > max / 2 ? max : ncap * 2;
	nb = realloc(rb->buf, ncap);
	if (!nb)
		return false;
	rb->buf = nb;
	rb->cap = ncap;
	return true;
}

vigil_status vigil_recbuf_append_span(struct vigil_exec *ex, const void *data, size_t n,
				      struct vigil_span *ret_span_value)
{
	struct vigil_recbuf *rb = ex->out;
	size_t off = rb->len - ex->rec_pos;

	if (off > UINT32_MAX || n > UINT32_MAX)
		return VIGIL_E_EXHAUSTED;
	if (!vigil_recbuf_reserve(rb, n))
		return VIGIL_E_EXHAUSTED;
	if (n)
		memcpy(rb->buf + rb->len, data, n);
	rb->len += n;
	ret_span_value->off = (uint32_t)off;
	ret_span_value->len = (uint32_t)n;
	return VIGIL_OK;
}

void vigil_recbuf_truncate_spans(struct vigil_exec *ex)
{
	struct vigil_recbuf *rb = ex->out;
	size_t end = ex->rec_pos + ex->desc->rec_size;

	if (rb->len > end) {
		memset(rb->buf + end, 0, rb->len - end);
		rb->len = end;
	}
}

vigil_status vigil_recbuf_emit(struct vigil_recbuf *rb, uint16_t type, uint16_t objtype,
			       const void *body, size_t n)
{
	struct vigil_rec_hdr h;
	size_t size = (sizeof(h) + n + 7u) & ~(size_t)7u;

	if (size > UINT32_MAX || !vigil_recbuf_reserve(rb, size))
		return VIGIL_E_EXHAUSTED;
	h.type = type;
	h.objtype = objtype;
	h.size = (uint32_t)size;
	memset(rb->buf + rb->len, 0, size);
	memcpy(rb->buf + rb->len, &h, sizeof(h));
	memcpy(rb->buf + rb->len + sizeof(h), body, n);
	rb->len += size;
	return VIGIL_OK;
}

vigil_status vigil_exec_post(struct vigil_exec *ex, uint16_t type, uint16_t objtype, const void *body8)
{
	struct vigil_post *p;

	if (ex->nposts >= VIGIL_MAX_POSTS)
		return VIGIL_E_STATE; /* a rule emitting more is a broken invariant of this file's users */
	p = &ex->posts[ex->nposts++];
	p->type = type;
	p->objtype = objtype;
	memcpy(p->body, body8, sizeof(p->body));
	return VIGIL_OK;
}
