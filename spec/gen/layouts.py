"""layouts.py: commands, objects and vtest messages: their items, checked and with compiled
expressions.

Input: a Layout registered by spec_model (id and name unique) with its DTD-conforming Node, and
the spec's limits, features and enums. Walking the items in wire order, this module checks each
field's attributes for its type, bit-field geometry, array and optional rules, the position of
`newobj`, and compiles every expression against the names decoded before it (expr.py). It marks
the fields that later expressions reference, which is what gets an expression slot. Guarantees:
a layout loaded without diagnostics can be lowered to a record and a program (lower.py).
"""

from dataclasses import dataclass, field

import expr
import fields

U32_MAX = 0xFFFFFFFF
RESERVED_NAMES = {"len", "objtype"}


@dataclass
class Array:
    name: str
    count_text: str
    max: int
    example: object
    doc: str
    loc: object
    items: list = field(default_factory=list)
    count_ast: object = None      # None for count="rest"
    referenced: bool = False      # count_NAME used by an expression
    slot: int = 0xFFFF
    path: str = ""

    @property
    def rest(self):
        return self.count_ast is None

    def elem_fields(self):
        return [i for i in self.items if isinstance(i, fields.Field)]


@dataclass
class Optional:
    name: str
    when_text: object
    doc: str
    loc: object
    items: list = field(default_factory=list)
    when_ast: object = None


def data_example(text):
    """A <data> example: ASCII with the escapes \\n and \\0, as bytes."""
    if not text:
        return b""
    return text.replace("\\n", "\n").replace("\\0", "\0").encode("ascii")


@dataclass
class Data:
    name: str
    copy: bool
    max: int
    doc: str
    loc: object
    example: bytes = b""  # the positive instance's bytes (padded to dwords); b"": one zero dword


@dataclass
class Check:
    text: str
    status: str
    doc: str
    loc: object
    ast: object = None


@dataclass
class Rule:
    name: str
    doc: str
    loc: object
    index: int = 0


@dataclass
class Layout:
    tag: str            # "command", "object" or "message"
    id: int
    name: str
    doc: str
    loc: object
    node: object = None
    items: list = field(default_factory=list)
    reply: list = field(default_factory=list)     # (doc, id text, items) of <reply> (docs only)
    requires: object = None     # Feature
    unsupported: object = None  # reason text
    objtypes: list = field(default_factory=list)  # allowed header object types (Layouts)
    dispatch_object: bool = False
    bindable: bool = False
    framing: str = "fixed"
    bytes_field: object = None  # Field
    len_text: object = None
    len_ast: object = None
    max_len: int = 0
    since: int = 0
    init: bool = False


class Scope:
    """Names an expression may use at one point of the layout."""

    def __init__(self, ctx, lay, all_names):
        self.ctx = ctx
        self.lay = lay
        self.visible = {}          # name -> Field/BitField/Array
        self.all_names = all_names  # every name of the layout (to say "decoded later")

    def copy(self):
        s = Scope(self.ctx, self.lay, self.all_names)
        s.visible = dict(self.visible)
        return s

    def resolve(self, name):
        ref = self.visible.get(name)
        if ref is not None:
            return expr.Operand("slot", fields.bound_of(ref), ref=ref)
        if name == "len":
            return expr.Operand("len", self.len_bound())
        if name == "objtype":
            return expr.Operand("objtype", 0xFF)
        limit = self.ctx.spec.limits.get(name)
        if limit is not None:
            return expr.Operand("const", limit.value, value=limit.value)
        if name in self.all_names:
            raise expr.ExprError(f"'{name}' is not decoded before this expression"
                                 " (expressions may only use earlier fields)")
        raise expr.ExprError(f"unknown name '{name}' in expression")

    def len_bound(self):
        if self.lay.tag != "message":
            return 0xFFFF  # the virgl header's 16-bit length
        return self.lay.max_len or U32_MAX

    def compile(self, text, loc):
        """Parse and bound `text`; marks referenced fields. None on error (reported)."""
        try:
            ast = expr.parse(text, self.resolve)
            expr.to_rpn(ast)
        except expr.ExprError as e:
            self.ctx.err(loc, str(e))
            return None
        for operand in expr.names_in(ast):
            if operand.kind == "slot":
                operand.ref.referenced = True
        return ast


def _collect_names(nodes, out):
    for node in nodes:
        name = node.attrs.get("name")
        if node.tag == "array":
            out.add(f"count_{name}")
        elif node.tag == "optional":
            out.add(f"present_{name}")
        if name:
            out.add(name)
        _collect_names(node.children, out)


