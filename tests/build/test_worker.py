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
