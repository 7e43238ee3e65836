"""The exported report in a real headless browser: charts draw, widgets show, text is right to left,
nothing is fetched from the network, and nothing an article contains runs.

Uses Debian's Chromium driven by playwright (no browser download). Where Chromium is missing, the test
installs it with apt-get (as CI does) instead of skipping.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from workbench.report import run_report

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic"]
PAYLOAD_SCRIPT = "<script>window.__pwned = 1</script>"
PAYLOAD_IMG = '<img src=x onerror="window.__pwned = 1">'


def chromium_path() -> str:
    path = shutil.which("chromium")
    if path:
        return path
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "update", "-qq"], check=True, timeout=600)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True, timeout=1200,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        path = shutil.which("chromium")
    if not path:
        pytest.fail("Chromium is not installed and could not be installed: `apt-get install chromium`")
    return path


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus")
    for seed in sorted((ROOT / "seeds").glob("*.txt"))[:3]:
        (corpus / seed.name).write_bytes(seed.read_bytes())
    (corpus / "hostile.txt").write_text(
        "الرئيسية / أخبار / " + PAYLOAD_SCRIPT + "\n"
        "قال وزير الخارجية الروسي سيرغي لافروف في أستانا إن سوريا " + PAYLOAD_IMG + " وروسيا وتركيا وإيران "
        "اتفقت في 4 مايو 2017 على مناطق خفض التصعيد، وإن a < b && c > d " + PAYLOAD_SCRIPT + " كما قال لافروف.",
        encoding="utf-8")
    out = tmp_path_factory.mktemp("reports")
    run_report(corpus, out, notebooks_dir=ROOT / "notebooks")
    return out


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


def open_page(browser, path: Path):
    page = browser.new_page(viewport={"width": 1200, "height": 1600})
    page.errors, page.remote = [], []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("request", lambda r: page.remote.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
    page.goto(path.as_uri())
    page.wait_for_timeout(2500)
    return page


@pytest.mark.parametrize("name, min_charts", [("01_load_and_clean", 1), ("02_entity_counts", 3),
                                              ("03_round_comparison", 3), ("04_interactive_explorer", 2)])
def test_pages_draw_offline_and_run_nothing_from_articles(report, browser, name, min_charts, tmp_path):
    page = open_page(browser, report / f"{name}.html")
    assert page.remote == [], page.remote  # no network at all
    assert page.errors == [], page.errors
    charts = page.locator(".plotly-graph-div .main-svg")
    assert charts.count() >= min_charts
    assert page.locator(".plotly-graph-div .main-svg .bars, .plotly-graph-div .main-svg .hm, "
                        ".plotly-graph-div .main-svg .scatterlayer").count() >= 1
    assert page.evaluate("typeof window.__pwned") == "undefined"
    page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
    page.close()


def test_widgets_show_their_saved_state_right_to_left(report, browser):
    page = open_page(browser, report / "04_interactive_explorer.html")
    assert page.locator(".jupyter-widgets").count() > 5
    kwic = page.locator("table.wb-kwic")
    assert kwic.count() >= 1 and page.locator("table.wb-kwic mark").count() >= 1
    cell = page.locator('table.wb-kwic td[dir="rtl"]').first
    assert cell.evaluate("el => getComputedStyle(el).direction") == "rtl"
    reader = page.locator("div.wb-reader")
    assert reader.count() == 1 and reader.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert page.evaluate("typeof window.__pwned") == "undefined"
    page.close()


def test_hostile_text_shows_as_text(report, browser):
    page = open_page(browser, report / "04_interactive_explorer.html")
    page.locator("select").first.wait_for()
    body = page.inner_text("body")
    assert PAYLOAD_IMG in body or PAYLOAD_SCRIPT in body  # shown literally in the explorer's context lines
    assert page.evaluate("typeof window.__pwned") == "undefined"
    page.close()
    page = open_page(browser, report / "01_load_and_clean.html")
    assert PAYLOAD_SCRIPT in page.inner_text("body")  # the removed breadcrumb, in the changes table
    assert page.evaluate("typeof window.__pwned") == "undefined"
    page.close()
