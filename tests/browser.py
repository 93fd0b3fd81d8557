"""Headless Chromium for the report's tests: the browser as it is installed (the Debian
``chromium`` package), driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``:
JSON messages ended by a NUL byte on descriptors 3 and 4), so no port and no extra library.

``Browser.open`` loads a page at a width and a colour scheme and records what a test asks
about: every console message and log entry, every request the page made, its scroll width, a
full-page screenshot. ``chromium()`` finds the program, or says why the tests cannot run.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

# Flags for a quiet, private, offline browser: no first run, no background traffic, and every
# host name unresolvable, so a request that slipped through could not reach anything either.
FLAGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--hide-scrollbars",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--host-resolver-rules=MAP * ~NOTFOUND",
]
Params = dict[str, Any] | None
TIMEOUT = 120  # seconds: a guard against a hung browser, never a timing assertion


def chromium() -> str:
    """The browser's path; without one, a skip (or, under CI, a failure: there it must run)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI", "").lower() not in {"", "0", "false", "no"}:
        pytest.fail("CI is set but chromium is not on PATH: .ci/run installs it with apt-get")
    pytest.skip("chromium is not installed (apt-get install chromium); CI runs these tests")


def run_flags(program: str, profile: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Chromium's own one-shot modes (``--dump-dom``, ``--print-to-pdf``)."""
    return subprocess.run(
        [program, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )


@dataclass
class Page:
    """What a page did while it loaded, and how it laid out."""

    url: str
    width: int
    dark: bool
    scroll_width: int = 0
    client_width: int = 0
    messages: list[dict[str, Any]] = field(default_factory=list)  # console and log entries
    requests: list[str] = field(default_factory=list)  # every URL the page asked for
    screenshot: bytes = field(default=b"", repr=False)

    @property
    def errors(self) -> list[dict[str, Any]]:
        return [m for m in self.messages if m.get("level") in {"error", "warning"}]


class Browser:
    def __init__(self, program: str) -> None:
        self.profile = Path(tempfile.mkdtemp(prefix="selflead-chromium-"))
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # The browser reads commands on its descriptor 3 and answers on 4: the child puts the
        # pipe's ends there before exec, and nothing is closed after that (close_fds=False).
        self.process = subprocess.Popen(
            [program, *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={self.profile}"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,
            preexec_fn=_place(to_browser_r, from_browser_w),
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next = 0
        self._events: list[dict[str, Any]] = []

    # ---- the protocol
    def _send(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> int:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        return self._next

    def _receive(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        message: dict[str, Any] = json.loads(raw)
        return message

    def call(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> dict[str, Any]:
        wanted = self._send(method, params, session)
        while True:
            message = self._receive()
            if message.get("id") == wanted:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            self._events.append(message)

    def _wait_for(self, method: str, session: str) -> None:
        for i, event in enumerate(self._events):
            if event.get("method") == method and event.get("sessionId") == session:
                del self._events[i]
                return
        while True:
            message = self._receive()
            self._events.append(message)
            if message.get("method") == method and message.get("sessionId") == session:
                self._events.pop()
                return

    # ---- a page
    def open(
        self, url: str, *, width: int, dark: bool, height: int = 800, longest: int = 4000
    ) -> Page:
        """Load ``url``; the screenshot is the whole page, down to ``longest`` pixels."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable", session=session)
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
            session,
        )
        scheme = "dark" if dark else "light"
        self.call(
            "Emulation.setEmulatedMedia",
            {"features": [{"name": "prefers-color-scheme", "value": scheme}]},
            session,
        )
        self._events.clear()
        self.call("Page.navigate", {"url": url}, session)
        self._wait_for("Page.loadEventFired", session)
        page = Page(url, width, dark)
        sizes = self.call(
            "Runtime.evaluate",
            {
                "expression": "[document.documentElement.scrollWidth, "
                "document.documentElement.clientWidth]",
                "returnByValue": True,
            },
            session,
        )["result"]["value"]
        page.scroll_width, page.client_width = sizes
        metrics = self.call("Page.getLayoutMetrics", session=session)["cssContentSize"]
        shot = self.call(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {
                    "x": 0,
                    "y": 0,
                    "width": width,
                    "height": min(metrics["height"], longest),
                    "scale": 1,
                },
            },
            session,
        )
        page.screenshot = base64.b64decode(shot["data"])
        for event in self._events:
            if event.get("sessionId") != session:
                continue
            method, params = event.get("method"), event.get("params", {})
            if method == "Log.entryAdded":
                entry = params["entry"]
                page.messages.append({"level": entry["level"], "text": entry.get("text", "")})
            elif method == "Runtime.consoleAPICalled":
                level = "error" if params["type"] in {"error", "assert"} else params["type"]
                page.messages.append({"level": level, "text": str(params.get("args"))})
            elif method == "Runtime.exceptionThrown":
                page.messages.append({"level": "error", "text": str(params["exceptionDetails"])})
            elif method == "Network.requestWillBeSent":
                page.requests.append(params["request"]["url"])
        self._events.clear()
        self.call("Target.closeTarget", {"targetId": target})
        return page

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, OSError):
            self.call("Browser.close")
        try:
            self.process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)
        shutil.rmtree(self.profile, ignore_errors=True)


def _place(reading: int, writing: int) -> Any:
    """In the child, before exec: the pipe ends on descriptors 3 and 4, as Chromium wants."""

    def place() -> None:
        read_copy, write_copy = os.dup(reading), os.dup(writing)
        os.dup2(read_copy, 3)
        os.dup2(write_copy, 4)

    return place
