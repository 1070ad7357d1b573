"""``qmsdoc init``: every profile's pack is a valid repository with one commit; CI never prompts."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from qmsdoc.cli import app
from qmsdoc.scaffold.packs import available_profiles, initials, place_from_name

runner = CliRunner()
ORG = "UBND xã Thử Nghiệm"
# Two-level local government (from 1 July 2025): the district profile is not offered.
PROFILES = ["co-quan-hanh-chinh-xa", "co-quan-hanh-chinh-so", "co-quan-hanh-chinh-tinh",
            "doanh-nghiep"]


def _init(target: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["init", str(target), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                          check=True).stdout


def test_every_profile_has_a_pack() -> None:
    assert sorted(available_profiles()) == sorted(PROFILES)


@pytest.mark.parametrize("profile", PROFILES)
def test_init_makes_a_valid_repository_with_one_commit(tmp_path: Path, profile: str) -> None:
    x = tmp_path / "x"
    code, out = _init(x, "--profile", profile, "--org", ORG)
    assert code == 0, out
    check = runner.invoke(app, ["check", str(x), "--format", "json"])
    diags = json.loads(check.stdout)
    assert [d for d in diags if d["severity"] == "error"] == []
    assert check.exit_code == 0
    # Placeholders are warnings that say what to fill in.
    placeholders = [d for d in diags if d["code"] == "QMS108"]
    assert placeholders and all(d["severity"] == "warning" for d in placeholders)
    assert any("họ và tên" in d["message"] for d in placeholders)
    assert _git(x, "rev-list", "--count", "HEAD").strip() == "1"
    assert _git(x, "status", "--porcelain") == ""  # .qmsdoc/ (schemas) is ignored
    for name in (".gitignore", ".github/workflows/qmsdoc.yml", ".pre-commit-config.yaml",
                 "qms.yaml", ".vscode/settings.json", ".qmsdoc/schema/qms.schema.json"):
        assert (x / name).is_file(), name
    assert "_build/" in (x / ".gitignore").read_text(encoding="utf-8")
    # qmsdoc fmt has nothing to change in a fresh pack.
    fmt = runner.invoke(app, ["fmt", str(x), "--check"])
    assert fmt.exit_code == 0, fmt.output


@pytest.mark.parametrize("profile", PROFILES)
def test_init_result_builds(tmp_path: Path, profile: str) -> None:
    if "build" not in typer.main.get_command(app).commands:  # type: ignore[attr-defined]
        pytest.skip("qmsdoc build is not available in this version")
    x = tmp_path / "x"
    assert _init(x, "--profile", profile, "--org", ORG)[0] == 0
    result = runner.invoke(app, ["build", str(x)])
    assert result.exit_code == 0, result.output


def test_org_name_fills_the_documents(tmp_path: Path) -> None:
    x = tmp_path / "x"
    assert _init(x, "-p", "co-quan-hanh-chinh-xa", "--org", ORG, "--no-git")[0] == 0
    qms = (x / "qms.yaml").read_text(encoding="utf-8")
    assert f"name: {ORG}" in qms
    assert "place: Thử Nghiệm" in qms and "short_name: UBND" in qms
    assert "8.3" in qms and "justification" in qms  # the profile's usual exclusions, justified
    policy = next((x / "chinh-sach").glob("*.md")).read_text(encoding="utf-8")
    assert ORG in policy
    assert not (x / ".git").exists()


def test_department_profile_derives_the_short_name(tmp_path: Path) -> None:
    x = tmp_path / "x"
    assert _init(x, "-p", "co-quan-hanh-chinh-so", "--org", "Sở Khoa học và Công nghệ",
                 "--no-git")[0] == 0
    assert "short_name: SKHCN" in (x / "qms.yaml").read_text(encoding="utf-8")
    assert initials("Sở Nội vụ") == "SNV"
    assert place_from_name("Ủy ban nhân dân phường Hòa Khánh") == "Hòa Khánh"


def test_non_empty_folder_is_refused_without_force(tmp_path: Path) -> None:
    x = tmp_path / "x"
    x.mkdir()
    (x / "qms.yaml").write_text("# của tôi\n", encoding="utf-8")
    code, out = _init(x, "-p", "doanh-nghiep", "--org", "Công ty TNHH Thử Nghiệm")
    assert code == 2 and "--force" in out
    code, out = _init(x, "-p", "doanh-nghiep", "--org", "Công ty TNHH Thử Nghiệm", "--force",
                      "--no-git")
    assert code == 0, out
    assert (x / "qms.yaml").read_text(encoding="utf-8") == "# của tôi\n"  # never overwritten
    assert (x / "chinh-sach").is_dir()


def test_missing_values_are_a_usage_error_without_a_terminal(tmp_path: Path) -> None:
    code, out = _init(tmp_path / "x", "--profile", "doanh-nghiep")
    assert code == 2
    assert "--org" in out
    code, out = _init(tmp_path / "y", "--org", ORG)
    assert code == 2 and "co-quan-hanh-chinh-xa" in out  # lists the profiles
    code, out = _init(tmp_path / "z", "--profile", "khong-co", "--org", ORG)
    assert code == 2
    assert not (tmp_path / "x").exists() and not (tmp_path / "z").exists()


def test_english_messages(tmp_path: Path) -> None:
    code, out = _init(tmp_path / "x", "--profile", "doanh-nghiep", "--lang", "en")
    assert code == 2 and "Missing --org" in out


def test_first_commit_falls_back_to_a_default_author(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "none"))
    for var in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME",
                "GIT_COMMITTER_EMAIL", "EMAIL"):
        monkeypatch.delenv(var, raising=False)
    x = tmp_path / "x"
    code, out = _init(x, "-p", "doanh-nghiep", "--org", "Công ty TNHH Thử Nghiệm")
    assert code == 0, out
    assert _git(x, "log", "--format=%an <%ae>").strip() == "qmsdoc init <qmsdoc@localhost>"


def test_control_characters_in_org_are_refused(tmp_path: Path) -> None:
    code, out = _init(tmp_path / "x", "-p", "doanh-nghiep", "--org", "A\nB: c")
    assert code == 2


def test_prompts_for_missing_values_on_a_terminal(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import qmsdoc.cli.init as cli_init

    monkeypatch.setattr(cli_init, "_interactive", lambda: True)
    choice = sorted(available_profiles()).index("doanh-nghiep") + 1
    x = tmp_path / "x"
    result = runner.invoke(app, ["init", "--no-git"], input=f"{x}\n{choice}\nCông ty TNHH A\n")
    assert result.exit_code == 0, result.output
    assert "profile: doanh-nghiep" in (x / "qms.yaml").read_text(encoding="utf-8")
    assert "name: Công ty TNHH A" in (x / "qms.yaml").read_text(encoding="utf-8")


def test_packs_ship_as_package_data() -> None:
    """setuptools' package-data globs skip dotfiles: pack files use dot-… names instead."""
    from qmsdoc.scaffold.packs import packs_root

    root = Path(str(packs_root()))
    names = [p.relative_to(root).as_posix() for p in root.rglob("*")]
    assert names and not [n for n in names if any(part.startswith(".") for part in
                                                  n.split("/"))]