class Walker:
    """Loads one layout's items in wire order, checking names, positions and expressions."""

    def __init__(self, ctx, lay):
        self.ctx = ctx
        self.lay = lay
        names = set()
        _collect_names(lay.node.children, names)
        self.scope = Scope(ctx, lay, names)
        self.members = {}        # record-level names -> line (one namespace)
        self.tail_loc = None     # set once a count="rest" array or <data> took the rest
        self.nrules = 0
        self.first_item = True

    def err(self, loc, msg):
        self.ctx.err(loc, msg)

    def claim(self, name, loc, members=None):
        members = self.members if members is None else members
        if name in RESERVED_NAMES:
            self.err(loc, f"'{name}' is reserved in expressions and cannot name a field")
        elif name in members:
            self.err(loc, f"duplicate name '{name}' in {self.lay.name}"
                     f" (first at line {members[name]})")
        else:
            members[name] = loc.line

    def consuming(self, loc):
        if self.tail_loc is not None:
            self.err(loc, f"nothing may follow the payload tail at line {self.tail_loc.line}"
                     " (a count=\"rest\" array or <data> takes the rest)")

    def load_items(self, nodes, in_optional=False):
        items = []
        for node in nodes:
            item = getattr(self, "item_" + node.tag)(node, in_optional)
            self.first_item = False
            if item is not None:
                items.append(item)
        return items

    def item_field(self, node, in_optional, elem_scope=None, members=None):
        f = fields.load_field(self.ctx, self.lay, node)
        if f is None:
            return None
        if f.type == "newobj" and not (self.lay.tag == "object" and self.first_item):
            self.err(node.loc, "newobj is only allowed as the first field of an <object>")
        if self.lay.tag == "object" and self.first_item and f.type != "newobj":
            self.err(node.loc, f"the first field of object {self.lay.name} must be of type newobj")
        if elem_scope is None:
            self.consuming(node.loc)
        self.claim(f.name, node.loc, members)
        for bf in f.bits:
            self.claim(bf.name, bf.loc, members)
        scope = self.scope if elem_scope is None else elem_scope
        scope.visible[f.name] = f
        for bf in f.bits:
            scope.visible[bf.name] = bf
        return f

    def item_array(self, node, in_optional):
        ctx = self.ctx
        name = ctx.name(node, "name", fields.LOWER_RE, "array")
        arr = Array(name, node.attrs["count"], ctx.uint(node, "max", limits=True),
                    ctx.uint(node, "example", limits=True), node.attrs.get("doc") or "", node.loc)
        self.consuming(node.loc)
        self.claim(name, node.loc)
        self.claim(f"count_{name}", node.loc)
        if arr.max is None:
            return None
        if arr.count_text.strip() != "rest":
            arr.count_ast = self.scope.compile(arr.count_text, node.loc)
            if arr.count_ast is None:
                return None
        elem_scope = self.scope.copy()
        elem_members = dict(self.members)
        for child in node.children:
            if child.tag == "field":
                f = self.item_field(child, in_optional, elem_scope, elem_members)
                if f is not None and f.type == "newobj":
                    continue
                if f is not None:
                    arr.items.append(f)
            else:
                chk = self.make_check(child, elem_scope)
                if chk is not None:
                    arr.items.append(chk)
        if not arr.elem_fields():
            self.err(node.loc, f"array '{name}' has no fields (an element must hold a dword)")
            return None
        if arr.example is not None and arr.example > arr.max:
            self.err(node.loc, f"array '{name}' example {arr.example} is above its max {arr.max}")
        self.scope.visible[f"count_{name}"] = arr
        if arr.rest:
            self.tail_loc = node.loc
        return arr

    def item_optional(self, node, in_optional):
        name = self.ctx.name(node, "name", fields.LOWER_RE, "optional")
        opt = Optional(name, node.attrs.get("when"), node.attrs.get("doc") or "", node.loc)
        self.consuming(node.loc)
        self.claim(f"present_{name}", node.loc)
        if opt.when_text is not None:
            opt.when_ast = self.scope.compile(opt.when_text, node.loc)
        opt.items = self.load_items(node.children, True)
        return opt

    def item_data(self, node, in_optional):
        name = self.ctx.name(node, "name", fields.LOWER_RE, "data")
        self.consuming(node.loc)
        self.claim(name, node.loc)
        data = Data(name, node.attrs["mode"] == "copy", self.ctx.uint(node, "max", limits=True),
                    node.attrs.get("doc") or "", node.loc, data_example(node.attrs.get("example")))
        self.tail_loc = node.loc
        return data if data.max is not None else None

    def make_check(self, node, scope):
        status = node.attrs["status"]
        if status not in STATUS_NAMES or status == "OK":
            self.err(node.loc, f"unknown status '{status}' (use a VIGIL_E_ name without the prefix)")
            return None
        chk = Check(node.attrs["expr"], status, node.attrs["doc"], node.loc)
        chk.ast = scope.compile(chk.text, node.loc)
        return chk if chk.ast is not None else None

    def item_check(self, node, in_optional):
        return self.make_check(node, self.scope)

    def item_rule(self, node, in_optional):
        name = self.ctx.name(node, "name", fields.LOWER_RE, "rule")
        self.nrules += 1
        if self.nrules > MAX_RULES:
            self.err(node.loc, f"more than {MAX_RULES} rules in {self.lay.name}")
        rules = self.ctx.spec.rules
        if name not in rules:
            rules.append(name)
            self.ctx.spec.rule_locs[name] = node.loc
        return Rule(name, node.attrs["doc"], node.loc, rules.index(name))

    def item_reply(self, node, in_optional):
        # Documentation only: fields are checked for their own attributes, not laid out.
        items = []
        for child in node.children:
            if child.tag == "field":
                f = fields.load_field(self.ctx, self.lay, child)
                if f is not None:
                    items.append(f)
            elif child.tag == "data":
                items.append(Data(child.attrs["name"], True, self.ctx.uint(child, "max", limits=True),
                                  child.attrs.get("doc") or "", child.loc))
            else:
                items.append(Array(child.attrs["name"], child.attrs["count"], self.ctx.uint(
                    child, "max", limits=True), None, child.attrs.get("doc") or "", child.loc))
        self.lay.reply.append((node.attrs["doc"], node.attrs.get("id"), items))
        return None


