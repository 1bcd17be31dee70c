"""emit_vectors.py: write vigil_vectors.c, the positive and negative test vectors.

Input: the checked, lowered spec. For every defined virgl command and object layout it builds
the well-formed instance (sim.Builder, from `example` attributes and defaults), then breaks one
rule at a time (README: invalid enum examples, min-1/max+1, bool 2, the lowest reserved bit,
unknown/wrong-kind/zero handles, refused resources, max+1 elements, one dword less, one dword
more). The expected status of every vector comes from sim.Engine, a model of the engine; a
vector whose outcome depends on a hand-written rule is left out. Guarantees: deterministic
output; each vector is one complete command (header dword first, len = payload dwords).
"""

import sys

import sim
from fields import BitField, Field
from util import banner

MAX_VECTOR_DWORDS = 4096
NO_NAME = 0xFFFF


class Vectors:
    def __init__(self, spec, names, low):
        self.spec = spec
        self.names = names
        self.low = low
        self.fx = sim.Fixtures(spec)
        self.pos = []
        self.neg = []
        self.seen = set()
        self.warnings = []

    def add(self, table, name, status, field, dwords):
        key = tuple(dwords)
        if key in self.seen:
            return
        self.seen.add(key)
        table.append((name, status, field, dwords))

    # -- per layout -----------------------------------------------------------------------

    def layout(self, lw, cmd_id, objtype, title):
        lay = lw.lay
        header = lambda payload: [cmd_id | objtype << 8 | len(payload) << 16] + payload
        try:
            dw, builder = sim.build(self.fx, lay, objtype)
        except sim.BuildError as e:
            self.warnings.append(f"{lay.loc.file}:{lay.loc.line}: warning: no vectors for"
                                 f" {title}: {e}")
            return
        if lay.unsupported:
            self.add(self.neg, f"{title}:unsupported", "UNSUPPORTED", NO_NAME, header(dw))
            return
        res = sim.Engine(self.fx, lw.ops, dw, objtype).run()
        if res.status not in ("OK", sim.RULES):
            where = f" at '{self.names[res.op.name]}'" if res.op is not None else ""
            self.warnings.append(f"{lay.loc.file}:{lay.loc.line}: warning: the well-formed"
                                 f" instance of {title} built from the examples is rejected"
                                 f" ({res.status}{where}); fix its example attributes")
            return
        self.add(self.pos, title, "OK", NO_NAME, header(dw))
        for label, payload in self.mutations(lw, dw, builder):
            if len(payload) > min(0xFFFF, MAX_VECTOR_DWORDS):
                continue
            r = sim.Engine(self.fx, lw.ops, payload, objtype).run()
            if r.status in ("OK", sim.RULES):
                continue
            field = r.op.name if r.op is not None else NO_NAME
            self.add(self.neg, f"{title}.{label}", r.status, field, header(payload))

    def mutations(self, lw, dw, builder):
        for item, idx, elem in builder.where:
            if elem not in (None, 0):
                continue
            for label, v in self.values_for(item, lw.lay):
                out = list(dw)
                if isinstance(item, BitField):
                    mask = ((1 << item.width) - 1) << item.lo
                    out[idx] = (out[idx] & ~mask) | ((v << item.lo) & mask)
                else:
                    out[idx] = v & 0xFFFFFFFF
                yield f"{item.path}:{label}", out
        yield from self.count_mutations(lw, dw, builder)
        if dw:
            yield "truncated", dw[:-1]
        yield "trailing", dw + [0]

    def values_for(self, item, lay):
        if isinstance(item, BitField):
            yield from self.bitfield_values(item)
            return
        t = item.type
        for v in item.invalid:
            yield f"invalid_{v & 0xFFFFFFFF:#x}", v
        if t == "enum":
            for v in item.enum.invalid:
                yield f"enum_{v:#x}", v
        elif t in ("u32", "i32"):
            lo, hi = (-(1 << 31), (1 << 31) - 1) if t == "i32" else (0, 0xFFFFFFFF)
            if item.min > lo:
                yield "range_low", item.min - 1
            if item.max < hi:
                yield "range_high", item.max + 1
        elif t == "bool":
            yield "range_high", 2
        elif t == "bits":
            reserved = ~item.allowed_bits() & 0xFFFFFFFF
            if reserved:
                yield "reserved", reserved & -reserved
        elif t in ("object", "newobj", "resource"):
            yield from self.handle_values(item, lay)

    @staticmethod
    def bitfield_values(bf):
        top = (1 << bf.width) - 1
        invalid = list(bf.invalid) + (list(bf.enum.invalid) if bf.enum is not None else [])
        for v in invalid:
            if v <= top:
                yield f"enum_{v:#x}" if bf.type == "enum" else f"invalid_{v:#x}", v
        if bf.type == "u32":
            if bf.min > 0:
                yield "range_low", bf.min - 1
            if bf.max < top:
                yield "range_high", bf.max + 1

    def handle_values(self, f, lay):
        if f.type == "newobj":
            yield "zero", 0
            return
        yield "unknown_handle", sim.DEAD_HANDLE
        if not f.nullable:
            yield "zero", 0
        if f.type == "object" and f.kind != "$objtype":
            other = sorted(k for k in self.fx.kinds if k != f.kind.id)
            if other:
                yield "wrong_kind", sim.fixture_object(other[0])
        if f.type == "resource":
            for rid in (sim.FIX_BUF, sim.FIX_TEX):
                if self.fx.check_resource(rid, f) == "BIND":
                    yield f"refused_{rid:#x}", rid

    def count_mutations(self, lw, dw, builder):
        for arr, start, per, count in builder.arrays:
            if count == 0:
                continue
            elem = dw[start:start + per]
            end = start + per * count
            extra = elem * (arr.max + 1 - count)
            if len(dw) + len(extra) > MAX_VECTOR_DWORDS:
                continue
            if arr.rest:
                yield f"{arr.name}:count_max_plus_1", dw[:end] + extra + dw[end:]
                continue
            ref = _single_field(arr.count_ast)
            pos = next((i for it, i, e in builder.where if it is ref), None)
            if ref is None or pos is None:
                continue
            out = dw[:end] + extra + dw[end:]
            out[pos] = arr.max + 1
            yield f"{arr.name}:count_max_plus_1", out


