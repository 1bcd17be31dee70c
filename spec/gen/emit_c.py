"""emit_c.py: write vigil_spec.h, vigil_records.h and vigil_spec_tables.c.

Input: the checked Spec and its lowering (lower.py); all trusted by now. Guarantees: the C is
C11, warning-free under the project's strict flags (unsigned suffixes, explicit casts to the
narrow table fields, no unused statics), deterministic, and every record layout the generator
computed is pinned by _Static_assert on sizeof and offsetof.
"""

import lower
from util import banner, c_comment, c_string, u


def _enum_block(name, members):
    """`enum name { A = 1u, ... };` members: list of (NAME, value or None)."""
    lines = [f"enum {name} {{"]
    for ident, value in members:
        lines.append(f"\t{ident}," if value is None else f"\t{ident} = {value},")
    lines.append("};")
    return lines


def spec_h(spec, tables, low, files):
    out = banner(files, "C")
    out += ["#ifndef VIGIL_SPEC_H", "#define VIGIL_SPEC_H", "", "#include <stdint.h>", ""]
    fmt = spec.enums.get("format")
    counts = [
        ("VIGIL_VIRGL_CMD_COUNT", 62), ("VIGIL_OBJECT_COUNT", 12), ("VIGIL_VTEST_MSG_COUNT", 25),
        ("VIGIL_FORMAT_TABLE_SIZE", fmt.max_value() + 1 if fmt else 1),
        ("VIGIL_NAMES_COUNT", len(tables.names)), ("VIGIL_ENUM_COUNT", len(spec.enums)),
        ("VIGIL_ENUM_VALUE_COUNT", sum(len(e.values) for e in spec.enums.values())),
        ("VIGIL_RULE_COUNT", len(spec.rules)), ("VIGIL_RES_RULE_COUNT", len(tables.res_rules)),
        ("VIGIL_EXPR_COUNT", len(tables.exprs)), ("VIGIL_XINSN_COUNT", len(tables.xinsns)),
    ]
    out += [f"#define {n} {v}u" for n, v in counts] + [""]
    out += _enum_block("vigil_ccmd", [(f"VIGIL_CCMD_{c.name}", f"{c.id}")
                                      for _, c in sorted(spec.commands.items())]
                       or [("VIGIL_CCMD_NONE_", "0")]) + [""]
    out += _enum_block("vigil_obj", [("VIGIL_OBJ_NONE", "0")] + [
        (f"VIGIL_OBJ_{o.name}", f"{o.id}") for _, o in sorted(spec.objects.items())]) + [""]
    out += _enum_block("vigil_vcmd", [(f"VIGIL_VCMD_{m.name}", f"{m.id}")
                                      for _, m in sorted(spec.messages.items())]
                       or [("VIGIL_VCMD_NONE_", "0")]) + [""]
    out += _enum_block("vigil_enum_id", [(f"VIGIL_ENUM_{e.name.upper()}", None)
                                         for e in spec.enums.values()]
                       or [("VIGIL_ENUM_NONE_", None)]) + [""]
    for e in spec.enums.values():
        out.append(f"/* enum {e.name} ({e.kind}): {c_comment(e.doc)} */")
        for ev in e.values:
            val = f"0x{ev.value:x}u" if e.kind == "flags" else f"{ev.value}u"
            out.append(f"#define VIGIL_{e.name.upper()}_{ev.name} {val}")
        out.append("")
    for lim in spec.limits.values():
        out.append(f"#define VIGIL_LIMIT_{lim.name} {u(lim.value)} /* {c_comment(lim.doc)} */")
    out.append("")
    for feat in spec.features.values():
        out.append(f"#define VIGIL_FEATURE_{feat.name} (1u << {feat.bit}) /* {c_comment(feat.doc)} */")
    out += [""] + _enum_block("vigil_rule_id", [(f"VIGIL_RULE_{r.upper()}", None)
                                                for r in spec.rules]
                              or [("VIGIL_RULE_NONE_", None)])
    out += ["", "struct vigil_exec;", ""]
    out += [f"int vigil_rule_{r}(struct vigil_exec *ex);" for r in spec.rules]
    out += ["", "#endif", ""]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------

