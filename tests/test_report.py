"""``selflead report``: the HTML file as written (private, never replaced without --force,
stdout with -o -), what it holds, what --no-text leaves out, and that every word typed is
escaped. The page in a real browser is tested in test_report_browser.py."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import stat
import subprocess
import sys
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from typer.testing import Result

from helpers import one_error
from report_journal import GOAL_TITLE, GROW_ANSWER, HOSTILE, PLAN_WILL, TODAY, make_journal
from selflead.chars import visible
from selflead.core.report import build_report
from selflead.models import AreaCheckin, Entry
from selflead.store.journal import Store
from selflead.transfer.report import chunks

Run = Callable[..., Result]


def report(run: Run, *args: str) -> Result:
    return run("report", *args, env={"SELFLEAD_TODAY": TODAY})


class Page(HTMLParser):
    """The tags, attributes, the stylesheet and the text of a page."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.metas: list[dict[str, str | None]] = []
        self.style = ""
        self.text: list[str] = []
        self._in_style = False
        self.feed(html)
        self.close()

    @property
    def words(self) -> str:
        """The page's text, each piece one space from the next."""
        return re.sub(r"\s+", " ", " ".join(self.text))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += attrs
        if tag == "meta":
            self.metas.append(dict(attrs))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data
        else:
            self.text.append(data)


@pytest.fixture
def written(run: Run, journal: Path, tmp_path: Path) -> Path:
    make_journal(run, journal)
    target = tmp_path / "report.html"
    done = report(run, "-o", str(target))
    assert done.exit_code == 0, done.stderr
    assert done.stderr.startswith(
        f"Wrote the report for Fri 28 Nov 2025 – Fri 27 Nov 2026 (12 days checked in) to {target}"
    )
    return target


def test_the_file_is_private_and_replaced_only_with_force(run: Run, written: Path) -> None:
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    before = written.read_bytes()
    refused = report(run, "-o", str(written), "--no-text")
    one_error(refused, 2, f"error: {written} already exists; pass --force")
    assert written.read_bytes() == before
    done = report(run, "-o", str(written), "--no-text", "--force")
    assert done.exit_code == 0, done.stderr
    assert written.read_bytes() != before
    assert stat.S_IMODE(written.stat().st_mode) == 0o600


def test_dash_writes_the_page_to_stdout(run: Run, journal: Path) -> None:
    make_journal(run, journal)
    done = report(run, "-o", "-")
    assert done.exit_code == 0, done.stderr
    assert done.stdout.startswith("<!DOCTYPE html>")
    assert done.stdout.rstrip().endswith("</html>")


def test_every_word_typed_is_escaped(written: Path) -> None:
    html = written.read_text(encoding="utf-8")
    page = Page(html)
    assert "script" not in page.tags and "img" not in page.tags and "b" not in page.tags
    assert "i" not in page.tags
    text = "".join(page.text)
    visible_hostile = HOSTILE.replace("\u202e", "\\u202e").replace("\u202c", "\\u202c")
    for typed in (visible_hostile, GROW_ANSWER, PLAN_WILL, GOAL_TITLE):
        assert typed in text, typed
    assert "\u202e" not in html  # the bidi override is shown as its escape, never acts
    assert html.count("<svg") == html.count("</svg>")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;/svg&gt;" in html


def test_the_page_loads_nothing_and_allows_only_its_own_stylesheet(written: Path) -> None:
    page = Page(written.read_text(encoding="utf-8"))
    policy = next(
        m["content"] for m in page.metas if m.get("http-equiv") == "Content-Security-Policy"
    )
    assert policy is not None
    rules = dict(rule.strip().split(" ", 1) for rule in policy.split(";"))
    assert rules["default-src"] == "'none'"
    assert rules["script-src"] == "'none'"
    digest = base64.b64encode(hashlib.sha256(page.style.encode()).digest()).decode()
    assert rules["style-src"] == f"'sha256-{digest}'"
    assert "script" not in page.tags
    names = {name for name, _ in page.attributes}
    assert not names & {"src", "href", "srcset", "action", "style"}
    assert not [n for n in names if n.startswith("on")]
    assert "url(" not in page.style and "@import" not in page.style


def test_the_sections_state_the_spans_numbers(written: Path) -> None:
    page = Page(written.read_text(encoding="utf-8"))
    text = page.words
    assert "12 of 365 days checked in (12 check-ins), so far." in text
    # communication 1..5, 1..5, 1, 2: (15 + 15 + 3) / 12
    assert "Communication 2.75 mean of 12 ratings" in text
    assert "Emotions 2.00 mean of 1 rating" in text
    for title in (
        "Each area by week",
        "A year in pixels",
        "Each area by weekday",
        "Commitments",
        "Goals",
        "Reflections",
        "GROW reflections",
    ):
        assert f" {title} " in f" {text} ", title
    assert "2026-W48 · no occasion yet" in text
    assert "Close 12 deals <script> Goals open" in text
    assert "Will: Ask before advising" in text
    assert "Friday 20 November 2026" in text


def test_no_text_shares_numbers_only(run: Run, journal: Path, tmp_path: Path) -> None:
    make_journal(run, journal)
    target = tmp_path / "numbers.html"
    done = report(run, "--no-text", "-o", str(target))
    assert done.exit_code == 0, done.stderr
    assert "numbers only" in done.stderr
    html = target.read_text(encoding="utf-8")
    text = "".join(Page(html).text)
    for typed in ("Plain day", "alert(1)", "Ask before advising", "ask one question", "Close 12"):
        assert typed not in html, typed
    assert "1on1" not in html
    assert "Communication" in text and "A year in pixels" in text
    assert "Goal 1" in text and "no occasion yet" in text


