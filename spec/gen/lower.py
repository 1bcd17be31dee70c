"""lower.py: turn checked layouts into what the C tables hold: records, slots, programs,
expressions, names and resource rules.

Input: a Spec loaded without diagnostics (spec_model.build). The record layout is computed here
(every member 4 bytes, spans 8 bytes aligned to 4, arrays of element structs) and must match
what the C compiler computes: the emitted _Static_asserts prove it. Guarantees: every op's
rec_off, aux2 and elem_size fit 16 bits (else a diagnostic), at most VIGIL_MAX_SLOTS slots per
layout, names/expressions/resource rules deduplicated and deterministic.
"""

from dataclasses import dataclass, field

import expr
from fields import Field
from layouts import Array, Check, Data, Optional, Rule

NO_SLOT = 0xFFFF
NO_EXPR = 0xFFFF
COUNT_REST = 0xFFFE
KIND_FROM_HEADER = 0xFF
MAX_SLOTS = 64

CTYPES = {"u32": "uint32_t", "bool": "uint32_t", "enum": "uint32_t", "subctx": "uint32_t",
          "i32": "int32_t", "f32": "float"}


@dataclass
class Member:
    name: str
    ctype: str
    offset: int
    size: int
    count: int = 0       # array members: element count
    comment: str = ""


@dataclass
class Struct:
    name: str
    members: list = field(default_factory=list)
    size: int = 0

    def add(self, name, ctype, size=4, count=0, comment=""):
        m = Member(name, ctype, self.size, size * max(count, 1), count, comment)
        self.members.append(m)
        self.size += m.size
        return m

    def finish(self):
        if not self.members:
            self.add("unused_", "uint32_t", comment="no stored field")


@dataclass
class Op:
    op: str
    name: int = 0xFFFF
    flags: list = field(default_factory=list)
    lo: int = 0
    width: int = 0
    slot: int = NO_SLOT
    rec_off: int = 0
    rec_member: object = None   # (struct name, member name) for offsetof, or None
    arg: object = 0             # int or C symbol
    min: int = 0
    max: int = 0
    aux: object = 0
    aux2: int = 0
    aux2_member: object = None
    elem_size: int = 0
    elem_struct: object = None
    item: object = None         # the model item (simulation, docs)


@dataclass
class Lowered:
    """One layout's record struct(s), program and slot count."""
    lay: object
    struct: Struct
    elems: list            # element Structs, before the record struct
    rec_type: str
    ops: list
    nslots: int


class Tables:
    """Everything shared across layouts: names, expressions, resource rules."""

    def __init__(self):
        self.names = []
        self.name_index = {}
        self.exprs = []        # (first, count, text index)
        self.xinsns = []       # (VX_ name, slot, imm)
        self.res_rules = []    # (target_mask, bind_any, bind_not, has_bind_not)

    def name(self, text):
        if text not in self.name_index:
            self.name_index[text] = len(self.names)
            self.names.append(text)
        return self.name_index[text]

    def expr(self, ast, text):
        rpn, _ = expr.to_rpn(ast)
        first = len(self.xinsns)
        for vx, ref, imm in rpn:
            self.xinsns.append((vx, ref.slot if ref is not None else 0, imm))
        self.exprs.append((first, len(rpn), self.name(" ".join(text.split()))))
        return len(self.exprs) - 1

    def res_rule(self, f):
        rule = (f.target_mask, f.bind_any, f.bind_not or 0, int(f.bind_not is not None))
        if rule not in self.res_rules:
            self.res_rules.append(rule)
        return self.res_rules.index(rule)


def struct_name(lay):
    prefix = "vigil_rec_create_" if lay.tag == "object" else "vigil_rec_"
    return prefix + lay.name.lower()


def rec_type_name(lay):
    if lay.tag == "object":
        return f"VIGIL_REC_CREATE_{lay.name}"
    if lay.tag == "message":
        return f"VIGIL_REC_VTEST_{lay.name}"
    return f"VIGIL_REC_{lay.name}"


def rec_type_value(lay):
    return {"command": 0, "object": 64, "message": 128}[lay.tag] + lay.id


