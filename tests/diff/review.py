"""Accept or reject every tracked change of a DOCX, as Word's review does, on the XML."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _unwrap(el: etree._Element) -> None:
    parent = el.getparent()
    index = parent.index(el)
    for child in list(el):
        parent.insert(index, child)
        index += 1
    parent.remove(el)


def review(docx: bytes, accept: bool) -> list[str]:
    """The text of every paragraph of the body after accepting (or rejecting) all changes."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    drop, keep = (q("del"), q("ins")) if accept else (q("ins"), q("del"))
    # rows inserted (rejecting) or deleted (accepting) go whole
    for tr in list(root.iter(q("tr"))):
        props = tr.find(q("trPr"))
        if props is not None and props.find(drop) is not None:
            tr.getparent().remove(tr)
    # paragraph marks removed: the paragraph's remaining content joins the next paragraph
    for p in list(root.iter(q("p"))):
        ppr = p.find(q("pPr"))
        rpr = ppr.find(q("rPr")) if ppr is not None else None
        if rpr is not None and rpr.find(drop) is not None:
            following = p.getnext()
            content = [c for c in p if c.tag != q("pPr")]
            if following is not None and following.tag == q("p"):
                at = 1 if following.find(q("pPr")) is not None else 0
                for c in content:
                    following.insert(at, c)
                    at += 1
            p.getparent().remove(p)
    for el in list(root.iter(drop)):
        if el.getparent() is not None and el.getparent().tag != q("rPr") \
                and el.getparent().tag != q("trPr"):
            el.getparent().remove(el)
    for el in list(root.iter(keep)):
        if el.getparent().tag in (q("rPr"), q("trPr")):
            el.getparent().remove(el)
        else:
            _unwrap(el)
    for el in list(root.iter(q("delText"))):
        el.tag = q("t")
    body = root.find(q("body"))
    return ["".join(t.text or "" for t in p.iter(q("t"))) for p in body.iter(q("p"))]


def tracked(docx: bytes, drawings: bool | None = None) -> list[tuple[str, str]]:
    """Every tracked change: (ins|del, its text); ``drawings`` False: leave out those of a
    drawing (a flowchart's shapes and their text), True: only those."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    out = []
    for kind in ("ins", "del"):
        for el in root.iter(q(kind)):
            if el.getparent().tag in (q("rPr"), q("trPr")):
                continue
            drawn = (any(a.tag == q("txbxContent") for a in el.iterancestors())
                     or next(el.iter(q("drawing")), None) is not None)
            if drawings is not None and drawn != drawings:
                continue
            text = "".join(t.text or "" for t in el.iter(q("t"), q("delText")))
            out.append((kind, text.replace("\u2011", "-")))  # codes kept whole in tables
    return out
