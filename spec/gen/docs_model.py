"""docs_model.py: the protocol reference as a list of neutral blocks (headings, paragraphs,
tables), rendered to Markdown and HTML by emit_docs.py so both carry the same content.

Input: the checked, lowered spec (trusted). Inline text is a list of spans: a plain str, or a
tuple ("code", text) or ("link", text, anchor). Guarantees: every message, command, object,
field, check, rule, enum, limit and feature of the spec appears, with the reject status each
violation produces.
"""

from fields import Field
from layouts import Array, Check, Data, Optional, Rule

U32_MAX = 0xFFFFFFFF


def code(t):
    return ("code", t)


def link(t, anchor):
    return ("link", t, anchor)


def anchor_of(lay):
    return {"command": "cmd-", "object": "obj-", "message": "msg-"}[lay.tag] + lay.name.lower()


def enum_anchor(enum):
    return "enum-" + enum.name


class Doc:
    def __init__(self):
        self.blocks = []

    def h(self, level, text, anchor=None):
        self.blocks.append(("h", level, text, anchor))

    def p(self, *spans):
        self.blocks.append(("p", list(spans)))

    def table(self, headers, rows):
        if rows:
            self.blocks.append(("table", headers, rows))

    def items(self, rows):
        if rows:
            self.blocks.append(("ul", rows))


def _hex(v):
    return f"{v:#x}" if v > 255 else str(v)


def _field_type(f):
    t = f.type
    if t == "enum":
        kind = "subset of " if f.enum.kind == "flags" else ""
        return [f"enum: {kind}", link(f.enum.name, enum_anchor(f.enum))]
    if t == "object":
        kind = "header object type" if f.kind == "$objtype" else f.kind.name
        target = [] if f.kind == "$objtype" else [link(f.kind.name, anchor_of(f.kind))]
        return [f"object handle ({'' if target else kind}"] + target + [")"]
    if t == "newobj":
        return ["new object handle (", link(f.kind.name, anchor_of(f.kind)), ")"]
    return [t]


def _constraints(f, spec):
    """(constraint spans, reject statuses) of one field."""
    t = f.type
    out, st = [], []
    if t in ("u32", "i32"):
        lo, hi = (-(1 << 31), (1 << 31) - 1) if t == "i32" else (0, U32_MAX)
        if f.min != lo or f.max != hi:
            out.append(f"{_hex(f.min) if f.min >= 0 else f.min} ≤ v ≤ "
                       f"{_hex(f.max) if f.max >= 0 else f.max}")
            st.append("RANGE")
    elif t == "bool":
        out.append("0 or 1")
        st.append("RANGE")
    elif t == "enum":
        out.append("only bits of listed values" if f.enum.kind == "flags" else "a listed value")
        st.append("ENUM")
    elif t == "bits":
        reserved = ~f.allowed_bits() & U32_MAX
        if reserved:
            out.append(f"reserved bits {reserved:#010x} must be 0")
            st.append("RESERVED")
    elif t in ("object", "newobj"):
        out.append("non-zero, new in the current sub-context" if t == "newobj" else
                   "0 = none" if f.nullable else "non-zero")
        st += ["UNKNOWN_HANDLE"] + (["WRONG_KIND"] if t == "object" else [])
    elif t == "resource":
        out += _resource_text(f, spec)
        st += ["UNKNOWN_HANDLE", "BIND"]
    elif t == "ignored":
        out.append("read and discarded")
    if not f.store and t != "ignored":
        out.append("not stored in the record")
    if f.invalid:
        out.append("invalid examples: " + ", ".join(_hex(v & U32_MAX) for v in f.invalid))
    return out, st


def _names_of(enum, mask, by_bit):
    names = []
    for ev in (enum.values if enum else []):
        hit = (mask >> ev.value) & 1 if by_bit else ev.value and (mask & ev.value) == ev.value
        if hit and ev.name not in names:
            names.append(ev.name)
    return names


def _resource_text(f, spec):
    out = ["0 = none" if f.nullable else "non-zero"]
    if f.target_mask != U32_MAX:
        out.append("targets " + " ".join(_names_of(spec.enums.get("texture_target"),
                                                   f.target_mask, True)))
    bind = spec.enums.get("bind")
    if f.bind_any:
        out.append("bind has one of " + " ".join(_names_of(bind, f.bind_any, False)))
    if f.bind_not is not None:
        out.append("bind is not exactly " + ("|".join(_names_of(bind, f.bind_not, False))
                                             or _hex(f.bind_not)))
    return out


def _join(parts):
    spans = []
    for i, part in enumerate(parts):
        if i:
            spans.append("; ")
        spans.append(part)
    return spans


