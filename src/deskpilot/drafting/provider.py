"""The optional LLM provider: OpenAI-compatible chat completions (OpenAI, Azure OpenAI, Mistral, vLLM, Ollama,
llama.cpp servers) through the ``openai`` SDK, with timeouts, retries, streaming and token and cost accounting.

Only text the caller passes is sent; the drafting code passes the redacted view of the customer's messages and the
cited clauses. The API key is never stored: a configuration names where to read it (``env:NAME`` or
``file:/path``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from deskpilot.secrets import SecretError
from deskpilot.secrets import resolve_secret as read_secret

if TYPE_CHECKING:
    from openai import OpenAI

Kind = Literal["composer", "openai"]
COMPOSER: Kind = "composer"
OPENAI: Kind = "openai"
RETRY_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 30.0  # seconds: a longer Retry-After is a failure, not a wait


class ProviderError(RuntimeError):
    """A call that failed for good: ``kind`` is timeout, rate_limited, http_error, connection, empty or config."""

    def __init__(self, kind: str, message: str, *, attempts: int = 1) -> None:
        super().__init__(message)
        self.kind = kind
        self.attempts = attempts


@dataclass(frozen=True)
class ModelConfig:
    """One version of a model configuration: the embedded composer, or an OpenAI-compatible endpoint."""

    name: str
    version: int = 1
    kind: Kind = COMPOSER
    base_url: str | None = None
    model: str | None = None
    api_key_ref: str | None = None  # env:NAME or file:/path; None for servers that need no key
    timeout_s: float = 20.0
    max_retries: int = 2
    temperature: float = 0.2
    max_tokens: int = 400
    stream: bool = False  # a draft is verified whole; streaming servers may not report usage
    price_in_per_1k: float = 0.0  # euros per 1,000 prompt tokens
    price_out_per_1k: float = 0.0  # euros per 1,000 completion tokens

    @property
    def label(self) -> str:
        """``name@vN``, the version recorded on every draft."""
        return f"{self.name}@v{self.version}"

    def settings(self) -> dict[str, Any]:
        """Everything but the name and version (what a new version may change)."""
        data = asdict(self)
        data.pop("name")
        data.pop("version")
        return data

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        """Euros for one call."""
        return prompt_tokens / 1000 * self.price_in_per_1k + completion_tokens / 1000 * self.price_out_per_1k


EMBEDDED = ModelConfig(name="composer", version=1, kind=COMPOSER)


def resolve_secret(ref: str | None) -> str | None:
    """The API key a reference points at (``env:NAME`` or ``file:/path``); ProviderError when it cannot be read."""
    try:
        return read_secret(ref)
    except SecretError as exc:
        raise ProviderError("config", str(exc)) from exc


@dataclass
class ChatResult:
    """What one chat completion returned and cost."""

    text: str
    prompt_tokens: int
    completion_tokens: int
    cost: float
    latency_ms: float
    attempts: int
    streamed: bool
    finish_reason: str | None = None
    tokens_estimated: bool = False  # the server reported no usage: four characters a token
    waits: list[float] = field(default_factory=list)  # seconds slept before each retry

    def to_json(self) -> dict[str, Any]:
        """JSON-ready accounting (without the text)."""
        return {"prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens,
                "cost": round(self.cost, 6), "latency_ms": round(self.latency_ms, 1), "attempts": self.attempts,
                "streamed": self.streamed, "finish_reason": self.finish_reason,
                "tokens_estimated": self.tokens_estimated}


class ChatProvider:
    """Chat completions against an OpenAI-compatible endpoint, retried on timeouts, 429 and 5xx."""

    def __init__(self, config: ModelConfig, *, sleep: Callable[[float], None] = time.sleep) -> None:
        if config.kind != OPENAI or not config.base_url or not config.model:
            raise ProviderError("config", f"{config.label} is not an OpenAI-compatible configuration with a base URL "
                                          "and a model")
        self.config = config
        self._sleep = sleep
        self._client: OpenAI | None = None

    def client(self) -> OpenAI:
        """The SDK client (built on first use; the SDK's own retries are off, this class retries)."""
        if self._client is None:
            from openai import OpenAI

            key = resolve_secret(self.config.api_key_ref) or "not-needed"
            self._client = OpenAI(base_url=self.config.base_url, api_key=key, timeout=self.config.timeout_s,
                                  max_retries=0)
        return self._client

    def complete(self, messages: Sequence[dict[str, str]]) -> ChatResult:
        """One completion (streamed when configured), retried with back-off; ProviderError when it fails for good."""
        import openai

        started = time.perf_counter()
        waits: list[float] = []
        attempts = 0
        while True:
            attempts += 1
            try:
                text, usage, finish = self._call(list(messages))
                break
            except (openai.APITimeoutError, openai.APIConnectionError, openai.APIStatusError) as exc:
                kind, wait = _classify(exc, attempts)
                if kind is None or attempts > self.config.max_retries or wait > MAX_RETRY_AFTER:
                    raise ProviderError(kind or "http_error", f"{self.config.label}: {exc}", attempts=attempts) \
                        from exc
                waits.append(wait)
                self._sleep(wait)
        if not text.strip():
            raise ProviderError("empty", f"{self.config.label} returned no text", attempts=attempts)
        prompt_tokens, completion_tokens, estimated = usage
        return ChatResult(text=text, prompt_tokens=prompt_tokens, completion_tokens=completion_tokens,
                          cost=self.config.cost(prompt_tokens, completion_tokens),
                          latency_ms=(time.perf_counter() - started) * 1000, attempts=attempts,
                          streamed=self.config.stream, finish_reason=finish, tokens_estimated=estimated, waits=waits)

    def _call(self, messages: list[dict[str, str]]) -> tuple[str, tuple[int, int, bool], str | None]:
        params: dict[str, Any] = {"model": self.config.model, "messages": messages,
                                  "temperature": self.config.temperature, "max_tokens": self.config.max_tokens}
        client = self.client()
        if not self.config.stream:
            response = client.chat.completions.create(**params)
            choice = response.choices[0] if response.choices else None
            usage = response.usage
            text = (choice.message.content or "") if choice else ""
            return text, _tokens(usage, messages, text), choice.finish_reason if choice else None
        parts: list[str] = []
        usage = None
        finish = None
        stream = client.chat.completions.create(**params, stream=True, stream_options={"include_usage": True})
        for chunk in stream:
            if chunk.usage is not None:
                usage = chunk.usage
            for choice in chunk.choices:
                if choice.delta is not None and choice.delta.content:
                    parts.append(choice.delta.content)
                finish = choice.finish_reason or finish
        text = "".join(parts)
        return text, _tokens(usage, messages, text), finish


def _classify(exc: Exception, attempt: int) -> tuple[str | None, float]:
    """(failure kind if it is worth retrying, seconds to wait first)."""
    import openai

    backoff = min(8.0, 0.5 * 2 ** (attempt - 1))
    if isinstance(exc, openai.APITimeoutError):
        return "timeout", backoff
    if isinstance(exc, openai.APIConnectionError):
        return "connection", backoff
    if isinstance(exc, openai.APIStatusError):
        if exc.status_code not in RETRY_STATUSES:
            return None, 0.0
        after = exc.response.headers.get("retry-after")
        try:
            wait = float(after) if after is not None else backoff
        except ValueError:
            wait = backoff
        return ("rate_limited" if exc.status_code == 429 else "http_error"), max(0.0, wait)
    return None, 0.0


def _tokens(usage: Any, messages: Sequence[dict[str, str]], text: str) -> tuple[int, int, bool]:
    """(prompt, completion, estimated): tokens as the server counted them, else four characters a token."""
    if usage is not None and getattr(usage, "prompt_tokens", None) is not None:
        return int(usage.prompt_tokens), int(usage.completion_tokens or 0), False
    prompt_chars = sum(len(m.get("content", "")) for m in messages)
    return max(1, prompt_chars // 4), max(1, len(text) // 4), True