MAX_RULES = 4  # validator/engine.h VIGIL_MAX_RULES
STATUS_NAMES = None  # set by load_layout from spec_model.STATUSES (avoids an import cycle)


def _load_header_attrs(ctx, lay):
    node = lay.node
    spec = ctx.spec
    if node.attrs.get("requires"):
        lay.requires = spec.features.get(node.attrs["requires"])
        if lay.requires is None:
            ctx.err(node.loc, f"requires unknown feature '{node.attrs['requires']}'")
    lay.unsupported = node.attrs.get("unsupported")
    if lay.tag == "command":
        lay.dispatch_object = node.attrs["dispatch"] == "object"
        names = (node.attrs.get("objtypes") or "").split()
        for name in names:
            obj = spec.object_by_name(name)
            if obj is None:
                ctx.err(node.loc, f"objtypes names unknown object '{name}'")
            else:
                lay.objtypes.append(obj)
        if lay.dispatch_object and not names:
            lay.objtypes = [spec.objects[k] for k in sorted(spec.objects)]
        if lay.dispatch_object and node.children:
            ctx.err(node.loc, f"{lay.name} has dispatch=\"object\": its layouts are <object>s,"
                    " it cannot list fields itself")
    elif lay.tag == "object":
        lay.bindable = node.attrs["bindable"] == "yes"
    else:
        lay.framing = node.attrs["framing"]
        lay.since = ctx.uint(node, "since", bits=8) or 0
        lay.init = node.attrs["init"] == "yes"
        lay.max_len = ctx.uint(node, "max_len", limits=True) or 0
        lay.len_text = node.attrs.get("len")


def _check_message(ctx, lay, walker):
    node = lay.node
    want_bytes = lay.framing == "fixed_then_field_bytes"
    bf = node.attrs.get("bytes_field")
    if want_bytes and not bf:
        ctx.err(node.loc, "framing fixed_then_field_bytes needs bytes_field")
    elif bf and not want_bytes:
        ctx.err(node.loc, "bytes_field is only meaningful with framing fixed_then_field_bytes")
    elif bf:
        lay.bytes_field = next((i for i in lay.items if isinstance(i, fields.Field)
                                and i.name == bf and i.type == "u32"), None)
        if lay.bytes_field is None:
            ctx.err(node.loc, f"bytes_field '{bf}' is not a top-level u32 field of {lay.name}")
        else:
            lay.bytes_field.referenced = True
    if lay.framing in ("fixed", "fixed_then_field_bytes"):
        for item in lay.items:
            if isinstance(item, (Optional, Data)) or (isinstance(item, Array)):
                ctx.err(item.loc, f"framing {lay.framing}: a message of fixed size cannot hold"
                        f" <{type(item).__name__.lower()}>")
    if lay.len_text is not None:
        lay.len_ast = walker.scope.compile(lay.len_text, node.loc)


def load_layout(ctx, lay):
    """Load and check the items of one command, object or message."""
    global STATUS_NAMES
    import spec_model
    STATUS_NAMES = spec_model.STATUSES
    _load_header_attrs(ctx, lay)
    if lay.dispatch_object:
        return
    walker = Walker(ctx, lay)
    if lay.tag == "object" and not any(c.tag == "field" for c in lay.node.children):
        ctx.err(lay.loc, f"object {lay.name} has no fields (its first field must be newobj)")
    lay.items = walker.load_items(lay.node.children)
    if lay.tag == "message":
        _check_message(ctx, lay, walker)

