"""File discovery: hidden and underscore folders, exclusions, links that leave the repository."""

from __future__ import annotations

from pathlib import Path

from qmsdoc.load.discover import discover


def _touch(root: Path, rel: str) -> None:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text("kind: form\n")


def test_discovery_skips_hidden_build_and_excluded(tmp_path: Path) -> None:
    for rel in ("qms.yaml", "a/b.md", "a/c.yml", ".git/x.yaml", "_build/y.yaml", "nhap/z.yaml",
                "d.txt", "e.yaml"):
        _touch(tmp_path, rel)
    found = [c.rel for c in discover(tmp_path, ["nhap"], "_build")]
    assert found == ["a/b.md", "a/c.yml", "e.yaml"]


def test_links_outside_and_loops(tmp_path: Path) -> None:
    _touch(tmp_path, "in.yaml")
    outside = tmp_path.parent / "outside.yaml"
    outside.write_text("kind: form\n")
    (tmp_path / "out.yaml").symlink_to(outside)
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    (tmp_path / "dirlink").symlink_to(tmp_path)  # a folder link is never entered
    by_rel = {c.rel: c.problem for c in discover(tmp_path, [], None)}
    assert by_rel == {"in.yaml": "", "loop.yaml": "link-broken", "out.yaml": "link-outside"}
