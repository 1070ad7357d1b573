"""The built site of sample_manual in a real headless Chromium (the distribution's package,
driven by selenium): opened from disk (file://) and from a local static server. Skipped when
Chromium or its driver is not installed; .ci/run installs both, so they run in CI."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from qmsdoc.build import BuildOptions
from qmsdoc.commands.build import build
from tests.build.test_build import TODAY, set_formats

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
try:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:  # pragma: no cover - selenium is in the [test] extra
    webdriver = None  # type: ignore[assignment]

pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER and webdriver is not None),
                                reason="chromium, chromedriver or selenium not installed")
DRAFT_FORM = "BM-12-01"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from qmsdoc_testing import SAMPLE

    root = tmp_path_factory.mktemp("browser") / "sample"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("_build", ".qmsdoc"))
    form = next((root / "bieu-mau").rglob(f"{DRAFT_FORM}*"))
    text = form.read_text(encoding="utf-8")
    form.write_text(re.sub(r"^status: .*$", "status: draft", text, count=1, flags=re.M),
                    encoding="utf-8")
    result = build(set_formats(root, "html"), BuildOptions(jobs=1, today=TODAY))
    assert result.ok, result.diagnostics
    return root / "_build"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    options = Options()
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--window-size=1200,900"):
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="qmsdoc-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    options.binary_location = CHROMIUM or ""
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(DRIVER or ""))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def requested(driver: Any) -> list[str]:
    """Every URL the browser asked for since the last call (DevTools network events)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def results(driver: Any) -> list[str]:
    WebDriverWait(driver, 10).until(
        lambda d: d.find_element(By.ID, "search-status").text.strip() != "")
    return [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#search-results a")]


def test_home_page_renders_from_disk_and_from_a_server(browser: Any, site: Path,
                                                       server: str) -> None:
    for base in (site.as_uri() + "/", server):
        browser.get(base + "index.html")
        assert browser.find_element(By.TAG_NAME, "h1").text == "Ủy ban nhân dân xã Hòa Phong"
        assert browser.execute_script("return document.documentElement.lang") == "vi"
        nav = browser.find_elements(By.CSS_SELECTOR, "header.site nav a")
        assert len(nav) == 7
        chart = browser.find_element(By.CSS_SELECTOR, "figure.chart svg")
        assert chart.is_displayed() and chart.size["width"] > 100
        # the style sheet was applied (nothing inline): the header band has its colour
        band = browser.find_element(By.CSS_SELECTOR, "header.site")
        assert band.value_of_css_property("background-color") == "rgba(242, 244, 247, 1)"


@pytest.mark.parametrize("query", ["dang ky khai sinh", "Đăng ký khai sinh", "QT-10",
                                   "1.001193"])
def test_search_lists_qt10_first(browser: Any, server: str, query: str) -> None:
    browser.get(server + "tim-kiem.html")
    box = browser.find_element(By.ID, "q")
    box.send_keys(query)
    found = results(browser)
    assert found and found[0].startswith("QT-10 ·"), found[:3]


def test_search_from_the_box_of_a_page_opened_from_disk(browser: Any, site: Path) -> None:
    browser.get((site / "QT-11.html").as_uri())
    box = browser.find_element(By.ID, "q")
    box.send_keys("dang ky khai sinh", Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda d: "tim-kiem.html" in d.current_url)
    found = results(browser)
    assert found[0].startswith("QT-10 ·")
    assert "Chứng thực" not in " ".join(found[:3])


def test_following_a_form_link_opens_the_forms_page(browser: Any, site: Path,
                                                   server: str) -> None:
    for base in (site.as_uri() + "/", server):
        browser.get(base + "QT-10.html")
        link = browser.find_element(By.LINK_TEXT, "BM-10-01")
        link.click()
        WebDriverWait(browser, 10).until(lambda d: d.current_url.endswith("BM-10-01.html"))
        assert browser.find_element(By.TAG_NAME, "h1").text.startswith("BM-10-01 ·")


def test_public_tthc_listing_filters_by_field_and_sorts(browser: Any, server: str) -> None:
    browser.get(server + "thu-tuc-hanh-chinh.html")
    rows = browser.find_elements(By.CSS_SELECTOR, "table[data-filter-column] tbody tr")
    assert len(rows) >= 10

    def visible_fields() -> list[str]:
        return [r.find_elements(By.TAG_NAME, "td")[3].text for r in rows if r.is_displayed()]

    assert {"Hộ tịch", "Chứng thực"} <= set(visible_fields())
    select = Select(browser.find_element(By.CSS_SELECTOR, ".filter select"))
    select.select_by_visible_text("Chứng thực")
    shown = visible_fields()
    assert shown and set(shown) == {"Chứng thực"} and len(shown) < len(rows)
    select.select_by_index(0)  # all fields again
    assert len(visible_fields()) == len(rows)
    def codes() -> list[str]:
        return [r.find_elements(By.TAG_NAME, "td")[0].text
                for r in browser.find_elements(By.CSS_SELECTOR, "tbody tr")]

    def numeric(code: str) -> tuple[int, ...]:
        return tuple(int(n) for n in re.findall(r"\d+", code))

    before = codes()
    header = browser.find_elements(By.CSS_SELECTOR, "thead th")[0]
    header.find_element(By.TAG_NAME, "button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    assert codes() == sorted(before, key=numeric)
    header.find_element(By.TAG_NAME, "button").click()
    assert header.get_attribute("aria-sort") == "descending"
    assert codes() == sorted(before, key=numeric, reverse=True)


def test_draft_document_shows_its_banner(browser: Any, server: str) -> None:
    browser.get(server + f"{DRAFT_FORM}.html")
    banner = browser.find_element(By.CSS_SELECTOR, ".draft-banner")
    assert banner.is_displayed() and "DỰ THẢO" in banner.text
    browser.get(server + "QT-10.html")
    assert not browser.find_elements(By.CSS_SELECTOR, ".draft-banner")


def test_keyboard_reaches_the_skip_link_first(browser: Any, server: str) -> None:
    browser.get(server + "QT-10.html")
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    active = browser.switch_to.active_element
    assert active.get_attribute("class") == "skip"
    active.send_keys(Keys.ENTER)
    assert browser.current_url.endswith("#main")


PAGES = ("index.html", "QT-10.html", "BM-10-01.html", "thu-tuc-hanh-chinh.html",
         "van-ban-phap-luat.html", "lich-cong-viec.html", "danh-muc-tai-lieu.html",
         "ma-tran-dap-ung.html", "tim-kiem.html?q=khai+sinh")


def test_no_page_asks_for_anything_outside_the_site(browser: Any, site: Path,
                                                    server: str) -> None:
    for base in (server, site.as_uri() + "/"):
        requested(browser)  # drop what came before
        for page in PAGES:
            browser.get(base + page)
            browser.execute_script("return document.readyState")
        urls = requested(browser)
        assert any(u.endswith("qmsdoc.css") for u in urls)
        assert any(u.endswith("search-index.js") for u in urls)
        # chrome:// is the browser's own pages (its new-tab page), never the network
        outside = [u for u in urls if not u.startswith((base, "data:", "chrome://"))]
        assert outside == []


def test_the_scripts_folding_is_the_index_builders(browser: Any, server: str) -> None:
    from qmsdoc.render.html import fold

    # Latin letters with their marks (Vietnamese is in Latin Extended Additional); other
    # scripts may differ where the browser's Unicode is newer than Python's
    latin = [*range(0x20, 0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00)]
    text = " ".join(chr(cp) for cp in latin) + " Đăng ký khai sinh ĐIỀU ƯỚC Ỹ e\u0301"
    browser.get(server + "tim-kiem.html")
    assert browser.execute_script("return window.qmsdocFold(arguments[0])", text) == fold(text)
