"""spec_model.py: the checked, typed model of the whole spec (limits, features, enums, layouts).

Input: DTD-conforming Node trees (spec_xml.py), one per spec file, still untrusted in meaning.
This module resolves names across files and checks everything the README lists under "Checks
on the spec" that is not about a single command's layout (that is layouts.py): integer syntax
and width, unique names and ids, enums with real <invalid> examples. Guarantees: a Spec
returned without diagnostics has every cross reference resolved to a model object.
"""

import re
from dataclasses import dataclass, field

import layouts

UPPER_RE = re.compile(r"[A-Z][A-Z0-9_]*\Z")
VALUE_RE = re.compile(r"[A-Z0-9][A-Z0-9_]*\Z")  # enum values may start with a digit (2D)
LOWER_RE = re.compile(r"[a-z][a-z0-9_]*\Z")

VIRGL_CMD_COUNT = 62
OBJECT_COUNT = 12
VTEST_MSG_COUNT = 25

# include/vigil/vigil_status.h, in order (the generated C uses the symbolic names).
STATUSES = ["OK", "TRUNCATED", "TRAILING", "UNKNOWN_CMD", "UNSUPPORTED", "ENUM", "RANGE",
            "RESERVED", "COUNT", "RELATION", "OVERFLOW", "UNKNOWN_HANDLE", "WRONG_KIND", "BIND",
            "BOX", "BACKING", "STATE", "LENGTH", "POISONED", "EXHAUSTED"]

FORMAT_ENUM = "format"
TARGET_ENUM = "texture_target"
BIND_ENUM = "bind"


@dataclass
class Limit:
    name: str
    value: int
    doc: str
    loc: object


@dataclass
class Feature:
    name: str
    bit: int
    doc: str
    loc: object


@dataclass
class EnumValue:
    name: str
    value: int
    since: int
    doc: str
    loc: object
    block_w: int = 1
    block_h: int = 1
    block_bytes: int = 0


@dataclass
class Enum:
    name: str
    kind: str           # "set" or "flags"
    since: int
    doc: str
    loc: object
    values: list = field(default_factory=list)
    invalid: list = field(default_factory=list)
    index: int = 0

    def contains(self, v):
        if self.kind == "flags":
            return (v & ~self.mask()) == 0
        return any(ev.value == v for ev in self.values)

    def mask(self):
        m = 0
        for ev in self.values:
            m |= ev.value
        return m

    def max_value(self):
        return self.mask() if self.kind == "flags" else max(ev.value for ev in self.values)

    def by_name(self, name):
        for ev in self.values:
            if ev.name == name:
                return ev
        return None


@dataclass
class Spec:
    files: list
    name: str = ""
    limits: dict = field(default_factory=dict)
    features: dict = field(default_factory=dict)
    enums: dict = field(default_factory=dict)
    commands: dict = field(default_factory=dict)   # id -> Layout
    objects: dict = field(default_factory=dict)    # id -> Layout
    messages: dict = field(default_factory=dict)   # id -> Layout
    rules: list = field(default_factory=list)      # rule names, order of first use
    rule_locs: dict = field(default_factory=dict)  # rule name -> Loc of its first use
    doc: list = field(default_factory=list)        # (file, spec name, doc)

    def object_by_name(self, name):
        for obj in self.objects.values():
            if obj.name == name:
                return obj
        return None

    def command_by_name(self, name):
        for cmd in self.commands.values():
            if cmd.name == name:
                return cmd
        return None


class Ctx:
    """Shared state for checks: the diagnostics, the spec, integer parsing with limit names."""

    def __init__(self, diag, spec):
        self.diag = diag
        self.spec = spec

    def err(self, loc, msg):
        self.diag.error(loc, msg)

    def uint(self, node, attr, limits=False, signed=False, bits=32):
        """Parse node.attrs[attr]: decimal/0x-hex (or a limit name); None on error/absence."""
        text = node.attrs.get(attr)
        if text is None:
            return None
        return self.parse_int(node.loc, f"{attr}", text, limits, signed, bits)

    def parse_int(self, loc, what, text, limits=False, signed=False, bits=32):
        text = text.strip()
        if limits and text in self.spec.limits:
            return self.spec.limits[text].value
        neg = signed and text.startswith("-")
        body = text[1:] if neg else text
        if re.fullmatch(r"0[xX][0-9a-fA-F]+|[0-9]+", body):
            v = int(body, 0)
            lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
            v = -v if neg else v
            if signed and not neg and v <= (1 << bits) - 1 and body.lower().startswith("0x"):
                v = v - (1 << bits) if v > hi else v  # hex bit patterns of negative i32 values
            if lo <= v <= hi:
                return v
            self.err(loc, f"{what} '{text}' does not fit {bits} bits")
            return None
        if limits and UPPER_RE.match(text):
            self.err(loc, f"{what} '{text}' is not a defined limit")
        else:
            self.err(loc, f"{what} '{text}' is not an integer")
        return None

    def name(self, node, attr, regex, what):
        name = node.attrs[attr]
        if not regex.match(name):
            style = "lower_snake_case" if regex.pattern.startswith("[a-z]") else "UPPER_SNAKE_CASE"
            self.err(node.loc, f"{what} name '{name}' must be {style}")
        return name


def _children(roots, tag):
    for root in roots:
        for node in root.children:
            if node.tag == tag:
                yield node


