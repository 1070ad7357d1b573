"""Benchmark: revision history of 400 documents over 5,000 commits (target ≤ 1 s).

    python -m bench.history [--docs 400] [--commits 5000] [--keep DIR]
    python -m bench.history --repo DIR      # e.g. made by python -m bench.generate --commits

Without ``--repo`` it generates a synthetic repository with ``git fast-import`` (one commit
adding the documents, then commits touching 1–3 documents each, a rename every 250 commits, a
release tag every 500 commits with the document list qmsdoc writes). It times ``load_history``
plus ``revisions()`` and ``state()`` for every document, which is what a build does (loading
the documents themselves is not timed). Not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from qmsdoc.history import load_history
from qmsdoc.history.releases import ReleasedDocument, release_message
from qmsdoc.load import load_repository
from qmsdoc.model.documents import Document, Procedure

EPOCH = 1_735_689_600  # 2025-01-01


def _doc_text(code: str, edition: int, n: int) -> bytes:
    return (f"---\nkind: procedure\ncode: {code}\ntitle: Quy trình {code}\nedition: {edition}\n"
            f"issued: 2025-01-01\nstatus: released\n---\n\n## Nội dung\n\nLần sửa {n}.\n"
            ).encode()


def generate(root: Path, docs: int, commits: int, seed: int = 7) -> dict[str, str]:
    """Create the repository; returns code → current path."""
    rnd = random.Random(seed)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    paths = {f"QT-{i:03}": f"quy-trinh/nhom-{i % 20:02}/QT-{i:03}.md" for i in range(docs)}
    editions = dict.fromkeys(paths, 1)
    out: list[bytes] = []

    def data(b: bytes) -> None:
        out.append(f"data {len(b)}\n".encode() + b + b"\n")

    def commit(mark: int, when: int, msg: str, ops: list[bytes], author: str) -> None:
        out.append(f"commit refs/heads/main\nmark :{mark}\n".encode())
        out.append(f"author {author} <a@x> {when} +0700\ncommitter {author} <a@x> {when} "
                   "+0700\n".encode())
        data(msg.encode())
        if mark > 1:
            out.append(f"from :{mark - 1}\n".encode())
        out.extend(ops)

    def put(path: str, content: bytes) -> bytes:
        return f"M 100644 inline {path}\n".encode() + f"data {len(content)}\n".encode() \
            + content + b"\n"

    ops = [put(p, _doc_text(c, 1, 0)) for c, p in paths.items()]
    ops.append(put("qms.yaml", b"format_version: 1\n"))
    commit(1, EPOCH, "Nhập tài liệu", ops, "Phạm Thị Dung")
    changed: set[str] = set()
    for n in range(2, commits + 1):
        when = EPOCH + n * 3600
        ops = []
        if n % 250 == 0:
            code = rnd.choice(list(paths))
            new = paths[code].replace("/nhom-", "/chuyen-")
            ops.append(f"R {paths[code]} {new}\n".encode())
            paths[code] = new
            msg = f"Chuyển {code}"
        else:
            touched = rnd.sample(list(paths), rnd.randint(1, 3))
            for code in touched:
                ops.append(put(paths[code], _doc_text(code, editions[code], n)))
                changed.add(code)
            msg = (f"{touched[0]}: sửa bước {n}\n\nChi tiết.\n\nSửa-đổi: Cập nhật bước {n}\n"
                   f"Vị-trí: Mục {n % 7}\nPhê-duyệt: nguyen-van-an\n")
        commit(n, when, msg, ops, rnd.choice(["Phạm Thị Dung", "Lê Văn Cường", "Võ Thị Hoa"]))
        if n % 500 == 0:
            released = [ReleasedDocument(c, editions[c] + 1, paths[c]) for c in sorted(changed)]
            for c in changed:
                editions[c] += 1
            msg = release_message(_date(when), released, "", "nguyen-van-an")
            out.append(f"tag qms/r{n}\nfrom :{n}\ntagger Lê Văn Cường <c@x> {when} +0700\n"
                       .encode())
            data(msg.encode())
            changed.clear()
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(out), check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=root, check=True)
    return paths


def _date(when: int) -> dt.date:
    return dt.datetime.fromtimestamp(when, dt.UTC).date()


def measure(root: Path, docs: list[Document], runs: int = 5) -> list[float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        h = load_history(root)
        rows = sum(len(h.revisions(d)) for d in docs)
        drafts = sum(h.state(d).draft for d in docs)
        times.append(time.perf_counter() - t)
    print(f"{len(docs)} documents, {len(h._log.commits)} commits, {len(h.releases)} releases, "
          f"{rows} revision rows, {drafts} drafts")
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=400)
    ap.add_argument("--commits", type=int, default=5000)
    ap.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    ap.add_argument("--repo", type=Path, help="measure this existing QMS repository instead")
    args = ap.parse_args()
    if args.repo:
        report(measure(args.repo, load_repository(args.repo).repo.documents))
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp) / "qms"
        root.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        paths = generate(root, args.docs, args.commits)
        print(f"generated in {time.perf_counter() - t:.1f} s")
        report(measure(root, [Procedure(code=c, path=p, edition=1) for c, p in paths.items()]))


def report(times: list[float]) -> None:
    print("history (load + revisions + state for every document): "
          f"median {statistics.median(times):.3f} s, min {min(times):.3f} s, "
          f"runs {', '.join(f'{x:.3f}' for x in times)}")


if __name__ == "__main__":
    main()
