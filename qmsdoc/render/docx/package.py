"""Reproducible DOCX bytes: fixed core properties, zip entry times, order and attributes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from qmsdoc.render.tree import DocumentProperties

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
_NO_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def set_core_properties(document: Any, props: DocumentProperties, version: str) -> None:
    """Every core property written explicitly: python-docx would stamp the current time."""
    cp = document.core_properties
    when = (dt.datetime(props.created.year, props.created.month, props.created.day,
                        tzinfo=dt.UTC) if props.created else _NO_DATE)
    cp.title = props.title
    cp.subject = props.subject
    cp.author = props.author
    cp.last_modified_by = props.author
    cp.keywords = props.keywords
    cp.category = props.category
    cp.comments = props.comments
    cp.language = props.language
    cp.content_status = ""
    cp.identifier = props.keywords
    cp.version = version
    cp.revision = max(props.revision, 1)
    cp.created = when
    cp.modified = when


def save_deterministic(document: Any) -> bytes:
    """The document as a zip whose bytes depend only on its content.

    python-docx stamps every zip entry with the current time, so the package is written here:
    the same parts in python-docx's order (content types, package rels, then each part and its
    rels), each entry with a fixed time and attributes.
    """
    package = document.part.package
    parts = package.parts
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        def put(name: str, blob: bytes) -> None:
            entry = zipfile.ZipInfo(name, _ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0  # the same bytes on every platform
            entry.external_attr = 0
            dst.writestr(entry, blob, compresslevel=6)

        put("[Content_Types].xml", _content_types(parts))
        put("_rels/.rels", package.rels.xml)
        for part in parts:
            put(part.partname.membername, part.blob)
            if len(part.rels):
                put(part.partname.rels_uri.membername, part.rels.xml)
    return out.getvalue()


def _content_types(parts: list[Any]) -> bytes:
    # python-docx builds [Content_Types].xml (sorted) in a helper of its package writer.
    from docx.opc.pkgwriter import _ContentTypesItem

    blob: bytes = _ContentTypesItem.from_parts(parts).blob
    return blob
