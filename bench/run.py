"""Benchmark runner: time and peak memory of qmsdoc on generated manuals, beside the targets.

Usage (see docs/performance.md)::

    python bench/run.py                       # N = 50, 400, 2000; median of 3 runs
    python bench/run.py --sizes 400           # the documented one-size run (< 10 minutes)
    python bench/run.py --sizes 50 --runs 1 --commits 200 --baseline-sample 10   # smoke test

For each N it generates a manual with ``bench/generate.py`` (N procedures, ``--commits`` Git
commits, default 5,000) in ``--workdir`` and measures, each run in a fresh process:

* ``check`` cold: no ``.qmsdoc/cache``, so everything is read, parsed and checked;
* ``check`` warm: the same repository again, unchanged (answered from the check cache);
* ``build -f docx`` from an empty output folder and cache, and ``build -f html`` (the static
  site, with its size and the search index's); ``build -f docx -f pdf`` per PDF
  engine (``--engines``, default typst and libreoffice; the LibreOffice one ``--lo-runs`` times,
  default once) when this qmsdoc has ``--pdf-engine`` (otherwise skipped and said so);
* the DOCX + PDF (Typst) build again with nothing changed (no-op rebuild), and after one
  procedure changed (uncommitted edit of its body);
* ``history`` over the whole Git history (``--format json``);
* the baseline a team would script by hand: ``pandoc`` for each document's Markdown to DOCX
  with a reference document, then ``soffice --headless --convert-to pdf`` on those DOCX, when
  both are installed (the runner installs nothing). At N > 50 the baseline runs on a
  deterministic sample of ``--baseline-sample`` documents (default 100) and is extrapolated to
  all documents, to keep the N = 400 run under ten minutes; ``--baseline-sample 0`` runs it on
  every document.

Wall time is the median of ``--runs`` runs (default 3; the baseline runs once). qmsdoc runs
as installed: its modules compiled to bytecode once before timing (``installed_env``). Peak
memory is the largest resident set of any process of the run (``getrusage(RUSAGE_CHILDREN)``
in a fresh wrapper process per run), not the sum over parallel workers. Commands that the installed
qmsdoc lacks (``qmsdoc --help``) are skipped, with the reason in the output.

Output: ``bench/results/<date>-<N>.json`` per size and a Markdown table on stdout with the
targets of issue 8 beside each figure (✓ / ✗).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TODAY = "2026-11-22"

# (work, N) -> target seconds (or MB for "peak memory"), from issue 8.
TARGETS: dict[str, dict[int, float]] = {
    "check cold": {400: 1.5, 2000: 6},
    "check warm": {400: 0.3, 2000: 1},
    "build docx": {400: 12, 2000: 60},
    "build docx+pdf (typst)": {400: 20, 2000: 100},
    "rebuild no-op": {400: 1, 2000: 3},
    "rebuild one changed": {400: 2, 2000: 4},
    "history": {400: 1, 2000: 2},
    "peak memory": {400: 400, 2000: 1024},
}


# --------------------------------------------------------------------------- measuring


def _measure_main(argv: list[str]) -> None:
    """Wrapper mode: run argv, print wall time, exit status and peak RSS of its processes."""
    import resource

    t = time.perf_counter()
    with open(os.devnull, "wb") as null:
        proc = subprocess.run(argv, stdout=null, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"wall": wall, "rc": proc.returncode, "peak_mb": peak_kb / 1024,
                      "stderr": proc.stderr.decode(errors="replace")[-2000:]}))


def measure(cmd: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--_measure", "--",
                          *cmd], capture_output=True, text=True, env=env)
    if out.returncode != 0:
        raise RuntimeError(f"measuring {cmd} failed: {out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def qmsdoc(*args: str) -> list[str]:
    return [sys.executable, "-m", "qmsdoc", *args]


def series(name: str, runs: int, prepare: Any, cmd: list[str], ok: tuple[int, ...] = (0,),
           env: dict[str, str] | None = None) -> dict[str, Any]:
    walls, peaks, rcs, err = [], [], [], ""
    for i in range(runs):
        if prepare:
            prepare(i)
        m = measure(cmd, env)
        walls.append(m["wall"])
        peaks.append(m["peak_mb"])
        rcs.append(m["rc"])
        if m["rc"] not in ok:
            err = m["stderr"]
    res = {"work": name, "median_s": statistics.median(walls), "runs_s": walls,
           "peak_mb": max(peaks), "exit": rcs, "command": " ".join(cmd)}
    if err:
        res["error"] = err
    print(f"  {name:<28} {res['median_s']:8.2f} s  {res['peak_mb']:7.0f} MB  "
          f"(runs: {', '.join(f'{w:.2f}' for w in walls)})", file=sys.stderr)
    return res


# --------------------------------------------------------------------------- helpers


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else ()
    return {"nproc": os.cpu_count(), "cpu": model, "ram": mem, "python": platform.python_version(),
            "platform": platform.platform(), "loadavg_start": [round(x, 2) for x in load]}


def commands() -> set[str]:
    out = subprocess.run(qmsdoc("--help"), capture_output=True, text=True).stdout
    section = out.split("Commands:", 1)[-1]
    return set(re.findall(r"^\s{2}([a-z][a-z-]*)\s", section, re.MULTILINE))


def tool_version(cmd: list[str]) -> str | None:
    if shutil.which(cmd[0]) is None:
        return None
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return (out.stdout or out.stderr).strip().splitlines()[0] if out.returncode == 0 else None


def qmsdoc_version() -> str:
    out = subprocess.run(qmsdoc("--version"), capture_output=True, text=True)
    rev = subprocess.run(["git", "-C", str(HERE.parent), "rev-parse", "--short", "HEAD"],
                         capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(HERE.parent), "status", "--porcelain"],
                           capture_output=True, text=True).stdout.strip()
    return f"{out.stdout.strip()} (commit {rev or '?'}{', uncommitted changes' if dirty else ''})"


def documents(repo: Path) -> list[Path]:
    """Markdown documents (front matter with a kind) of a generated repository."""
    return sorted(p for p in repo.rglob("*.md") if ".git" not in p.parts
                  and not any(part.startswith(("_", ".")) for part in p.relative_to(repo).parts))


# --------------------------------------------------------------------------- the benchmark


def installed_env() -> dict[str, str]:
    """The environment of the timed runs: qmsdoc as an installed copy runs it, its modules
    compiled to bytecode once (pip compiles a wheel's modules when it installs them). Without
    this, under ``PYTHONDONTWRITEBYTECODE`` (set on some CI machines and this one), every run
    would compile qmsdoc's ~200 modules from source again: start-up time no user pays."""
    import compileall

    import qmsdoc

    compileall.compile_dir(str(Path(qmsdoc.__file__).parent), quiet=1)
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def bench_size(n: int, args: argparse.Namespace, cmds: set[str]) -> dict[str, Any]:
    work = Path(args.workdir)
    repo = work / f"n{n}"
    out_dir = work / f"n{n}-out"
    env = installed_env()
    result: dict[str, Any] = {"n": n, "commits": args.commits, "seed": args.seed,
                              "date": dt.date.today().isoformat(), "machine": machine(),
                              "qmsdoc": qmsdoc_version(), "results": [], "skipped": []}
    skipped = result["skipped"]
    print(f"N = {n}: generating ({args.commits} commits)…", file=sys.stderr)
    t = time.perf_counter()
    subprocess.run([sys.executable, str(HERE / "generate.py"), str(repo), "--procedures", str(n),
                    "--seed", str(args.seed), "--commits", str(args.commits), "--force"],
                   check=True)
    result["generate_s"] = time.perf_counter() - t
    result["documents"] = len(documents(repo))
    results = result["results"]

    def clear_cache(_i: int = 0) -> None:
        shutil.rmtree(repo / ".qmsdoc", ignore_errors=True)

    for part in sorted(args.skip):
        skipped.append({"work": part, "why": "--skip on the command line"})
    if "check" in cmds and "check" not in args.skip:
        check = qmsdoc("check", str(repo), "--today", TODAY)
        results.append(series("check cold", args.runs, clear_cache, check, ok=(0, 1), env=env))
        measure(check, env)  # make sure the cache holds this state
        results.append(series("check warm", args.runs, None, check, ok=(0, 1), env=env))
    elif "check" not in args.skip:
        skipped.append({"work": "check", "why": "no check command"})

    if "build" in cmds and "build" not in args.skip:
        def fresh(_i: int) -> None:
            shutil.rmtree(out_dir, ignore_errors=True)
            clear_cache()

        def build(*fmt: str) -> list[str]:
            return qmsdoc("build", str(repo), "-o", str(out_dir), *fmt)

        results.append(series("build docx", args.runs, fresh, build("-f", "docx"), env=env))
        help_text = subprocess.run(qmsdoc("build", "--help"), capture_output=True,
                                   text=True).stdout
        if "html" in help_text:  # the static site (issue 18): its time and its size
            site = series("build html", args.runs, fresh, build("-f", "html"), env=env)
            files = [p for p in out_dir.iterdir() if p.is_file() and not p.name.startswith(".")]
            site["size_mb"] = round(sum(p.stat().st_size for p in files) / 1e6, 2)
            site["files"] = len(files)
            index = out_dir / "search-index.js"
            site["search_index_kb"] = round(index.stat().st_size / 1e3) if index.is_file() else 0
            results.append(site)
        else:
            skipped.append({"work": "build html", "why": "this qmsdoc build has no html format"})
        pdf = "--pdf-engine" in help_text
        full = build("-f", "docx", "-f", "pdf", "--pdf-engine", "typst") if pdf else \
            build("-f", "docx")
        if not pdf:
            skipped.append({"work": "build docx+pdf (typst, libreoffice)",
                            "why": "this qmsdoc build has no PDF output (no --pdf-engine)"})
        for engine in args.engines if pdf else ():
            if engine == "libreoffice" and shutil.which("soffice") is None:
                skipped.append({"work": "build docx+pdf (libreoffice)",
                                "why": "LibreOffice is not installed"})
                continue
            runs = args.runs if engine == "typst" else min(args.runs, args.lo_runs)
            cmd = build("-f", "docx", "-f", "pdf", "--pdf-engine", engine)
            results.append(series(f"build docx+pdf ({engine})", runs, fresh, cmd, env=env))
        fresh(0)
        measure(full, env)  # the full output set (DOCX + PDF) the rebuilds start from
        results.append(series("rebuild no-op", args.runs, None, full, env=env))
        target = next(p for p in sorted((repo / "quy-trinh-tthc").rglob("QT-*.md")))
        original = target.read_bytes()

        def touch(i: int) -> None:
            target.write_bytes(original + f"\n- Ghi chú đo hiệu năng lần {i + 1}.\n".encode())

        try:
            results.append(series("rebuild one changed", args.runs, touch, full, env=env))
        finally:
            target.write_bytes(original)
    elif "build" not in args.skip:
        skipped.append({"work": "build, rebuild", "why": "no build command in this qmsdoc"})

    if "history" in cmds and "history" not in args.skip:
        results.append(series("history", args.runs, None,
                              qmsdoc("history", str(repo), "--format", "json"), env=env))
    elif "history" not in args.skip:
        skipped.append({"work": "history", "why": "no history command in this qmsdoc"})

    result["baseline"] = (None if "baseline" in args.skip else
                          baseline(repo, work / f"n{n}-baseline", n, args, skipped))
    result["machine"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    return result


def baseline(repo: Path, work: Path, n: int, args: argparse.Namespace,
             skipped: list[dict[str, str]]) -> dict[str, Any] | None:
    pandoc = tool_version(["pandoc", "--version"])
    soffice = tool_version(["soffice", "--version"])
    if pandoc is None:
        skipped.append({"work": "baseline", "why": "pandoc is not installed (Debian: pandoc)"})
        return None
    docs = documents(repo)
    sample = docs
    if args.baseline_sample and n > 50 and len(docs) > args.baseline_sample:
        sample = sorted(random.Random(args.seed).sample(docs, args.baseline_sample))
    shutil.rmtree(work, ignore_errors=True)
    (work / "docx").mkdir(parents=True)
    ref = work / "reference.docx"  # pandoc's own, as a team would start from
    subprocess.run(["pandoc", "-o", str(ref), "--print-default-data-file", "reference.docx"],
                   check=True)
    lst = work / "files.txt"
    lst.write_text("\n".join(str(p) for p in sample) + "\n", encoding="utf-8")
    # What a team scripts by hand: one pandoc per document, in a shell loop.
    script = ('while IFS= read -r f; do b=$(basename "$f" .md); '
              f'pandoc "$f" -f markdown -t docx --reference-doc "{ref}" '
              f'-o "{work}/docx/$b.docx" || exit 1; done < "{lst}"')
    print(f"  baseline: pandoc on {len(sample)} of {len(docs)} documents…", file=sys.stderr)
    m_pandoc = measure(["bash", "-c", script])
    res: dict[str, Any] = {"pandoc": pandoc, "documents": len(docs), "sample": len(sample),
                           "pandoc_s": m_pandoc["wall"], "pandoc_peak_mb": m_pandoc["peak_mb"],
                           "extrapolation": len(docs) / len(sample),
                           "docx_files": len(list((work / "docx").glob("*.docx")))}
    if m_pandoc["rc"] != 0 or res["docx_files"] != len(sample):
        skipped.append({"work": "baseline", "why": "pandoc failed: " + m_pandoc["stderr"][-300:]})
        return None
    if soffice is None:
        skipped.append({"work": "baseline PDF", "why": "LibreOffice is not installed (Debian: "
                                                       "libreoffice-writer-nogui)"})
    else:
        profile = work / "lo-profile"
        docx = sorted(str(p) for p in (work / "docx").glob("*.docx"))
        print(f"  baseline: soffice on {len(docx)} DOCX…", file=sys.stderr)
        m_lo = measure(["timeout", "3600", "soffice", f"-env:UserInstallation=file://{profile}",
                        "--headless", "--convert-to", "pdf", "--outdir", str(work / "pdf"),
                        *docx])
        res.update(soffice=soffice, soffice_s=m_lo["wall"], soffice_peak_mb=m_lo["peak_mb"],
                   pdf_files=len(list((work / "pdf").glob("*.pdf"))))
        if res["pdf_files"] != len(docx):
            skipped.append({"work": "baseline PDF", "why": f"LibreOffice wrote {res['pdf_files']}"
                            f" of {len(docx)} PDF: " + m_lo["stderr"][-300:]})
            del res["soffice_s"]
    k = res["extrapolation"]
    res["docx_total_s"] = res["pandoc_s"] * k
    if "soffice_s" in res:
        res["docx_pdf_total_s"] = (res["pandoc_s"] + res["soffice_s"]) * k
    return res


# --------------------------------------------------------------------------- reporting


def _fmt(x: float | None, unit: str = "s") -> str:
    if x is None:
        return "—"
    return f"{x:.0f} MB" if unit == "MB" else (f"{x:.2f} s" if x < 10 else f"{x:.1f} s")


def table(all_results: list[dict[str, Any]]) -> str:
    sizes = [r["n"] for r in all_results]
    by = {r["n"]: {x["work"]: x for x in r["results"]} for r in all_results}
    works = ["check cold", "check warm", "build docx", "build html", "build docx+pdf (typst)",
             "build docx+pdf (libreoffice)", "rebuild no-op", "rebuild one changed", "history"]
    head = "| work | " + " | ".join(f"N = {n}" for n in sizes) + " | target N=400 / 2000 |"
    lines = [head, "|---|" + "---|" * len(sizes) + "---|"]

    def cell(n: int, value: float | None, work: str, unit: str = "s") -> str:
        if value is None:
            return "skipped"
        tgt = TARGETS.get(work, {}).get(n)
        mark = "" if tgt is None else (" ✓" if value <= tgt else " ✗")
        return _fmt(value, unit) + mark

    for w in works:
        if not any(w in by[n] for n in sizes) and w.startswith("build docx+pdf"):
            continue
        cells = [cell(n, by[n][w]["median_s"] if w in by[n] else None, w) for n in sizes]
        tg = TARGETS.get(w)
        lines.append(f"| {w} | " + " | ".join(cells) + " | "
                     + (f"≤ {tg[400]:g} s / ≤ {tg[2000]:g} s" if tg else "") + " |")
    check_peaks = [max((x["peak_mb"] for w, x in by[n].items() if w.startswith("check")),
                       default=None) for n in sizes]
    lines.append("| peak memory, check | " + " | ".join(
        cell(n, p, "peak memory", "MB") for n, p in zip(sizes, check_peaks, strict=True))
        + " | ≤ 400 MB / ≤ 1 GB |")
    peaks = [max((x["peak_mb"] for x in by[n].values()), default=None) for n in sizes]
    lines.append("| peak memory (any run) | " + " | ".join(
        cell(n, p, "peak memory", "MB") for n, p in zip(sizes, peaks, strict=True))
        + " | ≤ 400 MB / ≤ 1 GB |")
    base_rows = []
    for label, key in (("baseline pandoc (DOCX)", "docx_total_s"),
                       ("baseline pandoc + LibreOffice (DOCX + PDF)", "docx_pdf_total_s")):
        vals = []
        for r in all_results:
            b = r.get("baseline") or {}
            v = b.get(key)
            note = "" if b.get("sample") == b.get("documents") else " (extrapolated)"
            vals.append(_fmt(v) + note if v is not None else "skipped")
        base_rows.append(f"| {label} | " + " | ".join(vals) + " | |")
    lines += base_rows
    ratios = []
    for r in all_results:
        b = r.get("baseline") or {}
        ours_docx = by[r["n"]].get("build docx", {}).get("median_s")
        parts = []
        if b.get("docx_total_s") and ours_docx:
            parts.append(f"DOCX {b['docx_total_s'] / ours_docx:.1f}×")
        for engine in ("typst", "libreoffice"):
            ours_pdf = (by[r["n"]].get(f"build docx+pdf ({engine})") or {}).get("median_s")
            if b.get("docx_pdf_total_s") and ours_pdf:
                parts.append(f"DOCX+PDF ({engine}) {b['docx_pdf_total_s'] / ours_pdf:.1f}×")
        ratios.append(", ".join(parts) or "—")
    lines.append("| speed-up over baseline | " + " | ".join(ratios) + " | ≥ 3× (DOCX + PDF) |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--_measure"]:
        _measure_main(argv[2:] if argv[1:2] == ["--"] else argv[1:])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="50,400,2000",
                    help="comma-separated N (default 50,400,2000)")
    ap.add_argument("--runs", type=int, default=3, help="runs per measurement, median (default 3)")
    ap.add_argument("--commits", type=int, default=5000, help="Git commits (default 5000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--baseline-sample", type=int, default=100,
                    help="documents the baseline converts at N > 50 (0: all; default 100)")
    ap.add_argument("--workdir", default=os.environ.get("QMSDOC_BENCH_DIR", "/tmp/qmsdoc-bench"),
                    help="where manuals and outputs are generated (default /tmp/qmsdoc-bench)")
    ap.add_argument("--results", default=str(HERE / "results"), help="folder for the JSON")
    ap.add_argument("--engines", default="typst,libreoffice",
                    help="PDF engines to build with (default typst,libreoffice)")
    ap.add_argument("--lo-runs", type=int, default=1,
                    help="runs of the (slow) LibreOffice engine build (default 1)")
    ap.add_argument("--skip", default="", help="comma-separated parts not to run: check, build, "
                    "history, baseline (said in the output)")
    ap.add_argument("--report", nargs="+", metavar="JSON",
                    help="print the table of earlier results (bench/results/*.json) and stop")
    args = ap.parse_args(argv)
    if args.report:
        old = [json.loads(Path(p).read_text(encoding="utf-8")) for p in args.report]
        old.sort(key=lambda r: r["n"])
        print(table(old))
        for r in old:
            for s in r["skipped"]:
                print(f"\nskipped at N = {r['n']}: {s['work']}: {s['why']}")
            m = r["machine"]
            print(f"\nN = {r['n']}: {r['date']}, {r['qmsdoc']}; {m['nproc']} × {m['cpu']}, "
                  f"{m['ram']}; load average {m['loadavg_start']} → {m.get('loadavg_end')}")
        return 0
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    cmds = commands()
    args.skip = {x.strip() for x in args.skip.split(",") if x.strip()}
    args.engines = [x.strip() for x in args.engines.split(",") if x.strip()]
    print(f"qmsdoc commands: {', '.join(sorted(cmds))}", file=sys.stderr)
    all_results = []
    Path(args.results).mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    for n in sizes:
        r = bench_size(n, args, cmds)
        path = Path(args.results) / f"{r['date']}-{n}.json"
        path.write_text(json.dumps(r, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"  → {path}", file=sys.stderr)
        all_results.append(r)
    print(table(all_results))
    skipped = {(s["work"], s["why"]) for r in all_results for s in r["skipped"]}
    for work, why in sorted(skipped):
        print(f"\nskipped: {work}: {why}")
    m = all_results[0]["machine"] if all_results else machine()
    print(f"\nmachine: {m['nproc']} × {m['cpu']}, {m['ram']}, Python {m['python']}; load "
          f"average at start {m['loadavg_start']}, end {os.getloadavg()[0]:.2f}; "
          f"total {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