class _Lowerer:
    def __init__(self, ctx, tables, lay):
        self.ctx = ctx
        self.t = tables
        self.lay = lay
        self.nslots = 0
        self.struct = Struct(struct_name(lay))
        self.elems = []
        self.ops = []

    def slot(self, item):
        if not item.referenced:
            return NO_SLOT
        item.slot = self.nslots
        self.nslots += 1
        return item.slot

    def member_of(self, st, name, ctype, size=4, count=0, comment=""):
        m = st.add(name, ctype, size, count, comment)
        return m.offset, (st.name, name)

    def field(self, f, st, prefix):
        f.path = prefix + f.name
        op = Op(self.op_name(f), name=self.t.name(f.path), item=f)
        op.slot = self.slot(f)
        if f.stored():
            op.flags.append("VOPF_STORE")
            op.rec_off, op.rec_member = self.member_of(st, f.name, self.ctype(f), comment=f.doc)
        self.field_args(f, op)
        self.ops.append(op)
        if f.type == "bits":
            op.arg = len(f.bits)
            op.max = f.allowed_bits()
            for bf in f.bits:
                self.bitfield(bf, f, st, prefix)

    def ctype(self, f):
        if f.type in ("object", "newobj"):
            kind = f.kind
            return "struct vigil_h_any" if kind == "$objtype" else f"struct vigil_h_{kind.name.lower()}"
        if f.type == "resource":
            return "struct vigil_h_resource"
        return CTYPES[f.type]

    @staticmethod
    def op_name(f):
        return "VOP_" + f.type.upper()

    def field_args(self, f, op):
        if f.type in ("u32", "i32"):
            op.min, op.max = f.min & 0xFFFFFFFF, f.max & 0xFFFFFFFF
        elif f.type == "enum":
            op.arg = f"VIGIL_ENUM_{f.enum.name.upper()}"
        elif f.type == "newobj":
            op.arg = f"VIGIL_OBJ_{f.kind.name}"
        elif f.type == "object":
            op.arg = KIND_FROM_HEADER if f.kind == "$objtype" else f"VIGIL_OBJ_{f.kind.name}"
        elif f.type == "resource":
            op.arg = self.t.res_rule(f)
        if f.nullable:
            op.flags.append("VOPF_NULLABLE")

    def bitfield(self, bf, f, st, prefix):
        bf.path = f"{prefix}{f.name}.{bf.name}"
        op = Op("VOP_BF_" + bf.type.upper(), name=self.t.name(bf.path), lo=bf.lo,
                width=bf.width, item=bf)
        op.slot = self.slot(bf)
        if f.store:
            op.flags.append("VOPF_STORE")
            op.rec_off, op.rec_member = self.member_of(st, bf.name, "uint32_t", comment=bf.doc)
        if bf.type == "u32":
            op.min, op.max = bf.min, bf.max
        elif bf.type == "enum":
            op.arg = f"VIGIL_ENUM_{bf.enum.name.upper()}"
        self.ops.append(op)

    def array(self, a):
        a.path = a.name
        op = Op("VOP_ARRAY", name=self.t.name(a.name), max=a.max, item=a)
        op.aux2, op.aux2_member = self.member_of(self.struct, f"count_{a.name}", "uint32_t",
                                                 comment=f"elements in {a.name}")
        op.aux = COUNT_REST if a.rest else self.t.expr(a.count_ast, a.count_text)
        op.slot = self.slot(a)
        elem = Struct(f"{self.struct.name}_{a.name}")
        self.ops.append(op)
        start = len(self.ops)
        for item in a.items:
            if isinstance(item, Field):
                self.field(item, elem, f"{a.name}[].")
            else:
                self.check(item)
        elem.finish()
        self.elems.append(elem)
        op.arg = len(self.ops) - start
        op.min = len(a.elem_fields())
        op.elem_size, op.elem_struct = elem.size, elem.name
        op.rec_off, op.rec_member = self.member_of(self.struct, a.name, f"struct {elem.name}",
                                                   elem.size, a.max, a.doc)
        if a.max == 0:
            self.ctx.err(a.loc, f"array '{a.name}' has max 0")
        if elem.size > 0xFFFF:
            self.ctx.err(a.loc, f"array '{a.name}' element is larger than 65535 bytes")

    def optional(self, o):
        op = Op("VOP_OPTIONAL", name=self.t.name(o.name), item=o)
        op.rec_off, op.rec_member = self.member_of(self.struct, f"present_{o.name}", "uint32_t",
                                                   comment=f"1 when {o.name} is present")
        op.aux = NO_EXPR if o.when_ast is None else self.t.expr(o.when_ast, o.when_text)
        self.ops.append(op)
        start = len(self.ops)
        self.items(o.items)
        op.arg = len(self.ops) - start

    def data(self, d):
        op = Op("VOP_DATA", name=self.t.name(d.name), max=d.max, item=d)
        if d.copy:
            op.flags.append("VOPF_COPY")
            op.rec_off, op.rec_member = self.member_of(self.struct, d.name, "struct vigil_span",
                                                       8, comment=d.doc)
        if self.lay.tag == "message" and self.lay.framing == "len_bytes":
            op.flags.append("VOPF_BYTES")
        self.ops.append(op)

    def check(self, c):
        op = Op("VOP_CHECK", name=self.t.name(" ".join(c.text.split())), item=c)
        op.arg = self.t.expr(c.ast, c.text)
        op.min = f"VIGIL_E_{c.status}"
        self.ops.append(op)

    def rule(self, r):
        self.ops.append(Op("VOP_RULE", name=self.t.name(r.name), arg=f"VIGIL_RULE_{r.name.upper()}",
                           item=r))

    def items(self, items):
        for item in items:
            if isinstance(item, Field):
                self.field(item, self.struct, "")
            elif isinstance(item, Array):
                self.array(item)
            elif isinstance(item, Optional):
                self.optional(item)
            elif isinstance(item, Data):
                self.data(item)
            elif isinstance(item, Check):
                self.check(item)
            elif isinstance(item, Rule):
                self.rule(item)

    def run(self):
        self.items(self.lay.items)
        self.ops.append(Op("VOP_END"))
        self.struct.finish()
        if self.nslots > MAX_SLOTS:
            self.ctx.err(self.lay.loc, f"{self.lay.name} needs {self.nslots} expression slots"
                         f" (at most {MAX_SLOTS})")
        if self.struct.size > 0xFFFF:
            self.ctx.err(self.lay.loc, f"record of {self.lay.name} is {self.struct.size} bytes"
                         " (record offsets are 16 bits)")
        if len(self.ops) > 0xFFFF:
            self.ctx.err(self.lay.loc, f"{self.lay.name} has too many ops")
        return Lowered(self.lay, self.struct, self.elems, rec_type_name(self.lay), self.ops,
                       self.nslots)


