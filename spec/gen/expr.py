"""expr.py: the spec's expression language: tokenizer, parser, static bounds, RPN.

Input: expression text from a spec attribute (checked as if hostile) and a resolver that maps
a name to what it denotes at that point of the layout. Guarantees: a compiled expression only
references names the resolver accepted, every sub-expression has a static upper bound that is
at most 2^63 (else ExprError), its RPN needs at most STACK_MAX stack entries, and every constant
fits the 32-bit immediate of struct vigil_xinsn. Evaluation semantics are the engine's: unsigned
64-bit, every operation checked at run time, no short-circuit for && and || (both sides are
always evaluated, so `b != 0 && a / b` still fails when b is 0).
"""

import re
from dataclasses import dataclass

BOUND_MAX = 1 << 63
STACK_MAX = 16  # validator/engine.c EXPR_STACK

# Binary operators: text -> (precedence, VX_ name). Higher binds tighter (C precedence).
BINOPS = {
    "*": (10, "VX_MUL"), "/": (10, "VX_DIV"), "%": (10, "VX_MOD"),
    "+": (9, "VX_ADD"), "-": (9, "VX_SUB"),
    "<<": (8, "VX_SHL"), ">>": (8, "VX_SHR"),
    "<": (7, "VX_LT"), "<=": (7, "VX_LE"), ">": (7, "VX_GT"), ">=": (7, "VX_GE"),
    "==": (6, "VX_EQ"), "!=": (6, "VX_NE"),
    "&": (5, "VX_BAND"), "|": (3, "VX_BOR"),
    "&&": (2, "VX_LAND"), "||": (1, "VX_LOR"),
}

_TOKEN_RE = re.compile(r"\s*(?:(0[xX][0-9a-fA-F]+|[0-9]+)|([A-Za-z_][A-Za-z0-9_]*)"
                       r"|(<<|>>|<=|>=|==|!=|&&|\|\||[()!*/%+\-<>&|]))")


class ExprError(Exception):
    pass


@dataclass
class Operand:
    """What a name resolves to: kind is 'slot', 'len', 'objtype' or 'const'."""
    kind: str
    bound: int
    value: int = 0       # const
    ref: object = None   # slot: the model object owning the slot (field, bit-field, array)


@dataclass
class Ast:
    op: str              # 'num', 'name', '!', or a binary operator text
    bound: int
    left: object = None
    right: object = None
    value: int = 0
    operand: Operand = None


def tokenize(text):
    tokens = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN_RE.match(text, pos)
        if not m:
            raise ExprError(f"unexpected character {text[pos:].strip()[:1]!r} in expression")
        num, name, op = m.groups()
        if num is not None:
            tokens.append(("num", int(num, 0)))
        elif name is not None:
            tokens.append(("name", name))
        else:
            tokens.append(("op", op))
        pos = m.end()
    return tokens


class _Parser:
    def __init__(self, tokens, resolve):
        self.tokens = tokens
        self.pos = 0
        self.resolve = resolve

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self):
        tok = self.peek()
        self.pos += 1
        return tok

    def primary(self):
        tok = self.take()
        if tok is None:
            raise ExprError("expression ends too early")
        kind, val = tok
        if kind == "num":
            if val > 0xFFFFFFFF:
                raise ExprError(f"constant {val:#x} does not fit 32 bits")
            return Ast("num", val, value=val)
        if kind == "name":
            operand = self.resolve(val)
            if operand.kind == "const":
                return Ast("num", operand.value, value=operand.value)
            return Ast("name", operand.bound, operand=operand)
        if val == "(":
            node = self.binary(0)
            if self.take() != ("op", ")"):
                raise ExprError("missing ')'")
            return node
        if val == "!":
            inner = self.primary()
            return Ast("!", 1, left=inner)
        raise ExprError(f"unexpected '{val}'")

    def binary(self, min_prec):
        left = self.primary()
        while True:
            tok = self.peek()
            if tok is None or tok[0] != "op" or tok[1] not in BINOPS:
                return left
            prec = BINOPS[tok[1]][0]
            if prec < min_prec:
                return left
            self.take()
            right = self.binary(prec + 1)
            left = Ast(tok[1], _bound(tok[1], left.bound, right.bound), left, right)