class LayoutDoc:
    """The field table of one layout, with dword positions (static where known)."""

    def __init__(self, spec, lay):
        self.spec = spec
        self.lay = lay
        self.rows = []
        self.pos = 1 if lay.tag != "message" else 0   # virgl: dword 0 is the header
        self.base = ""

    def where(self):
        return f"{self.base}+{self.pos}" if self.base else str(self.pos)

    def field(self, f, prefix=""):
        cons, st = _constraints(f, self.spec)
        self.rows.append([[self.where()], [code(prefix + f.name)], _field_type(f), _join(cons),
                          [", ".join(st + ["TRUNCATED"])], [f.doc]])
        for bf in f.bits:
            self.bitfield(bf, prefix + f.name)
        self.pos += 1

    def bitfield(self, bf, parent):
        hi = bf.lo + bf.width - 1
        cons, st = [], []
        if bf.type == "enum":
            cons.append(link(bf.enum.name, enum_anchor(bf.enum)))
            st.append("ENUM")
        elif bf.type == "u32" and (bf.min, bf.max) != (0, (1 << bf.width) - 1):
            cons.append(f"{bf.min} ≤ v ≤ {bf.max}")
            st.append("RANGE")
        if bf.invalid:
            cons.append("invalid examples: " + ", ".join(_hex(v) for v in bf.invalid))
        bits = f"bit {bf.lo}" if hi == bf.lo else f"bits {bf.lo}..{hi}"
        self.rows.append([[f"  {bits}"], [code(f"{parent}.{bf.name}")], [bf.type], _join(cons),
                          [", ".join(st)], [bf.doc]])

    def walk(self, items):
        for item in items:
            if isinstance(item, Field):
                self.field(item)
            elif isinstance(item, Array):
                self.array(item)
            elif isinstance(item, Optional):
                self.optional(item)
            elif isinstance(item, Data):
                unit = "bytes" if self.lay.tag == "message" and self.lay.framing == "len_bytes" \
                    else "whole dwords"
                mode = "copied into the record" if item.copy else "checked and dropped"
                self.rows.append([[self.where()], [code(item.name)], ["data"],
                                  [f"rest of the payload, {unit}, at most {item.max} bytes, {mode}"],
                                  ["COUNT" + (", TRAILING" if unit != "bytes" else "")], [item.doc]])

    def array(self, a):
        count = "as many as the rest holds" if a.rest else [code(a.count_text.strip())]
        count = [count] if isinstance(count, str) else count
        self.rows.append([[self.where()], [code(a.name + "[]")], ["array"],
                          ["count: "] + count + [f", at most {a.max}"],
                          ["COUNT" + (", TRAILING" if a.rest else "")], [a.doc]])
        self.base, self.pos = f"{a.name}[i]", 0
        for f in a.elem_fields():
            self.field(f, f"{a.name}[i].")
        self.base, self.pos = f"after {a.name}", 0

    def optional(self, o):
        when = ["present when ", code(o.when_text.strip())] if o.when_text else \
            ["present when payload bytes remain (then complete)"]
        self.rows.append([[self.where()], [code(o.name)], ["optional group"], when, ["TRUNCATED"],
                          [o.doc]])
        self.base, self.pos = o.name, 0
        self.walk(o.items)
        self.base, self.pos = f"after {o.name}", 0


def _layout_section(doc, spec, lay, lowered):
    doc.h(3, f"{lay.id} {lay.name}", anchor_of(lay))
    doc.p(lay.doc)
    facts = []
    if lay.tag == "message":
        facts.append(["framing: ", code(lay.framing)] + (
            [" (bytes_field ", code(lay.bytes_field.name), ")"] if lay.bytes_field else []))
        if lay.len_text:
            facts.append(["length rule: ", code(lay.len_text.strip()), " else LENGTH"])
        if lay.max_len:
            facts.append([f"len at most {lay.max_len}, checked before reading (LENGTH)"])
        facts.append([f"since protocol version {lay.since} (UNSUPPORTED before)"
                      if lay.since else "all protocol versions"])
        if lay.init:
            facts.append(["creates the renderer context lazily"])
    elif lay.tag == "command":
        if lay.objtypes:
            facts.append(["header object type: one of "] + _join(
                [link(o.name, anchor_of(o)) for o in lay.objtypes]) + [" (else ENUM)"])
        else:
            facts.append(["header object type must be 0 (else RESERVED)"])
        if lay.dispatch_object:
            facts.append(["the layout is the object's (see Objects)"])
    else:
        facts.append([f"created by CREATE_OBJECT with header object type {lay.id}"])
        if lay.bindable:
            facts.append(["bindable with BIND_OBJECT"])
    if lay.requires:
        facts.append(["requires feature ", link(lay.requires.name, "features"),
                      " (UNSUPPORTED when off)"])
    if lay.unsupported:
        facts.append([f"always rejected with UNSUPPORTED: {lay.unsupported}"])
    if lowered is not None and lay.tag != "message" and not lay.dispatch_object:
        facts.append([f"record: ", code(f"struct {lowered.struct.name}"),
                      f" ({lowered.struct.size} bytes), type ", code(lowered.rec_type)])
    doc.items(facts)
    ld = LayoutDoc(spec, lay)
    ld.walk(lay.items)
    if ld.rows:
        doc.table(["dword", "field", "type", "constraints", "reject", "meaning"], ld.rows)
        doc.p("A header len that disagrees with the framing: LENGTH." if lay.tag == "message"
              else "Payload dwords left over after the layout: TRAILING.")
    _checks_and_rules(doc, lay.items)
    for rdoc, rid, items in lay.reply:
        doc.p("Reply" + (f" (id {rid})" if rid else "") + ": " + rdoc)
        rd = LayoutDoc(spec, lay)
        rd.pos = 0
        rd.walk(items)
        doc.table(["dword", "field", "type", "meaning"], [[r[0], r[1], r[2], r[5]] for r in rd.rows])