def _struct_lines(st):
    lines = [f"struct {st.name} {{"]
    for m in st.members:
        decl = f"{m.ctype} {m.name}[{m.count}]" if m.count else f"{m.ctype} {m.name}"
        comment = f" /* {c_comment(m.comment)} */" if m.comment else ""
        lines.append(f"\t{decl};{comment}")
    lines.append("};")
    lines.append(f'_Static_assert(sizeof(struct {st.name}) == {st.size}, "{st.name}: size");')
    for m in st.members:
        lines.append(f"_Static_assert(offsetof(struct {st.name}, {m.name}) == {m.offset},"
                     f' "{st.name}.{m.name}: offset");')
    return lines + [""]


def records_h(spec, tables, low, files):
    out = banner(files, "C")
    out += ["#ifndef VIGIL_RECORDS_H", "#define VIGIL_RECORDS_H", "",
            "#include <stddef.h>", "#include <stdint.h>", "",
            "/* Bytes that follow the record struct; off counts from the start of the struct. */",
            "struct vigil_span { uint32_t off; uint32_t len; };",
            '_Static_assert(sizeof(struct vigil_span) == 8, "vigil_span: size");',
            '_Static_assert(sizeof(float) == 4, "float is 32 bits");', "",
            "/* Internal handles, one type per kind; v == 0 means none. */"]
    for _, obj in sorted(spec.objects.items()):
        out.append(f"struct vigil_h_{obj.name.lower()} {{ uint32_t v; }};")
    out += ["struct vigil_h_resource { uint32_t v; };",
            "struct vigil_h_any { uint32_t v; }; /* kind given by the header's object type */", "",
            "struct vigil_rec_hdr {", "\tuint16_t type;    /* enum vigil_rec_type */",
            "\tuint16_t objtype; /* the virgl header's object type */",
            "\tuint32_t size;    /* header + struct + span bytes, rounded up to 8 */", "};",
            '_Static_assert(sizeof(struct vigil_rec_hdr) == 8, "vigil_rec_hdr: size");', ""]
    members = [(lw.rec_type, str(lower.rec_type_value(lw.lay))) for lw in low.values()]
    out += _enum_block("vigil_rec_type", members)
    out += ["/* 192..255: records the validator synthesizes (validator/engine.h). */", ""]
    for lw in low.values():
        out.append(f"/* {lw.lay.tag} {lw.lay.name}: {c_comment(lw.lay.doc)} */")
        for st in lw.elems:
            out += _struct_lines(st)
        out += _struct_lines(lw.struct)
    out += ["#endif", ""]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------

def _op_init(op):
    parts = [f".op = {op.op}"]
    if op.flags:
        parts.append(".flags = " + " | ".join(op.flags))
    if op.width:
        parts.append(f".lo = {op.lo}u, .width = {op.width}u")
    parts.append(".slot = " + ("VIGIL_NO_SLOT" if op.slot == lower.NO_SLOT else f"{op.slot}u"))
    if op.rec_member:
        parts.append(f".rec_off = (uint16_t)offsetof(struct {op.rec_member[0]}, {op.rec_member[1]})")
    if op.arg not in (0, None):
        parts.append(f".arg = {op.arg if isinstance(op.arg, str) else u(op.arg)}")
    parts.append(".name = " + ("VIGIL_NO_NAME" if op.name == 0xFFFF else f"{op.name}u"))
    if op.min:
        parts.append(f".min = {op.min if isinstance(op.min, str) else u(op.min)}")
    if op.max:
        parts.append(f".max = {u(op.max)}")
    if op.op in ("VOP_ARRAY", "VOP_OPTIONAL"):
        aux = {lower.COUNT_REST: "VIGIL_COUNT_REST", lower.NO_EXPR: "VIGIL_NO_EXPR"}.get(
            op.aux, f"{op.aux}u")
        parts.append(f".aux = {aux}")
    if op.aux2_member:
        parts.append(f".aux2 = (uint16_t)offsetof(struct {op.aux2_member[0]}, {op.aux2_member[1]})")
    if op.elem_struct:
        parts.append(f".elem_size = (uint16_t)sizeof(struct {op.elem_struct})")
    return "{ " + ", ".join(parts) + " },"


def _prog_name(lay):
    return {"command": "prog_cmd_", "object": "prog_obj_", "message": "prog_msg_"}[lay.tag] + \
        lay.name.lower()


