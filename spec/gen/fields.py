"""fields.py: one payload dword (<field>) and its bit-fields (<bits>), checked for their type.

Input: a DTD-conforming <field> Node and the spec's enums, objects and limits. Checks: the
attributes that only some types accept, min <= max within the type's range, bit-fields inside
0..31 and not overlapping, enum/kind/target/bind names that resolve, example and invalid values
that parse (examples must be valid). Guarantees: a returned Field has numeric min/max/example,
resolved references, and a static upper bound usable by expressions (bound_of).
"""

import re
import struct
from dataclasses import dataclass, field

LOWER_RE = re.compile(r"[a-z][a-z0-9_]*\Z")
U32_MAX = 0xFFFFFFFF

C_KEYWORDS = set("""auto break case char const continue default do double else enum extern float
for goto if inline int long register restrict return short signed sizeof static struct switch
typedef union unsigned void volatile while _Bool _Complex _Imaginary bool true false""".split())

# Attributes each field type may carry beyond name/type/store/invalid/example/doc.
TYPE_ATTRS = {
    "u32": {"min", "max"}, "i32": {"min", "max"}, "f32": set(), "bool": set(),
    "enum": {"enum"}, "bits": set(), "newobj": set(), "object": {"kind", "nullable"},
    "resource": {"targets", "bind_any", "bind_not", "nullable"}, "subctx": set(), "ignored": set(),
}
COMMON_ATTRS = {"name", "type", "store", "invalid", "example", "doc"}


@dataclass
class BitField:
    name: str
    lo: int
    width: int
    type: str          # u32, bool, enum
    enum: object
    min: int
    max: int
    invalid: list
    example: int
    doc: str
    loc: object
    referenced: bool = False
    slot: int = 0xFFFF
    path: str = ""

    @property
    def mask(self):
        return ((1 << self.width) - 1) << self.lo


@dataclass
class Field:
    name: str
    type: str
    loc: object
    doc: str = ""
    enum: object = None        # Enum
    kind: object = None        # object kind: Layout, or "$objtype"
    targets: object = None     # allowed texture_target values (list) or None for any
    target_mask: int = U32_MAX
    bind_any: int = 0
    bind_not: object = None    # exact refused bind value or None
    nullable: bool = False
    min: int = 0
    max: int = U32_MAX
    store: bool = True
    invalid: list = field(default_factory=list)
    example: object = None
    bits: list = field(default_factory=list)
    referenced: bool = False
    slot: int = 0xFFFF
    path: str = ""
    explicit: frozenset = frozenset()

    def stored(self):
        return self.store and self.type not in ("ignored", "bits")

    def allowed_bits(self):
        m = 0
        for bf in self.bits:
            m |= bf.mask
        return m


def bound_of(ref):
    """Static upper bound of a name's value in expressions."""
    if isinstance(ref, BitField):
        return min(ref.max, (1 << ref.width) - 1)
    if isinstance(ref, Field):
        if ref.type == "u32":
            return ref.max
        if ref.type == "bool":
            return 1
        if ref.type == "enum":
            return ref.enum.max_value()
        if ref.type == "bits":
            return ref.allowed_bits()
        return U32_MAX
    return ref.max  # Array: count_NAME


def _int_list(ctx, loc, what, text, signed=False):
    out = []
    for word in (text or "").split():
        v = ctx.parse_int(loc, what, word, signed=signed)
        if v is not None:
            out.append(v)
    return out


def _load_bits(ctx, f, nodes):
    taken = 0
    for node in nodes:
        name = ctx.name(node, "name", LOWER_RE, "bit-field")
        lo = ctx.uint(node, "lo")
        width = ctx.uint(node, "width")
        if lo is None or width is None:
            continue
        if lo > 31 or width < 1 or lo + width > 32:
            ctx.err(node.loc, f"bit-field '{name}' (lo {lo}, width {width}) does not fit bits 0..31")
            continue
        bf = BitField(name, lo, width, node.attrs["type"], None, 0, (1 << width) - 1, [], 0,
                      node.attrs.get("doc") or "", node.loc)
        if bf.mask & taken:
            ctx.err(node.loc, f"bit-field '{name}' overlaps an earlier bit-field of '{f.name}'")
            continue
        taken |= bf.mask
        _load_bits_type(ctx, bf, node)
        f.bits.append(bf)