def _bound(op, a, b):
    """Static upper bound of `a op b` given upper bounds of the operands."""
    if op == "+":
        return a + b
    if op == "*":
        return a * b
    if op in ("-", "/", ">>"):
        return a
    if op == "%":
        return min(a, max(b - 1, 0))
    if op == "<<":
        if a == 0:
            return 0
        return a << b if b < 64 else 1 << 64
    if op == "&":
        return min(a, b)
    if op == "|":
        return (1 << max(a, b).bit_length()) - 1
    return 1  # comparisons, && and ||


def _check_bounds(node, text):
    if node.bound > BOUND_MAX:
        raise ExprError(f"expression '{text}' could exceed 2^63 (static bound {node.bound:#x});"
                        " bound its operands with max= or a limit")
    for sub in (node.left, node.right):
        if sub is not None:
            _check_bounds(sub, text)


def parse(text, resolve):
    """Parse `text`; resolve(name) -> Operand or raises ExprError. Returns a bounded Ast."""
    tokens = tokenize(text)
    if not tokens:
        raise ExprError("empty expression")
    parser = _Parser(tokens, resolve)
    node = parser.binary(0)
    if parser.peek() is not None:
        raise ExprError(f"unexpected '{parser.peek()[1]}' after the expression")
    _check_bounds(node, text.strip())
    return node


def fold_constant(node):
    """The value of an expression made only of constants, or None."""
    if node.op == "num":
        return node.value
    if node.op == "name":
        return None
    left = fold_constant(node.left)
    if left is None:
        return None
    if node.op == "!":
        return int(not left)
    right = fold_constant(node.right)
    if right is None:
        return None
    return evaluate_binop(node.op, left, right)


def evaluate_binop(op, a, b):
    """One engine operation (validator/engine.c binop); None where the engine fails."""
    results = {
        "+": lambda: a + b, "-": lambda: a - b if a >= b else None, "*": lambda: a * b,
        "/": lambda: a // b if b else None, "%": lambda: a % b if b else None,
        "<<": lambda: a << b if b < 64 else None, ">>": lambda: a >> b if b < 64 else None,
        "<": lambda: int(a < b), "<=": lambda: int(a <= b), ">": lambda: int(a > b),
        ">=": lambda: int(a >= b), "==": lambda: int(a == b), "!=": lambda: int(a != b),
        "&": lambda: a & b, "|": lambda: a | b,
        "&&": lambda: int(bool(a) and bool(b)), "||": lambda: int(bool(a) or bool(b)),
    }
    r = results[op]()
    if r is not None and r >= 1 << 64:
        return None
    return r


# Comparisons of a decoded field with a constant compile to one fused instruction.
FUSED_COMPARE = {"==": "VX_SLOT_EQ", "!=": "VX_SLOT_NE", "<": "VX_SLOT_LT", "<=": "VX_SLOT_LE",
                 ">": "VX_SLOT_GT", ">=": "VX_SLOT_GE"}


def to_rpn(node):
    """Post-order list of (VX_name, slot_ref_or_None, imm) tuples, and the stack depth needed."""
    out = []

    def walk(n):
        if n.op == "num":
            out.append(("VX_CONST", None, n.value))
            return 1
        if n.op == "name":
            kind = n.operand.kind
            if kind == "len":
                out.append(("VX_LEN", None, 0))
            elif kind == "objtype":
                out.append(("VX_OBJTYPE", None, 0))
            else:
                out.append(("VX_SLOT", n.operand.ref, 0))
            return 1
        if n.op == "!":
            depth = walk(n.left)
            out.append(("VX_NOT", None, 0))
            return depth
        fused = FUSED_COMPARE.get(n.op)
        if (fused and n.left.op == "name" and n.left.operand.kind not in ("len", "objtype")
                and n.right.op == "num"):
            # "field OP constant" as one instruction (the engine's VX_SLOT_*).
            out.append((fused, n.left.operand.ref, n.right.value))
            return 1
        d1 = walk(n.left)
        d2 = walk(n.right)
        out.append((BINOPS[n.op][1], None, 0))
        return max(d1, 1 + d2)

    depth = walk(node)
    if depth > STACK_MAX:
        raise ExprError(f"expression needs {depth} stack entries (engine limit {STACK_MAX})")
    return out, depth


def names_in(node):
    """Operands referenced by the expression (for slot allocation)."""
    if node is None:
        return []
    if node.op == "name":
        return [node.operand]
    return names_in(node.left) + names_in(node.right)
