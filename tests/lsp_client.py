"""A minimal Language Server Protocol client for the tests: JSON-RPC 2.0 with ``Content-Length``
framing over the pipes of a spawned ``factcheck lsp``, as an editor talks to it.

Every wait has a timeout, so a server that stops answering fails the test instead of hanging it.
"""

from __future__ import annotations

import contextlib
import json
import queue
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

Message = dict[str, Any]


class LspError(AssertionError):
    """The server answered with an error, closed the pipe, or did not answer in time."""


class Client:
    """Speaks to a server process; server requests (e.g. ``client/registerCapability``) are
    answered with ``null`` and kept, notifications are queued for ``wait_for``."""

    def __init__(self, process: subprocess.Popen[bytes], log: Path | None = None) -> None:
        assert process.stdin is not None and process.stdout is not None
        self.process = process
        self.log = log
        """Where the server's stderr goes; its end is quoted when the server fails."""
        self._stdin: IO[bytes] = process.stdin
        self._stdout: IO[bytes] = process.stdout
        self._next_id = 0
        self._messages: queue.Queue[Message | None] = queue.Queue()
        self.notifications: list[Message] = []
        self.requests: list[Message] = []
        """Requests the server sent (each answered with ``null``)."""
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            headers: dict[str, str] = {}
            while True:
                line = self._stdout.readline()
                if not line:
                    self._messages.put(None)
                    return
                text = line.decode("ascii").strip()
                if not text:
                    break
                name, _, value = text.partition(":")
                headers[name.strip().lower()] = value.strip()
            body = self._stdout.read(int(headers["content-length"]))
            self._messages.put(json.loads(body.decode("utf-8")))

    def send(self, message: Message) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self._stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
        self._stdin.flush()

    def notify(self, method: str, params: Any = None) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: Any = None, timeout: float = 60) -> Any:
        """Send a request and return its result (notifications meanwhile are kept)."""
        self._next_id += 1
        number = self._next_id
        self.send({"id": number, "method": method, "params": params})
        message = self._wait(lambda m: m.get("id") == number and "method" not in m, timeout)
        if "error" in message:
            raise LspError(f"{method} failed: {message['error']}")
        return message.get("result")

    def wait_for(
        self, method: str, where: Callable[[Any], bool] = lambda _: True, timeout: float = 60
    ) -> Any:
        """The params of the first notification ``method`` (received now or before, not yet
        taken) for which ``where(params)`` holds; it is taken off the list."""
        for index, kept in enumerate(self.notifications):
            if kept["method"] == method and where(kept.get("params")):
                del self.notifications[index]
                return kept.get("params")
        found = self._wait(
            lambda m: m.get("method") == method and "id" not in m and where(m.get("params")),
            timeout,
        )
        return found.get("params")

    def _wait(self, wanted: Callable[[Message], bool], timeout: float) -> Message:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise LspError(f"no answer within {timeout} s{self._stderr()}")
            try:
                message = self._messages.get(timeout=left)
            except queue.Empty:
                raise LspError(f"no answer within {timeout} s{self._stderr()}") from None
            if message is None:
                raise LspError(f"the server closed its output{self._stderr()}")
            if wanted(message):
                return message
            if "method" in message and "id" in message:  # a request from the server
                self.requests.append(message)
                self.send({"id": message["id"], "result": None})
            elif "method" in message:
                self.notifications.append(message)

    def _stderr(self) -> str:
        if self.log is None or not self.log.exists():
            return ""
        text = self.log.read_text(encoding="utf-8", errors="replace")[-2000:]
        return f"; the server's stderr ends:\n{text}" if text else ""

    def close(self, timeout: float = 10) -> int:
        """Close stdin and wait for the process; kill it if it does not exit in time."""
        with contextlib.suppress(OSError):
            self._stdin.close()
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=timeout)
            raise LspError(f"the server did not exit within {timeout} s") from None
