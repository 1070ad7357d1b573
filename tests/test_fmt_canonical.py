"""qmsdoc.fmt_canonical: "already canonical" is only said of files the round trip keeps.

The checker exists so that ``fmt --check`` need not run ruamel.yaml's round trip on every file.
It may answer "don't know" (the round trip then decides) but never "canonical" for a file that
``fmt`` would change: that would let a badly formatted file pass CI. These tests hold it to the
round trip on the sample, on the real records and on files mutated in the ways people and
editors spoil YAML.
"""

from __future__ import annotations

import random
import shutil
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from qmsdoc.fmt import FormatError, format_bytes, format_paths
from qmsdoc.fmt_canonical import is_canonical, wrap_flow_list
from qmsdoc.migrate import migrate_bytes

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_manual"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from real.convert import all_records, write_repository  # noqa: E402


def _round_trip_keeps(rel: str, data: bytes, is_config: bool) -> bool:
    try:
        new = migrate_bytes(rel, format_bytes(rel, data, is_config=is_config),
                            bare_day_is_working=False)
    except FormatError:
        return False
    return new == data


def _sources(root: Path) -> list[tuple[str, bytes, bool]]:
    return [(p.relative_to(root).as_posix(), p.read_bytes(), p.name == "qms.yaml")
            for p in sorted(root.rglob("*")) if p.suffix in (".md", ".yaml", ".yml")]


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("real")
    write_repository(root, all_records())
    format_paths([root], cache=False)  # the records as fmt leaves them
    return root


def test_every_file_of_the_sample_is_known_canonical() -> None:
    sources = _sources(SAMPLE)
    assert len(sources) > 50
    unknown = [rel for rel, data, cfg in sources
               if not is_canonical(rel, data, is_config=cfg, bare_day_working=False)]
    assert unknown == []
    assert all(_round_trip_keeps(rel, data, cfg) for rel, data, cfg in sources)


def test_the_formatted_real_records_are_known_canonical(real: Path) -> None:
    sources = _sources(real)
    assert len(sources) == 63
    for rel, data, cfg in sources:
        assert _round_trip_keeps(rel, data, cfg), rel
        assert is_canonical(rel, data, is_config=cfg, bare_day_working=False), rel


def test_a_long_published_condition_stays_on_one_line(real: Path) -> None:
    # Some real conditions run to several thousand characters; fmt once broke them over lines
    # at column 4096 (and then could not tell canonical files quickly). Now a value is never
    # broken, and one broken by an older fmt is joined again, with the same meaning.
    longest = max(_sources(real), key=lambda s: max(map(len, s[1].split(b"\n"))))
    rel, data, _ = longest
    assert max(map(len, data.decode().split("\n"))) > 4096
    lines = data.decode().split("\n")
    n, line = max(enumerate(lines), key=lambda x: len(x[1]))
    cut = line.rindex(" ", 0, 4000)
    old = "\n".join([*lines[:n], line[:cut], "  " + line[cut + 1:], *lines[n + 1:]])
    assert format_bytes(rel, old.encode()) == data


# --------------------------------------------------------------------------- mutations

_VALUES = ["~", "null", "yes", "True", "012", "1_000", "2026-1-5", "15/01/2026", "2026-01-15",
           "0x10", "1.5", '"a\\tb"', "'it''s'", '"x"', "'x'", "5 ngày lv", "3 ngày làm việc",
           "-0", "7", "true", "", "a # b", "[a,b]", "[a, b]", "[]", "{}", "{a: b}", "&x y", "*x",
           "!!str z", "\u2028x", "x\ufeff", "a  b", "e\u0301", "|", "|-", ">", "x:y", "- z",
           "2026-02-30", "-5", "+5", "1e3", ".5", "x\\y", "2026-01-15 10:00"]
_Mutation = Callable[[list[str], random.Random], None]
_MUTATIONS: list[_Mutation] = []


def _mutation(f: _Mutation) -> _Mutation:
    _MUTATIONS.append(f)
    return f


def _with_value(lines: list[str], r: random.Random) -> int | None:
    found = [i for i, line in enumerate(lines) if ": " in line]
    return r.choice(found) if found else None


@_mutation
def _indent(lines: list[str], r: random.Random) -> None:
    i = r.randrange(len(lines))
    lines[i] = " " + lines[i] if r.random() < 0.5 or not lines[i].startswith(" ") \
        else lines[i][1:]


@_mutation
def _trailing_space(lines: list[str], r: random.Random) -> None:
    lines[r.randrange(len(lines))] += r.choice([" ", "\t"])


@_mutation
def _comment(lines: list[str], r: random.Random) -> None:
    if r.random() < 0.5:
        lines.insert(r.randrange(len(lines) + 1), " " * r.choice([0, 1, 2, 4, 6]) + "# ghi chú")
    else:
        lines[r.randrange(len(lines))] += r.choice([" # c", "  # c", "#c"])


@_mutation
def _blank(lines: list[str], r: random.Random) -> None:
    lines.insert(r.randrange(len(lines) + 1), "")


@_mutation
def _spacing(lines: list[str], r: random.Random) -> None:
    i = r.randrange(len(lines))
    lines[i] = lines[i].replace(": ", ":  ", 1) if r.random() < 0.5 \
        else lines[i].replace("- ", "-  ", 1)


