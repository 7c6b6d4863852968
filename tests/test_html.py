"""The HTML report for e-mail (issue 8): pinned by a golden file, every CRM value escaped,
nothing fetched from anywhere, a company's own templates first, and drawn by a real browser
on a desktop and a phone."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from lxml import html as lxml_html

from ropkit import pipeline
from ropkit.errors import RopkitError
from ropkit.periods import PeriodKind
from ropkit.render import html
from ropkit.scorecard import Report

DEMO = Path(__file__).parents[1] / "src" / "ropkit" / "demo" / "norms.yaml"
ARTIFACTS = Path(__file__).parent / "artifacts"
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def demo_report() -> Report:
    return pipeline.run(DEMO, PeriodKind.MONTH, datetime(2026, 11, 25, 16), evidence=True).report


@pytest.fixture(scope="module")
def demo_page(demo_report: Report) -> str:
    return html.render(demo_report)


def test_demo_page_is_pinned(demo_page: str, golden: Callable[[str, str], None]) -> None:
    # nothing on the page is volatile once the as-of moment is fixed: no clock, no version
    golden("demo_report.html", demo_page)


def test_the_page_reads_as_the_terminal_does(demo_page: str) -> None:
    # the figures of tests/golden/demo_month.txt, formatted the same way
    dom = lxml_html.fromstring(demo_page)
    assert "прошло 16,8 из 20 рабочих дней" in dom.xpath("string(//p[@class='period'])")
    team = dom.xpath("//table[@class='sc'][1]//tr[@class='total']/td")
    assert [td.text_content() for td in team[:4]] == [
        "Итого по отделу",
        "15\xa0728\xa0100",
        "17\xa0875\xa0000",
        "87% ✗",
    ]
    # the light is a cell colour and a mark: it reads without colour too
    assert team[3].get("class") == "st-red" and "background-color: #fddada" in team[3].get("style")
    # the charts' figures are the report's: the team's last fact and the period's plan
    legend = dom.xpath("string((//svg)[2]/g[1])")
    assert "15\xa0728\xa0100\xa0₽" in legend and "21\xa0500\xa0000\xa0₽" in legend
    assert len(dom.xpath("//svg")) == 2


def _escaping_project(project: Callable[..., Path]) -> Path:
    return project(
        **{
            "norms.yaml": f"""
                team: "<b>Sales</b> & Co"
                language: en
                sources:
                  deals:
                    path: deals.csv
                    columns: {{id: ID, manager: Manager, amount: Amount, stage: Stage,
                              closed_at: Closed}}
                    won: [Won]
                plan: {{revenue: 1000}}
                managers: [{{name: "{SCRIPT}"}}, {{name: Anna}}]
            """,
            # 1 row of 3 rejected (its date is a tag): above 5%, an alert at the top
            "deals.csv": f"""
                ID,Manager,Amount,Stage,Closed
                1,{SCRIPT},500,Won,2026-11-10
                2,Anna,700,Won,2026-11-11
                3,Anna,100,Won,<img src=x onerror=alert(2)>
            """,
        }
    )


def test_every_crm_value_is_escaped(project: Callable[..., Path]) -> None:
    config = _escaping_project(project)
    report = pipeline.run(config, PeriodKind.MONTH, datetime(2026, 11, 30, 18), evidence=True)
    page = html.render(report.report)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # in the tables and the chart
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 2
    assert "<script" not in page.lower()
    assert "<img" not in page and "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "&lt;b&gt;Sales&lt;/b&gt; &amp; Co" in page
    # the alert comes before any figure
    assert "⚠ deals: 33% of the rows rejected (1 of 3)" in page
    assert page.index("⚠") < page.index('class="sc"')


@pytest.mark.parametrize("which", ["demo", "escaping"])
def test_nothing_is_fetched_from_anywhere(
    which: str, demo_page: str, project: Callable[..., Path]
) -> None:
    if which == "demo":
        page = demo_page
    else:
        config = _escaping_project(project)
        page = html.render(pipeline.run(config, PeriodKind.MONTH, datetime(2026, 11, 30)).report)
    lower = page.lower()
    assert "<script" not in lower and "<link" not in lower and "@import" not in lower
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:|//)""", lower)
    assert "url(" not in lower and "<img" not in lower and "<iframe" not in lower
    # the CSS is inlined into the elements; only the phone layout stays in a <style>
    styles = re.findall(r"<style[^>]*>(.*?)</style>", page, re.S)
    assert len(styles) == 1 and styles[0].strip().startswith("@media")


