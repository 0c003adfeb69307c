"""Headless Chromium driven by the DevTools protocol over its pipe (--remote-debugging-pipe):
the tests ask a real browser what a page shows now, with nothing beside Debian's chromium
(no WebSocket library, no Playwright download)."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any


class Browser:
    """One headless Chromium with one page open; `evaluate` runs JavaScript in it."""

    def __init__(self, profile: Path, width: int = 1280, height: int = 900):
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        assert chromium, "the test needs Debian's chromium (apt-get install chromium)"
        to_browser, from_us = os.pipe()  # the browser reads its commands on fd 3
        to_us, from_browser = os.pipe()  # and writes its answers on fd 4
        # (high numbers first, so that moving them onto 3 and 4 in the child overwrites nothing)
        high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 100) for fd in (to_browser, from_browser)]
        os.close(to_browser)
        os.close(from_browser)

        def onto_3_and_4() -> None:
            os.dup2(high[0], 3)
            os.dup2(high[1], 4)

        self.process = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             f"--user-data-dir={profile}", f"--window-size={width},{height}", "--no-first-run", "about:blank"],
            pass_fds=(3, 4, *high), preexec_fn=onto_3_and_4,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for fd in high:
            os.close(fd)
        self.writer = os.fdopen(from_us, "wb", buffering=0)
        self.reader = os.fdopen(to_us, "rb", buffering=0)
        self.pending = b""
        self.events: list[dict[str, Any]] = []
        self.number = 0
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self.number += 1
        message: dict[str, Any] = {"id": self.number, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self.writer.write(json.dumps(message).encode() + b"\0")
        while True:
            answer = self._next()
            if answer.get("id") == self.number:
                assert "error" not in answer, answer
                return answer.get("result", {})
            self.events.append(answer)

    def _next(self) -> dict[str, Any]:
        while b"\0" not in self.pending:
            chunk = self.reader.read(1 << 16)
            assert chunk, "chromium closed its pipe"
            self.pending += chunk
        message, self.pending = self.pending.split(b"\0", 1)
        return json.loads(message)

    def page(self, method: str, **params: Any) -> dict[str, Any]:
        return self.call(method, self.session, **params)

    def open(self, url: str) -> None:
        self.page("Network.enable")
        self.page("Page.navigate", url=url)

    def evaluate(self, expression: str) -> Any:
        result = self.page("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def wait_for(self, expression: str, seconds: float) -> float:
        """Seconds until `expression` is true in the page (asked every 20 ms); fails after `seconds`."""
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            if self.evaluate(expression):
                return time.monotonic() - started
            time.sleep(0.02)
        raise AssertionError(f"not true within {seconds} s: {expression}")

    def requested(self) -> list[str]:
        """Every address the page has asked for so far."""
        return [
            event["params"]["request"]["url"]
            for event in self.events
            if event.get("method") == "Network.requestWillBeSent"
        ]

    def close(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)
        self.writer.close()
        self.reader.close()