def _load_bits_type(ctx, bf, node):
    if bf.type == "bool" and bf.width != 1:
        ctx.err(node.loc, f"bool bit-field '{bf.name}' must have width 1")
    if bf.type == "enum":
        bf.enum = _resolve_enum(ctx, node)
    elif node.has("enum"):
        ctx.err(node.loc, f"'enum' is only meaningful on a bit-field of type enum")
    if bf.type != "u32" and (node.has("min") or node.has("max")):
        ctx.err(node.loc, f"min/max are only meaningful on u32 bit-fields")
    top = (1 << bf.width) - 1
    bf.min = ctx.uint(node, "min", limits=True) or 0
    mx = ctx.uint(node, "max", limits=True)
    bf.max = top if mx is None else mx
    if bf.max > top or bf.min > top:
        ctx.err(node.loc, f"bit-field '{bf.name}' bounds exceed its {bf.width}-bit width")
    elif bf.min > bf.max:
        ctx.err(node.loc, f"bit-field '{bf.name}': min {bf.min} > max {bf.max}")
    bf.invalid = _int_list(ctx, node.loc, "invalid", node.attrs.get("invalid"))
    ex = node.attrs.get("example")
    bf.example = _enum_or_int(ctx, node.loc, bf.enum, ex) if ex is not None else _default(bf)
    if bf.example is not None and not _bits_value_ok(bf, bf.example):
        ctx.err(node.loc, f"example {bf.example} of bit-field '{bf.name}' is not valid")


def _bits_value_ok(bf, v):
    if v > (1 << bf.width) - 1:
        return False
    if bf.type == "enum":
        return bf.enum is None or bf.enum.contains(v)
    if bf.type == "bool":
        return v <= 1
    return bf.min <= v <= bf.max


def _default(item):
    if getattr(item, "enum", None) is not None:
        return item.enum.values[0].value if item.enum.kind == "set" else 0
    return item.min if item.min >= 0 else 0


def _resolve_enum(ctx, node):
    name = node.attrs.get("enum")
    if not name:
        ctx.err(node.loc, f"type enum needs an 'enum' attribute")
        return None
    enum = ctx.spec.enums.get(name)
    if enum is None:
        ctx.err(node.loc, f"unknown enum '{name}'")
    return enum


def _enum_or_int(ctx, loc, enum, text, signed=False):
    if enum is not None and enum.by_name(text.strip()):
        return enum.by_name(text.strip()).value
    return ctx.parse_int(loc, "example", text, limits=True, signed=signed)


def _names_mask(ctx, loc, enum_name, text, what, by_value_bit):
    """OR of enum values named in `text` (or integers); by_value_bit: set bit (1 << value)."""
    enum = ctx.spec.enums.get(enum_name)
    mask = 0
    for word in text.split():
        ev = enum.by_name(word) if enum is not None else None
        if ev is not None:
            v = ev.value
        elif word[:1].isdigit():
            v = ctx.parse_int(loc, what, word)
            if v is None:
                continue
        else:
            ctx.err(loc, f"{what}: '{word}' is not a value of enum '{enum_name}'")
            continue
        if by_value_bit:
            if v > 31:
                ctx.err(loc, f"{what}: target {word} ({v}) is above 31")
                continue
            mask |= 1 << v
        else:
            mask |= v
    return mask


