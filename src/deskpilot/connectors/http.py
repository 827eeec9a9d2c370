"""HTTP for connectors: one httpx client per connector with its auth, time-outs, and retries on 429 and 5xx that
honour the vendor's ``Retry-After`` (seconds or an HTTP date) or its rate-limit reset header."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from deskpilot.connectors.base import ConnectorError, Pacing

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
MAX_WAIT_S = 60.0  # a vendor asking for a longer pause fails the call; the job queue retries it later
IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})


def backoff(attempt: int) -> float:
    """Seconds before retry ``attempt`` (0.5, 1, 2, 4, 8)."""
    return min(8.0, 0.5 * 2 ** (attempt - 1))


class VendorHttp(Pacing):
    """A vendor's REST API: base URL, auth headers, time-outs and bounded retries."""

    def __init__(self, base_url: str, *, headers: Mapping[str, str] | None = None,
                 auth: httpx.Auth | tuple[str, str] | None = None, timeout_s: float = 20.0, retries: int = 3,
                 sleep: Callable[[float], None] = time.sleep, transport: httpx.BaseTransport | None = None) -> None:
        super().__init__(sleep)
        self.client = httpx.Client(base_url=base_url.rstrip("/"), headers=dict(headers or {}), auth=auth,
                                   timeout=timeout_s, transport=transport)
        self.retries = retries

    def request(self, method: str, path: str, *, ok: tuple[int, ...] = (200, 201, 204),
                idempotent: bool | None = None, **kwargs: Any) -> httpx.Response:
        """Send a request; ConnectorError when it fails for good. Rate limits (429) and refused connections are
        always retried; time-outs and 5xx only for idempotent requests (by default GET, HEAD, PUT, DELETE), since
        a write that failed that way may have happened: the caller checks before writing again."""
        safe = method.upper() in IDEMPOTENT if idempotent is None else idempotent
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self.client.request(method, path, **kwargs)
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:  # nothing reached the vendor
                if attempt > self.retries:
                    raise ConnectorError(f"{method} {path}: {exc}", retryable=True) from exc
                self.pause(backoff(attempt))
                continue
            except httpx.TransportError as exc:
                if not safe or attempt > self.retries:
                    raise ConnectorError(f"{method} {path}: {exc}", retryable=True) from exc
                self.pause(backoff(attempt))
                continue
            if response.status_code in ok:
                return response
            status = response.status_code
            if attempt <= self.retries and (status == 429 or (safe and status in RETRY_STATUSES)):
                wait = retry_after(response.headers, default=backoff(attempt))
                if wait <= MAX_WAIT_S:
                    self.pause(wait)
                    continue
            raise ConnectorError(f"{method} {path}: HTTP {status} {response.text[:300]}", status=status,
                                 retryable=status in RETRY_STATUSES)

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        """The JSON body of a successful request."""
        response = self.request(method, path, **kwargs)
        return response.json() if response.content else None

    def close(self) -> None:
        """Close the connection pool."""
        self.client.close()


def retry_after(headers: Mapping[str, str], *, default: float, now: float | None = None) -> float:
    """Seconds to wait from ``Retry-After`` (seconds or HTTP date) or ``X-RateLimit-Reset`` (epoch seconds)."""
    value = headers.get("retry-after")
    if value is not None:
        value = value.strip()
        if value.replace(".", "", 1).isdigit():
            return float(value)
        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - (now or time.time()))
        except (TypeError, ValueError):
            return default
    reset = headers.get("x-ratelimit-reset")
    if reset is not None and reset.strip().isdigit():
        return max(0.0, float(reset) - (now or time.time()))
    return default