def _checks_and_rules(doc, items):
    checks, rules = [], []

    def collect(its):
        for it in its:
            if isinstance(it, Check):
                checks.append([[code(" ".join(it.text.split()))], [it.status], [it.doc]])
            elif isinstance(it, Rule):
                rules.append([code(it.name), ": " + it.doc])
            elif isinstance(it, (Array, Optional)):
                collect(it.items)
    collect(items)
    if checks:
        doc.p("Checks (evaluated in order, unsigned 64-bit, any overflow is OVERFLOW):")
        doc.table(["expression must hold", "else", "why"], checks)
    if rules:
        doc.p("Rules (hand-written, run after the whole payload passed):")
        doc.items(rules)


def _enum_section(doc, enum):
    doc.h(3, enum.name, enum_anchor(enum))
    doc.p(enum.doc)
    facts = [[f"kind: {enum.kind}" + (" (a bit mask: only bits of listed values may be set)"
                                      if enum.kind == "flags" else " (one of the listed values)")]]
    if enum.since:
        facts.append([f"since protocol version {enum.since}"])
    if enum.kind == "set":
        facts.append(["gaps (not members): " + (_gaps(enum) or "none")])
    else:
        facts.append([f"allowed mask: {enum.mask():#010x}"])
    facts.append(["invalid examples: " + ", ".join(_hex(v) for v in enum.invalid)])
    doc.items(facts)
    is_format = enum.name == "format"
    headers = ["name", "value", "since", "meaning"] + (["block", "bytes"] if is_format else [])
    rows = []
    for ev in enum.values:
        value = f"{ev.value:#x}" if enum.kind == "flags" else str(ev.value)
        row = [[code(ev.name)], [value], [str(ev.since)], [ev.doc]]
        if is_format:
            row += [[f"{ev.block_w}x{ev.block_h}"], [str(ev.block_bytes)]]
        rows.append(row)
    doc.table(headers, rows)


def _gaps(enum):
    values = sorted({ev.value for ev in enum.values})
    gaps, prev = [], -1
    for v in values:
        if v > prev + 1:
            gaps.append(f"{prev + 1}" if v == prev + 2 else f"{prev + 1}..{v - 1}")
        prev = v
    gaps.append(f"≥ {values[-1] + 1}")
    return ", ".join(gaps)


def build(spec, low):
    doc = Doc()
    doc.h(1, "vigil protocol reference")
    for name, sname, sdoc in spec.doc:
        doc.p(code(name.split("/")[-1]), f" ({sname}): {sdoc}")
    doc.p("Every value is a little-endian 32-bit dword unless noted. A violation rejects the "
          "command with the status named (VIGIL_E_ prefix omitted) and poisons the context. "
          "Dword positions: in virgl commands dword 0 is the header (id | objtype << 8 | "
          "len << 16); in vtest messages dword 0 is the first payload dword after [len, id]. "
          "NAME[i]+k is dword k of element i; after NAME+k counts from the end of a variable "
          "part.")
    sections = [("vtest messages", "message", spec.messages),
                ("virgl commands", "command", spec.commands),
                ("Objects (CREATE_OBJECT layouts)", "object", spec.objects)]
    for title, tag, table in sections:
        doc.h(2, title, tag + "s")
        for ident in sorted(table):
            _layout_section(doc, spec, table[ident], low.get((tag, ident)))
    doc.h(2, "Enumerations", "enums")
    for enum in spec.enums.values():
        _enum_section(doc, enum)
    doc.h(2, "Limits", "limits")
    doc.table(["name", "value", "meaning"], [[[code(lim.name)], [str(lim.value)], [lim.doc]]
                                             for lim in spec.limits.values()])
    doc.h(2, "Features", "features")
    doc.table(["name", "bit", "meaning"], [[[code(f.name)], [str(f.bit)], [f.doc]]
                                           for f in spec.features.values()])
    return doc