def _programs(low):
    out = []
    for lw in low.values():
        if lw.lay.dispatch_object:
            continue
        out.append(f"/* {lw.lay.tag} {lw.lay.name} */")
        out.append(f"static const struct vigil_op {_prog_name(lw.lay)}[] = {{")
        out += ["\t" + _op_init(op) for op in lw.ops]
        out += ["};", ""]
    return out


def _names(tables):
    out = ["const char *const vigil_names[VIGIL_NAMES_COUNT] = {"]
    out += [f"\t/* {i} */ {c_string(n)}," for i, n in enumerate(tables.names)]
    return out + ["};", ""]


def _exprs(tables):
    out = ["const struct vigil_expr vigil_exprs[] = {"]
    for i, (first, count, text) in enumerate(tables.exprs):
        out.append(f"\t/* {i} */ {{ .first = {first}u, .count = {count}u, .text = {text}u }},"
                   f" /* {c_comment(tables.names[text])} */")
    if not tables.exprs:
        out.append("\t{ 0 }, /* placeholder: the spec has no expressions */")
    out += ["};", "", "const struct vigil_xinsn vigil_xinsns[] = {"]
    for vx, slot, imm in tables.xinsns:
        out.append(f"\t{{ .op = {vx}, .slot = {slot}u, .imm = {u(imm)} }},")
    if not tables.xinsns:
        out.append("\t{ 0 },")
    return out + ["};", ""]


