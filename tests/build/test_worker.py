"""The worker's handling of one target: failures are outcomes, Ctrl-C stops the build."""

from __future__ import annotations

from pathlib import Path

import pytest

from qmsdoc.build.worker import Task, run_task
from qmsdoc.render.tree import RenderedDocument
from qmsdoc.render.writers import WRITERS, Writer, WriterOptions
from tests.render.test_typst import document


def _writer(write: object) -> Writer:
    return Writer("test", "bin", "1", write)  # type: ignore[arg-type]


def _task(tmp_path: Path) -> Task:
    return Task("x:test", str(tmp_path / "x.bin"), "test", document())


def test_a_writer_error_is_an_outcome(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(doc: RenderedDocument, opts: WriterOptions) -> bytes:
        raise ValueError("hỏng")

    monkeypatch.setitem(WRITERS, "test", _writer(fail))
    outcome = run_task(_task(tmp_path), None)
    assert outcome.error == "ValueError: hỏng" and not (tmp_path / "x.bin").exists()


def test_ctrl_c_while_a_zip_is_written_stops_the_build(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C inside zipfile comes out as a ValueError raised while the archive is closed
    (the interrupt is its context): it must still stop the build, not be reported as one
    failed file."""

    def interrupted(doc: RenderedDocument, opts: WriterOptions) -> bytes:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise ValueError("Can't close the ZIP file while there is an open writing "
                             "handle on it.") from None

    monkeypatch.setitem(WRITERS, "test", _writer(interrupted))
    with pytest.raises(KeyboardInterrupt):
        run_task(_task(tmp_path), None)


def _streaming(chunks: list[bytes]) -> Writer:
    def stream(doc: RenderedDocument, opts: WriterOptions, sink: object) -> None:
        for c in chunks:
            sink.write(c)  # type: ignore[attr-defined]

    def whole(doc: RenderedDocument, opts: WriterOptions) -> bytes:
        raise AssertionError("a set is streamed")

    return Writer("test", "bin", "1", whole, stream)


def _set_task(tmp_path: Path, stage: Path) -> Task:
    from dataclasses import replace

    doc = document()
    return Task("set:test", str(tmp_path / "set.bin"), "test",
                replace(doc, sections=(doc,)), stage=str(stage))


def test_a_set_is_written_piece_by_piece_and_kept_only_when_it_changed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib
    import os

    stage = tmp_path / "stage" / "set.bin"
    stage.parent.mkdir()
    monkeypatch.setitem(WRITERS, "test", _streaming([b"part 1,", b"part 2"]))
    outcome = run_task(_set_task(tmp_path, stage), None)
    assert outcome.written and stage.read_bytes() == b"part 1,part 2"
    assert outcome.sha256 == hashlib.sha256(b"part 1,part 2").hexdigest()
    # The same bytes already in place: nothing staged, the file in place untouched.
    os.replace(stage, tmp_path / "set.bin")
    again = run_task(_set_task(tmp_path, stage), None)
    assert not again.written and not stage.exists()
    assert sorted(p.name for p in stage.parent.iterdir()) == []  # no scratch file left


def test_a_set_streamed_never_writes_through_a_link(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    outside = tmp_path / "outside.bin"
    outside.write_bytes(b"not ours")
    stage = tmp_path / "stage" / "set.bin"
    stage.parent.mkdir()
    stage.symlink_to(outside)
    monkeypatch.setitem(WRITERS, "test", _streaming([b"new"]))
    outcome = run_task(_set_task(tmp_path, stage), None)
    assert outcome.written and not stage.is_symlink() and stage.read_bytes() == b"new"
    assert outside.read_bytes() == b"not ours"


def test_a_set_too_large_for_a_zip_is_a_clear_error(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from qmsdoc.render.docx.package import Deflated, write_zip

    def stream(doc: RenderedDocument, opts: WriterOptions, sink: object) -> None:
        huge = Deflated(crc=0, size=5 << 30, compressed=4, data=io.BytesIO(b"abcd"))
        write_zip(sink, [("word/document.xml", huge)])  # type: ignore[arg-type]

    monkeypatch.setitem(WRITERS, "test", Writer("test", "bin", "1", lambda d, o: b"", stream))
    stage = tmp_path / "stage" / "set.bin"
    stage.parent.mkdir()
    outcome = run_task(_set_task(tmp_path, stage), None)
    assert "4 GB" in outcome.error and "4 GB" in outcome.error_vi
    assert not stage.exists() and list(stage.parent.iterdir()) == []
