"""emit_docs.py: render the protocol reference (docs_model.py) as protocol.md and protocol.html.

Input: the neutral block list (trusted, but spec text is escaped for each format: `|` in
Markdown tables, every HTML special character). Guarantees: both files carry the same content;
the HTML is self-contained (inline style, no external resources).
"""

import html

import docs_model
from util import banner

CSS = ("body{font-family:sans-serif;max-width:72em;margin:2em auto;padding:0 1em;line-height:1.4}"
       "table{border-collapse:collapse;margin:.5em 0 1em}"
       "td,th{border:1px solid #bbb;padding:.2em .5em;vertical-align:top;text-align:left}"
       "th{background:#eee}code{background:#f4f4f4;padding:0 .2em}")


def _md_spans(spans, in_table):
    out = []
    for s in spans:
        if isinstance(s, str):
            text = s.replace("|", "\\|") if in_table else s
            out.append(text.replace("\n", " "))
        elif s[0] == "code":
            text = s[1].replace("|", "\\|") if in_table else s[1]
            out.append(f"`{text}`")
        else:
            out.append(f"[{s[1]}](#{s[2]})")
    return "".join(out)


def _md(doc):
    out = []
    for b in doc.blocks:
        if b[0] == "h":
            _, level, text, anchor = b
            if anchor:
                out.append(f'<a id="{anchor}"></a>')
            out += ["#" * level + " " + text, ""]
        elif b[0] == "p":
            out += [_md_spans(b[1], False), ""]
        elif b[0] == "ul":
            out += ["- " + _md_spans(item, False) for item in b[1]] + [""]
        else:
            _, headers, rows = b
            out.append("| " + " | ".join(headers) + " |")
            out.append("|" + "---|" * len(headers))
            for row in rows:
                out.append("| " + " | ".join(_md_spans(c, True) for c in row) + " |")
            out.append("")
    return out


def _html_spans(spans):
    out = []
    for s in spans:
        if isinstance(s, str):
            out.append(html.escape(s))
        elif s[0] == "code":
            out.append(f"<code>{html.escape(s[1])}</code>")
        else:
            out.append(f'<a href="#{html.escape(s[2])}">{html.escape(s[1])}</a>')
    return "".join(out)


def _html(doc):
    out = []
    for b in doc.blocks:
        if b[0] == "h":
            _, level, text, anchor = b
            aid = f' id="{html.escape(anchor)}"' if anchor else ""
            out.append(f"<h{level}{aid}>{html.escape(text)}</h{level}>")
        elif b[0] == "p":
            out.append(f"<p>{_html_spans(b[1])}</p>")
        elif b[0] == "ul":
            out.append("<ul>" + "".join(f"<li>{_html_spans(i)}</li>" for i in b[1]) + "</ul>")
        else:
            _, headers, rows = b
            out.append("<table><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in headers)
                       + "</tr>")
            for row in rows:
                out.append("<tr>" + "".join(f"<td>{_html_spans(c)}</td>" for c in row) + "</tr>")
            out.append("</table>")
    return out


def render(spec, tables, low, files):
    doc = docs_model.build(spec, low)
    md = banner(files, "md") + _md(doc)
    page = ["<!DOCTYPE html>", '<html lang="en">'] + banner(files, "html") + [
        "<head>", '<meta charset="utf-8">', "<title>vigil protocol reference</title>",
        f"<style>{CSS}</style>", "</head>", "<body>"] + _html(doc) + ["</body>", "</html>", ""]
    return {"protocol.md": "\n".join(md), "protocol.html": "\n".join(page)}