def _enums(spec, tables):
    out = []
    for e in spec.enums.values():
        if e.kind == "flags":
            words = [e.mask()]
        else:
            nbits = (e.max_value() + 1 + 31) // 32 * 32
            words = [0] * (nbits // 32)
            for ev in e.values:
                words[ev.value // 32] |= 1 << (ev.value % 32)
        out.append(f"static const uint32_t enum_bits_{e.name}[{len(words)}] = {{")
        for i in range(0, len(words), 6):
            out.append("\t" + " ".join(f"0x{w:08x}u," for w in words[i:i + 6]))
        out += ["};", ""]
    out.append("const struct vigil_enum_value vigil_enum_values[] = {")
    first = {}
    n = 0
    for e in spec.enums.values():
        first[e.name] = n
        for ev in e.values:
            out.append(f"\t{{ .value = {u(ev.value)}, .name = {tables.name_index[ev.name]}u,"
                       f" .since = {ev.since}u }}, /* {e.name}.{ev.name} */")
            n += 1
    if not n:
        out.append("\t{ 0 },")
    out += ["};", "", "const struct vigil_enum_desc vigil_enums[] = {"]
    for e in spec.enums.values():
        kind, nbits = ("VIGIL_ENUM_FLAGS", 32) if e.kind == "flags" else (
            "VIGIL_ENUM_SET", (e.max_value() + 1 + 31) // 32 * 32)
        out.append(f"\t[VIGIL_ENUM_{e.name.upper()}] = {{ .name = {tables.name_index[e.name]}u,"
                   f" .kind = {kind}, .nbits = {nbits}u, .bits = enum_bits_{e.name},"
                   f" .first_value = {first[e.name]}u, .nvalues = {len(e.values)}u }},")
    if not spec.enums:
        out.append("\t{ 0 },")
    return out + ["};", ""]


def _res_rules(tables):
    out = ["const struct vigil_res_rule vigil_res_rules[] = {"]
    for i, (tm, ba, bn, has) in enumerate(tables.res_rules):
        out.append(f"\t/* {i} */ {{ .target_mask = 0x{tm:08x}u, .bind_any = 0x{ba:x}u,"
                   f" .bind_not = 0x{bn:x}u, .has_bind_not = {has}u }},")
    if not tables.res_rules:
        out.append("\t{ 0 },")
    return out + ["};", ""]


def _cmd_init(lw, tables, spec):
    lay = lw.lay
    flags = ["VIGIL_CMD_DEFINED"]
    if lay.unsupported:
        flags.append("VIGIL_CMD_UNSUPPORTED")
    if lay.dispatch_object:
        flags.append("VIGIL_CMD_DISPATCH_OBJECT")
    if lay.bindable:
        flags.append("VIGIL_CMD_BINDABLE")
    mask = 0
    for obj in lay.objtypes:
        mask |= 1 << obj.id
    prog = "NULL" if lay.dispatch_object else _prog_name(lay)
    reason = f"{tables.name_index[lay.unsupported]}u" if lay.unsupported else "VIGIL_NO_NAME"
    req = f"VIGIL_FEATURE_{lay.requires.name}" if lay.requires else "0u"
    return (f"{{ .name = {tables.name_index[lay.name]}u, .rec_type = {lw.rec_type},"
            f" .rec_size = (uint32_t)sizeof(struct {lw.struct.name}), .prog = {prog},"
            f" .objtype_mask = 0x{mask:x}u, .requires = {req}, .flags = {' | '.join(flags)},"
            f" .nslots = {lw.nslots}u, .reason = {reason} }}")


def _descriptors(spec, tables, low):
    out = ["const struct vigil_cmd_desc vigil_virgl_cmds[VIGIL_VIRGL_CMD_COUNT] = {"]
    for (tag, ident), lw in low.items():
        if tag == "command":
            out.append(f"\t[VIGIL_CCMD_{lw.lay.name}] = {_cmd_init(lw, tables, spec)},")
    out += ["};", "", "const struct vigil_cmd_desc vigil_objects[VIGIL_OBJECT_COUNT] = {"]
    for (tag, ident), lw in low.items():
        if tag == "object":
            out.append(f"\t[VIGIL_OBJ_{lw.lay.name}] = {_cmd_init(lw, tables, spec)},")
    out += ["};", "", "const struct vigil_msg_desc vigil_vtest_msgs[VIGIL_VTEST_MSG_COUNT] = {"]
    for (tag, ident), lw in low.items():
        if tag != "message":
            continue
        lay = lw.lay
        len_expr = getattr(lay, "len_expr", None)
        out.append(f"\t[VIGIL_VCMD_{lay.name}] = {{ .cmd = {_cmd_init(lw, tables, spec)},")
        out.append(f"\t\t.framing = VIGIL_FRAME_{lay.framing.upper()}, .since = {lay.since}u,"
                   f" .init = {int(lay.init)}u, .fixed_dwords = {lower.fixed_dwords(lay)}u,")
        bslot = lower.message_bytes_slot(lay)
        out.append("\t\t.len_expr = " + ("VIGIL_NO_EXPR" if len_expr is None else f"{len_expr}u")
                   + ", .bytes_slot = " + ("VIGIL_NO_SLOT" if bslot == lower.NO_SLOT else f"{bslot}u")
                   + f", .max_len = {u(lay.max_len)} }},")
    return out + ["};", ""]


def _formats(spec):
    out = ["const struct vigil_format_desc vigil_formats[VIGIL_FORMAT_TABLE_SIZE] = {"]
    fmt = spec.enums.get("format")
    seen = set()
    for ev in sorted(fmt.values if fmt else [], key=lambda ev: ev.value):
        if ev.value in seen:
            continue  # an alias: the first name's layout
        seen.add(ev.value)
        out.append(f"\t[{ev.value}] = {{ .valid = 1u, .block_w = {ev.block_w}u,"
                   f" .block_h = {ev.block_h}u, .block_bytes = {ev.block_bytes}u }}, /* {ev.name} */")
    if not fmt:
        out.append("\t{ 0 }, /* no format enum in the spec */")
    return out + ["};", ""]


def _rule_fns(spec):
    out = ["const vigil_rule_fn vigil_rule_fns[] = {"]
    out += [f"\t[VIGIL_RULE_{r.upper()}] = vigil_rule_{r}," for r in spec.rules]
    if not spec.rules:
        out.append("\tNULL, /* the spec has no rules */")
    return out + ["};", ""]


def tables_c(spec, tables, low, files):
    out = banner(files, "C")
    out += ["#include <stddef.h>", "#include <stdint.h>", "", '#include "vigil_status.h"',
            '#include "vigil_tables.h"', '#include "vigil_spec.h"', '#include "vigil_records.h"', ""]
    out += _names(tables) + _exprs(tables) + _enums(spec, tables) + _res_rules(tables)
    out += _programs(low) + _descriptors(spec, tables, low) + _formats(spec) + _rule_fns(spec)
    return "\n".join(out)
