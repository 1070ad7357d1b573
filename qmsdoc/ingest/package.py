"""Open a DOCX package without trusting it: bounded sizes, no external relationships, no DTDs.

A DOCX is a zip of XML parts. What a hostile or broken file can do to a reader, and what this
module does about each:

* a zip bomb (a few kilobytes that inflate to gigabytes): the declared sizes of every member are
  checked before anything is inflated, and each member is inflated with a hard cap, so a lying
  header cannot get past either;
* too many members, or a path outside the package: refused;
* external relationships (an attached template, a linked picture, a subdocument or an OLE
  object that Word would fetch from a URL or a network share): refused, nothing is ever
  fetched; hyperlinks are external too but only text for us, so they are kept as text;
* a DTD in a part (the "billion laughs" entity expansion, external entities): refused before
  parsing; the stdlib parser never resolves external entities anyway;
* macros (``vbaProject.bin``, a ``.docm``): never read, only noted in the import report.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from lxml import etree

#: Limits far above any real procedure (the largest in the seeds is ~2 MB with pictures).
MAX_FILE_BYTES: Final = 64 * 1024 * 1024
MAX_MEMBERS: Final = 2000
MAX_PART_BYTES: Final = 32 * 1024 * 1024  # one XML part, inflated
MAX_TOTAL_BYTES: Final = 200 * 1024 * 1024  # everything inflated
MAX_RATIO: Final = 200  # inflated / compressed, per member above 1 MB

REL_NS: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
_HYPERLINK_TYPE: Final = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink")
_DTD: Final = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


class PackageError(Exception):
    """The file is refused. ``kind`` says why: "not-docx", "bomb", "external", "dtd",
    "too-large"; ``detail`` names the member or the limit."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


@dataclass
class Package:
    """The parts of a DOCX an import reads, parsed, plus what was noticed on the way."""

    document: Any  # lxml elements (ElementTree API)
    rels: dict[str, str]  # rId -> part name inside the package (internal targets only)
    hyperlinks: dict[str, str]  # rId -> URL (kept as text, never fetched)
    headers: list[Any] = field(default_factory=list)
    styles: Any = None
    numbering: Any = None
    core: Any = None
    has_macros: bool = False
    members: dict[str, zipfile.ZipInfo] = field(default_factory=dict)
    archive: zipfile.ZipFile | None = None

    def media(self, rid: str) -> tuple[str, bytes] | None:
        """(part name, bytes) of a picture the document embeds, bounded like every part."""
        name = self.rels.get(rid)
        if name is None or self.archive is None or name not in self.members:
            return None
        return name, _read(self.archive, self.members[name], MAX_PART_BYTES)


def _read(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    """Inflate one member, stopping as soon as it passes ``cap`` (its header may lie)."""
    out = bytearray()
    with zf.open(info) as fh:
        while chunk := fh.read(1 << 16):
            out += chunk
            if len(out) > cap:
                raise PackageError("bomb", f"{info.filename}: > {cap} bytes")
    return bytes(out)


#: lxml (python-docx's own parser) is several times faster than the stdlib's on Word's large
#: styles part; hardened: no DTD loading, no entities, no network, no huge trees.
_PARSER: Final = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True,
                                 huge_tree=False, remove_comments=True, remove_pis=True)


def _parse(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Any:
    """One XML part as an element tree (lxml elements speak ElementTree's API)."""
    data = _read(zf, info, MAX_PART_BYTES)
    if _DTD.search(data[:4096]) or b"<!ENTITY" in data:
        raise PackageError("dtd", info.filename)
    try:
        return etree.fromstring(data, _PARSER)
    except (etree.XMLSyntaxError, ValueError) as e:
        raise PackageError("not-docx", f"{info.filename}: {e}") from None


def _rels_of(zf: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo],
             part: str) -> tuple[dict[str, str], dict[str, str]]:
    """(internal targets, hyperlinks) of one part; any other external target is refused."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    internal: dict[str, str] = {}
    links: dict[str, str] = {}
    if rels_name not in members:
        return internal, links
    for rel in _parse(zf, members[rels_name]).iter(f"{{{REL_NS}}}Relationship"):
        rid, target = rel.get("Id", ""), rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            if rel.get("Type") == _HYPERLINK_TYPE:
                links[rid] = target
                continue
            raise PackageError("external", f"{rel.get('Type', '').rsplit('/', 1)[-1]} → "
                                           f"{target[:120]}")
        internal[rid] = posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
    return internal, links


def open_package(path: Path) -> Package:
    """Read a DOCX's parts; raises :class:`PackageError` when the file is refused."""
    try:
        size = path.stat().st_size
    except OSError as e:
        raise PackageError("not-docx", str(e)) from None
    if size > MAX_FILE_BYTES:
        raise PackageError("too-large", f"{size} > {MAX_FILE_BYTES}")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as e:
        raise PackageError("not-docx", str(e)) from None
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise PackageError("bomb", f"{len(infos)} members > {MAX_MEMBERS}")
    total = 0
    members: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename
        if name.startswith("/") or ".." in name.split("/") or "\\" in name:
            raise PackageError("not-docx", f"member outside the package: {name[:120]}")
        total += info.file_size
        if info.file_size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES:
            raise PackageError("bomb", f"{name}: {info.file_size} bytes")
        if info.file_size > 1 << 20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise PackageError("bomb", f"{name}: ratio {ratio}")
        members[name] = info
    main = _main_part(zf, members)
    rels, links = _rels_of(zf, members, main)
    package = Package(document=_parse(zf, members[main]), rels=rels, hyperlinks=links,
                      members=members, archive=zf)
    package.has_macros = any(n.lower().endswith("vbaproject.bin") for n in members)
    folder = posixpath.dirname(main)
    for rid, target in sorted(rels.items(), key=lambda kv: _rid_order(kv[0])):
        if target not in members:
            continue
        base = posixpath.basename(target)
        if base.startswith("header"):
            package.headers.append(_parse(zf, members[target]))
        elif base == "styles.xml":
            package.styles = _parse(zf, members[target])
        elif base == "numbering.xml":
            package.numbering = _parse(zf, members[target])
        del rid
    for name in ("docProps/core.xml",):
        if name in members:
            package.core = _parse(zf, members[name])
    # the other parts' external relationships (headers, settings: attachedTemplate) are
    # refused too
    for name in members:
        if name.endswith(".rels") and name != posixpath.join(folder, "_rels", "document.xml.rels"):
            part = name.replace("_rels/", "")[: -len(".rels")]
            _rels_of(zf, members, part)
    return package


def _rid_order(rid: str) -> tuple[int, str]:
    digits = "".join(c for c in rid if c.isdigit())
    return (int(digits) if digits else 0, rid)


def _main_part(zf: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo]) -> str:
    """The main document part named by the package's root relationships."""
    if "_rels/.rels" in members:
        for rel in _parse(zf, members["_rels/.rels"]).iter(f"{{{REL_NS}}}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument") and \
                    rel.get("TargetMode") != "External":
                target = rel.get("Target", "").lstrip("/")
                if target in members:
                    return target
    if "word/document.xml" in members:
        return "word/document.xml"
    raise PackageError("not-docx", "no word/document.xml")
