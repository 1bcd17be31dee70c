"""sim.py: a model of the validator engine, used to derive test vectors and their expectations.

Input: a lowered layout (its ops, as vigil_spec_tables.c holds them), one command's payload
dwords, and the fixture state of spec/gen/README.md (resources 0x100 and 0x101, one object of
each defined kind at 0x1000 + kind). It mirrors validator/engine.c step by step: reads, range,
enum, reserved-bit, handle and resource checks, arrays, optional groups, data, checks, the final
leftover check. It cannot run hand-written rules: a walk that reaches them returns RULES
(outcome unknown). Also here: the builder of the well-formed instance of a layout.
Guarantees: a result other than RULES is what the engine must answer for those bytes.
"""

from dataclasses import dataclass

import expr
from fields import Field
from layouts import Array, Data, Optional

RULES = "RULES"          # reached the rule functions: outcome unknown statically
FIX_BUF = 0x100
FIX_TEX = 0x101
FIX_RESOURCES = {FIX_BUF: (0, 0x0000C970), FIX_TEX: (2, 0xA)}  # id -> (target, bind)
DEAD_HANDLE = 0x00DEAD00


def fixture_object(kind_id):
    return 0x1000 + kind_id


class Fixtures:
    def __init__(self, spec):
        self.kinds = {o.id for o in spec.objects.values() if not o.unsupported}

    def lookup_object(self, v, kind):
        """engine: vigil_ht_lookup in the current sub-context."""
        k = v - 0x1000
        if k not in self.kinds or v != fixture_object(k):
            return "UNKNOWN_HANDLE"
        return "OK" if k == kind else "WRONG_KIND"

    @staticmethod
    def check_resource(v, f):
        """engine: check_resource (a missing id and a non-resource are both UNKNOWN_HANDLE)."""
        if v not in FIX_RESOURCES:
            return "UNKNOWN_HANDLE"
        target, bind = FIX_RESOURCES[v]
        if not (f.target_mask >> target) & 1:
            return "BIND"
        if f.bind_any and not bind & f.bind_any:
            return "BIND"
        if f.bind_not is not None and bind == f.bind_not:
            return "BIND"
        return "OK"


@dataclass
class Result:
    status: str
    op: object = None   # the failing Op (None: no field, e.g. leftover bytes)


class _Fail(Exception):
    def __init__(self, status, op):
        super().__init__(status)
        self.result = Result(status, op)


def eval_ast(node, getv):
    """Evaluate like engine.c eval_expr: both sides always, None on any failure."""
    if node.op == "num":
        return node.value
    if node.op == "name":
        return getv(node.operand)
    left = eval_ast(node.left, getv)
    if node.op == "!":
        return None if left is None else int(not left)
    right = eval_ast(node.right, getv)
    if left is None or right is None:
        return None
    return expr.evaluate_binop(node.op, left, right)


class Engine:
    """One run of a program over a payload (engine.c vigil_engine_run)."""

    def __init__(self, fixtures, ops, dwords, objtype):
        self.fx = fixtures
        self.ops = ops
        self.dw = dwords
        self.pos = 0
        self.objtype = objtype
        self.slots = {}
        self.rules = 0

    def getv(self, operand):
        if operand.kind == "len":
            return len(self.dw)
        if operand.kind == "objtype":
            return self.objtype
        return self.slots.get(operand.ref.slot, 0)

    def set_slot(self, op, v):
        if op.slot != 0xFFFF:
            self.slots[op.slot] = v

    def run(self):
        try:
            self.run_ops(0, len(self.ops))
        except _Fail as f:
            return f.result
        if self.pos < len(self.dw):
            return Result("TRAILING")
        return Result(RULES if self.rules else "OK")

    def run_ops(self, i, end):
        bits = 0
        while i < end and self.ops[i].op != "VOP_END":
            op = self.ops[i]
            if op.op.startswith("VOP_BF_"):
                self.bitfield(op, bits)
            elif op.op == "VOP_ARRAY":
                self.array(op, i)
                i += op.arg
            elif op.op == "VOP_OPTIONAL":
                self.optional(op, i)
                i += op.arg
            elif op.op == "VOP_DATA":
                self.data(op)
            elif op.op == "VOP_CHECK":
                r = eval_ast(op.item.ast, self.getv)
                if r is None:
                    raise _Fail("OVERFLOW", op)
                if not r:
                    raise _Fail(op.item.status, op)
            elif op.op == "VOP_RULE":
                self.rules += 1
            else:
                if self.pos >= len(self.dw):
                    raise _Fail("TRUNCATED", op)
                v = self.dw[self.pos]
                self.pos += 1
                bits = self.scalar(op, v, bits)
            i += 1

    def scalar(self, op, v, bits):
        f = op.item
        t = f.type
        if t == "u32" and not f.min <= v <= f.max:
            raise _Fail("RANGE", op)
        if t == "i32" and not f.min <= (v - (1 << 32) if v >= 1 << 31 else v) <= f.max:
            raise _Fail("RANGE", op)
        if t == "bool" and v > 1:
            raise _Fail("RANGE", op)
        if t == "enum" and not f.enum.contains(v):
            raise _Fail("ENUM", op)
        if t == "bits":
            if v & ~f.allowed_bits():
                raise _Fail("RESERVED", op)
            bits = v
        if t == "newobj" and v == 0:
            raise _Fail("UNKNOWN_HANDLE", op)
        if t == "object":
            kind = self.objtype if f.kind == "$objtype" else f.kind.id
            s = self.fx.lookup_object(v, kind) if v else (
                "OK" if f.nullable else "UNKNOWN_HANDLE")
            if s != "OK":
                raise _Fail(s, op)
        if t == "resource":
            s = self.fx.check_resource(v, f) if v else ("OK" if f.nullable else "UNKNOWN_HANDLE")
            if s != "OK":
                raise _Fail(s, op)
        self.set_slot(op, v)
        return bits

    def bitfield(self, op, bits):
        bf = op.item
        v = (bits >> bf.lo) & ((1 << bf.width) - 1)
        if bf.type == "u32" and not bf.min <= v <= bf.max:
            raise _Fail("RANGE", op)
        if bf.type == "enum" and not bf.enum.contains(v):
            raise _Fail("ENUM", op)
        self.set_slot(op, v)

    def array(self, op, i):
        a = op.item
        per = op.min
        left = len(self.dw) - self.pos
        if a.rest:
            count = left // per
            if count > a.max:
                raise _Fail("COUNT", op)
            if left % per:
                raise _Fail("TRAILING", op)
        else:
            count = eval_ast(a.count_ast, self.getv)
            if count is None:
                raise _Fail("OVERFLOW", op)
            if count > a.max:
                raise _Fail("COUNT", op)
        self.set_slot(op, count)
        for _ in range(count):
            self.run_ops(i + 1, i + 1 + op.arg)

    def optional(self, op, i):
        o = op.item
        if o.when_ast is None:
            present = self.pos < len(self.dw)
        else:
            present = eval_ast(o.when_ast, self.getv)
            if present is None:
                raise _Fail("OVERFLOW", op)
        if present:
            self.run_ops(i + 1, i + 1 + op.arg)

    def data(self, op):
        n = (len(self.dw) - self.pos) * 4
        if n > op.item.max:
            raise _Fail("COUNT", op)
        self.pos = len(self.dw)
        self.set_slot(op, n)


