"""``qmsdoc build`` end to end on a copy of sample_manual (in-process, --jobs 1)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import docx
import pikepdf
import pytest
from typer.testing import CliRunner

from qmsdoc.build import MANIFEST, BuildError, BuildOptions, BuildResult
from qmsdoc.build.cache import CACHE_FILE
from qmsdoc.cli import app
from qmsdoc.commands.build import build as run
from qmsdoc.load import load_repository

TODAY = dt.date(2026, 8, 1)
OUT = "_build"


def set_formats(root: Path, formats: str = "docx") -> Path:
    """Build only these formats (the PDF writer has its own tests)."""
    config = root / "qms.yaml"
    text = config.read_text(encoding="utf-8")
    text, n = re.subn(r"^  formats: .*$", f"  formats: [{formats}]", text, flags=re.M)
    assert n == 1
    config.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def sample(sample_copy: Path) -> Path:
    return set_formats(sample_copy)


def build(root: Path, **options: object) -> BuildResult:
    opts: dict[str, object] = {"jobs": 1, "today": TODAY, **options}
    return run(root, BuildOptions(**opts))  # type: ignore[arg-type]


def break_reference(root: Path) -> None:
    """Make QT-10 name a form that does not exist (an error of the check)."""
    path = root / "quy-trinh-tthc" / "QT-10-dang-ky-khai-sinh.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^forms: \[", "forms: [BM-99, ", text, count=1, flags=re.M),
                    encoding="utf-8")


def mtimes(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns
            for p in sorted(out.rglob("*")) if p.is_file()}


def changed(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {f for f in after if before.get(f) != after[f]}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    """One full build of the sample shared by the read-only tests."""
    from qmsdoc_testing import SAMPLE

    root = tmp_path_factory.mktemp("built") / "sample"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("_build", ".qmsdoc"))
    return root, build(set_formats(root))


def test_every_controlled_document_and_the_set_files(built: tuple[Path, BuildResult]) -> None:
    root, result = built
    assert result.ok and not result.refused and not result.draft
    out = root / OUT
    repo = load_repository(root).repo
    codes = [d.code for d in repo.documents if d.status != "obsolete"]
    assert len(codes) > 20
    for code in codes:
        assert (out / f"{code}.docx").is_file(), code
    for name in ("danh-muc-tai-lieu.docx", "ma-tran-dap-ung.docx", "bo-tai-lieu-htqlcl.docx"):
        assert (out / name).is_file()
    decisions = [d.code for d in repo.documents if d.kind == "decision"]
    assert decisions and all((out / f"{c}.docx").is_file() for c in decisions)
    for path in out.glob("*.docx"):
        docx.Document(str(path))  # each opens
    assert result.unavailable_formats == []


def test_manifest(built: tuple[Path, BuildResult]) -> None:
    root, _ = built
    manifest = json.loads((root / OUT / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["draft"] is False
    files = {f["file"]: f for f in manifest["files"]}
    qt10 = files["QT-10.docx"]
    assert qt10["code"] == "QT-10" and qt10["edition"] == 1 and qt10["draft"] is False
    data = (root / OUT / "QT-10.docx").read_bytes()
    assert qt10["sha256"] == hashlib.sha256(data).hexdigest()
    assert list(files) == sorted(files)


def test_procedure_read_back(built: tuple[Path, BuildResult]) -> None:
    root, _ = built
    d = docx.Document(str(root / OUT / "QT-10.docx"))
    control = d.sections[0].header.tables[0].rows[0].cells[2].text
    assert "QT-10" in control and "Lần ban hành: 01" in control and "15/01/2026" in control
    steps = next(t for t in d.tables if t.rows[0].cells[0].text == "Bước")
    source = (root / "quy-trinh-tthc" / "QT-10-dang-ky-khai-sinh.md").read_text(encoding="utf-8")
    actions = [" ".join(a.split()) for a in re.findall(r"- action: >?-?\s*(.+?)\n\s+responsible",
                                                       source, re.S)]
    assert [r.cells[1].text for r in steps.rows[1:-1]] == actions


def test_second_build_rewrites_nothing(sample: Path) -> None:
    build(sample)
    out = sample / OUT
    before = mtimes(out)
    again = build(sample)
    assert again.written == [] and again.unchanged == []
    assert mtimes(out) == before  # not even the cache or the manifest


def test_no_op_imports_neither_the_pipeline_nor_the_check(sample: Path) -> None:
    # A no-op rebuild is mostly start-up: its test must not import the pipeline, the check,
    # the history or a writer (~0.25 s of a fresh process), only the stamp and the cache.
    import subprocess
    import sys

    build(sample)
    script = (
        "import sys, datetime as dt\n"
        "from pathlib import Path\n"
        "from qmsdoc.build.options import BuildOptions\n"
        "from qmsdoc.commands.build import build\n"
        f"r = build(Path({str(sample)!r}), BuildOptions(jobs=1, today=dt.date({TODAY.year}, "
        f"{TODAY.month}, {TODAY.day})))\n"
        "heavy = [m for m in ('qmsdoc.build.pipeline', 'qmsdoc.commands.check',"
        " 'qmsdoc.rules', 'qmsdoc.history', 'qmsdoc.render.docx.writer',"
        " 'qmsdoc.render.compose', 'qmsdoc.model.repository', 'qmsdoc.render.writers')"
        " if m in sys.modules]\n"
        "print(len(r.skipped), r.written, r.repo is None, heavy)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    skipped, rest = done.stdout.split(" ", 1)
    assert int(skipped) > 0 and rest.strip() == "[] True []"


def test_the_cache_knows_every_writer_s_extension() -> None:
    from qmsdoc.build.cache import writer_extensions
    from qmsdoc.render.writers import WRITERS

    assert writer_extensions() == {name: w.extension for name, w in WRITERS.items()}


def test_no_op_also_without_the_fast_path(sample: Path) -> None:
    build(sample)
    out = sample / OUT
    before = mtimes(out)
    os.utime(sample / "qms.yaml")  # new mtime, same content: the stamp differs
    again = build(sample)
    assert again.written == [] and again.unchanged == []
    assert changed(before, mtimes(out)) <= {CACHE_FILE}


def test_another_qmsdoc_renders_everything_again(sample: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # A fix in a writer (same version number, other code) must not leave files it would now
    # write differently: the keys and the no-op stamp carry the code's fingerprint.
    from qmsdoc.build import plan, stamp

    build(sample)
    monkeypatch.setattr(plan, "code_fingerprint", lambda: "another qmsdoc")
    monkeypatch.setattr(stamp, "code_fingerprint", lambda: "another qmsdoc")
    again = build(sample)
    assert again.skipped == [] and (again.written or again.unchanged)


def test_touching_one_procedure_rebuilds_it_and_the_set_files(sample: Path) -> None:
    build(sample)
    out = sample / OUT
    before = mtimes(out)
    path = sample / "quy-trinh-tthc" / "QT-11-dang-ky-ket-hon.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: Quy trình đăng ký kết hôn",
                                 "title: Quy trình đăng ký kết hôn (sửa)"), encoding="utf-8")
    result = build(sample)
    assert sorted(result.written) == ["QT-11.docx", "bo-tai-lieu-htqlcl.docx",
                                      "danh-muc-tai-lieu.docx"]
    assert changed(before, mtimes(out)) == {
        "QT-11.docx", "bo-tai-lieu-htqlcl.docx", "danh-muc-tai-lieu.docx",
        MANIFEST, CACHE_FILE}
    # (The coverage matrix reads codes and clauses, not titles: it is not rebuilt.)
    # A change to the body only: the master list (codes, titles, dates) stays as it is.
    path.write_text(path.read_text(encoding="utf-8") + "\nThêm một đoạn.\n", encoding="utf-8")
    result = build(sample)
    assert sorted(result.written) == ["QT-11.docx", "bo-tai-lieu-htqlcl.docx"]


def test_two_builds_give_identical_bytes(sample: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    build(sample, out=first)
    build(sample, out=second)
    files = sorted(p.relative_to(first) for p in first.rglob("*.docx"))
    assert files
    for rel in [*files, Path(MANIFEST)]:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_refuses_an_official_set_when_the_check_finds_errors(sample: Path) -> None:
    break_reference(sample)
    result = build(sample)
    assert result.refused and result.check_errors >= 1 and not result.ok
    assert any(d.code == "QMS201" for d in result.diagnostics)
    assert not (sample / OUT).exists() or not list((sample / OUT).glob("*.docx"))
    forced = build(sample, force=True)
    assert forced.ok and forced.draft
    manifest = json.loads((sample / OUT / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["draft"] is True and all(f["draft"] for f in manifest["files"]
                                             if f["kind"] != "copy")
    header = docx.Document(str(sample / OUT / "QT-12.docx")).sections[0].header
    assert "DỰ THẢO" in header._element.xml


def test_only_builds_a_subset(sample: Path) -> None:
    result = build(sample, only=("QT-10", "BM-01"))
    assert sorted(result.written) == ["BM-01.docx", "QT-10.docx"]
    assert sorted(p.name for p in (sample / OUT).glob("*.docx")) == ["BM-01.docx", "QT-10.docx"]
    with pytest.raises(BuildError) as err:
        build(sample, only=("QT-99",))
    assert "QT-99" in err.value.vi


def test_outputs_of_removed_documents_are_removed(sample: Path) -> None:
    build(sample)
    (sample / "bieu-mau" / "tthc" / "BM-18-01-so-chung-thuc-chu-ky.md").unlink()
    qt18 = sample / "quy-trinh-tthc" / "QT-18-chung-thuc-chu-ky.md"
    qt18.write_text(qt18.read_text(encoding="utf-8").replace("BM-18-01", "BM-17-01"),
                    encoding="utf-8")
    result = build(sample)
    assert result.removed == ["BM-18-01.docx"]
    assert not (sample / OUT / "BM-18-01.docx").exists()


def test_a_file_edited_by_hand_is_rebuilt(sample: Path) -> None:
    build(sample)
    target = sample / OUT / "QT-10.docx"
    good = target.read_bytes()
    target.write_bytes(b"broken")
    result = build(sample)
    assert result.written == ["QT-10.docx"]
    assert target.read_bytes() == good


def test_parallel_build_matches_the_serial_one(sample: Path, tmp_path: Path) -> None:
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    build(sample, out=serial)
    from qmsdoc.build import pipeline

    old = pipeline._MIN_PARALLEL
    pipeline._MIN_PARALLEL = 1  # the sample is small: force the process pool
    try:
        result = build(sample, out=parallel, jobs=2)
    finally:
        pipeline._MIN_PARALLEL = old
    assert result.ok
    for p in serial.rglob("*.docx"):
        assert p.read_bytes() == (parallel / p.relative_to(serial)).read_bytes(), p.name


# ------------------------------------------------------------------------------------ CLI
runner = CliRunner()


def test_cli_exit_codes_and_messages(sample: Path, tmp_path: Path) -> None:
    set_formats(sample, "docx, epub")
    ok = runner.invoke(app, ["build", str(sample), "--jobs", "1"])
    assert ok.exit_code == 0, ok.output
    assert "Xuất bản xong" in ok.output and "EPUB" in ok.output  # asked for, no writer yet
    en = runner.invoke(app, ["build", str(sample), "--jobs", "1", "--lang", "en"])
    assert en.exit_code == 0 and "Built into" in en.output
    missing = runner.invoke(app, ["build", str(tmp_path / "khong-co")])
    assert missing.exit_code == 2 and "Traceback" not in missing.output
    unknown = runner.invoke(app, ["build", str(sample), "--only", "QT-99"])
    assert unknown.exit_code == 2 and "QT-99" in unknown.output


def test_cli_unwritable_output_folder(sample: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "tep-thuong"
    blocker.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["build", str(sample), "--out", str(blocker / "ra")])
    assert result.exit_code == 2
    assert "Không ghi được vào thư mục xuất bản" in result.output
    assert "Traceback" not in result.output


def test_cli_refuses_with_errors(sample: Path) -> None:
    break_reference(sample)
    result = runner.invoke(app, ["build", str(sample), "--jobs", "1"])
    assert result.exit_code == 1
    assert "--force" in result.output and "QMS201" in result.output
    forced = runner.invoke(app, ["build", str(sample), "--jobs", "1", "--force"])
    assert forced.exit_code == 0 and "DỰ THẢO" in forced.output


# ------------------------------------------------------------------------ binary inputs
def _png(width: int = 40, height: int = 20) -> bytes:
    from tests.render.test_docx import _png as png

    return png(width, height)


def test_images_forms_own_files_and_reference_document(sample: Path) -> None:
    (sample / "quy-trinh-tthc" / "hinh").mkdir()
    (sample / "quy-trinh-tthc" / "hinh" / "luu-do.png").write_bytes(_png())
    qt10 = sample / "quy-trinh-tthc" / "QT-10-dang-ky-khai-sinh.md"
    # The flowchart drawn from the steps is a picture too: replaced by the user's own.
    qt10.write_text(qt10.read_text(encoding="utf-8").replace("---\n", "---\nflowchart: false\n", 1)
                    + "\n## Lưu đồ\n\n![Lưu đồ](hinh/luu-do.png)"
                    "\n\n![Ngoài kho](../../../etc/x.png)\n", encoding="utf-8")
    own = docx.Document()
    own.add_paragraph("Biểu mẫu gốc của cơ quan")
    own.save(str(sample / "bieu-mau" / "mot-cua" / "BM-01.docx"))
    bm01 = sample / "bieu-mau" / "mot-cua" / "BM-01-giay-tiep-nhan-ho-so.md"
    bm01.write_text(bm01.read_text(encoding="utf-8").replace(
        "kind: form\n", "kind: form\nsource: BM-01.docx\n", 1), encoding="utf-8")
    ref = docx.Document()
    ref.styles.add_style("QMS Title", 1).font.size = docx.shared.Pt(28)
    ref.save(str(sample / "mau-word.docx"))
    config = sample / "qms.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "output:\n", "output:\n  reference_docx: mau-word.docx\n", 1), encoding="utf-8")

    result = build(sample)
    assert result.ok, result.diagnostics
    assert [d.code for d in result.diagnostics if d.code != "QMS710"] == ["QMS801"]  # refused
    out = sample / OUT
    assert len(docx.Document(str(out / "QT-10.docx")).inline_shapes) == 1
    copied = docx.Document(str(out / "BM-01.docx"))
    assert [p.text for p in copied.paragraphs] == ["Biểu mẫu gốc của cơ quan"]
    policy = docx.Document(str(out / "CSCL.docx"))
    assert policy.styles["QMS Title"].font.size == docx.shared.Pt(28)

    # A new picture (same name) rebuilds the procedure that shows it.
    (sample / "quy-trinh-tthc" / "hinh" / "luu-do.png").write_bytes(_png(80, 20))
    again = build(sample)
    assert "QT-10.docx" in again.written and "QT-12.docx" not in again.written

    (sample / "mau-word.docx").write_bytes(b"not a zip")
    with pytest.raises(BuildError) as err:
        build(sample)
    assert "reference_docx" in err.value.vi


def test_picture_link_leading_outside_is_not_read(sample: Path, tmp_path: Path) -> None:
    secret = tmp_path / "bi-mat.png"
    secret.write_bytes(_png())
    (sample / "quy-trinh-tthc" / "anh.png").symlink_to(secret)
    qt10 = sample / "quy-trinh-tthc" / "QT-10-dang-ky-khai-sinh.md"
    qt10.write_text(qt10.read_text(encoding="utf-8").replace("---\n", "---\nflowchart: false\n", 1)
                    + "\n![Ảnh](anh.png)\n", encoding="utf-8")
    result = build(sample, only=("QT-10",))
    assert [d.code for d in result.diagnostics if d.code != "QMS710"] == ["QMS802"]
    assert len(docx.Document(str(sample / OUT / "QT-10.docx")).inline_shapes) == 0


def test_broken_repository_template_is_a_usage_error(sample: Path) -> None:
    (sample / "templates").mkdir()
    (sample / "templates" / "labels.j2").write_text("{% set x = %}", encoding="utf-8")
    result = runner.invoke(app, ["build", str(sample), "--jobs", "1"])
    assert result.exit_code == 2 and "templates/" in result.output
    assert "Traceback" not in result.output


def test_formats_override(sample: Path) -> None:
    set_formats(sample, "docx, epub")
    result = build(sample, only=("QT-10",), formats=("docx",))
    assert result.written == ["QT-10.docx"] and result.unavailable_formats == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_each_document_is_composed_once_for_its_docx_and_its_pdf(
        sample: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    from collections import Counter

    from qmsdoc.build import pipeline

    set_formats(sample, "docx, pdf")
    composed: Counter[str] = Counter()
    real = pipeline.compose_document

    def counted(ctx: object, doc: object, **kwargs: object) -> object:
        composed[doc.path] += 1  # type: ignore[attr-defined]
        return real(ctx, doc, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "compose_document", counted)
    result = build(sample, jobs=jobs)
    assert result.ok and "QT-10.docx" in result.written and "QT-10.pdf" in result.written
    assert composed and set(composed.values()) == {1}


def test_after_one_edit_the_set_is_written_from_kept_trees(
        sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The set's DOCX holds every document: after one edit, only the edited one is composed
    # again; the others come from the trees kept by the previous build. The set is the one a
    # build from nothing writes.
    from qmsdoc.render import compose

    build(sample)
    path = sample / "quy-trinh-tthc" / "QT-11-dang-ky-ket-hon.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nThêm một đoạn.\n", encoding="utf-8")
    composed: list[str] = []
    real = compose.compose_document

    def counted(ctx: object, doc: object, **kwargs: object) -> object:
        composed.append(doc.path)  # type: ignore[attr-defined]
        return real(ctx, doc, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(compose, "compose_document", counted)
    monkeypatch.setattr("qmsdoc.build.pipeline.compose_document", counted)
    # Nor are the other documents' trees read: each section's markup was kept as well.
    from qmsdoc.build.trees import TreeStore

    trees: list[object] = []
    get = TreeStore.get
    monkeypatch.setattr(TreeStore, "get", lambda self, d, draft: trees.append(
        found := get(self, d, draft)) or found)
    result = build(sample)
    assert sorted(result.written) == ["QT-11.docx", "bo-tai-lieu-htqlcl.docx"]
    assert composed == ["quy-trinh-tthc/QT-11-dang-ky-ket-hon.md"]
    # (the edited document's tree, kept by its own DOCX just now, is its section's)
    assert [t.document.fields.code for t in trees if t] == ["QT-11"]  # type: ignore[attr-defined]
    fresh = tmp_path / "fresh"
    shutil.copytree(sample, fresh, ignore=shutil.ignore_patterns("_build", ".qmsdoc"))
    monkeypatch.undo()
    build(fresh)
    name = "bo-tai-lieu-htqlcl.docx"
    assert (sample / OUT / name).read_bytes() == (fresh / OUT / name).read_bytes()


def test_a_large_sets_pdf_is_joined_by_a_worker(
        sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # With two jobs the set's PDF is joined by a worker process: last in a whole build (this
    # process holds the repository), and beside the set's DOCX written here in a small
    # rebuild. The files are those of builds that do everything in-process.
    from qmsdoc.build import pipeline

    monkeypatch.setattr(pipeline, "_MIN_JOINED", 1)  # the sample's set counts as large
    joined: list[bool] = []
    detach = pipeline._detached

    def spied(task: Any) -> Any:
        found = detach(task)
        joined.append(found is not None)
        return found

    monkeypatch.setattr(pipeline, "_detached", spied)
    roots = {2: sample, 1: tmp_path / "alone"}
    shutil.copytree(sample, roots[1])
    names = ("bo-tai-lieu-htqlcl.pdf", "bo-tai-lieu-htqlcl.docx")
    made: dict[int, list[bytes]] = {}
    for jobs, root in roots.items():
        set_formats(root, "docx, pdf")
        assert build(root, jobs=jobs).ok
        made[jobs] = [(root / OUT / name).read_bytes() for name in names]
        path = root / "quy-trinh-tthc" / "QT-11-dang-ky-ket-hon.md"
        path.write_text(path.read_text(encoding="utf-8") + "\nThêm một đoạn.\n",
                        encoding="utf-8")
        result = build(root, jobs=jobs)
        assert result.ok and set(names) <= set(result.written)
        made[jobs] += [(root / OUT / name).read_bytes() for name in names]
    assert joined == [True, True]  # the two builds with two jobs, and only those
    assert made[2] == made[1]
    with pikepdf.open(roots[2] / OUT / names[0]) as pdf, pdf.open_outline() as outline:
        assert any(str(item.title).startswith("QT-11") for item in outline.root)


def test_kept_trees_not_sealed_by_this_user_are_never_loaded(
        sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A repository may come with a .qmsdoc/cache of someone else's: a file in the trees'
    # folder that this user's key did not seal is composed again, never unpickled.
    import pickle

    from qmsdoc.build.trees import FOLDER

    build(sample)
    name = "bo-tai-lieu-htqlcl.docx"
    before = (sample / OUT / name).read_bytes()
    kept = sorted((sample / FOLDER).glob("*"))
    assert len([p for p in kept if not p.name.startswith(".")]) > 5

    class Planted:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.remove, (str(sample / "qms.yaml"),))

    evil = pickle.dumps(Planted())
    for p in kept:
        if not p.name.startswith("."):
            data = p.read_bytes()
            # The mark and a seal as it was, the pickle replaced: the seal no longer holds.
            p.write_bytes(data[:30] + evil)
    path = sample / "quy-trinh-tthc" / "QT-11-dang-ky-ket-hon.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\nThêm một đoạn.\n", encoding="utf-8")
    result = build(sample)
    assert (sample / "qms.yaml").is_file() and not result.failed
    path.write_text(text, encoding="utf-8")
    build(sample)
    assert (sample / OUT / name).read_bytes() == before


def test_a_build_reads_the_git_log_once(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check reads the Git history; the revision tables are written from the same
    reading, not from a second one (~0.5 s of every build at 400 procedures)."""
    import subprocess

    from qmsdoc.history.gitrepo import GitRepo

    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=Văn thư", "-c",
                                                  "user.email=vt@example.vn", "commit", "-q",
                                                  "-m", "Ban hành"]):
        subprocess.run(["git", *args], cwd=sample, check=True, capture_output=True)
    logs: list[str] = []
    real = GitRepo.start_log

    def counted(self: GitRepo) -> Any:
        logs.append(str(self.top))
        return real(self)

    monkeypatch.setattr(GitRepo, "start_log", counted)
    result = build(sample, only=("QT-10",))
    assert result.ok and result.written and len(logs) == 1


