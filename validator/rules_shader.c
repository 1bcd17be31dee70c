/*
 * rules_shader.c: CREATE_OBJECT(SHADER): TGSI text framing and chunk reassembly.
 *
 * Input: a decoded shader record whose text span holds this packet's text dwords (hostile).
 * The text itself is carried as a bounded span for now; the TGSI parser comes with the shaders
 * issue. Guarantees: the declared total length is 1..VIGIL_LIMIT_MAX_SHADER_TEXT_BYTES; a packet
 * never carries more text than the total leaves room for (rounded to dwords); a continuation
 * must continue the shader in progress (same id, same stage) at exactly the offset received so
 * far (CVE-2017-6355: offsets are compared, never added to untrusted lengths); the completed
 * text contains a NUL inside its declared length; only then is the shader object created, with
 * the first chunk's stream-output info and the whole text in one span. One shader may be in
 * progress per sub-context; a new one meanwhile is VIGIL_E_STATE.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"

#define REC struct vigil_rec_create_shader

static uint32_t round4(uint32_t v)
{
	return (v + 3u) & ~3u;
}

static int finish_text(struct vigil_exec *ex, const uint8_t *text, uint32_t total, uint32_t stage)
{
	if (!memchr(text, 0, total))
		return vigil_exec_fail(ex, VIGIL_E_RANGE, "shader text has no NUL inside its length");
	ex->new_aux = stage;
	return VIGIL_OK;
}

static int first_chunk(struct vigil_exec *ex, struct vigil_pending_shader *p)
{
	REC *r = vigil_exec_rec(ex);
	const uint8_t *text = (const uint8_t *)r + r->text.off;
	uint32_t total = r->offlen_value, n = r->text.len;

	if (p->active)
		return vigil_exec_fail(ex, VIGIL_E_STATE, "another shader is still being sent in chunks");
	if (total == 0 || total > VIGIL_LIMIT_MAX_SHADER_TEXT_BYTES)
		return vigil_exec_fail(ex, VIGIL_E_RANGE, "shader text length out of range");
	if (n > round4(total))
		return vigil_exec_fail(ex, VIGIL_E_RELATION, "packet carries more text than declared");
	if (n >= total) {
		r->text.len = total; /* drop the dword padding */
		return finish_text(ex, text, total, r->type);
	}
	p->text = malloc(total);
	p->rec = malloc(sizeof(REC));
	if (!p->text || !p->rec) {
		free(p->text);
		free(p->rec);
		p->text = NULL;
		p->rec = NULL;
		return VIGIL_E_EXHAUSTED;
	}
	memcpy(p->text, text, n);
	memcpy(p->rec, r, sizeof(REC));
	p->active = true;
	p->guest_id = ex->new_guest_id;
	p->stage = r->type;
	p->total = total;
	p->received = n;
	return VIGIL_RULE_DROP;
}

static void pending_free(struct vigil_pending_shader *p)
{
	free(p->text);
	free(p->rec);
	memset(p, 0, sizeof(*p));
}

static int continuation(struct vigil_exec *ex, struct vigil_pending_shader *p)
{
	REC *r = vigil_exec_rec(ex);
	const uint8_t *text = (const uint8_t *)r + r->text.off;
	uint32_t n = r->text.len, left, take;
	struct vigil_span sp;
	vigil_status s;
	int rs;

	if (!p->active || p->guest_id != ex->new_guest_id || p->stage != r->type)
		return vigil_exec_fail(ex, VIGIL_E_STATE, "continuation without its first chunk");
	if (r->offlen_value != p->received)
		return vigil_exec_fail(ex, VIGIL_E_RELATION, "continuation offset differs from bytes received");
	left = p->total - p->received;
	if (n > round4(left))
		return vigil_exec_fail(ex, VIGIL_E_RELATION, "continuation carries more text than declared");
	take = n < left ? n : left;
	memcpy(p->text + p->received, text, take);
	p->received += take;
	if (p->received < p->total)
		return VIGIL_RULE_DROP;
	/* Complete: the record becomes the first chunk's, with the whole text. */
	s = vigil_recbuf_append_span(ex, p->text, p->total, &sp);
	if (s != VIGIL_OK)
		return (int)s;
	r = vigil_exec_rec(ex);
	memcpy(r, p->rec, sizeof(REC));
	r->offlen_value = p->total;
	r->offlen_cont = 0;
	r->text = sp;
	rs = finish_text(ex, (const uint8_t *)r + sp.off, p->total, p->stage);
	pending_free(p);
	return rs;
}

int vigil_rule_shader(struct vigil_exec *ex)
{
	const REC *r = vigil_exec_rec(ex);
	struct vigil_pending_shader *p = &vigil_cur_sub(ex->ctx)->pending;
	int s = r->offlen_cont ? continuation(ex, p) : first_chunk(ex, p);

	if (s != VIGIL_OK && s != VIGIL_RULE_DROP && p->active && r->offlen_cont)
		pending_free(p);
	return s;
}
