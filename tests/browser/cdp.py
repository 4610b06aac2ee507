"""A small Chrome DevTools Protocol client on the standard library, for the browser tests.

No websocket package is installed in the project's environment, and the tests need little:
launch headless Chromium, open one tab, send commands, react to a few events (to fail every
network request), evaluate JavaScript and take screenshots. RFC 6455 framing for text
messages, masked as a client must, is enough for that.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import socket
import struct
import subprocess
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["Browser", "CDPError", "WebSocket", "find_chromium"]

CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--metrics-recording-only",
    "--no-pings",
    "--mute-audio",
    # Belt and braces besides the Fetch interception: no name resolves, and everything that
    # would still go out is sent to a closed local port.
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    "--remote-debugging-port=0",
    "--remote-allow-origins=*",
    "--window-size=1400,1000",
)


class CDPError(RuntimeError):
    """A DevTools command failed, or the browser did not answer in time."""


def find_chromium() -> str | None:
    """Return the path of a Chromium binary, or None."""
    for candidate in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(candidate)
        if found:
            return found
    return None


class WebSocket:
    """A blocking websocket client for text messages (what CDP uses)."""

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        assert url.startswith("ws://"), url
        rest = url[len("ws://") :]
        hostport, _, path = rest.partition("/")
        host, _, port = hostport.partition(":")
        self.sock = socket.create_connection((host, int(port or 80)), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        self.sock.sendall(request.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise CDPError("websocket handshake: connection closed")
            head += chunk
        status, _, self._buffer = head.partition(b"\r\n\r\n")
        if b" 101 " not in status.split(b"\r\n", 1)[0]:
            raise CDPError(f"websocket handshake refused: {status[:200]!r}")

    def _read(self, n: int) -> bytes:
        while len(self._buffer) < n:
            chunk = self.sock.recv(max(65536, n - len(self._buffer)))
            if not chunk:
                raise CDPError("websocket closed by the browser")
            self._buffer += chunk
        data, self._buffer = self._buffer[:n], self._buffer[n:]
        return data

    def _send_frame(self, opcode: int, payload: bytes) -> None:
        header = bytearray([0x80 | opcode])
        n = len(payload)
        if n < 126:
            header.append(0x80 | n)
        elif n < 1 << 16:
            header.append(0x80 | 126)
            header += struct.pack(">H", n)
        else:
            header.append(0x80 | 127)
            header += struct.pack(">Q", n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(bytes(header) + mask + masked)

    def send(self, text: str) -> None:
        """Send one text message."""
        self._send_frame(0x1, text.encode("utf-8"))

    def recv(self) -> str:
        """Return the next text message (answering pings, joining fragments)."""
        parts: list[bytes] = []
        while True:
            b0, b1 = self._read(2)
            opcode = b0 & 0x0F
            n = b1 & 0x7F
            if n == 126:
                (n,) = struct.unpack(">H", self._read(2))
            elif n == 127:
                (n,) = struct.unpack(">Q", self._read(8))
            mask = self._read(4) if b1 & 0x80 else b""
            payload = self._read(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 0x9:
                self._send_frame(0xA, payload)
                continue
            if opcode == 0x8:
                raise CDPError("websocket closed by the browser")
            if opcode in (0x1, 0x2, 0x0):
                parts.append(payload)
                if b0 & 0x80:
                    return b"".join(parts).decode("utf-8")

    def close(self) -> None:
        """Close the connection (best effort)."""
        with contextlib.suppress(OSError):
            self._send_frame(0x8, b"")
        self.sock.close()


class Browser:
    """Headless Chromium driven over CDP, with one attached tab (``session``)."""

    def __init__(self, chromium: str, profile_dir: Path, *, timeout: float = 60.0) -> None:
        self.timeout = timeout
        profile_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = profile_dir / "chromium.log"
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile_dir}", "about:blank"],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        port_file = profile_dir / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while not port_file.exists() or len(port_file.read_text().splitlines()) < 2:
            if self.process.poll() is not None:
                raise CDPError(
                    f"Chromium exited early:\n{self.log_path.read_text(errors='replace')}"
                )
            if time.monotonic() > deadline:
                self.close()
                raise CDPError("Chromium did not open its DevTools port in time")
            time.sleep(0.05)
        port, path = port_file.read_text().splitlines()[:2]
        self.ws = WebSocket(f"ws://127.0.0.1:{port}{path}", timeout=timeout)
        self._next_id = 0
        self._responses: dict[int, dict[str, Any]] = {}
        self._queue: deque[dict[str, Any]] = deque()
        self._handlers: dict[str, list[Callable[[dict[str, Any]], None]]] = {}
        self._dispatching = False
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)
        attached = self.call(
            "Target.attachToTarget",
            {"targetId": target["targetId"], "flatten": True},
            session=False,
        )
        self.session: str = attached["sessionId"]

    # -- messages -------------------------------------------------------------------------

    def on(self, method: str, handler: Callable[[dict[str, Any]], None]) -> None:
        """Call ``handler(params)`` for every event ``method`` of the tab."""
        self._handlers.setdefault(method, []).append(handler)

    def _pump(self) -> None:
        message = json.loads(self.ws.recv())
        if "id" in message:
            self._responses[message["id"]] = message
        else:
            self.events.append(message)
            self._queue.append(message)

    def _dispatch(self) -> None:
        # Handlers may send commands themselves; events arriving meanwhile wait in the queue.
        if self._dispatching:
            return
        self._dispatching = True
        try:
            while self._queue:
                event = self._queue.popleft()
                for handler in self._handlers.get(event.get("method", ""), []):
                    handler(event.get("params", {}))
        finally:
            self._dispatching = False

    def call(
        self, method: str, params: dict[str, Any] | None = None, *, session: bool = True
    ) -> dict[str, Any]:
        """Return the result of one CDP command (sent to the tab unless ``session=False``)."""
        self._next_id += 1
        ident = self._next_id
        message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        self.ws.send(json.dumps(message))
        deadline = time.monotonic() + self.timeout
        while ident not in self._responses:
            if time.monotonic() > deadline:
                raise CDPError(f"no answer to {method} in {self.timeout} s")
            self._pump()
            self._dispatch()
        answer = self._responses.pop(ident)
        if "error" in answer:
            raise CDPError(f"{method}: {answer['error']}")
        result: dict[str, Any] = answer.get("result", {})
        return result

    def wait_for(self, method: str, timeout: float | None = None) -> dict[str, Any]:
        """Return the params of the next event ``method`` (already received ones count)."""
        deadline = time.monotonic() + (timeout or self.timeout)
        seen = len(self.events)
        for event in self.events:
            if event.get("method") == method:
                return dict(event.get("params", {}))
        while True:
            if time.monotonic() > deadline:
                raise CDPError(f"no {method} event in time")
            self._pump()
            self._dispatch()
            for event in self.events[seen:]:
                if event.get("method") == method:
                    return dict(event.get("params", {}))
            seen = len(self.events)

    # -- conveniences ---------------------------------------------------------------------

    def evaluate(self, expression: str, *, await_promise: bool = False) -> Any:
        """Return the JSON value of a JavaScript expression evaluated in the tab."""
        result = self.call(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": await_promise},
        )
        if "exceptionDetails" in result:
            raise CDPError(f"JavaScript error: {result['exceptionDetails']}")
        return result["result"].get("value")

    def set_viewport(self, width: int, height: int) -> None:
        """Emulate a window of ``width`` by ``height`` CSS pixels, without scroll bars.

        With no scroll bars the page is laid out at the width a screenshot captures.
        """
        self.call("Emulation.setScrollbarsHidden", {"hidden": True})
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )

    def screenshot(self, path: Path) -> Path:
        """Return ``path`` after saving a PNG of the whole page into it.

        Call :meth:`set_viewport` before opening the page, so that no scroll bar takes width.
        """
        data = self.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
        path.write_bytes(base64.b64decode(data["data"]))
        return path

    def close(self) -> None:
        """Close the browser we started and wait for it (then kill it, by its own pid)."""
        try:
            if getattr(self, "ws", None) is not None:
                with contextlib.suppress(CDPError, OSError):
                    self.call("Browser.close", session=False)
                self.ws.close()
        finally:
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
            self._log.close()

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