# ------------------------------------------------- two-level local government (issue 15, 8)
def test_init_refuses_the_district_profile_and_says_why(tmp_path: Path) -> None:
    code, out = _init(tmp_path / "x", "--profile", "co-quan-hanh-chinh-huyen", "--org",
                      "UBND huyện Hòa Vang", "--no-git")
    assert code == 2
    flat = " ".join(out.split())
    assert "01/07/2025" in flat and "hai cấp" in flat
    assert "co-quan-hanh-chinh-xa" in flat and "co-quan-hanh-chinh-so" in flat
    assert not (tmp_path / "x").exists()


def test_init_help_lists_the_two_level_profiles_only() -> None:
    result = runner.invoke(app, ["init", "--help"])
    flat = "".join(result.output.split())
    for pid in ("co-quan-hanh-chinh-xa", "co-quan-hanh-chinh-so", "co-quan-hanh-chinh-tinh"):
        assert pid in flat
    assert "co-quan-hanh-chinh-huyen" not in flat


@pytest.mark.parametrize(("org", "unit", "word"), [
    ("UBND phường Hải Châu", None, "phường"),
    ("Ủy ban nhân dân đặc khu Côn Đảo", None, "đặc khu"),
    ("UBND xã Tân Lập", None, "xã"),
    ("UBND Côn Đảo", "dac-khu", "đặc khu"),
    ("UBND Hải Châu", "phường", "phường"),
])
def test_commune_pack_takes_the_unit_from_the_name_or_unit(tmp_path: Path, org: str,
                                                           unit: str | None, word: str) -> None:
    x = tmp_path / "x"
    code, out = _init(x, "--profile", "co-quan-hanh-chinh-xa", "--org", org, "--no-git",
                      *(["--unit", unit] if unit else []))
    assert code == 0, out
    cfg = (x / "qms.yaml").read_text(encoding="utf-8")
    assert f"title: Chủ tịch UBND {word}\n" in cfg
    assert f"Trung tâm Phục vụ hành chính công {word}" in cfg
    others = {"xã", "phường", "đặc khu"} - {word}
    assert not any(f"Chủ tịch UBND {o}\n" in cfg for o in others)
    check = runner.invoke(app, ["check", str(x), "--format", "json"])
    assert [d for d in json.loads(check.stdout) if d["severity"] == "error"] == []