def test_a_whole_build_deletes_the_kept_files_it_no_longer_uses(sample: Path,
                                                                tmp_path: Path) -> None:
    """Kept trees, section markups and PDF parts of documents' earlier versions go after a
    whole build (the cache does not grow with every edit); nothing else in those folders is
    touched, nor anything a link points at."""
    from qmsdoc.build.pipeline import PREPARED
    from qmsdoc.build.trees import FOLDER

    set_formats(sample, "docx, pdf")
    assert build(sample).ok
    trees, parts = sample / FOLDER, sample / PREPARED

    def kept(folder: Path) -> set[str]:
        return {p.name for p in folder.iterdir() if re.fullmatch(r"[0-9a-f]{40}.*", p.name)}

    before_trees, before_parts = kept(trees), {p for p in kept(parts) if p.endswith(".part")}
    assert before_trees and before_parts
    outside = tmp_path / "ngoai.txt"
    outside.write_text("không phải của qmsdoc", encoding="utf-8")
    (trees / ("1" * 40)).symlink_to(outside)  # a link: never deleted nor followed
    (trees / ("2" * 40)).mkdir()  # a folder: left
    (trees / "ghi-chu.txt").write_text("của người dùng", encoding="utf-8")
    (trees / ("3" * 40)).write_bytes(b"stale")  # of our name, used by no document: goes
    (parts / ("4" * 40 + ".part")).write_bytes(b"stale")
    # The flowcharts' pictures earlier versions kept (a DOCX draws them with shapes now):
    # files of the store's names go, nothing else there.
    pictures = sample / ".qmsdoc" / "cache" / "diagrams"
    pictures.mkdir()
    old = ["5" * 40 + ".deflated", "6" * 40 + ".deflate", "7" * 40 + ".png",
           "7" * 40 + ".measured", "8" * 40 + ".zipped"]
    for name in old:
        (pictures / name).write_bytes(b"old")
    (pictures / "so-do.png").write_bytes(b"not of our name")
    (pictures / ("9" * 40 + ".png")).symlink_to(outside)
    path = sample / "quy-trinh-tthc" / "QT-11-dang-ky-ket-hon.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nThêm một đoạn.\n", encoding="utf-8")
    result = build(sample)
    assert sorted(result.written) == ["QT-11.docx", "QT-11.pdf", "bo-tai-lieu-htqlcl.docx",
                                      "bo-tai-lieu-htqlcl.pdf"]
    after_trees = kept(trees)
    # QT-11's earlier tree and markup replaced by the new ones; the others as they were.
    gone, new = before_trees - after_trees, after_trees - before_trees
    assert gone and len(gone) == len(new - {"1" * 40, "2" * 40})
    assert {"1" * 40, "2" * 40} <= after_trees and "3" * 40 not in after_trees
    assert (trees / "ghi-chu.txt").is_file() and outside.read_text(encoding="utf-8")
    after_parts = {p for p in kept(parts) if p.endswith(".part")}
    assert len(before_parts - after_parts) == 1 and len(after_parts) == len(before_parts)
    assert not (parts / ("4" * 40 + ".part")).exists()
    assert sorted(p.name for p in pictures.iterdir()) == ["9" * 40 + ".png", "so-do.png"]
    assert outside.read_text(encoding="utf-8") == "không phải của qmsdoc"
