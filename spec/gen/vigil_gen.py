#!/usr/bin/env python3
"""vigil_gen.py: vigil's spec generator (see README.md beside this file).

Reads spec/vigil.dtd and the spec XML files, checks them (structure against the DTD, then
meaning), and writes the requested outputs into --out-dir. Input is treated as untrusted
text: every problem is reported as `FILE:LINE: error: MESSAGE` and the generator exits 1
without writing anything. Output is deterministic: the same input gives the same bytes.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import spec_model  # noqa: E402
import spec_xml  # noqa: E402

KINDS = {
    "tables": ["vigil_spec.h", "vigil_spec_tables.c"],
    "records": ["vigil_records.h"],
    "docs": ["protocol.md", "protocol.html"],
    "dict": ["vigil.dict"],
    "vectors": ["vigil_vectors.c"],
}


def _args(argv):
    p = argparse.ArgumentParser(description="Generate vigil's tables, records, docs, "
                                "fuzzing dictionary and test vectors from the spec.")
    p.add_argument("--dtd", required=True, help="path of vigil.dtd")
    p.add_argument("--out-dir", required=True, help="directory for the outputs")
    p.add_argument("--only", default=",".join(KINDS),
                   help="comma-separated output kinds: " + ", ".join(KINDS))
    p.add_argument("specs", nargs="+", metavar="SPEC.xml")
    args = p.parse_args(argv)
    kinds = [k for k in args.only.split(",") if k]
    bad = [k for k in kinds if k not in KINDS]
    if bad:
        p.error(f"unknown output kind {bad[0]!r}")
    args.kinds = kinds
    return args


def check(dtd_path, spec_paths):
    """Load and check everything; returns (spec, tables, lowered, diag)."""
    import lower

    diag = spec_xml.Diag()
    spec = tables = lowered = None
    try:
        with open(dtd_path, encoding="utf-8") as f:
            decls = spec_xml.parse_dtd(f.read())
    except (OSError, spec_xml.DtdError) as e:
        diag.errors.append(f"{dtd_path}:0: error: {e}")
        return spec, tables, lowered, diag
    try:
        roots = [spec_xml.load_spec_file(p, decls, diag) for p in spec_paths]
        if diag:
            return spec, tables, lowered, diag
        spec = spec_model.build(roots, diag)
        if diag:
            return spec, tables, lowered, diag
        tables, lowered = lower.lower_all(spec_model.Ctx(diag, spec), spec)
    except spec_xml.Diag.Full:
        diag.errors.append("note: too many errors, stopping")
    return spec, tables, lowered, diag


def _render(kind, spec, tables, lowered, files):
    import emit_c
    import emit_dict
    import emit_docs
    import emit_vectors

    if kind == "tables":
        return {"vigil_spec.h": emit_c.spec_h(spec, tables, lowered, files),
                "vigil_spec_tables.c": emit_c.tables_c(spec, tables, lowered, files)}
    if kind == "records":
        return {"vigil_records.h": emit_c.records_h(spec, tables, lowered, files)}
    if kind == "docs":
        return emit_docs.render(spec, tables, lowered, files)
    if kind == "dict":
        return {"vigil.dict": emit_dict.render(spec, lowered, files)}
    return emit_vectors.render(spec, tables, lowered, files)


def _write(path, text):
    """Write through a temporary file so a failed run never leaves half an output."""
    data = text.encode("utf-8")
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def main(argv=None):
    args = _args(sys.argv[1:] if argv is None else argv)
    files = [args.dtd] + args.specs
    spec, tables, lowered, diag = check(args.dtd, args.specs)
    if diag:
        for line in diag.errors:
            print(line, file=sys.stderr)
        return 1
    outputs = {}
    for kind in args.kinds:
        outputs.update(_render(kind, spec, tables, lowered, files))
    os.makedirs(args.out_dir, exist_ok=True)
    for name, text in sorted(outputs.items()):
        _write(os.path.join(args.out_dir, name), text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
