"""Property tests: whatever the input, the loader gives a model or diagnostics, not an error."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qmsdoc.catalogue import all_rules
from qmsdoc.load.files import load_file
from qmsdoc.load.yamlpos import parse_yaml
from qmsdoc.model.config import Limits
from qmsdoc.rules.context import RuleContext

LIMITS = Limits()
FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Text that users paste: NFD marks, zero-width and direction marks, lone surrogates escaped.
nasty_text = st.lists(st.one_of(
    st.characters(codec="utf-8"),
    st.sampled_from(["\u0301", "\u0323", "\u200b", "\u200f", "\u202e", "\ufeff", ": ", "- ",
                     "# ", "&a ", "*a", "{", "[", "'", '"', "\t", "\n", "---", "e\u0302\u0301"]),
), max_size=40).map("".join)


@FAST
@given(st.binary(max_size=2000), st.sampled_from(["a.yaml", "b.md"]))
def test_arbitrary_bytes(data: bytes, name: str) -> None:
    res = load_file(name, data, LIMITS)
    content = [ln for ln in res.text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if res.obj is None and name.endswith(".yaml") and content:
        assert res.diagnostics  # a YAML file that gave no model says why


@FAST
@given(nasty_text)
def test_arbitrary_yaml_text(text: str) -> None:
    tree, problems = parse_yaml(text)
    assert tree is None or not any(p.kind == "syntax" for p in problems)


_VALUE = st.one_of(nasty_text, st.integers(), st.floats(allow_nan=True), st.booleans(),
                   st.none(), st.lists(nasty_text, max_size=3),
                   st.dictionaries(nasty_text, nasty_text, max_size=3))


@FAST
@given(st.sampled_from(["procedure", "policy", "objectives", "legal-register", "form",
                        "corrective-actions", "tthc-catalogue", "decision"]),
       st.dictionaries(st.sampled_from([
           "code", "title", "edition", "issued", "steps", "legal_basis", "commitments",
           "objectives", "documents", "actions", "procedures", "processing_time", "records",
           "dossier", "clauses", "status", "xyz"]), _VALUE, max_size=6))
def test_any_field_value_in_any_kind(kind: str, fields: dict[str, object]) -> None:
    import json

    lines = [f"kind: {kind}"] + [f"{k}: {json.dumps(v, ensure_ascii=False, default=str)}"
                                 for k, v in fields.items()]
    body = "\n".join(lines) + "\n"
    data = ("---\n" + body + "---\n# Nội dung\n").encode("utf-8", "surrogatepass")
    res = load_file("doc.md", data, LIMITS)
    assert res.obj is not None or res.diagnostics
    if res.text:
        assert unicodedata.is_normalized("NFC", res.text)


@FAST
@given(st.dictionaries(st.sampled_from(["code", "title", "edition", "issued", "owner"]),
                       nasty_text, max_size=5))
def test_rules_never_raise_on_loaded_garbage(tmp_path_factory: object, fields: dict[str, str]
                                             ) -> None:
    import json

    from qmsdoc.model.repository import Repository

    body = "kind: procedure\n" + "".join(f"{k}: {json.dumps(v)}\n" for k, v in fields.items())
    body += "steps:\n  - action: x\n    duration: 2 giờ\n    responsible: [a, b]\n"
    res = load_file("p.md", ("---\n" + body + "---\n").encode(), LIMITS)
    repo = Repository(root=Path("."), config=None,
                      documents=[res.obj] if res.obj is not None else [])  # type: ignore[list-item]
    ctx = RuleContext(repo, dt.date(2026, 11, 22))
    for r in all_rules():
        list(r.run(ctx))