def test_the_span_is_checked_before_anything_is_written(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    one_error(
        report(run, "--from", "2026-11-20", "--to", "2026-11-01", "-o", str(target)),
        2,
        "error: --from 2026-11-20 is after --to 2026-11-01",
    )
    one_error(report(run, "-o", str(tmp_path / "no" / "r.html")), 2, "error: the folder")
    assert not target.exists()


def test_an_empty_journal_still_gives_a_page(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    done = report(run, "--from", "2026-11-01", "-o", str(target))
    assert done.exit_code == 0, done.stderr
    text = Page(target.read_text(encoding="utf-8")).words
    assert "0 of 27 days checked in (0 check-ins), so far." in text
    assert "Each area by week" not in text


def test_a_damaged_day_is_left_out_and_named_in_the_page(
    run: Run, journal: Path, tmp_path: Path
) -> None:
    make_journal(run, journal)
    (journal / "entries" / "2026" / "2026-11-20.json").write_text("{ not json", encoding="utf-8")
    target = tmp_path / "r.html"
    done = report(run, "-o", str(target))
    assert done.exit_code == 0, done.stderr
    assert "left out" in done.stderr and "2026-11-20.json" in done.stderr
    text = Page(target.read_text(encoding="utf-8")).words
    assert "11 of 365 days checked in" in text
    assert "Left out 2026-11-20.json could not be read (" in text
    assert "Friday 20 November 2026" not in text


@pytest.mark.slow
def test_an_installed_copy_finds_its_templates(run: Run, journal: Path, tmp_path: Path) -> None:
    """A wheel's install, run from another folder, writes the report: the templates ship."""
    repo = Path(__file__).resolve().parent.parent
    wheels, site = tmp_path / "wheels", tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "--quiet"]
    build = subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(repo)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    [wheel] = wheels.glob("selflead-*.whl")
    install = subprocess.run(
        [*pip, "install", "--no-deps", "--target", str(site), str(wheel)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stderr
    make_journal(run, journal)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    probe = (
        f"import sys; sys.path.insert(0, {str(site)!r}); import selflead; "
        "print(selflead.__file__, file=sys.stderr); "
        "sys.argv = ['selflead', 'report', '-o', 'r.html']; "
        "from selflead.cli.app import main; main()"
    )
    done = subprocess.run(
        [sys.executable, "-I", "-c", probe],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env={**os.environ, "SELFLEAD_HOME": str(journal), "SELFLEAD_TODAY": TODAY},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith(str(site))
    assert "A year in pixels" in (elsewhere / "r.html").read_text(encoding="utf-8")


def _page_with(tmp_path: Path, typed: str) -> tuple[str, Entry]:
    """A report of a journal holding one check-in whose emotions reflection is ``typed``."""
    entry = Entry(
        id="e1",
        date=date(2026, 11, 20),
        created=datetime(2026, 11, 20, tzinfo=UTC),
        emotions=AreaCheckin(rating=3, reflection=typed),
    )
    store = Store(tmp_path / uuid.uuid4().hex)  # a journal of its own for every example
    store.add_entry(entry)
    report = build_report(store, date(2026, 11, 1), None, date(2026, 11, 27), with_text=True)
    return "".join(chunks(report, store, datetime(2026, 11, 27, tzinfo=UTC))), entry


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.text(
        # Markup's own characters often, any other character (but lone surrogates) too.
        st.one_of(
            st.sampled_from("<<<>&&;\"'/=!-ab \n\u202e"), st.characters(exclude_categories=("Cs",))
        ),
        min_size=1,
        max_size=80,
    )
)
@example("<b>x</b> &amp; </svg><!-- \u202e")
def test_any_reflection_is_text_in_the_page(tmp_path: Path, typed: str) -> None:
    """Whatever is typed comes back from the page's text exactly as the terminal shows it
    (``visible``), and adds no tag or attribute: the page has the tags of a plain one."""
    try:
        html, entry = _page_with(tmp_path, typed)
    except ValidationError:
        assume(False)
        return
    page = Page(html)
    assert visible(entry.emotions.reflection) in "".join(page.text)
    plain = Page(_page_with(tmp_path, "plain")[0])
    assert page.tags == plain.tags
    assert [name for name, _ in page.attributes] == [name for name, _ in plain.attributes]


def _tagged_weeks(run: Run) -> None:
    """30 days before TODAY: communication 5 on the 15 days tagged 1on1, 2 on the others."""
    last = date.fromisoformat(TODAY)
    for back in range(30):
        day = (last - timedelta(days=back)).isoformat()
        tagged = back % 2 == 0
        args = ["--rate", f"communication={5 if tagged else 2}", "--rate", "goals=3"]
        done = run("checkin", "--date", day, *args, *(["--tag", "1on1"] if tagged else []))
        assert done.exit_code == 0, done.stderr


def test_the_report_shows_the_spans_insights(run: Run, journal: Path, tmp_path: Path) -> None:
    _tagged_weeks(run)
    target = tmp_path / "r.html"
    done = report(run, "--from", "2026-10-01", "-o", str(target))
    assert done.exit_code == 0, done.stderr
    text = Page(target.read_text(encoding="utf-8")).words
    assert " Insights " in text
    assert "On days tagged 1on1, the communication rating tends to be higher: 5.00 vs 2.00" in text
    assert "associations" in text  # said as an association, never a cause


def test_no_text_leaves_the_tag_insights_out(run: Run, journal: Path, tmp_path: Path) -> None:
    _tagged_weeks(run)
    target = tmp_path / "r.html"
    done = report(run, "--from", "2026-10-01", "--no-text", "-o", str(target))
    assert done.exit_code == 0, done.stderr
    html = target.read_text(encoding="utf-8")
    assert " Insights " in Page(html).words
    assert "1on1" not in html
