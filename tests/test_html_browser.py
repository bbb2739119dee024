"""The HTML payslip opened in a real headless browser: it renders, is not blank and does not overflow A4 width.

The test suite also makes the docs' screenshot of an employee payslip (docs/images/payslip-zh.png): it is
rewritten only with SCHEMERULES_UPDATE_GOLDEN=1; otherwise a fresh render must have the same size.
"""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess
import zlib

import pytest

from schemerules import load_scheme

ROOT = pathlib.Path(__file__).parent.parent
BROWSER = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
         "--window-size=794,1123"]   # A4 at 96 dpi

pytestmark = pytest.mark.skipif(BROWSER is None, reason="no headless browser: install Debian's chromium "
                                                        "(apt-get install chromium fonts-noto-cjk); .ci/run does")


def pages(tmp_path, lang, view="auditor"):
    scheme = load_scheme(ROOT / "schemes" / "appliance_retail_ksf.yaml")
    results = scheme.evaluate_batch([
        {"employee_id": "K1", "name": "王伟", "store": "西湖店", "month": "2025-03", "sales": "532万",
         "wage_cost_ratio": "27.35%"},
        {"employee_id": "K2", "name": "一个名字非常非常长的员工" * 3, "store": "店" * 80, "month": "2025-03",
         "sales": "99999999999.99", "wage_cost_ratio": "1%"},
        {"employee_id": "K3", "store": "西湖店", "month": "2025-03", "wage_cost_ratio": "27%"},
    ])
    from schemerules.render.html import trace_html
    return trace_html([r.explain() for r in results], lang, view, company="蓝海家电有限公司" * (view == "employee"))


def run(args, tmp_path):
    return subprocess.run([BROWSER, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, timeout=120)


def distinct_pixel_bytes(png: bytes) -> int:
    """How many different byte values the image data holds (a blank page holds a handful)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, data = 8, b""
    while pos < len(png):
        length = int.from_bytes(png[pos:pos + 4], "big")
        kind = png[pos + 4:pos + 8]
        if kind == b"IDAT":
            data += png[pos + 8:pos + 8 + length]
        pos += 12 + length
    return len(set(zlib.decompress(data)))


@pytest.mark.parametrize("lang, view", [(lang, view) for lang in ("zh", "en") for view in ("employee", "auditor")])
def test_payslip_page_renders_without_overflow(tmp_path, lang, view):
    """The page screenshots to a non-blank image, and no content is wider than the A4 viewport."""
    page = tmp_path / "slips.html"
    text = pages(tmp_path, lang, view)
    assert "http://" not in text and "https://" not in text and "<script" not in text   # standalone
    page.write_text(text, encoding="utf-8")
    shot = tmp_path / "shot.png"
    run([f"--screenshot={shot}", page.as_uri()], tmp_path)
    assert shot.exists() and distinct_pixel_bytes(shot.read_bytes()) > 30
    probe = tmp_path / "probe.html"
    probe.write_text(text.replace("</body>", "<script>document.body.setAttribute('data-overflow', "
                                  "String(document.documentElement.scrollWidth > document.documentElement.clientWidth"
                                  " || [...document.querySelectorAll('.slip *')].some(e => e.scrollWidth > "
                                  "e.clientWidth + 1 && getComputedStyle(e).overflow !== 'visible')));</script></body>"),
                     encoding="utf-8")
    dom = run(["--dump-dom", probe.as_uri()], tmp_path).stdout.decode("utf-8")
    assert 'data-overflow="false"' in dom


SCREENSHOT = ROOT / "docs" / "images" / "payslip-zh.png"
SHOT_WIDTH = 760


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def employee_page() -> str:
    """The docs' example: one employee's payslip, in Chinese, as the employee reads it."""
    scheme = load_scheme(ROOT / "schemes" / "appliance_retail_ksf.yaml")
    result = scheme.evaluate({"employee_id": "K0001", "name": "王伟", "store": "西湖店", "month": "2025-03",
                              "sales": "532万", "wage_cost_ratio": "27.35%"})
    from schemerules.render.html import trace_html
    return trace_html([result.explain()], "zh", "employee", company="蓝海家电有限公司")


def test_the_docs_screenshot_of_an_employee_payslip_is_current(tmp_path):
    """docs/images/payslip-zh.png is the employee payslip as chromium shows it, cut to the page's height."""
    text = employee_page()
    probe = tmp_path / "probe.html"
    probe.write_text(text.replace("</body>", "<script>document.body.setAttribute('data-height', "
                                  "String(Math.ceil(document.documentElement.scrollHeight)));</script></body>"),
                     encoding="utf-8")
    dom = run([f"--window-size={SHOT_WIDTH},400", "--dump-dom", probe.as_uri()], tmp_path).stdout.decode("utf-8")
    height = int(re.search(r'data-height="(\d+)"', dom).group(1))
    page = tmp_path / "payslip.html"
    page.write_text(text, encoding="utf-8")
    shot = tmp_path / "payslip-zh.png"
    flags = [f for f in FLAGS if not f.startswith("--window-size")]
    subprocess.run([BROWSER, *flags, f"--user-data-dir={tmp_path / 'profile'}", f"--window-size={SHOT_WIDTH},{height}",
                    f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120)
    png = shot.read_bytes()
    assert distinct_pixel_bytes(png) > 30 and png_size(png) == (SHOT_WIDTH, height)
    if os.environ.get("SCHEMERULES_UPDATE_GOLDEN"):
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        SCREENSHOT.write_bytes(png)
    assert SCREENSHOT.exists(), "run SCHEMERULES_UPDATE_GOLDEN=1 pytest tests/test_html_browser.py to make it"
    assert png_size(SCREENSHOT.read_bytes()) == png_size(png), \
        "the payslip's layout changed: look at it, then SCHEMERULES_UPDATE_GOLDEN=1 pytest tests/test_html_browser.py"