def _load_limits_features(ctx, roots):
    spec = ctx.spec
    for node in _children(roots, "limit"):
        name = ctx.name(node, "name", UPPER_RE, "limit")
        value = ctx.uint(node, "value")
        if name in spec.limits:
            ctx.err(node.loc, f"duplicate limit '{name}' (first at line {spec.limits[name].loc.line})")
        elif value is not None:
            spec.limits[name] = Limit(name, value, node.attrs["doc"], node.loc)
    bits = {}
    for node in _children(roots, "feature"):
        name = ctx.name(node, "name", UPPER_RE, "feature")
        bit = ctx.uint(node, "bit")
        if name in spec.features:
            ctx.err(node.loc, f"duplicate feature '{name}'")
        elif bit is not None and bit > 31:
            ctx.err(node.loc, f"feature bit {bit} is outside 0..31")
        elif bit in bits:
            ctx.err(node.loc, f"feature bit {bit} already used by '{bits[bit]}'")
        elif bit is not None:
            bits[bit] = name
            spec.features[name] = Feature(name, bit, node.attrs["doc"], node.loc)


def _load_enum_value(ctx, enum, node):
    name = ctx.name(node, "name", VALUE_RE, "enum value")
    value = ctx.uint(node, "value")
    since = ctx.uint(node, "since", bits=8)
    if value is None or since is None:
        return
    ev = EnumValue(name, value, since, node.attrs.get("doc") or "", node.loc)
    block = [a for a in ("block_w", "block_h", "block_bytes") if node.has(a)]
    if block and enum.name != FORMAT_ENUM:
        ctx.err(node.loc, f"'{block[0]}' is only meaningful in the '{FORMAT_ENUM}' enum")
    if enum.name == FORMAT_ENUM:
        ev.block_w = ctx.uint(node, "block_w", bits=8) or 0
        ev.block_h = ctx.uint(node, "block_h", bits=8) or 0
        ev.block_bytes = ctx.uint(node, "block_bytes", bits=8) or 0
        if ev.block_w == 0 or ev.block_h == 0:
            ctx.err(node.loc, "block_w and block_h must be 1..255")
    if enum.by_name(name):
        ctx.err(node.loc, f"duplicate value name '{name}' in enum '{enum.name}'")
        return
    if enum.kind == "set" and value > 0xFFFF:
        ctx.err(node.loc, f"set enum value {value:#x} is too large for a membership bitmap")
        return
    enum.values.append(ev)


def _load_enum(ctx, node):
    spec = ctx.spec
    name = ctx.name(node, "name", LOWER_RE, "enum")
    if name in spec.enums:
        ctx.err(node.loc, f"duplicate enum '{name}' (first at line {spec.enums[name].loc.line})")
        return
    enum = Enum(name, node.attrs["kind"], ctx.uint(node, "since", bits=8) or 0,
                node.attrs["doc"], node.loc)
    invalid_nodes = []
    for child in node.children:
        if child.tag == "value":
            _load_enum_value(ctx, enum, child)
        else:
            invalid_nodes.append(child)
    if not enum.values:
        ctx.err(node.loc, f"enum '{name}' has no values")
        return
    if not invalid_nodes:
        ctx.err(node.loc, f"enum '{name}' has no <invalid> example")
    for child in invalid_nodes:
        v = ctx.uint(child, "value")
        if v is not None and enum.contains(v):
            ctx.err(child.loc, f"<invalid> example {v} is a valid member of enum '{name}'")
        elif v is not None:
            enum.invalid.append(v)
    enum.index = len(spec.enums)
    spec.enums[name] = enum


def _load_layout_ids(ctx, roots):
    """Register commands, objects and messages by id (their bodies are checked later)."""
    spec = ctx.spec
    tables = [("command", spec.commands, 0, VIRGL_CMD_COUNT - 1),
              ("object", spec.objects, 1, OBJECT_COUNT - 1),
              ("message", spec.messages, 1, VTEST_MSG_COUNT - 1)]
    found = []
    for tag, table, lo, hi in tables:
        names = {}
        nodes = _children(roots, tag) if tag != "message" else (
            m for v in _children(roots, "vtest") for m in v.children)
        for node in nodes:
            name = ctx.name(node, "name", UPPER_RE, tag)
            ident = ctx.uint(node, "id")
            if ident is None:
                continue
            if not lo <= ident <= hi:
                ctx.err(node.loc, f"{tag} id {ident} is outside {lo}..{hi}")
            elif ident in table:
                ctx.err(node.loc, f"duplicate {tag} id {ident} (already '{table[ident].name}'"
                        f" at {table[ident].loc.file}:{table[ident].loc.line})")
            elif name in names:
                ctx.err(node.loc, f"duplicate {tag} name '{name}'")
            else:
                names[name] = ident
                table[ident] = layouts.Layout(tag, ident, name, node.attrs["doc"], node.loc,
                                              node=node)
                found.append(table[ident])
    return found


def build(roots, diag):
    """Check the spec files' meaning; returns the Spec (check `diag` for errors)."""
    spec = Spec(files=[r.loc.file for r in roots])
    for root in roots:
        spec.doc.append((root.loc.file, root.attrs["name"], root.attrs.get("doc") or ""))
    spec.name = roots[0].attrs["name"] if roots else ""
    ctx = Ctx(diag, spec)
    _load_limits_features(ctx, roots)
    for node in _children(roots, "enum"):
        _load_enum(ctx, node)
    found = _load_layout_ids(ctx, roots)
    for lay in found:
        layouts.load_layout(ctx, lay)
    return spec
