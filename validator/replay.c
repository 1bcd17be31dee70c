/*
 * replay.c: feed a recorded vtest client stream message by message through a context.
 * See vigil_replay.h. Reads only inside [buf, buf+len).
 */
#include <string.h>

#include "vigil_replay.h"
#include "vigil_spec.h"

static uint32_t le32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static size_t count_commands(const uint8_t *p, size_t n)
{
	size_t c = 0, off = 0;

	while (off + 4 <= n) {
		uint32_t len = le32(p + off) >> 16;
		off += 4 + (size_t)len * 4u;
		c++;
	}
	return c;
}

vigil_status vigil_replay(struct vigil_val_ctx *ctx, const uint8_t *buf, size_t len,
			  struct vigil_recbuf *rb, const struct vigil_replay_hooks *hooks,
			  struct vigil_replay_stats *stats)
{
	size_t off = 0;
	vigil_status first = VIGIL_OK;

	while (off < len) {
		struct vigil_replay_msg m = { 0 };
		size_t want, extra = 0;
		const uint8_t *xp = NULL;

		m.stream_offset = off;
		if (len - off < 8) {
			first = first ? first : VIGIL_E_TRUNCATED;
			break;
		}
		m.len = le32(buf + off);
		m.id = le32(buf + off + 4);
		off += 8;
		m.status = vigil_vtest_frame(ctx, m.len, m.id, &want);
		if (m.status == VIGIL_OK && len - off < want)
			m.status = VIGIL_E_TRUNCATED;
		if (m.status == VIGIL_OK) {
			m.payload = buf + off;
			m.payload_bytes = want;
			off += want;
			m.status = vigil_vtest_extra_bytes(ctx, m.id, m.payload, want, &extra);
			if (m.status == VIGIL_OK && len - off < extra)
				m.status = VIGIL_E_TRUNCATED;
			if (m.status == VIGIL_OK && extra) {
				xp = buf + off;
				off += extra;
			}
		}
		vigil_recbuf_reset(rb);
		if (hooks && hooks->before)
			hooks->before(hooks->user, &m);
		if (m.status == VIGIL_OK)
			m.status = vigil_val_vtest(ctx, m.id, m.len, m.payload, m.payload_bytes, xp, extra, rb);
		if (stats) {
			stats->messages++;
			if (m.id == VIGIL_VCMD_SUBMIT_CMD && m.payload) {
				stats->submits++;
				stats->submit_bytes += m.payload_bytes;
				stats->commands += count_commands(m.payload, m.payload_bytes);
			}
			if (m.status != VIGIL_OK)
				stats->rejects++;
		}
		if (hooks && hooks->after)
			hooks->after(hooks->user, &m, rb);
		if (m.status != VIGIL_OK) {
			if (first == VIGIL_OK)
				first = m.status;
			if (!m.payload || vigil_val_poisoned(ctx))
				break; /* framing lost, or the context is gone */
		}
	}
	return first;
}