# ---------------------------------------------------------------------------------------------
# The well-formed instance

class BuildError(Exception):
    pass


class Builder:
    """Builds the positive instance of a layout and remembers where each field landed."""

    def __init__(self, fixtures, lay, objtype):
        self.fx = fixtures
        self.lay = lay
        self.objtype = objtype
        self.dw = []
        self.env = {}
        self.where = []      # (item, dword index, element index or None) in wire order
        self.arrays = []     # (Array, dword index of element 0, element dwords, count)

    def getv(self, operand):
        if operand.kind == "len":
            raise BuildError("uses len")  # resolved by a second pass in build()
        if operand.kind == "objtype":
            return self.objtype
        return self.env.get(id(operand.ref), 0)

    def value(self, f):
        if f.type == "newobj":
            return f.example if "example" in f.explicit else fixture_object(self.lay.id)
        if "example" in f.explicit or f.type not in ("object", "resource"):
            if f.type == "bits" and "example" not in f.explicit:
                v = 0
                for bf in f.bits:
                    v |= bf.example << bf.lo
                return v
            return f.example & 0xFFFFFFFF
        if f.type == "object":
            kind = self.objtype if f.kind == "$objtype" else f.kind.id
            if kind in self.fx.kinds:
                return fixture_object(kind)
            return 0 if f.nullable else fixture_object(kind)
        for rid in (FIX_BUF, FIX_TEX):
            if self.fx.check_resource(rid, f) == "OK":
                return rid
        return 0 if f.nullable else FIX_BUF

    def field(self, f, elem):
        v = self.value(f)
        self.where.append((f, len(self.dw), elem))
        self.dw.append(v)
        self.env[id(f)] = v
        for bf in f.bits:
            self.env[id(bf)] = (v >> bf.lo) & ((1 << bf.width) - 1)
            self.where.append((bf, len(self.dw) - 1, elem))

    def items(self, items, elem=None):
        for item in items:
            if isinstance(item, Field):
                self.field(item, elem)
            elif isinstance(item, Array):
                self.array(item)
            elif isinstance(item, Optional):
                present = True if item.when_ast is None else eval_ast(item.when_ast, self.getv)
                if present:
                    self.items(item.items)
            elif isinstance(item, Data):
                ex = item.example
                if ex and len(ex) <= item.max:
                    ex += b"\0" * (-len(ex) % 4)
                    self.dw += [int.from_bytes(ex[i:i + 4], "little") for i in range(0, len(ex), 4)]
                elif item.max >= 4:
                    self.dw.append(0)

    def array(self, a):
        if a.rest:
            count = a.example if a.example is not None else 1
        else:
            count = eval_ast(a.count_ast, self.getv)
            if count is None:
                raise BuildError(f"count of '{a.name}' does not evaluate")
        count = min(count, a.max)
        start = len(self.dw)
        self.env[id(a)] = count
        for i in range(count):
            self.items([x for x in a.items if isinstance(x, Field)], i)
        self.arrays.append((a, start, len(a.elem_fields()), count))


def build(fixtures, lay, objtype):
    """The positive instance: (dwords, Builder) or raises BuildError."""
    b = Builder(fixtures, lay, objtype)
    b.items(lay.items)
    return b.dw, b