def _load_refs(ctx, lay, f, node):
    if f.type == "object":
        kind = node.attrs.get("kind")
        if not kind:
            ctx.err(node.loc, "type object needs a 'kind' attribute")
        elif kind == "$objtype":
            f.kind = "$objtype"
        else:
            f.kind = ctx.spec.object_by_name(kind)
            if f.kind is None:
                ctx.err(node.loc, f"kind '{kind}' is not a defined <object>")
    elif f.type == "newobj":
        f.kind = lay if lay.tag == "object" else None
    elif f.type == "resource":
        if node.has("targets"):
            f.target_mask = _names_mask(ctx, node.loc, "texture_target", node.attrs["targets"],
                                        "targets", True)
        if node.has("bind_any"):
            f.bind_any = _names_mask(ctx, node.loc, "bind", node.attrs["bind_any"], "bind_any", False)
        if node.has("bind_not"):
            f.bind_not = _names_mask(ctx, node.loc, "bind", node.attrs["bind_not"], "bind_not", False)
    elif f.type == "enum":
        f.enum = _resolve_enum(ctx, node)
    f.nullable = node.attrs["nullable"] == "yes"


def _load_bounds(ctx, f, node):
    if f.type not in ("u32", "i32"):
        f.min, f.max = (0, 1) if f.type == "bool" else (0, U32_MAX)
        return
    signed = f.type == "i32"
    lo_def, hi_def = (-(1 << 31), (1 << 31) - 1) if signed else (0, U32_MAX)
    mn = ctx.uint(node, "min", limits=True, signed=signed)
    mx = ctx.uint(node, "max", limits=True, signed=signed)
    f.min = lo_def if mn is None else mn
    f.max = hi_def if mx is None else mx
    if f.min > f.max:
        ctx.err(node.loc, f"field '{f.name}': min {f.min} > max {f.max}")


def _load_example(ctx, f, node):
    text = node.attrs.get("example")
    if text is None:
        f.example = _default(f)
        return
    if f.type == "f32" and not text.strip().lower().startswith("0x"):
        try:
            f.example = struct.unpack("<I", struct.pack("<f", float(text)))[0]
        except (ValueError, OverflowError):
            ctx.err(node.loc, f"example '{text}' is not a float")
        return
    f.example = _enum_or_int(ctx, node.loc, f.enum, text, signed=f.type == "i32")
    if f.example is None:
        return
    ok = {"u32": lambda v: f.min <= v <= f.max, "i32": lambda v: f.min <= v <= f.max,
          "bool": lambda v: v <= 1, "enum": lambda v: f.enum is None or f.enum.contains(v),
          "bits": lambda v: (v & ~f.allowed_bits()) == 0}.get(f.type, lambda v: True)
    if not ok(f.example):
        ctx.err(node.loc, f"example {text} of field '{f.name}' is not a valid value")


def load_field(ctx, lay, node):
    """Check one <field> and return a Field (None if it cannot be used further)."""
    name = ctx.name(node, "name", LOWER_RE, "field")
    if name in C_KEYWORDS:
        ctx.err(node.loc, f"field name '{name}' is a C keyword")
    ftype = node.attrs["type"]
    f = Field(name, ftype, node.loc, node.attrs.get("doc") or "")
    f.explicit = node.explicit
    for attr in sorted(node.explicit - COMMON_ATTRS - TYPE_ATTRS[ftype]):
        ctx.err(node.loc, f"attribute '{attr}' is not meaningful for a field of type {ftype}")
    f.store = node.attrs["store"] == "yes"
    _load_refs(ctx, lay, f, node)
    _load_bounds(ctx, f, node)
    if ftype == "bits":
        if not node.children:
            ctx.err(node.loc, f"field '{name}' of type bits has no <bits> children")
        _load_bits(ctx, f, node.children)
    elif node.children:
        ctx.err(node.children[0].loc, f"<bits> only belong in a field of type bits")
    f.invalid = _int_list(ctx, node.loc, "invalid", node.attrs.get("invalid"),
                          signed=ftype == "i32")
    _load_example(ctx, f, node)
    return f
