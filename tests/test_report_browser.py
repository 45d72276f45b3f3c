"""The HTML report in a real browser: headless Chromium opens it from disk (file://).

Chromium is driven over the Chrome DevTools Protocol on a pipe (``--remote-debugging-pipe``:
JSON messages ending in NUL on file descriptors 3 and 4,
https://chromedevtools.github.io/devtools-protocol/), so no port is opened and no client library
is needed. The tests read the DOM for every claim's verdict, watch the Network domain for any
request other than the report itself, take a screenshot, and open the evidence with real key
presses (Input.dispatchKeyEvent) with script disabled.

Chromium is Debian's ``chromium`` package, which ``.ci/run`` installs; without it the tests
skip locally and fail under CI.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from factcheck.cli import cli
from tests import xiaomi

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--remote-debugging-pipe",
)
TIMEOUT = 30.0


def chromium_binary() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run should have installed it (apt-get)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return found


class Browser:
    """One headless Chromium and one page, driven over the DevTools pipe."""

    def __init__(self, binary: str, profile: Path) -> None:
        to_browser_read, to_browser_write = os.pipe()
        from_browser_read, from_browser_write = os.pipe()
        # Move the child's ends above 3 and 4 first, so dup2 cannot clobber one with the other.
        child_in = os.dup(to_browser_read)
        child_out = os.dup(from_browser_write)
        for fd in (to_browser_read, from_browser_write):
            os.close(fd)

        def wire() -> None:
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        self.process = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=wire,  # noqa: PLW1509 — the only way to place the pipe at fds 3 and 4
            pass_fds=(3, 4),
        )
        os.close(child_in)
        os.close(child_out)
        self.writer = to_browser_write
        self.reader = from_browser_read
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict[str, Any]] = []
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]

    def _message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer from chromium")
            ready, _, _ = select.select([self.reader], [], [], left)
            if ready:
                chunk = os.read(self.reader, 1 << 20)
                if not chunk:
                    raise RuntimeError("chromium closed the DevTools pipe")
                self.buffer += chunk
        raw, _, self.buffer = self.buffer.partition(b"\0")
        message: dict[str, Any] = json.loads(raw)
        return message

    def send(self, method: str, params: dict[str, Any] | None = None, page: bool = False) -> Any:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if page:
            message["sessionId"] = self.session
        os.write(self.writer, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            answer = self._message(deadline)
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def page(self, method: str, params: dict[str, Any] | None = None) -> Any:
        return self.send(method, params, page=True)

    def wait_for(self, event: str) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        for index, seen in enumerate(self.events):
            if seen.get("method") == event:
                return self.events.pop(index)
        while True:
            message = self._message(deadline)
            if message.get("method") == event:
                return message
            self.events.append(message)

    def open(self, url: str) -> None:
        self.events.clear()
        self.page("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        result = self.page(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def press(self, key: str, code: str, key_code: int, text: str = "") -> None:
        """A trusted key press, as the keyboard would send it."""
        down: dict[str, Any] = {
            "type": "keyDown",
            "key": key,
            "code": code,
            "windowsVirtualKeyCode": key_code,
        }
        if text:
            down["text"] = text
        self.page("Input.dispatchKeyEvent", down)
        self.page(
            "Input.dispatchKeyEvent",
            {"type": "keyUp", "key": key, "code": code, "windowsVirtualKeyCode": key_code},
        )

    def requests(self) -> list[str]:
        """URLs of every request the page made since the last ``open``."""
        return [
            e["params"]["request"]["url"]
            for e in self.events
            if e.get("method") == "Network.requestWillBeSent"
        ]

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, TimeoutError, OSError):
            self.send("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self.writer)
        os.close(self.reader)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    binary = chromium_binary()
    chrome = Browser(binary, tmp_path_factory.mktemp("chromium-profile"))
    try:
        for domain in ("Page.enable", "Network.enable", "Runtime.enable", "Log.enable"):
            chrome.page(domain)
        chrome.page(
            "Emulation.setDeviceMetricsOverride",
            {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False},
        )
        yield chrome
    finally:
        chrome.close()


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    result = CliRunner().invoke(
        cli, ["report", *xiaomi.ARGS, "-o", str(out), "--date", "2025-01-15"]
    )
    assert result.exit_code == 0, result.output
    return out


def expected_verdicts() -> dict[str, str]:
    result = CliRunner().invoke(cli, ["claims", *xiaomi.ARGS, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    return {row["claim"].rsplit("/", 1)[-1]: row["verdict"] for row in rows}


CLAIMS_IN_DOM = """
[...document.querySelectorAll('article.claim')].map(a => ({
  id: a.id,
  verdict: a.dataset.verdict,
  badge: a.querySelector('h3 .badge').textContent.trim(),
  markers: document.querySelectorAll('#main a.ref[href="#' + a.id + '"]').length,
  visible: a.checkVisibility(),
}))
"""


def test_report_in_chromium(browser: Browser, report_file: Path, tmp_path: Path) -> None:
    url = report_file.resolve().as_uri()
    browser.open(url)

    # Every claim is on the page with the verdict that `factcheck claims` computes, as a word
    # in its badge, and its quote is marked once in the article text.
    claims = browser.evaluate(CLAIMS_IN_DOM)
    expected = expected_verdicts()
    assert len(expected) == 28
    assert {c["id"]: c["verdict"] for c in claims} == expected
    for claim in claims:
        assert claim["badge"].endswith(claim["verdict"].capitalize()), claim
        assert claim["markers"] == 1, claim
        assert claim["visible"], claim
    assert browser.evaluate("document.querySelectorAll('#opinions li.opinion').length") == 5

    # Nothing but the report itself was requested, and the page's policy blocked nothing.
    assert browser.requests() == [url]
    logged = [e["params"]["entry"] for e in browser.events if e.get("method") == "Log.entryAdded"]
    assert [e for e in logged if e["level"] in ("error", "warning")] == []

    # A screenshot of the whole page, kept with the test's files.
    height = browser.evaluate("document.documentElement.scrollHeight")
    shot = browser.page(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": 1280, "height": min(height, 6000), "scale": 1},
        },
    )
    png = base64.b64decode(shot["data"])
    (tmp_path / "report.png").write_bytes(png)
    if os.environ.get("FACTCHECK_SCREENSHOT"):
        Path(os.environ["FACTCHECK_SCREENSHOT"]).write_bytes(png)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) > 50_000


def test_evidence_opens_from_the_keyboard_without_script(
    browser: Browser, report_file: Path
) -> None:
    browser.page("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.open(report_file.resolve().as_uri())
        state = (
            "(() => { const d = document.querySelector('#claim-loss-per-su7 details');"
            " return {open: d.open, body: d.querySelector('.details-body').checkVisibility(),"
            " focused: document.activeElement === d.querySelector('summary')}; })()"
        )
        assert browser.evaluate(state) == {"open": False, "body": False, "focused": False}
        # Tab from the link just before the summary lands on the summary ...
        browser.evaluate("document.querySelector('#claim-loss-per-su7 .where a').focus()")
        browser.press("Tab", "Tab", 9)
        assert browser.evaluate(state) == {"open": False, "body": False, "focused": True}
        # ... Enter opens the evidence, and Space closes it again.
        browser.press("Enter", "Enter", 13, "\r")
        assert browser.evaluate(state) == {"open": True, "body": True, "focused": True}
        browser.press(" ", "Space", 32, " ")
        assert browser.evaluate(state) == {"open": False, "body": False, "focused": True}
        # The focused summary shows a visible focus ring.
        browser.press("Tab", "Tab", 9, "")
        browser.press("Tab", "Tab", 9, "")
        outline = browser.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline == "solid"
    finally:
        browser.page("Emulation.setScriptExecutionDisabled", {"value": False})


def test_evidence_is_printed_open(browser: Browser, report_file: Path) -> None:
    browser.open(report_file.resolve().as_uri())
    body = "document.querySelector('#claim-musk-quote .details-body').checkVisibility()"
    assert browser.evaluate(body) is False
    browser.page("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert browser.evaluate(body) is True
        assert browser.evaluate("getComputedStyle(document.querySelector('nav')).display") == (
            "none"
        )
    finally:
        browser.page("Emulation.setEmulatedMedia", {"media": ""})


def test_the_network_check_sees_a_request(browser: Browser, tmp_path: Path) -> None:
    """The harness itself: a page that fetches something is caught."""
    page = tmp_path / "leaky.html"
    page.write_text('<!DOCTYPE html><img src="http://127.0.0.1:9/pixel.png" alt="">')
    browser.open(page.resolve().as_uri())
    assert "http://127.0.0.1:9/pixel.png" in browser.requests()
