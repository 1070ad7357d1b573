"""The output folder (issue 13): a build writes and deletes nothing outside it, never deletes a
file it did not write, never follows a link, keeps outputs of formats it did not build, gives
every output its own name, and replaces the set all at once or not at all."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
from pathlib import Path

import pytest
from qmsdoc_testing import FORM, MakeRepo

from qmsdoc.build import MANIFEST, BuildError, BuildOptions, BuildResult
from qmsdoc.build.cache import CACHE_FILE
from qmsdoc.commands.build import build as run
from qmsdoc.commands.check import check_repository

TODAY = dt.date(2026, 11, 22)
OUT = "_build"


def build(root: Path, **options: object) -> BuildResult:
    """The minimal repository has check errors (missing procedures): built with --force."""
    opts: dict[str, object] = {"jobs": 1, "today": TODAY, "history": False, "force": True,
                               "formats": ("docx",), **options}
    return run(root, BuildOptions(**opts))  # type: ignore[arg-type]


def codes(result: BuildResult) -> list[str]:
    return [d.code for d in result.diagnostics]


def outputs(out: Path) -> dict[str, bytes]:
    """The visible files of the set (not the lock, the cache or temporary files)."""
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())
            if p.is_file() and not p.name.startswith(".")}


def assert_complete_set(out: Path, foreign: frozenset[str] = frozenset()) -> dict[str, bytes]:
    """The manifest lists exactly the visible files (but ``foreign``), each with its SHA-256."""
    files = {n: d for n, d in outputs(out).items() if n not in foreign}
    manifest = json.loads(files.pop(MANIFEST))
    listed = {f["file"]: f["sha256"] for f in manifest["files"]}
    assert set(listed) == set(files), (sorted(listed), sorted(files))
    for name, digest in listed.items():
        assert hashlib.sha256(files[name]).hexdigest() == digest, name
    return outputs(out)


def tamper(out: Path, **targets: dict[str, object]) -> None:
    cache = json.loads((out / CACHE_FILE).read_text(encoding="utf-8"))
    cache["targets"].update(targets)
    (out / CACHE_FILE).write_text(json.dumps(cache), encoding="utf-8")


def entry(file: str, data: bytes, code: str = "") -> dict[str, object]:
    return {"key": "k", "file": file, "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data), "mtime_ns": 0, "code": code, "edition": 1, "draft": False}


# ------------------------------------------------------------------ 1. a tampered cache
def test_a_tampered_cache_deletes_no_file(make_repo: MakeRepo, tmp_path: Path) -> None:
    root = make_repo()
    assert build(root).written
    out = root / OUT
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_bytes(b"another folder of the machine")
    config = (root / "qms.yaml").read_bytes()
    notes = out / "ghi-chu.txt"
    notes.write_bytes(b"the user's own notes")
    tamper(out, **{
        "XA:docx": entry(str(elsewhere), elsewhere.read_bytes(), "XA"),  # absolute
        "XB:docx": entry("../qms.yaml", config, "XB"),  # out of the folder
        "@master-list:docx": entry("../qms.yaml", config),
        "XC:docx": entry("ghi-chu.txt", notes.read_bytes(), "XC"),  # not a name of XC
        "XD:copy": entry("../XD.docx", b"", "XD"),
    })
    result = build(root)
    assert elsewhere.read_bytes() == b"another folder of the machine"
    assert (root / "qms.yaml").read_bytes() == config
    assert notes.read_bytes() == b"the user's own notes"
    assert codes(result).count("QMS811") == 5
    assert "danh-muc-tai-lieu.docx" in result.unchanged  # its entry was replaced: rendered again
    assert result.removed == []
    assert_complete_set(out, foreign=frozenset({"ghi-chu.txt"}))


def test_a_stale_output_replaced_by_hand_or_by_a_link_is_kept(make_repo: MakeRepo,
                                                              tmp_path: Path) -> None:
    root = make_repo()
    build(root)
    out = root / OUT
    target = tmp_path / "target.docx"
    target.write_bytes(b"not qmsdoc's")
    (out / "QT-77.docx").symlink_to(target)
    tamper(out, **{"QT-77:docx": entry("QT-77.docx", target.read_bytes(), "QT-77")})
    result = build(root)
    assert result.removed == [] and (out / "QT-77.docx").is_symlink()
    assert target.read_bytes() == b"not qmsdoc's"


# --------------------------------------------------------------------- 1. links followed
def test_the_staging_folder_as_a_link_is_not_written_through(make_repo: MakeRepo,
                                                            tmp_path: Path) -> None:
    root = make_repo()
    build(root)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "CSCL.docx").write_bytes(b"not qmsdoc's")
    (root / OUT / ".qmsdoc-staging").symlink_to(elsewhere)
    (root / "chinh-sach.md").write_text((root / "chinh-sach.md").read_text(encoding="utf-8")
                                        + "\nThêm.\n", encoding="utf-8")
    result = build(root)
    assert result.written == ["CSCL.docx", "bo-tai-lieu-htqlcl.docx"]
    assert [p.name for p in elsewhere.iterdir()] == ["CSCL.docx"]
    assert (root / OUT / ".qmsdoc-staging").is_symlink()  # not qmsdoc's to delete either
    assert (elsewhere / "CSCL.docx").read_bytes() == b"not qmsdoc's"


def test_a_lock_file_link_is_refused(make_repo: MakeRepo, tmp_path: Path) -> None:
    root = make_repo()
    (root / OUT).mkdir()
    (root / OUT / ".qmsdoc.lock").symlink_to(tmp_path / "created-outside")
    with pytest.raises(BuildError) as err:
        build(root)
    assert "symbolic link" in err.value.en
    assert not (tmp_path / "created-outside").exists()


def test_an_output_folder_that_is_a_link_is_refused(make_repo: MakeRepo) -> None:
    root = make_repo()
    (root / OUT).symlink_to(root / "bieu-mau", target_is_directory=True)
    before = sorted(p.name for p in (root / "bieu-mau").iterdir())
    with pytest.raises(BuildError) as err:
        build(root)
    assert "symbolic link" in err.value.en
    assert sorted(p.name for p in (root / "bieu-mau").iterdir()) == before


def test_an_output_folder_inside_the_sources_is_refused(make_repo: MakeRepo) -> None:
    root = make_repo()
    with pytest.raises(BuildError) as err:
        build(root, out=root / "quy-trinh")
    assert "inside the repository" in err.value.en
    assert sorted(p.name for p in (root / "quy-trinh").iterdir()) == ["QT-01.md"]
    with pytest.raises(BuildError):
        build(root, out=root.parent)  # holds the repository
    assert build(root, out=root / OUT).written  # the configured one


def test_output_dir_set_to_a_source_folder_is_a_clear_error(make_repo: MakeRepo) -> None:
    root = make_repo({"qms.yaml": lambda t: t + "output:\n  dir: quy-trinh\n"})
    with pytest.raises(BuildError) as err:
        build(root)
    assert "QMS812" in err.value.en and "quy-trinh/QT-01.md" in err.value.en
    assert "qms.yaml:" in err.value.en
    assert sorted(p.name for p in (root / "quy-trinh").iterdir()) == ["QT-01.md"]


# --------------------------------------------------------- 2. formats not built this run
def test_a_docx_build_keeps_the_pdfs(make_repo: MakeRepo) -> None:
    root = make_repo()
    full = build(root, formats=("docx", "pdf"))
    assert full.ok and "QT-01.pdf" in full.written
    out = root / OUT
    pdfs = {n: d for n, d in outputs(out).items() if n.endswith(".pdf")}
    (root / "chinh-sach.md").write_text((root / "chinh-sach.md").read_text(encoding="utf-8")
                                        + "\nThêm.\n", encoding="utf-8")
    docx_only = build(root, formats=("docx",))
    assert docx_only.ok and docx_only.removed == []
    assert {n: d for n, d in outputs(out).items() if n.endswith(".pdf")} == pdfs
    assert_complete_set(out)  # the kept PDFs are still listed in the manifest

    # --only plans part of the set: nothing else leaves it, even a document that is gone.
    (root / "muc-tieu.yaml").unlink()
    only = build(root, only=("QT-01",), formats=("docx", "pdf"))
    assert only.ok and only.removed == [] and (out / "MTCL-2026.docx").is_file()
    assert_complete_set(out)
    again = build(root, formats=("docx", "pdf"))  # a full build of both formats: it goes
    assert sorted(again.removed) == ["MTCL-2026.docx", "MTCL-2026.pdf"]
    assert_complete_set(out)


def test_force_on_a_broken_configuration_keeps_the_pdfs(make_repo: MakeRepo) -> None:
    root = make_repo()
    build(root, formats=("docx", "pdf"))
    out = root / OUT
    pdfs = {n: d for n, d in outputs(out).items() if n.endswith(".pdf")}
    assert pdfs
    (root / "qms.yaml").write_text((root / "qms.yaml").read_text(encoding="utf-8")
                                   + "organization: [\n", encoding="utf-8")
    result = build(root, formats=())
    assert result.removed == []
    assert {n: d for n, d in outputs(out).items() if n.endswith(".pdf")} == pdfs


# ------------------------------------------------------------------ 5. name collisions
COLLIDING = {
    "bieu-mau/BM-01-cham.md": FORM.replace("code: BM-01", "code: BM-01."),
    "bieu-mau/danh-muc.md": FORM.replace("code: BM-01", "code: danh-muc-tai-lieu"),
    "bieu-mau/bm-01-thuong.md": FORM.replace("code: BM-01", "code: bm-01"),
}


def test_check_reports_output_name_collisions(make_repo: MakeRepo) -> None:
    root = make_repo(COLLIDING)
    found = [d for d in check_repository(root, today=TODAY).diagnostics if d.code == "QMS110"]
    by_path = {d.span.path: d.en for d in found}
    assert len(found) == 3, by_path
    family = {"bieu-mau/BM-01.md", "bieu-mau/BM-01-cham.md", "bieu-mau/bm-01-thuong.md"}
    for path, message in by_path.items():  # the message names the other document
        if path != "bieu-mau/danh-muc.md":
            assert path in family and any(other in message for other in family - {path})
    assert "master list" in by_path["bieu-mau/danh-muc.md"]
    assert all(d.span.line > 1 for d in found)  # at the code


def test_plain_build_refuses_a_collision(sample_copy: Path) -> None:
    form = sample_copy / "bieu-mau" / "mot-cua" / "BM-01-giay-tiep-nhan-ho-so.md"
    (form.parent / "BM-01-ban-sao.md").write_text(
        form.read_text(encoding="utf-8").replace("code: BM-01\n", "code: BM-01.\n", 1),
        encoding="utf-8")
    result = build(sample_copy, force=False)
    assert result.refused and "QMS110" in codes(result)


def test_forced_build_skips_a_colliding_document(make_repo: MakeRepo) -> None:
    root = make_repo(COLLIDING)
    result = build(root)
    assert result.ok, result.diagnostics
    assert codes(result).count("QMS807") == 3
    out = root / OUT
    files = assert_complete_set(out)
    import io

    import docx

    master = "\n".join(p.text for p in docx.Document(io.BytesIO(files["danh-muc-tai-lieu.docx"]))
                       .paragraphs)
    assert "DANH MỤC" in master.upper()
    manifest = json.loads(files[MANIFEST])
    assert [f["code"] for f in manifest["files"] if f["file"] == "BM-01.docx"] == ["BM-01"]
    assert not list(root.parent.glob(".*qmsdoc-next"))


# ------------------------------------------------------------------ 6. all or nothing
def _edit_two(root: Path) -> None:
    for rel in ("chinh-sach.md", "quy-trinh/QT-01.md"):
        (root / rel).write_text((root / rel).read_text(encoding="utf-8") + "\nSửa.\n",
                                encoding="utf-8")


def test_a_file_that_fails_leaves_the_previous_set(make_repo: MakeRepo,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from qmsdoc.render.writers import WRITERS

    root = make_repo()
    build(root)
    out = root / OUT
    old = assert_complete_set(out)
    _edit_two(root)
    docx = WRITERS["docx"]
    real = docx.write

    def fail_for_qt01(document, options):  # type: ignore[no-untyped-def]
        if document.fields.code == "QT-01":
            raise ValueError("hỏng")
        return real(document, options)

    monkeypatch.setitem(WRITERS, "docx", type(docx)(docx.name, docx.extension, docx.version,
                                                    fail_for_qt01))
    result = build(root)
    assert not result.ok and result.failed == ["QT-01.docx"]
    assert codes(result).count("QMS804") == 1 and "QMS810" in codes(result)
    assert outputs(out) == old  # CSCL.docx was rendered, but not put in place alone
    assert not list(root.parent.glob(".*qmsdoc-next")) and not (out / ".qmsdoc-staging").exists()
    monkeypatch.undo()
    again = build(root)
    assert again.ok and sorted(again.written) == ["CSCL.docx", "QT-01.docx",
                                                  "bo-tai-lieu-htqlcl.docx"]
    assert_complete_set(out)


def test_a_full_disk_is_reported_once_and_keeps_the_set(make_repo: MakeRepo,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from qmsdoc.build import worker

    root = make_repo()
    build(root)
    out = root / OUT
    old = assert_complete_set(out)
    _edit_two(root)

    def full(path: Path, data: bytes, mode: int | None = None, *,
             within: Path | None = None) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(worker, "write_atomic", full)
    result = build(root)
    assert not result.ok and codes(result).count("QMS809") == 1
    assert "QMS804" not in codes(result)
    assert outputs(out) == old
    monkeypatch.undo()

    from qmsdoc.build import promote

    monkeypatch.setattr(promote, "write_atomic", full)  # the disk fills while the set is made
    result = build(root)
    assert not result.ok and codes(result).count("QMS809") == 1
    assert outputs(out) == old
    assert not list(root.parent.glob(".*qmsdoc-next"))
    monkeypatch.undo()
    assert build(root).ok
    assert_complete_set(out)


def test_unchanged_outputs_keep_their_files_and_times(make_repo: MakeRepo) -> None:
    """The new set links the files it keeps: same inode, same modification time."""
    root = make_repo()
    build(root)
    out = root / OUT
    before = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.iterdir()}
    _edit_two(root)
    result = build(root)
    after = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.iterdir()}
    changed = {n for n in after if before.get(n) != after[n]}
    assert changed == {"CSCL.docx", "QT-01.docx", "bo-tai-lieu-htqlcl.docx", MANIFEST,
                       CACHE_FILE}, result.written


# ------------------------------------------------------------- 13. unreadable documents
def test_force_names_the_documents_it_skipped_as_unreadable(make_repo: MakeRepo) -> None:
    root = make_repo()
    (root / "bieu-mau" / "BM-02.md").write_bytes(b"---\nkind: form\ncode: BM-02\ntitle: \xff\xfe"
                                                 b"\n---\n")
    result = build(root)
    skipped = [d for d in result.diagnostics if d.code == "QMS808"]
    assert [d.span.path for d in skipped] == ["bieu-mau/BM-02.md"]
    assert "QMS003" in skipped[0].en


def test_the_summary_says_the_previous_set_is_kept() -> None:
    from types import SimpleNamespace

    from qmsdoc.cli.build import summary

    vi, en = summary(SimpleNamespace(kept_previous=True, failed=["QT-01.docx"], out="_build"))
    assert en == "✗ Build incomplete: the set in _build is kept as it was, 1 failed."
    assert "giữ nguyên" in vi


@pytest.mark.parametrize("how", ["no exchange call", "exchange refused"])
def test_in_place_when_the_folders_cannot_be_exchanged(make_repo: MakeRepo, how: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows, a mount point…: the changed files are moved into place one by one."""
    from qmsdoc.build import promote

    root = make_repo()
    build(root)
    if how == "no exchange call":
        monkeypatch.setattr(promote, "_exchange_function", lambda: None)
    else:
        monkeypatch.setattr(promote, "_exchange", lambda a, b: False)
    _edit_two(root)
    (root / "muc-tieu.yaml").unlink()
    result = build(root)
    assert result.ok and {"CSCL.docx", "QT-01.docx", "bo-tai-lieu-htqlcl.docx",
                          "danh-muc-tai-lieu.docx"} == set(result.written)
    assert result.removed == ["MTCL-2026.docx"]
    files = assert_complete_set(root / OUT)
    assert "MTCL-2026.docx" not in files
    assert not (root / OUT / ".qmsdoc-staging").exists()
    assert not list(root.glob(".*qmsdoc-next"))


def test_write_atomic_within_never_follows_a_link(tmp_path: Path) -> None:
    from qmsdoc.atomic import write_atomic

    base, elsewhere = tmp_path / "base", tmp_path / "elsewhere"
    base.mkdir()
    elsewhere.mkdir()
    (base / "sub").symlink_to(elsewhere)
    with pytest.raises(OSError):
        write_atomic(base / "sub" / "x.json", b"{}", within=base)
    assert list(elsewhere.iterdir()) == []
    write_atomic(base / "new" / "x.json", b"{}", within=base)
    assert (base / "new" / "x.json").read_bytes() == b"{}"


def test_a_folder_at_the_next_sets_name_that_is_not_qmsdocs_is_left_alone(
        make_repo: MakeRepo) -> None:
    root = make_repo()
    build(root)
    theirs = root / "._build.qmsdoc-next"
    theirs.mkdir()
    (theirs / "keep.txt").write_bytes(b"someone else's")
    with pytest.raises(BuildError) as err:
        build(root)
    assert "not a folder qmsdoc made" in err.value.en
    assert (theirs / "keep.txt").read_bytes() == b"someone else's"
