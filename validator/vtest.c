/*
 * vtest.c: vtest transport messages: framing, the connection state machine, validation.
 *
 * Input: message headers and payloads from a vtest client (hostile). Guarantees: the payload
 * size to read is derived from the spec's framing for the id and capped before the transport
 * reads or allocates anything; CREATE_RENDERER must come first and only once; a message newer
 * than the negotiated protocol is VIGIL_E_UNSUPPORTED; every message's fields go through its
 * generated program (len rule, ranges, resource references) and its rule; SUBMIT_CMD's payload
 * goes through vigil_val_submit. Any failure poisons the context: the transport disconnects.
 */
#include <string.h>

#include "engine.h"

static vigil_status fail_msg(struct vigil_val_ctx *ctx, const struct vigil_exec *ex, vigil_status s,
			     uint32_t id)
{
	vigil_val_set_error(ctx, ex, s, 1, id, 0, 0);
	return s;
}

static vigil_status lookup_msg(const struct vigil_val_ctx *ctx, uint32_t id,
			       const struct vigil_msg_desc **ret)
{
	const struct vigil_msg_desc *m;

	if (id == 0 || id >= VIGIL_VTEST_MSG_COUNT)
		return VIGIL_E_UNKNOWN_CMD;
	m = &vigil_vtest_msgs[id];
	if (!(m->cmd.flags & VIGIL_CMD_DEFINED))
		return VIGIL_E_UNKNOWN_CMD;
	if ((m->cmd.flags & VIGIL_CMD_UNSUPPORTED) || m->since > ctx->protocol)
		return VIGIL_E_UNSUPPORTED;
	*ret = m;
	return VIGIL_OK;
}

vigil_status vigil_vtest_frame(struct vigil_val_ctx *ctx, uint32_t len, uint32_t id,
			       size_t *ret_payload_bytes)
{
	const struct vigil_msg_desc *m = NULL;
	vigil_status s;
	size_t n;

	if (ctx->poisoned)
		return VIGIL_E_POISONED;
	s = lookup_msg(ctx, id, &m);
	if (s == VIGIL_OK && m->max_len && len > m->max_len)
		s = VIGIL_E_LENGTH;
	if (s != VIGIL_OK)
		return fail_msg(ctx, NULL, s, id);
	switch (m->framing) {
	case VIGIL_FRAME_LEN_BYTES: n = len; break;
	case VIGIL_FRAME_LEN_DWORDS: n = (size_t)len * 4u; break;
	default: n = (size_t)m->fixed_dwords * 4u; break;
	}
	*ret_payload_bytes = n;
	return VIGIL_OK;
}

/* Dword index of the field whose slot is `slot` in a flat (array-free) message program. */
static int field_dword(const struct vigil_op *op, uint16_t slot)
{
	int dw = 0;

	for (; op->op != VOP_END; op++) {
		switch (op->op) {
		case VOP_BF_U32: case VOP_BF_BOOL: case VOP_BF_ENUM:
		case VOP_CHECK: case VOP_RULE:
			continue;
		case VOP_ARRAY: case VOP_OPTIONAL: case VOP_DATA:
			return -1;
		default:
			if (op->slot == slot)
				return dw;
			dw++;
		}
	}
	return -1;
}

vigil_status vigil_vtest_extra_bytes(struct vigil_val_ctx *ctx, uint32_t id, const void *payload,
				     size_t payload_bytes, size_t *ret_extra)
{
	const struct vigil_msg_desc *m = NULL;
	uint32_t v;
	int dw;

	if (lookup_msg(ctx, id, &m) != VIGIL_OK || m->framing != VIGIL_FRAME_FIXED_THEN_FIELD_BYTES) {
		*ret_extra = 0;
		return VIGIL_OK;
	}
	dw = field_dword(m->cmd.prog, m->bytes_slot);
	if (dw < 0 || (size_t)dw * 4u + 4u > payload_bytes)
		return fail_msg(ctx, NULL, VIGIL_E_TRUNCATED, id);
	memcpy(&v, (const uint8_t *)payload + (size_t)dw * 4u, 4);
	if (v > VIGIL_LIMIT_MAX_RESOURCE_BYTES)
		return fail_msg(ctx, NULL, VIGIL_E_LENGTH, id);
	*ret_extra = v;
	return VIGIL_OK;
}

/* The state machine around the programs: renderer first and once, version negotiation. */
static vigil_status pre_state(const struct vigil_val_ctx *ctx, uint32_t id)
{
	if (!ctx->renderer_created)
		return id == VIGIL_VCMD_CREATE_RENDERER ? VIGIL_OK : VIGIL_E_STATE;
	return id == VIGIL_VCMD_CREATE_RENDERER ? VIGIL_E_STATE : VIGIL_OK;
}

static void post_state(struct vigil_val_ctx *ctx, uint32_t id, const uint8_t *payload)
{
	uint32_t v;

	if (id == VIGIL_VCMD_CREATE_RENDERER)
		ctx->renderer_created = true;
	if (id == VIGIL_VCMD_PROTOCOL_VERSION) {
		memcpy(&v, payload, 4);
		/* virglrenderer answers min(client, max) and turns 1 into 0 (PROTOCOL.md 1.4). */
		v = v < VIGIL_LIMIT_PROTOCOL_VERSION_MAX ? v : VIGIL_LIMIT_PROTOCOL_VERSION_MAX;
		ctx->protocol = v == 1 ? 0 : v;
	}
}

vigil_status vigil_val_vtest(struct vigil_val_ctx *ctx, uint32_t id, uint32_t len,
			     const void *payload, size_t payload_bytes, const void *extra,
			     size_t extra_bytes, struct vigil_recbuf *out)
{
	const struct vigil_msg_desc *m = NULL;
	struct vigil_exec ex;
	struct vigil_reader rd;
	size_t want;
	vigil_status s;

	if (ctx->poisoned)
		return VIGIL_E_POISONED;
	s = vigil_vtest_frame(ctx, len, id, &want);
	if (s != VIGIL_OK)
		return s;
	(void)lookup_msg(ctx, id, &m);
	if (payload_bytes != want)
		return fail_msg(ctx, NULL, VIGIL_E_LENGTH, id);
	s = pre_state(ctx, id);
	if (s != VIGIL_OK)
		return fail_msg(ctx, NULL, s, id);
	memset(&ex, 0, sizeof(ex));
	ex.cmd_id = id;
	ex.len = len;
	ex.is_vtest = true;
	ex.extra = extra;
	ex.extra_bytes = extra_bytes;
	ex.len_expr = m->len_expr;
	if (id == VIGIL_VCMD_SUBMIT_CMD) {
		s = vigil_val_submit(ctx, payload, payload_bytes, out);
		return s;
	}
	vigil_rd_init(&rd, payload, payload_bytes);
	s = vigil_exec_command(ctx, &m->cmd, &ex, &rd, out);
	if (s != VIGIL_OK)
		return fail_msg(ctx, &ex, s, id);
	post_state(ctx, id, payload);
	return VIGIL_OK;
}
