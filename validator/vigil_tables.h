/*
 * vigil_tables.h: the data contract between the spec generator and the validator engine.
 *
 * spec/gen/ turns the spec files (spec/NAME.xml) into constant tables of the types below (vigil_spec_tables.c in the
 * build directory); validator/engine.c walks them over guest bytes. Nothing here is trusted
 * input: the tables are compiled in. The engine trusts the tables' shape (the generator checked
 * it), never the guest bytes the tables describe.
 *
 * A command's layout is a "program": a flat array of struct vigil_op ending in VOP_END. Ops read
 * payload dwords in order through the bounded reader, check them, store them at `rec_off` in the
 * command's sanitized record (relative to the record struct, or to the current array element),
 * and copy them into an expression slot when `slot` is not VIGIL_NO_SLOT. Arrays and optional
 * groups are followed by `arg` body ops; they do not nest inside arrays.
 */
#ifndef VIGIL_TABLES_H
#define VIGIL_TABLES_H

#include <stddef.h>
#include <stdint.h>

#define VIGIL_NO_SLOT 0xffffu
#define VIGIL_NO_EXPR 0xffffu
#define VIGIL_NO_NAME 0xffffu
#define VIGIL_COUNT_REST 0xfffeu   /* VOP_ARRAY aux: count = remaining payload / element size */
#define VIGIL_KIND_FROM_HEADER 0xffu /* VOP_OBJECT arg: the kind is the header's object type */
#define VIGIL_MAX_SLOTS 64          /* expression slots per command (generator enforces) */

enum vigil_opcode {
	VOP_END = 0,
	VOP_U32,      /* dword; min <= v <= max else RANGE */
	VOP_I32,      /* dword as int32; (int32)min <= v <= (int32)max else RANGE */
	VOP_F32,      /* dword, stored unchanged */
	VOP_BOOL,     /* dword 0 or 1 else RANGE */
	VOP_ENUM,     /* dword in enum `arg` else ENUM */
	VOP_IGNORED,  /* dword read and dropped */
	VOP_BITS,     /* dword; (v & ~max) != 0 -> RESERVED; the next `arg` ops are VOP_BF_* over it;
	                 the raw dword itself is never stored, its bit-fields are */
	VOP_BF_U32,   /* bits [lo, lo+width) of the current VOP_BITS dword; min..max else RANGE */
	VOP_BF_BOOL,  /* one bit */
	VOP_BF_ENUM,  /* bits in enum `arg` else ENUM */
	VOP_NEWOBJ,   /* object handle being created in the current sub-context; arg = kind; 0 -> UNKNOWN_HANDLE */
	VOP_OBJECT,   /* existing object of kind `arg` (or VIGIL_KIND_FROM_HEADER); stores the internal handle */
	VOP_RESOURCE, /* existing resource; arg = index into vigil_res_rules; stores the internal handle */
	VOP_SUBCTX,   /* sub-context id, stored raw; the command's rule gives it meaning */
	VOP_ARRAY,    /* arg = body op count; aux = count expression or VIGIL_COUNT_REST; max = max count;
	                 rec_off = first element; aux2 = record offset of the uint32_t count;
	                 elem_size = bytes per element in the record; min = payload dwords per element */
	VOP_OPTIONAL, /* arg = body op count; aux = `when` expression or VIGIL_NO_EXPR (present iff bytes
	                 remain); rec_off = uint32_t `present_NAME` set to 1 when present */
	VOP_DATA,     /* rest of the payload; flags VOPF_COPY (else skip) and VOPF_BYTES (else whole dwords);
	                 max = max bytes (COUNT above); rec_off = struct vigil_span */
	VOP_CHECK,    /* arg = expression; min = vigil_status to report when it evaluates to 0 */
	VOP_RULE,     /* arg = index into vigil_rule_fns */
	VOP_COUNT_
};

enum vigil_op_flags {
	VOPF_STORE = 1u << 0,    /* copy the value into the record */
	VOPF_NULLABLE = 1u << 1, /* VOP_OBJECT / VOP_RESOURCE: 0 means "none" */
	VOPF_COPY = 1u << 2,     /* VOP_DATA: copy into the record arena */
	VOPF_BYTES = 1u << 3,    /* VOP_DATA: byte granular (default: whole dwords) */
};

struct vigil_op {
	uint8_t op;         /* enum vigil_opcode */
	uint8_t flags;      /* enum vigil_op_flags */
	uint8_t lo;         /* VOP_BF_*: first bit */
	uint8_t width;      /* VOP_BF_*: number of bits (1..32) */
	uint16_t slot;      /* expression slot or VIGIL_NO_SLOT */
	uint16_t rec_off;   /* record offset (see the opcode) */
	uint16_t arg;       /* see the opcode */
	uint16_t name;      /* index into vigil_names (field path for diagnostics) */
	uint32_t min;
	uint32_t max;
	uint16_t aux;
	uint16_t aux2;
	uint16_t elem_size;
	uint16_t pad_;
};

/* Expressions: reverse Polish, evaluated in uint64_t with every overflow fatal. */
enum vigil_xop {
	VX_CONST = 0, /* push imm */
	VX_SLOT,      /* push slots[slot] */
	VX_LEN,       /* push the payload length (dwords; vtest: the header len) */
	VX_OBJTYPE,   /* push the header's object type */
	VX_ADD, VX_SUB, VX_MUL, VX_DIV, VX_MOD, VX_SHL, VX_SHR,
	VX_LT, VX_LE, VX_GT, VX_GE, VX_EQ, VX_NE,
	VX_BAND, VX_BOR, VX_LAND, VX_LOR, VX_NOT,
	/* Fused "field OP constant" (the most common shape of a check): push slots[slot] OP imm. */
	VX_SLOT_EQ, VX_SLOT_NE, VX_SLOT_LT, VX_SLOT_LE, VX_SLOT_GT, VX_SLOT_GE,
	VX_COUNT_
};