def test_a_company_template_folder_is_searched_first(demo_report: Report, tmp_path: Path) -> None:
    # a company replaces only base.html (its logo and colour); report.html and the tables
    # are still ropkit's
    (tmp_path / "base.html").write_text(
        "<!DOCTYPE html><html><head><style>.logo { color: #ff6600; }</style></head><body>"
        '<p class="logo">ACME Trading</p><h1>{{ team_name }}</h1>'
        "{% block content %}{% endblock %}{% block footer %}{% endblock %}</body></html>",
        encoding="utf-8",
    )
    page = html.render(demo_report, templates=tmp_path)
    assert '<p class="logo" style="color: #ff6600;">ACME Trading</p>' in page
    assert "<h1>Отдел продаж (демо)</h1>" in page
    assert "Итого по отделу" in page and page.count("<svg") == 2
    assert "ACME Trading" not in html.render(demo_report)


def test_a_missing_template_folder_is_an_error_that_says_so(
    demo_report: Report, tmp_path: Path
) -> None:
    with pytest.raises(RopkitError, match="no such folder"):
        html.render(demo_report, templates=tmp_path / "nowhere")


def test_the_templates_ship_in_the_package_or_come_from_the_repository() -> None:
    folder = html.builtin_templates()
    assert {"base.html", "report.html", "partials.html"} <= {p.name for p in folder.iterdir()}


# --- a real browser ----------------------------------------------------------------------


def _chromium() -> str:
    found = shutil.which("chromium")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but chromium is not installed: .ci/run must install it")
        pytest.skip("chromium is not installed (apt-get install chromium); CI runs this test")
    return found


def _browse(chromium: str, profile: Path, *args: str) -> str:
    result = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_chromium_draws_the_page_on_a_desktop_and_a_phone(
    demo_report: Report, demo_page: str, tmp_path: Path
) -> None:
    chromium = _chromium()
    page = tmp_path / "demo_report.html"
    page.write_text(demo_page, encoding="utf-8")
    url = page.as_uri()

    dom = lxml_html.fromstring(_browse(chromium, tmp_path / "profile", "--dump-dom", url))
    tables = dom.xpath("//table[contains(@class, 'sc')]")
    # outcomes, activity per sales mode; why revenue is behind, the early warnings, the
    # regulations, the large deals, the training
    assert len(tables) == 8
    outcome_rows = [r.text_content().strip() for r in tables[0].xpath(".//tbody/tr/td[1]")]
    assert outcome_rows == [c.name for c in demo_report.managers] + ["Итого по отделу"]
    behind = [r.text_content().strip() for r in tables[3].xpath(".//tbody/tr/td[1]")]
    assert behind == list(demo_report.gaps)
    rules = [r.text_content().strip() for r in tables[5].xpath(".//tbody/tr/td[1]")]
    assert rules == [c.name for c in demo_report.managers] + ["Итого по отделу"]
    deals = [r.text_content().strip() for r in tables[6].xpath(".//tbody/tr/td[1]")]
    assert deals == [d.id for d in demo_report.regulations.large_deals]
    assert len(dom.xpath("//svg")) == 2

    ARTIFACTS.mkdir(exist_ok=True)
    for name, (width, height) in {"desktop": (1200, 1600), "phone": (412, 2000)}.items():
        shot = ARTIFACTS / f"demo_report_{name}.png"
        shot.unlink(missing_ok=True)
        _browse(
            chromium,
            tmp_path / f"profile_{name}",
            f"--screenshot={shot}",
            f"--window-size={width},{height}",
            url,
        )
        assert _png_size(shot) == (width, height)