def _single_field(ast):
    if ast.op == "name" and ast.operand.kind == "slot" and isinstance(ast.operand.ref, Field):
        return ast.operand.ref
    return None


def collect(spec, names, low):
    v = Vectors(spec, names, low)
    creator = next((c for c in spec.commands.values() if c.dispatch_object), None)
    for (tag, ident), lw in low.items():
        lay = lw.lay
        if tag == "command" and not lay.dispatch_object:
            objtype = next((o.id for o in lay.objtypes if o.id in v.fx.kinds), 0)
            v.layout(lw, ident, objtype, lay.name)
        elif tag == "object" and creator is not None and lay in creator.objtypes:
            v.layout(lw, creator.id, ident, f"{creator.name}({lay.name})")
    return v


def _table(name, vectors, arrays_prefix):
    out = []
    for i, (_, _, _, dw) in enumerate(vectors):
        words = ", ".join(f"0x{d:08x}u" for d in dw)
        out.append(f"static const uint32_t {arrays_prefix}{i}[{len(dw)}] = {{ {words} }};")
    out += ["", f"const struct vigil_vector {name}[] = {{"]
    for i, (vname, status, field, dw) in enumerate(vectors):
        st = "VIGIL_OK" if status == "OK" else f"VIGIL_E_{status}"
        fld = "VIGIL_NO_NAME" if field == NO_NAME else f"{field}u"
        out.append(f'\t{{ "{vname}", {st}, {fld}, {len(dw)}u, {arrays_prefix}{i} }},')
    if not vectors:
        out.append('\t{ "none", VIGIL_OK, VIGIL_NO_NAME, 0u, NULL },')
    out += ["};", f"const unsigned {name[:-1]}_count = {len(vectors)}u;", ""]
    return out


def render(spec, tables, low, files):
    v = collect(spec, tables.names, low)
    for w in v.warnings:
        print(w, file=sys.stderr)
    out = banner(files, "C")
    out += ["#include <stddef.h>", "#include <stdint.h>", "", '#include "vigil_status.h"',
            '#include "vigil_tables.h"', "",
            "struct vigil_vector {",
            "\tconst char *name;      /* \"CMD.field:what\" */",
            "\tuint16_t status;       /* expected vigil_status (VIGIL_OK for positive vectors) */",
            "\tuint16_t field;        /* vigil_names index of the failing field, or VIGIL_NO_NAME */",
            "\tuint32_t ndw;",
            "\tconst uint32_t *dw;    /* one complete virgl command, header dword first */",
            "};",
            "extern const struct vigil_vector vigil_pos_vectors[];",
            "extern const unsigned vigil_pos_vector_count;",
            "extern const struct vigil_vector vigil_neg_vectors[];",
            "extern const unsigned vigil_neg_vector_count;", ""]
    out += _table("vigil_pos_vectors", v.pos, "pos_")
    out += _table("vigil_neg_vectors", v.neg, "neg_")
    return {"vigil_vectors.c": "\n".join(out)}

