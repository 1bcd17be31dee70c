/*
 * recprint.c: generic record printer walking the same programs the validator ran.
 * Input: records produced by the validator (trusted shape). Output: text on a FILE.
 */
#include <ctype.h>
#include <string.h>

#include "recprint.h"
#include "vigil_records.h"
#include "vigil_spec.h"

const struct vigil_cmd_desc *vigil_rec_desc(unsigned type, unsigned objtype)
{
	(void)objtype;
	if (type < 64)
		return type < VIGIL_VIRGL_CMD_COUNT ? &vigil_virgl_cmds[type] : NULL;
	if (type < 128)
		return type - 64 < VIGIL_OBJECT_COUNT ? &vigil_objects[type - 64] : NULL;
	if (type < 192)
		return type - 128 < VIGIL_VTEST_MSG_COUNT ? &vigil_vtest_msgs[type - 128].cmd : NULL;
	return NULL;
}

const char *vigil_enum_value_name(unsigned enum_id, uint32_t v)
{
	const struct vigil_enum_desc *e = &vigil_enums[enum_id];

	if (e->kind != VIGIL_ENUM_SET)
		return NULL;
	for (unsigned i = 0; i < e->nvalues; i++)
		if (vigil_enum_values[e->first_value + i].value == v)
			return vigil_names[vigil_enum_values[e->first_value + i].name];
	return NULL;
}

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static void print_text(FILE *f, const uint8_t *p, uint32_t n)
{
	fputs(" \"", f);
	for (uint32_t i = 0; i < n && p[i]; i++) {
		if (p[i] == '\n')
			fputs("\\n", f);
		else
			fputc(isprint(p[i]) ? p[i] : '.', f);
	}
	fputc('"', f);
}

static const struct vigil_op *print_ops(FILE *f, const uint8_t *rec, const uint8_t *base,
					const struct vigil_op *op, const struct vigil_op *end, int show_text)
{
	for (; op < end && op->op != VOP_END; op++) {
		const char *name = op->name < VIGIL_NAMES_COUNT ? vigil_names[op->name] : "?";
		uint32_t v;

		switch (op->op) {
		case VOP_ARRAY: {
			uint32_t n = rd32(base + op->aux2);
			fprintf(f, " %s[%u]{", name, n);
			for (uint32_t i = 0; i < n; i++) {
				if (i)
					fputs(" |", f);
				print_ops(f, rec, base + op->rec_off + (size_t)i * op->elem_size, op + 1,
					  op + 1 + op->arg, show_text);
			}
			fputs(" }", f);
			op += op->arg;
			continue;
		}
		case VOP_OPTIONAL:
			if (!rd32(base + op->rec_off))
				op += op->arg;
			continue;
		case VOP_DATA: {
			struct vigil_span sp;
			if (!(op->flags & VOPF_COPY))
				continue;
			memcpy(&sp, base + op->rec_off, sizeof(sp));
			fprintf(f, " %s=<%u bytes>", name, sp.len);
			if (show_text)
				print_text(f, rec + sp.off, sp.len);
			continue;
		}
		case VOP_BITS: case VOP_CHECK: case VOP_RULE: case VOP_IGNORED:
			continue;
		default:
			break;
		}
		if (!(op->flags & VOPF_STORE) && op->op != VOP_NEWOBJ)
			continue;
		v = rd32(base + op->rec_off);
		switch (op->op) {
		case VOP_F32: {
			float fv;
			memcpy(&fv, &v, sizeof(fv));
			fprintf(f, " %s=%g", name, (double)fv);
			break;
		}
		case VOP_I32:
			fprintf(f, " %s=%d", name, (int32_t)v);
			break;
		case VOP_ENUM: case VOP_BF_ENUM: {
			const char *vn = vigil_enum_value_name(op->arg, v);
			if (vn)
				fprintf(f, " %s=%s", name, vn);
			else
				fprintf(f, " %s=0x%x", name, v);
			break;
		}
		case VOP_NEWOBJ: case VOP_OBJECT: case VOP_RESOURCE:
			fprintf(f, " %s=#%x", name, v);
			break;
		default:
			fprintf(f, " %s=%u", name, v);
			break;
		}
	}
	return op;
}

void vigil_rec_print(FILE *f, const void *hdr, int show_text)
{
	const struct vigil_rec_hdr *h = hdr;
	const struct vigil_cmd_desc *d = vigil_rec_desc(h->type, h->objtype);
	const uint8_t *rec = (const uint8_t *)hdr + sizeof(*h);

	if (!d || !d->prog) {
		fprintf(f, " (record type %u)", h->type);
		return;
	}
	print_ops(f, rec, rec, d->prog, d->prog + 0xffff, show_text);
}
