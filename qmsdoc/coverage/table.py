"""Views of a coverage result: a table-ready matrix (for DOCX/XLSX) and a JSON-ready structure."""

from __future__ import annotations

from typing import Any

from qmsdoc.coverage.model import ClauseCoverage, CoverageResult, status_label

_HEADERS = {
    "vi": ["Điều khoản", "Tên điều khoản", "Tình trạng", "Tài liệu đáp ứng", "Ghi chú"],
    "en": ["Clause", "Title", "Status", "Documents", "Notes"],
}


def coverage_table(result: CoverageResult, lang: str = "vi",
                   max_documents: int | None = None) -> list[list[str]]:
    """The coverage matrix as rows of text, the first row being the header.

    Columns: clause number, short title (in ``lang``), status label, codes of the documents
    covering the clause (comma separated; at most ``max_documents`` then "+N"), notes (the
    justification of an exclusion, or the mandatory documented information still missing).
    One row per clause of the standard, in the standard's order.
    """
    lg = "en" if lang == "en" else "vi"
    rows = [list(_HEADERS[lg])]
    for c in result.clauses:
        rows.append([c.number, c.title(lg), status_label(c.status, lg),
                     documents_text(c, max_documents, lg), notes_text(c, lg)])
    return rows


_KIND_ORDER = {"manual": 0, "policy": 1, "objectives": 2, "scope": 3, "procedure": 4,
               "instruction": 5, "decision": 6, "form": 7}


def documents_text(c: ClauseCoverage, limit: int | None = None, lang: str = "vi",
                   compact: bool = False) -> str:
    """Codes of the documents covering a clause, system documents and procedures first.

    With ``limit``, at most that many codes followed by "+N more" ("+N" when ``compact``).
    """
    first: dict[str, int] = {}
    for claim in c.claims:
        rank = _KIND_ORDER.get(claim.kind, 8)
        first[claim.code] = min(rank, first.get(claim.code, rank))
    codes = sorted(first, key=lambda code: first[code])  # stable: repository order within a kind
    if limit is not None and len(codes) > limit:
        more = len(codes) - limit
        tail = f"+{more}" if compact else (f"+{more} more" if lang == "en"
                                           else f"+{more} tài liệu khác")
        return ", ".join([*codes[:limit], tail])
    return ", ".join(codes)


def notes_text(c: ClauseCoverage, lang: str = "vi") -> str:
    if c.status == "excluded":
        if c.exclusion is None:
            return ""
        if c.exclusion.clause != c.number:
            prefix = f"(see {c.exclusion.clause}) " if lang == "en" else \
                f"(xem {c.exclusion.clause}) "
            return prefix + c.exclusion.justification
        return c.exclusion.justification
    missing = [d.info.en if lang == "en" else d.info.vi for d in c.unmet]
    if not missing:
        return ""
    return ("Missing: " if lang == "en" else "Còn thiếu: ") + "; ".join(missing)


def coverage_json(result: CoverageResult, lang: str = "vi") -> dict[str, Any]:
    """Everything the coverage command shows, as JSON-ready data (see docs/standards.md)."""
    lg = "en" if lang == "en" else "vi"
    profile = result.profile
    return {
        "standard": result.standard.id,
        "profile": profile.id if profile else None,
        "summary": result.counts(),
        "clauses": [_clause(c, lg) for c in result.clauses],
    }


def _clause(c: ClauseCoverage, lang: str) -> dict[str, Any]:
    ex = c.exclusion
    return {
        "clause": c.number,
        "parent": c.clause.parent_number,
        "title": c.title(lang),
        "status": c.status,
        "documents": [
            {"code": cl.code, "kind": cl.kind, "path": cl.span.path, "line": cl.span.line,
             "column": cl.span.column, "claimed": cl.clause}
            for cl in c.claims
        ],
        "justification": ex.justification if c.status == "excluded" and ex else None,
        "excluded_by": ex.clause if c.status == "excluded" and ex else None,
        "documented": [
            {"type": d.info.type, "what": d.info.en if lang == "en" else d.info.vi,
             "kinds": list(d.info.kinds), "conditional": d.info.conditional,
             "satisfied": d.satisfied,
             "evidence": [{"code": e.code, "kind": e.kind, "path": e.span.path,
                           "line": e.span.line, "column": e.span.column}
                          for e in d.evidence]}
            for d in c.documented
        ],
    }