def test_unit_is_checked(tmp_path: Path) -> None:
    code, out = _init(tmp_path / "x", "--profile", "co-quan-hanh-chinh-xa", "--org", ORG,
                      "--unit", "huyen", "--no-git")
    assert code == 2 and "xa (xã), phuong (phường), dac-khu (đặc khu)" in " ".join(out.split())
    code, out = _init(tmp_path / "y", "--profile", "co-quan-hanh-chinh-so", "--org",
                      "Sở Nội vụ", "--unit", "xa", "--no-git")
    assert code == 2 and "--unit" in out


def test_agency_packs_mark_unverified_legal_references(tmp_path: Path) -> None:
    x = tmp_path / "x"
    code, out = _init(x, "--profile", "co-quan-hanh-chinh-tinh", "--org",
                      "Ban Quản lý Khu kinh tế tỉnh Quảng Ngãi", "--no-git")
    assert code == 0, out
    from qmsdoc.load import load_repository

    docs = {d.id: d for d in load_repository(x).repo.legal_documents}
    assert docs["118/2025/NĐ-CP"].verified is True
    assert {k for k, d in docs.items() if d.verified is not True} == {
        "01/2018/TT-VPCP", "19/2014/QĐ-TTg", "101/2018/QĐ-TTg"}
    text = (x / "dang-ky" / "van-ban-phap-luat.yaml").read_text(encoding="utf-8")
    assert text.count("chưa kiểm chứng") >= 3
    assert "short_name: BQLKKTTQN\n" in (x / "qms.yaml").read_text(encoding="utf-8")


def test_interactive_init_lists_the_two_level_profiles_with_their_titles(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import qmsdoc.cli.init as init_cli

    monkeypatch.setattr(init_cli, "_interactive", lambda: True)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["init", "--no-git"],
                           input="moi\nco-quan-hanh-chinh-xa\nUBND phường An Hải\n")
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "co-quan-hanh-chinh-xa — Ủy ban nhân dân cấp xã (xã, phường, đặc khu)" in flat
    assert "co-quan-hanh-chinh-tinh" in flat and "co-quan-hanh-chinh-huyen" not in flat
    assert "Chủ tịch UBND phường" in (tmp_path / "moi" / "qms.yaml").read_text(encoding="utf-8")
