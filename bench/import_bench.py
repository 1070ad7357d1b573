"""Benchmark: ``qmsdoc import`` of 100 procedures (not a test; run by hand).

    python bench/import_bench.py

Makes 100 DOCX with the test corpus generator (five copies of the 22 layouts, renumbered; a
quarter of them end with two printed forms, which become form documents too),
imports them with --dry-run into a copy of sample_manual's qms.yaml and registers, best of
three; prints the seconds and the load average.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "data" / "import_corpus"))

from make_corpus import SPECS, write_docx  # noqa: E402

from qmsdoc.commands.import_ import Options, run  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        src = work / "docx"
        src.mkdir()
        for i in range(100):
            spec = SPECS[i % len(SPECS)]
            forms = [(f"BM-{100 + i}-{k + 1:02d}", t)
                     for k, (_, t) in enumerate(spec.appended_forms)]
            spec = type(spec)(**{**vars(spec), "code": f"QT-{100 + i}",
                                 "name": f"{i:03d}-{spec.name}", "appended_forms": forms})
            write_docx(spec, src / f"{spec.name}.docx")
        repo = work / "repo"
        repo.mkdir()
        shutil.copy(ROOT / "sample_manual" / "qms.yaml", repo)
        shutil.copytree(ROOT / "sample_manual" / "dang-ky", repo / "dang-ky")
        times = []
        cpu = []
        for _ in range(3):
            start, start_cpu = time.perf_counter(), time.process_time()
            result = run(Options((src,), repo, dry_run=True))
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            assert sum(f.status == "planned" and f.kind == "procedure"
                       for f in result.files) == 100
        # CPU time is what the import costs; wall time also holds the waits of a shared machine
        print(f"import of 100 procedures: best {min(times):.2f} s wall, {min(cpu):.2f} s CPU "
              f"(runs: {', '.join(f'{t:.2f}' for t in times)} s wall); "
              f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
