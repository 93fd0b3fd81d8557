"""The report in a real browser (headless Chromium, the Debian package): it renders without a
console error and asks for nothing but itself, in light and dark, at 360 px and wide, without
sideways scrolling; the DOM shows hostile text as text; printing gives a PDF.

Skipped, with the reason, only where chromium is missing and CI is not set. The screenshots
are kept in ``build/browser/`` (or ``$SELFLEAD_ARTEFACTS``), the build artefact the README names.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import Result

from browser import Browser, chromium, run_flags
from report_journal import GROW_ANSWER, HOSTILE, TODAY, make_journal

Run = Callable[..., Result]
ARTEFACTS = Path(
    os.environ.get("SELFLEAD_ARTEFACTS")
    or Path(__file__).resolve().parent.parent / "build" / "browser"
)
VIEWS = [(360, False), (360, True), (1280, False), (1280, True)]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    opened = Browser(chromium())
    yield opened
    opened.close()


@pytest.fixture
def page_file(run: Run, journal: Path, tmp_path: Path) -> Path:
    make_journal(run, journal)
    target = tmp_path / "report.html"
    done = run("report", "-o", str(target), env={"SELFLEAD_TODAY": TODAY})
    assert done.exit_code == 0, done.stderr
    return target


@pytest.mark.parametrize(("width", "dark"), VIEWS)
def test_it_renders_quietly_asks_for_nothing_and_fits(
    browser: Browser, page_file: Path, width: int, dark: bool
) -> None:
    url = page_file.as_uri()
    page = browser.open(url, width=width, dark=dark)
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    name = f"report-{width}-{'dark' if dark else 'light'}.png"
    (ARTEFACTS / name).write_bytes(page.screenshot)
    assert page.errors == []
    assert page.requests == [url]  # the page itself, and nothing else
    assert page.scroll_width <= page.client_width == width  # no sideways scroll
    assert page.screenshot.startswith(b"\x89PNG")


def test_the_checks_catch_a_page_that_reaches_out(browser: Browser, page_file: Path) -> None:
    """The same report with an image from elsewhere and an inline script: the browser refuses
    both (the page's policy) and the checks above see it."""
    html = page_file.read_text(encoding="utf-8")
    tampered = page_file.with_name("tampered.html")
    tampered.write_text(
        html.replace(
            "</main>",
            '<img src="http://example.invalid/pixel.png"><script>console.log(1)</script></main>',
        ),
        encoding="utf-8",
    )
    page = browser.open(tampered.as_uri(), width=360, dark=False)
    said = " ".join(m["text"] for m in page.errors)
    assert "Content Security Policy" in said
    assert "script" in said.lower() and "img-src" in said


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_the_dom_shows_hostile_text_as_text(page_file: Path, tmp_path: Path) -> None:
    done = run_flags(chromium(), tmp_path / "profile", "--dump-dom", page_file.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = _Text()
    dom.feed(done.stdout.decode("utf-8"))
    assert "script" not in dom.tags and "img" not in dom.tags and "b" not in dom.tags
    text = "".join(dom.text)
    assert HOSTILE.replace("\u202e", "\\u202e").replace("\u202c", "\\u202c") in text
    assert GROW_ANSWER in text
    assert "\u202e" not in text
    assert dom.tags.count("svg") >= 4  # the charts after the hostile text are still whole


def test_printing_gives_a_pdf(page_file: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    done = run_flags(
        chromium(),
        tmp_path / "profile",
        f"--print-to-pdf={pdf}",
        "--no-pdf-header-footer",
        page_file.as_uri(),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert data.count(b"/Type /Page") - data.count(b"/Type /Pages") >= 2
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    (ARTEFACTS / "report.pdf").write_bytes(data)