@_mutation
def _swap(lines: list[str], r: random.Random) -> None:
    if len(lines) > 2:
        i = r.randrange(len(lines) - 1)
        lines[i], lines[i + 1] = lines[i + 1], lines[i]


@_mutation
def _value(lines: list[str], r: random.Random) -> None:
    if (i := _with_value(lines, r)) is not None:
        key, value = lines[i].split(": ", 1)
        if r.random() < 0.5:
            lines[i] = f"{key}: {r.choice(_VALUES)}"
        else:
            quote = r.choice(["'", '"'])
            lines[i] = f"{key}: {quote}{value}{quote}"


@_mutation
def _block(lines: list[str], r: random.Random) -> None:
    if (i := _with_value(lines, r)) is not None:
        key = lines[i].split(": ", 1)[0]
        indent = len(key) - len(key.lstrip()) + r.choice([1, 2, 3, 4])
        body = [" " * indent + "dòng một", " " * indent + r.choice(["dòng hai", "", "  thụt"])]
        body += [""] * r.choice([0, 0, 1])
        lines[i:i + 1] = [f"{key}: {r.choice(['|', '|-', '|+', '>', '>-', '|2'])}", *body]


@_mutation
def _flow(lines: list[str], r: random.Random) -> None:
    if (i := _with_value(lines, r)) is not None:
        key = lines[i].split(": ", 1)[0]
        items = [r.choice(["4.1", '"8.2"', "Phòng Tư pháp", "a#b", "'x'", "7", "dài" * 10])
                 for _ in range(r.randrange(1, 30))]
        if r.random() < 0.5:
            lines[i:i + 1] = wrap_flow_list(f"{key}: [", items)
        else:
            lines[i] = f"{key}: [" + r.choice([", ", ","]).join(items) + "]"


@_mutation
def _dates(lines: list[str], r: random.Random) -> None:
    found = [i for i, line in enumerate(lines) if line.rstrip()[-10:].count("-") == 2
             and line.rstrip()[-10:-6].isdigit()]
    if found:
        i = r.choice(found)
        y, m, d = lines[i][-10:].split("-")
        lines[i] = lines[i][:-10] + r.choice([f"'{y}-{m}-{d}'", f"{d}/{m}/{y}", f"{int(d)}/{m}/{y}",
                                              f"{y}-{int(m)}-{int(d)}"])


@_mutation
def _odd(lines: list[str], r: random.Random) -> None:
    i = r.randrange(len(lines))
    if r.random() < 0.5:
        lines[i] = r.choice(["---", "...", "? k", "<<: *a", "a: &x 1", "b: *x", "-"]) + lines[i]
    else:
        lines[i] += r.choice(["\r", "\u2028", "\ufeff", "\u0301"])
        if r.random() < 0.3:
            lines[i] = unicodedata.normalize("NFD", lines[i])


@_mutation
def _duplicate(lines: list[str], r: random.Random) -> None:
    i = r.randrange(len(lines))
    lines.insert(i + 1, lines[i])


def _mutate(text: str, r: random.Random) -> str:
    lines = text.split("\n")[:-1]
    for _ in range(r.choice([1, 1, 2, 3])):
        if lines:
            r.choice(_MUTATIONS)(lines, r)
    return "\n".join(lines) + r.choice(["\n", "\n", "\n\n", ""])


@pytest.mark.parametrize("seed", range(4))
def test_canonical_is_never_said_of_a_file_fmt_would_change(real: Path, seed: int) -> None:
    r = random.Random(seed)
    base = _sources(SAMPLE) + _sources(real)[:20]
    said, kept = 0, 0
    for _ in range(150):
        rel, data, cfg = r.choice(base)
        mutated = _mutate(data.decode(), r).encode("utf-8", "surrogatepass")
        if is_canonical(rel, mutated, is_config=cfg, bare_day_working=False):
            said += 1
            assert _round_trip_keeps(rel, mutated, cfg), mutated.decode(errors="replace")
        else:
            kept += _round_trip_keeps(rel, mutated, cfg)
    # The mutations are not all harmful: some canonical files must come out of them, and
    # most of those must be recognised (else the test proves nothing).
    assert said > 10
    assert said >= 2 * kept


def test_a_blank_line_before_the_first_key_is_not_canonical() -> None:
    data = b"---\n\nkind: form\ncode: BM-01\ntitle: X\n---\nbody\n"
    assert not _round_trip_keeps("BM-01.md", data, False)
    assert not is_canonical("BM-01.md", data, is_config=False, bare_day_working=False)


def test_fmt_check_finds_a_spoiled_file_among_canonical_ones(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(SAMPLE, repo)
    spoiled = repo / "quy-trinh-tthc" / "QT-10-dang-ky-khai-sinh.md"
    spoiled.write_text(spoiled.read_text(encoding="utf-8").replace("\ncode:", "\ncode: ", 1)
                       .replace("\ntitle: ", "\ntitle:  ", 1), encoding="utf-8")
    outcomes = format_paths([repo], check=True, cache=False)
    assert [o.rel.rsplit("/", 1)[-1] for o in outcomes if o.changed] == [spoiled.name]
    assert not any(o.error for o in outcomes)