def _check_struct_names(ctx, lowered):
    seen = {}
    for low in lowered:
        for st in [low.struct] + low.elems:
            if st.name in seen:
                ctx.err(low.lay.loc, f"record struct '{st.name}' of {low.lay.name} clashes with"
                        f" the one of {seen[st.name]}")
            seen[st.name] = low.lay.name


FIXED_MACROS = ["VIGIL_VIRGL_CMD_COUNT", "VIGIL_OBJECT_COUNT", "VIGIL_VTEST_MSG_COUNT",
                "VIGIL_FORMAT_TABLE_SIZE", "VIGIL_NAMES_COUNT", "VIGIL_ENUM_COUNT",
                "VIGIL_ENUM_VALUE_COUNT", "VIGIL_RULE_COUNT", "VIGIL_RES_RULE_COUNT",
                "VIGIL_EXPR_COUNT", "VIGIL_XINSN_COUNT", "VIGIL_OBJ_NONE"]


def _check_c_names(ctx, spec, lowered):
    """Every identifier vigil_spec.h / vigil_records.h define must be unique."""
    seen = {name: None for name in FIXED_MACROS}

    def claim(name, loc):
        if name in seen:
            first = seen[name]
            where = f" (also defined at {first.file}:{first.line})" if first else ""
            ctx.err(loc, f"generated C name {name} is defined twice{where}")
        else:
            seen[name] = loc

    for table, prefix in ((spec.commands, "VIGIL_CCMD_"), (spec.objects, "VIGIL_OBJ_"),
                          (spec.messages, "VIGIL_VCMD_")):
        for lay in table.values():
            claim(prefix + lay.name, lay.loc)
    for enum in spec.enums.values():
        claim(f"VIGIL_ENUM_{enum.name.upper()}", enum.loc)
        for ev in enum.values:
            claim(f"VIGIL_{enum.name.upper()}_{ev.name}", ev.loc)
    for lim in spec.limits.values():
        claim(f"VIGIL_LIMIT_{lim.name}", lim.loc)
    for feat in spec.features.values():
        claim(f"VIGIL_FEATURE_{feat.name}", feat.loc)
    for low in lowered:
        claim(low.rec_type, low.lay.loc)
    for rule in spec.rules:
        claim(f"VIGIL_RULE_{rule.upper()}", spec.rule_locs[rule])


def lower_all(ctx, spec):
    """Lower every layout. Returns (Tables, {('command'|'object'|'message', id): Lowered})."""
    tables = Tables()
    out = {}
    for tag, table in (("command", spec.commands), ("object", spec.objects),
                       ("message", spec.messages)):
        for ident in sorted(table):
            lay = table[ident]
            tables.name(lay.name)
            if lay.unsupported:
                tables.name(lay.unsupported)
            out[(tag, ident)] = _Lowerer(ctx, tables, lay).run()
            if tag == "message" and lay.len_ast is not None:
                lay.len_expr = tables.expr(lay.len_ast, lay.len_text)
    _check_struct_names(ctx, out.values())
    _check_c_names(ctx, spec, out.values())
    for enum in spec.enums.values():
        tables.name(enum.name)
        for ev in enum.values:
            tables.name(ev.name)
    return tables, out


def fixed_dwords(lay):
    """Dwords the top-level fields of a message occupy (fixed framings)."""
    return sum(1 for i in lay.items if isinstance(i, Field))


def message_bytes_slot(lay):
    return lay.bytes_field.slot if lay.bytes_field is not None else NO_SLOT