struct vigil_xinsn {
	uint8_t op;
	uint8_t pad_;
	uint16_t slot;
	uint32_t imm;
};

struct vigil_expr {
	uint16_t first;   /* index of the first instruction in vigil_xinsns */
	uint16_t count;
	uint16_t text;    /* index into vigil_names: the expression as written in the spec */
	uint16_t pad_;
};

enum vigil_enum_kind { VIGIL_ENUM_SET = 0, VIGIL_ENUM_FLAGS = 1 };

struct vigil_enum_value {
	uint32_t value;
	uint16_t name;    /* index into vigil_names */
	uint8_t since;    /* first protocol version with this value */
	uint8_t pad_;
};

struct vigil_enum_desc {
	uint16_t name;
	uint8_t kind;       /* enum vigil_enum_kind */
	uint8_t pad_;
	uint32_t nbits;     /* SET: members are < nbits; FLAGS: 32 */
	const uint32_t *bits; /* SET: membership bitmap, bit v of word v/32; FLAGS: bits[0] = allowed mask */
	uint16_t first_value; /* index of the first member in vigil_enum_values */
	uint16_t nvalues;
};

/* Constraint on a resource reference (VOP_RESOURCE arg). */
struct vigil_res_rule {
	uint32_t target_mask; /* bit t set: texture_target value t allowed */
	uint32_t bind_any;    /* 0, or at least one of these bind bits must be set */
	uint32_t bind_not;    /* refused exact bind value, when has_bind_not */
	uint32_t has_bind_not;
};

enum vigil_cmd_flags {
	VIGIL_CMD_DEFINED = 1u << 0,     /* the id is in the spec */
	VIGIL_CMD_UNSUPPORTED = 1u << 1, /* in the spec, always rejected */
	VIGIL_CMD_DISPATCH_OBJECT = 1u << 2, /* layout chosen by header object type (CREATE_OBJECT) */
	VIGIL_CMD_BINDABLE = 1u << 3,    /* <object bindable="yes"> */
};

/* A virgl command, a CREATE_OBJECT layout, or a vtest message. */
struct vigil_cmd_desc {
	uint16_t name;        /* index into vigil_names */
	uint16_t rec_type;    /* VIGIL_REC_* of its record */
	uint32_t rec_size;    /* sizeof its record struct */
	const struct vigil_op *prog; /* NULL when not DEFINED or DISPATCH_OBJECT */
	uint32_t objtype_mask; /* allowed header object types (bit n = type n); 0: header type must be 0 */
	uint32_t requires;    /* feature bits that must be enabled */
	uint16_t flags;       /* enum vigil_cmd_flags */
	uint16_t nslots;      /* expression slots used */
	uint16_t reason;      /* VIGIL_CMD_UNSUPPORTED: index into vigil_names, else VIGIL_NO_NAME */
	uint16_t pad_;
};

enum vigil_framing {
	VIGIL_FRAME_FIXED = 0,
	VIGIL_FRAME_LEN_BYTES,
	VIGIL_FRAME_LEN_DWORDS,
	VIGIL_FRAME_FIXED_THEN_FIELD_BYTES,
};

struct vigil_msg_desc {
	struct vigil_cmd_desc cmd;
	uint8_t framing;      /* enum vigil_framing */
	uint8_t since;        /* first protocol version */
	uint8_t init;         /* creates the renderer context lazily */
	uint8_t pad_;
	uint16_t fixed_dwords; /* dwords the fields occupy (FIXED, FIXED_THEN_FIELD_BYTES) */
	uint16_t len_expr;    /* expression over `len` and the fields, or VIGIL_NO_EXPR */
	uint16_t bytes_slot;  /* FIXED_THEN_FIELD_BYTES: slot of the byte-count field */
	uint16_t pad2_;
	uint32_t max_len;     /* cap on the header len (units of the framing), checked first */
};

struct vigil_format_desc {
	uint8_t valid;        /* in the format enum */
	uint8_t block_w;      /* texels per block, x */
	uint8_t block_h;      /* texels per block, y */
	uint8_t block_bytes;  /* bytes per block; 0 = not storable (no transfers) */
};

struct vigil_exec; /* validator/engine.h */
typedef int (*vigil_rule_fn)(struct vigil_exec *ex); /* returns a vigil_status */

/* Generated (vigil_spec_tables.c). Array sizes are VIGIL_*_COUNT macros from vigil_spec.h. */
extern const char *const vigil_names[];
extern const struct vigil_expr vigil_exprs[];
extern const struct vigil_xinsn vigil_xinsns[];
extern const struct vigil_enum_desc vigil_enums[];
extern const struct vigil_enum_value vigil_enum_values[];
extern const struct vigil_res_rule vigil_res_rules[];
extern const struct vigil_cmd_desc vigil_virgl_cmds[];  /* indexed by command id */
extern const struct vigil_cmd_desc vigil_objects[];     /* indexed by object type */
extern const struct vigil_msg_desc vigil_vtest_msgs[];  /* indexed by vtest id */
extern const struct vigil_format_desc vigil_formats[];  /* indexed by format value */
extern const vigil_rule_fn vigil_rule_fns[];

#endif
