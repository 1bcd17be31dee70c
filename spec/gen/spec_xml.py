"""spec_xml.py: read vigil.dtd and the spec XML files into a checked element tree.

Input: the DTD (trusted project file) and spec XML files (project files, but checked as if
hostile: every problem becomes a `FILE:LINE: error:` diagnostic). The DTD's <!ELEMENT> and
<!ATTLIST> declarations are parsed here and enforced on every element: allowed children,
known attributes, required attributes, enumerated attribute values; defaults are filled in.
Guarantees to callers: a returned Node tree conforms to the DTD; each Node knows its file and
line.
"""

import re
import xml.parsers.expat
from dataclasses import dataclass, field


class Diag:
    """Collects `FILE:LINE: error: MESSAGE` diagnostics; stops after MAX."""

    MAX = 50

    class Full(Exception):
        pass

    def __init__(self):
        self.errors = []

    def error(self, loc, msg):
        self.errors.append(f"{loc.file}:{loc.line}: error: {msg}")
        if len(self.errors) >= self.MAX:
            raise Diag.Full()

    def __bool__(self):
        return bool(self.errors)


@dataclass(frozen=True)
class Loc:
    file: str
    line: int


@dataclass
class Node:
    tag: str
    attrs: dict
    loc: Loc
    children: list = field(default_factory=list)
    explicit: frozenset = frozenset()  # attribute names written in the file (not defaulted)

    def has(self, name):
        return name in self.explicit


# ---------------------------------------------------------------------------------------------
# DTD

@dataclass
class AttrDecl:
    name: str
    choices: tuple  # () for CDATA, else the enumerated values
    required: bool
    default: object  # str or None


@dataclass
class ElementDecl:
    name: str
    empty: bool
    children: frozenset
    attrs: dict  # name -> AttrDecl


class DtdError(Exception):
    pass


_DECL_RE = re.compile(r"<!(ELEMENT|ATTLIST)\s+([^>]*)>", re.S)
_ATTR_RE = re.compile(
    r"""\s*([A-Za-z_][\w.-]*)\s+(CDATA|\([^)]*\))\s+(\#REQUIRED|\#IMPLIED|"[^"]*")""", re.S)


def _parse_content(name, text):
    text = text.strip()
    if text == "EMPTY":
        return True, frozenset()
    m = re.fullmatch(r"\(([^()]*)\)\*", text)
    if not m:
        raise DtdError(f"element {name}: unsupported content model {text!r}")
    names = [n.strip() for n in m.group(1).split("|")]
    return False, frozenset(names)


def _parse_attlist(name, text):
    attrs = {}
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _ATTR_RE.match(text, pos)
        if not m:
            raise DtdError(f"ATTLIST {name}: cannot parse near {text[pos:pos + 40]!r}")
        aname, atype, adef = m.groups()
        choices = ()
        if atype.startswith("("):
            choices = tuple(c.strip() for c in atype[1:-1].split("|"))
        required = adef == "#REQUIRED"
        default = adef[1:-1] if adef.startswith('"') else None
        attrs[aname] = AttrDecl(aname, choices, required, default)
        pos = m.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return attrs


def parse_dtd(text):
    """Return {element name: ElementDecl} from the DTD text."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    elements = {}
    attlists = {}
    for kind, body in _DECL_RE.findall(text):
        parts = body.split(None, 1)
        name, rest = parts[0], parts[1] if len(parts) > 1 else ""
        if kind == "ELEMENT":
            empty, children = _parse_content(name, rest)
            elements[name] = ElementDecl(name, empty, children, {})
        else:
            attlists[name] = _parse_attlist(name, rest)
    for name, attrs in attlists.items():
        if name not in elements:
            raise DtdError(f"ATTLIST for undeclared element {name}")
        elements[name].attrs = attrs
    if "spec" not in elements:
        raise DtdError("the DTD declares no <spec> element")
    return elements


# ---------------------------------------------------------------------------------------------
# XML

def _read_tree(path, data, diag):
    """Parse one XML file with expat into Nodes (attributes as written); None on a syntax error."""
    parser = xml.parsers.expat.ParserCreate()
    stack = []
    root = []

    def start(tag, attrs):
        node = Node(tag, dict(attrs), Loc(path, parser.CurrentLineNumber))
        if stack:
            stack[-1].children.append(node)
        else:
            root.append(node)
        stack.append(node)

    def end(_tag):
        stack.pop()

    def text(data_):
        if data_.strip() and stack:
            diag.error(Loc(path, parser.CurrentLineNumber),
                       f"unexpected text {data_.strip()[:30]!r} inside <{stack[-1].tag}>")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as e:
        diag.error(Loc(path, e.lineno), f"XML syntax: {xml.parsers.expat.ErrorString(e.code)}")
        return None
    return root[0] if root else None


def _check_node(node, decls, diag, parent):
    decl = decls.get(node.tag)
    if decl is None:
        diag.error(node.loc, f"unknown element <{node.tag}>")
        return False
    if parent is not None and node.tag not in parent.children:
        diag.error(node.loc, f"<{node.tag}> is not allowed inside <{parent.name}>")
        return False
    ok = True
    for aname, value in node.attrs.items():
        adecl = decl.attrs.get(aname)
        if adecl is None:
            diag.error(node.loc, f"<{node.tag}> has unknown attribute '{aname}'")
            ok = False
        elif adecl.choices and value not in adecl.choices:
            diag.error(node.loc, f"<{node.tag}> attribute '{aname}' has bad value '{value}'"
                       f" (allowed: {', '.join(adecl.choices)})")
            ok = False
    for adecl in decl.attrs.values():
        if adecl.name in node.attrs:
            continue
        if adecl.required:
            diag.error(node.loc, f"<{node.tag}> is missing required attribute '{adecl.name}'")
            ok = False
    node.explicit = frozenset(node.attrs)
    for adecl in decl.attrs.values():
        if adecl.name not in node.attrs:
            node.attrs[adecl.name] = adecl.default
    if decl.empty and node.children:
        diag.error(node.children[0].loc, f"<{node.tag}> must be empty")
        return False
    for child in node.children:
        ok = _check_node(child, decls, diag, decl) and ok
    return ok


def load_spec_file(path, decls, diag):
    """Parse and structure-check one spec file; returns its root Node or None."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        diag.error(Loc(path, 0), f"cannot read: {e.strerror}")
        return None
    root = _read_tree(path, data, diag)
    if root is None:
        return None
    if root.tag != "spec":
        diag.error(root.loc, f"root element must be <spec>, not <{root.tag}>")
        return None
    if not _check_node(root, decls, diag, None):
        return None
    return root
