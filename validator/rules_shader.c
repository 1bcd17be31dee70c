/*
 * rules_shader.c: CREATE_OBJECT(SHADER): TGSI text framing, chunk reassembly, parsing, and the
 * record that carries the shader's IR instead of its text.
 *
 * Input: a decoded shader record whose text span holds this packet's text dwords (hostile).
 * Guarantees: the declared total length is 1..VIGIL_LIMIT_MAX_SHADER_TEXT_BYTES; a packet never
 * carries more text than the total leaves room for (rounded to dwords); a continuation must
 * continue the shader in progress (same id, same stage) at exactly the offset received so far
 * (CVE-2017-6355: offsets are compared, never added to untrusted lengths); the completed text
 * contains a NUL inside its declared length; then the bounded TGSI parser (validator/tgsi/)
 * turns it into the IR (tgsi_ir.h), and the record's stage (`type`) must equal the IR's
 * processor (else VIGIL_E_RELATION). A parse failure fails the command with the parser's own
 * status (the parser's statuses are vigil_status values: TRUNCATED, TRAILING, UNKNOWN_CMD,
 * ENUM, RANGE, COUNT, RELATION, UNSUPPORTED, EXHAUSTED; see tgsi_parse.h) and the detail
 * "TGSI line L col C: <reason>" (value: the line). Only then is the shader object created; its
 * record keeps the first chunk's fields and stream-output info, and its `text` span holds the
 * IR's wire encoding (tgsi_wire.h), the one span after the struct: the text bytes are cut from
 * the record buffer and zeroed, so no TGSI text reaches the core. One shader may be in progress
 * per sub-context; a new one meanwhile is VIGIL_E_STATE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "tgsi/tgsi_parse.h"
#include "tgsi/tgsi_wire.h"

#define REC struct vigil_rec_create_shader

static uint32_t round4(uint32_t v)
{
	return (v + 3u) & ~3u;
}

/* The record becomes the struct plus one span: the encoded IR (the text bytes, in the record
 * buffer or not, are dropped; those in the buffer are zeroed). */
static int emit_ir(struct vigil_exec *ex, const struct vigil_tgsi_shader *sh)
{
	size_t n = vigil_tgsi_wire_size(sh);
	struct vigil_span sp;
	vigil_status s;
	uint8_t *ir;

	vigil_recbuf_truncate_spans(ex);
	ir = malloc(n);
	if (!ir)
		return VIGIL_E_EXHAUSTED;
	s = vigil_tgsi_wire_encode(sh, ir, n);
	if (s == VIGIL_OK)
		s = vigil_recbuf_append_span(ex, ir, n, &sp);
	free(ir);
	if (s != VIGIL_OK)
		return (int)s;
	((REC *)vigil_exec_rec(ex))->text = sp;
	return VIGIL_OK;
}

/* The complete text (total bytes, hostile): NUL, parse, stage, then the IR record. */
static int finish_text(struct vigil_exec *ex, const uint8_t *text, uint32_t total, uint32_t stage)
{
	struct vigil_tgsi_shader *sh = NULL;
	struct vigil_tgsi_error err;
	vigil_status s;
	int rs;

	if (!memchr(text, 0, total))
		return vigil_exec_fail(ex, VIGIL_E_RANGE, "shader text has no NUL inside its length");
	s = vigil_tgsi_parse(text, total, &sh, &err);
	if (s != VIGIL_OK) {
		snprintf(ex->ctx->detail_buf, sizeof(ex->ctx->detail_buf), "TGSI line %u col %u: %s",
			 err.line, err.col, err.reason ? err.reason : "");
		ex->fail_value = err.line;
		return vigil_exec_fail(ex, s, ex->ctx->detail_buf);
	}
	if (sh->processor != stage) {
		vigil_tgsi_free(sh);
		return vigil_exec_fail(ex, VIGIL_E_RELATION, "shader stage differs from its TGSI processor");
	}
	rs = emit_ir(ex, sh);
	vigil_tgsi_free(sh);
	if (rs != VIGIL_OK)
		return rs;
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
	if (n >= total)
		return finish_text(ex, text, total, r->type); /* text lies in the record buffer */
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
	/* Complete: the record becomes the first chunk's; the IR replaces this chunk's text. */
	memcpy(r, p->rec, sizeof(REC));
	r->offlen_value = p->total;
	r->offlen_cont = 0;
	rs = finish_text(ex, p->text, p->total, p->stage);
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
