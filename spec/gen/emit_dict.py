"""emit_dict.py: write vigil.dict, an AFL++/libFuzzer dictionary derived from the spec.

Input: the checked, lowered spec (trusted). Entries: the header dword of every command and
object layout for each of its plausible lengths (id | objtype << 8 | len << 16), every enum
value as a little-endian dword, every limit and limit + 1, and the value names of enums called
tgsi_* as text keywords. Guarantees: deterministic, one entry per distinct value, names that
AFL++ and libFuzzer both accept.
"""

import struct

from fields import Field
from layouts import Array, Data, Optional
from util import banner

MAX_ELEMS = 4       # element counts tried for variable-length layouts
MAX_LENGTHS = 12    # header lengths emitted per layout


def _lengths(items):
    """Plausible payload dword counts of a list of items (bounded)."""
    lengths = {0}
    for item in items:
        if isinstance(item, Field):
            add = [1]
        elif isinstance(item, Array):
            per = len(item.elem_fields())
            add = [per * k for k in range(min(item.max, MAX_ELEMS) + 1)]
        elif isinstance(item, Optional):
            add = sorted(_lengths(item.items))
            add = [0] + add
        elif isinstance(item, Data):
            add = [0, 1, 4]
        else:
            continue
        lengths = {a + b for a in lengths for b in add}
    return lengths


def _dword(v):
    return "".join(f"\\x{b:02x}" for b in struct.pack("<I", v & 0xFFFFFFFF))


class _Dict:
    def __init__(self):
        self.lines = []
        self.seen = set()

    def add(self, name, value):
        if value in self.seen:
            return
        self.seen.add(value)
        self.lines.append(f'{name}="{value}"')


def render(spec, low, files):
    d = _Dict()
    creator = next((c for c in spec.commands.values() if c.dispatch_object), None)
    for (tag, ident), lw in low.items():
        lay = lw.lay
        if tag == "message" or lay.dispatch_object:
            continue
        if tag == "object":
            if creator is None:
                continue
            cmd_id, objtypes, prefix = creator.id, [ident], f"hdr_{creator.name}_{lay.name}"
        else:
            cmd_id, prefix = ident, f"hdr_{lay.name}"
            objtypes = [o.id for o in lay.objtypes] or [0]
        for objtype in objtypes:
            for n in sorted(_lengths(lay.items))[:MAX_LENGTHS]:
                if n <= 0xFFFF:
                    d.add(f"{prefix}_{objtype}_{n}", _dword(cmd_id | objtype << 8 | n << 16))
    for enum in spec.enums.values():
        for ev in enum.values:
            d.add(f"enum_{enum.name}_{ev.name}", _dword(ev.value))
        if enum.name.startswith("tgsi_"):
            for ev in enum.values:
                d.add(f"kw_{enum.name}_{ev.name}", ev.name)
    for lim in spec.limits.values():
        d.add(f"limit_{lim.name}", _dword(lim.value))
        d.add(f"limit_{lim.name}_plus1", _dword(lim.value + 1))
    out = banner(files, "#") + d.lines + [""]
    return "\n".join(out)
