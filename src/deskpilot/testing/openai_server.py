"""A loopback HTTP server speaking the OpenAI chat-completions wire format, for tests of the provider's failure
handling that a real model server cannot be made to produce on demand (429 with Retry-After, 5xx, slow replies).

It answers ``POST /v1/chat/completions`` (JSON, or server-sent events when ``stream`` is true, ending with a usage
chunk when ``stream_options.include_usage`` is set, then ``data: [DONE]``) and ``GET /v1/models``; errors carry the
documented ``{"error": {"message", "type", "code"}}`` body. Each request takes the next scripted reply; the last
one repeats. Every request's headers and body are kept for assertions.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from deskpilot.testing.loopback import QuietHandler, loopback_server


@dataclass
class Reply:
    """One scripted answer: a status with optional headers, the text to complete with, a delay before answering."""

    text: str = ""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    usage: bool = True  # report token usage
    echo_last_source: bool = False  # answer with the last "[n] text" line of the user message, cited as [n]


@dataclass
class Received:
    """A request the server got."""

    headers: dict[str, str]
    body: dict[str, Any]


class ScriptedChatServer:
    """The server's state: scripted replies in order and the requests received."""

    def __init__(self, replies: list[Reply], model: str = "scripted-model") -> None:
        self.replies = list(replies)
        self.model = model
        self.received: list[Received] = []
        self._lock = threading.Lock()
        self.base_url = ""

    def next_reply(self, request: Received) -> Reply:
        """Record a request and pop its reply (the last one repeats)."""
        with self._lock:
            self.received.append(request)
            return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]


def _last_source(body: dict[str, Any]) -> str:
    """The last numbered source of the last user message, as a cited sentence."""
    user = [str(m.get("content", "")) for m in body.get("messages", []) if m.get("role") == "user"]
    sources = [line for line in (user[-1] if user else "").splitlines() if re.match(r"^\[\d+\] ", line)]
    if not sources:
        return "NO_ANSWER"
    number, text = sources[-1][1:].split("] ", 1)
    return f"{text} [{number}]"


def _tokens(text: str) -> int:
    return max(1, len(text.split()))


def _handler(state: ScriptedChatServer) -> type[BaseHTTPRequestHandler]:
    class Handler(QuietHandler):
        def serve(self, method: str) -> None:
            if method == "POST":
                return self._post()
            if self.path.rstrip("/") != "/v1/models":
                return self._error(404, "not found", "invalid_request_error")
            self._json(200, {"object": "list", "data": [{"id": state.model, "object": "model", "created": 0,
                                                         "owned_by": "deskpilot-tests"}]})

        def _post(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if self.path.rstrip("/") != "/v1/chat/completions":
                return self._error(404, "not found", "invalid_request_error")
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                return self._error(400, "body is not JSON", "invalid_request_error")
            reply = state.next_reply(Received({k.lower(): v for k, v in self.headers.items()}, body))
            if reply.delay_s:
                time.sleep(reply.delay_s)
            if reply.status != 200:
                return self._error(reply.status, f"scripted status {reply.status}",
                                   "rate_limit_exceeded" if reply.status == 429 else "server_error", reply.headers)
            if reply.echo_last_source:
                reply = Reply(_last_source(body), usage=reply.usage)
            prompt_tokens = sum(_tokens(str(m.get("content", ""))) for m in body.get("messages", []))
            usage = {"prompt_tokens": prompt_tokens, "completion_tokens": _tokens(reply.text),
                     "total_tokens": prompt_tokens + _tokens(reply.text)}
            if body.get("stream"):
                include = bool((body.get("stream_options") or {}).get("include_usage")) and reply.usage
                return self._stream(reply.text, usage if include else None)
            completion = {"id": "chatcmpl-scripted", "object": "chat.completion", "created": int(time.time()),
                          "model": state.model, "choices": [{"index": 0, "finish_reason": "stop", "message": {
                              "role": "assistant", "content": reply.text}}]}
            if reply.usage:
                completion["usage"] = usage
            self._json(200, completion)

        def _stream(self, text: str, usage: dict[str, int] | None) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Connection", "close")
            self.end_headers()
            base = {"id": "chatcmpl-scripted", "object": "chat.completion.chunk", "created": int(time.time()),
                    "model": state.model}
            words = text.split(" ")
            pieces = [w + (" " if i < len(words) - 1 else "") for i, w in enumerate(words)]
            for i, piece in enumerate(pieces):
                delta = {"role": "assistant", "content": piece} if i == 0 else {"content": piece}
                self._event({**base, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]})
            self._event({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
            if usage is not None:
                self._event({**base, "choices": [], "usage": usage})
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
            self.close_connection = True

        def _event(self, data: dict[str, Any]) -> None:
            self.wfile.write(f"data: {json.dumps(data)}\n\n".encode())
            self.wfile.flush()

        def _json(self, status: int, data: dict[str, Any], headers: dict[str, str] | None = None) -> None:
            payload = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(payload)

        def _error(self, status: int, message: str, kind: str, headers: dict[str, str] | None = None) -> None:
            self._json(status, {"error": {"message": message, "type": kind, "param": None, "code": kind}}, headers)

    return Handler


@contextmanager
def scripted_chat_server(replies: list[Reply], model: str = "scripted-model") -> Iterator[ScriptedChatServer]:
    """Serve scripted replies on a free loopback port; ``state.base_url`` ends in ``/v1``."""
    state = ScriptedChatServer(replies, model)
    with loopback_server(_handler(state)) as base_url:
        state.base_url = f"{base_url}/v1"
        yield state
