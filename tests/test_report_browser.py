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
    if os.environ.get("FACTCHECK_SCREENSHOT"):  # the README's picture: the article
        y = browser.evaluate("document.querySelector('.legend').getBoundingClientRect().top")
        top = browser.page(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": y - 20, "width": 1280, "height": 1100, "scale": 1},
            },
        )
        Path(os.environ["FACTCHECK_SCREENSHOT"]).write_bytes(base64.b64decode(top["data"]))
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


# --- Issue 18: a report a reader trusts on any screen ------------------------------------------

LAYOUT = """
(() => {
  const width = document.documentElement.clientWidth;
  const boxes = [...document.querySelectorAll('article.claim, table, .table-scroll')]
    .filter(e => e.checkVisibility());
  return {
    page: document.documentElement.scrollWidth <= width,
    over: boxes.filter(e => e.getBoundingClientRect().right > width + 0.5
      || (e.matches('article.claim') && e.scrollWidth > e.clientWidth + 1))
      .map(e => e.id || e.className || e.tagName),
    checked: boxes.length,
  };
})()
"""

SHARED = """
(() => {
  const verdicts = Object.fromEntries([...document.querySelectorAll('article.claim')]
    .map(a => [a.id, a.dataset.verdict]));
  return [...document.querySelectorAll('mark.hl.shared.level-0')].map(inner => {
    const chain = [];
    for (let m = inner; m && m.matches('mark.hl'); m = m.parentElement) {
      chain.push({claim: m.dataset.claim, matches: m.classList.contains('v-' +
        (verdicts[m.dataset.claim] || 'opinion'))});
    }
    return {text: inner.textContent, chain};
  });
})()
"""

LABELS = """
[...document.querySelectorAll('#entity-graph-picture text')].map(t =>
  parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)
"""


def _viewport(browser: Browser, width: int, mobile: bool) -> None:
    browser.page(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": mobile},
    )


def test_issue_18_desktop_shared_quotes_and_a_readable_graph(
    browser: Browser, report_file: Path
) -> None:
    _viewport(browser, 1280, False)
    browser.open(report_file.resolve().as_uri())
    # Where claims share words, each claim has a highlight of its own in its own verdict.
    shared = browser.evaluate(SHARED)
    launch = next(s for s in shared if s["text"].endswith("SU7, SU7 Pro, SU7 Max, and SU7 Ultra"))
    assert sorted(c["claim"] for c in launch["chain"]) == [
        "claim-launched-su7",
        "claim-launched-su7-max",
        "claim-launched-su7-pro",
        "claim-launched-su7-ultra",
    ]
    for piece in shared:
        claims = [c["claim"] for c in piece["chain"]]
        assert len(claims) == len(set(claims)) >= 2, piece
        assert all(c["matches"] for c in piece["chain"]), piece
    # The graph's words are text, at least 11 px on screen, and zooming makes them bigger.
    sizes = browser.evaluate(LABELS)
    assert len(sizes) > 50
    assert min(sizes) >= 11
    before = browser.evaluate("document.querySelector('#entity-graph-picture').clientWidth")
    browser.evaluate("document.querySelector('.graph-controls [data-zoom=in]').click()")
    after = browser.evaluate("document.querySelector('#entity-graph-picture').clientWidth")
    assert after > before
    assert min(browser.evaluate(LABELS)) > min(sizes)
    browser.evaluate("document.querySelector('.graph-controls [data-zoom=reset]').click()")
    assert browser.evaluate("document.querySelector('.relations').checkVisibility()") is False
    # Headings of the article stay headings.
    headings = browser.evaluate(
        "[...document.querySelectorAll('.article-text h3')].map(h => h.textContent)"
    )
    assert headings == [
        "100,000 SU7 Electric Cars Produced in Just 230 Days✓6",
        "A Nod to Elon Musk’s Iconic Factory Moments",
        "Xiaomi’s Rapid Growth in the Electric Vehicle Market",
        "Financial Struggles and Challenges for Xiaomi’s EV Division",
    ]
    # Opinion and unverifiable markers differ by word and by shape.
    marker = (
        "(() => { const a = document.querySelector('a.ref.v-KIND');"
        " const s = getComputedStyle(a);"
        " return [a.textContent, s.borderTopLeftRadius, s.backgroundColor]; })()"
    )
    opinion = browser.evaluate(marker.replace("KIND", "opinion"))
    unverifiable = browser.evaluate(marker.replace("KIND", "unverifiable"))
    assert opinion[0].endswith(" opinion") and unverifiable[0].endswith(" unverifiable")
    assert opinion[1] != unverifiable[1] and opinion[2] != unverifiable[2]
    # Nothing is wider than the window.
    layout = browser.evaluate(LAYOUT)
    assert layout["page"] and layout["over"] == [] and layout["checked"] > 28, layout


def test_issue_18_phone_lists_relations_and_nothing_overflows(
    browser: Browser, report_file: Path, tmp_path: Path
) -> None:
    _viewport(browser, 390, True)
    try:
        browser.open(report_file.resolve().as_uri())
        layout = browser.evaluate(LAYOUT)
        assert layout["page"] and layout["over"] == [] and layout["checked"] > 28, layout
        visible = "document.querySelector('SEL').checkVisibility()"
        assert browser.evaluate(visible.replace("SEL", ".graph-figure")) is False
        assert browser.evaluate(visible.replace("SEL", ".relations")) is True
        listed = browser.evaluate("document.querySelectorAll('.relation-list ul li').length")
        rows = browser.evaluate("document.querySelectorAll('.graph-table tbody tr').length")
        assert listed == rows > 50
        shot = browser.page("Page.captureScreenshot", {"format": "png"})
        (tmp_path / "phone.png").write_bytes(base64.b64decode(shot["data"]))
    finally:
        _viewport(browser, 1280, False)
