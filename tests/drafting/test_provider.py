"""The OpenAI-compatible provider against a loopback server speaking the chat-completions wire format."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskpilot.drafting.provider import ChatProvider, ModelConfig, ProviderError, resolve_secret
from deskpilot.testing.openai_server import Reply, scripted_chat_server

MESSAGES = [{"role": "system", "content": "Answer from the sources."}, {"role": "user", "content": "Where is it?"}]


def _config(base_url: str, **kwargs: object) -> ModelConfig:
    settings: dict[str, object] = {"kind": "openai", "base_url": base_url, "model": "scripted-model",
                                   "price_in_per_1k": 0.5, "price_out_per_1k": 1.5, "max_retries": 2,
                                   "timeout_s": 5.0}
    settings.update(kwargs)
    return ModelConfig(name="t", version=3, **settings)  # type: ignore[arg-type]


def test_a_plain_completion_is_counted_and_priced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_LLM_KEY", "sk-test-123")
    with scripted_chat_server([Reply("Your parcel left the warehouse on Monday [1].")]) as server:
        result = ChatProvider(_config(server.base_url, api_key_ref="env:TEST_LLM_KEY")).complete(
            MESSAGES)
    assert result.text == "Your parcel left the warehouse on Monday [1]."
    assert (result.prompt_tokens, result.completion_tokens) == (7, 8)  # the server's own count (words)
    assert result.cost == pytest.approx(7 / 1000 * 0.5 + 8 / 1000 * 1.5)
    assert result.attempts == 1 and not result.streamed and not result.tokens_estimated
    request = server.received[0]
    assert request.headers["authorization"] == "Bearer sk-test-123"
    assert request.body["model"] == "scripted-model" and request.body["messages"] == MESSAGES


def test_a_streamed_completion_is_assembled_with_the_usage_chunk() -> None:
    with scripted_chat_server([Reply("Returns are accepted within 30 days [1].")]) as server:
        result = ChatProvider(_config(server.base_url, stream=True)).complete(MESSAGES)
    assert result.text == "Returns are accepted within 30 days [1]."
    assert result.streamed and result.finish_reason == "stop"
    assert result.completion_tokens == 7 and not result.tokens_estimated
    assert server.received[0].body["stream"] is True
    assert server.received[0].body["stream_options"] == {"include_usage": True}


def test_rate_limits_are_retried_after_the_servers_retry_after() -> None:
    waits: list[float] = []
    replies = [Reply(status=429, headers={"Retry-After": "0.25"}), Reply(status=503), Reply("Done [1].")]
    with scripted_chat_server(replies) as server:
        result = ChatProvider(_config(server.base_url), sleep=waits.append).complete(MESSAGES)
    assert result.text == "Done [1]." and result.attempts == 3
    assert waits == [0.25, 1.0]  # Retry-After, then the back-off of a second attempt
    assert len(server.received) == 3


def test_a_server_that_keeps_failing_gives_up_after_the_retries() -> None:
    with scripted_chat_server([Reply(status=500)]) as server, pytest.raises(ProviderError) as failed:
        ChatProvider(_config(server.base_url, max_retries=2), sleep=lambda _: None).complete(MESSAGES)
    assert failed.value.kind == "http_error" and failed.value.attempts == 3 and len(server.received) == 3


def test_a_client_error_is_not_retried_and_a_retry_after_too_long_is_a_failure() -> None:
    with scripted_chat_server([Reply(status=400)]) as server, pytest.raises(ProviderError) as failed:
        ChatProvider(_config(server.base_url), sleep=lambda _: None).complete(MESSAGES)
    assert failed.value.attempts == 1 and len(server.received) == 1
    too_long = [Reply(status=429, headers={"Retry-After": "3600"})]
    with scripted_chat_server(too_long) as server, pytest.raises(ProviderError) as limited:
        ChatProvider(_config(server.base_url), sleep=lambda _: None).complete(MESSAGES)
    assert limited.value.kind == "rate_limited" and len(server.received) == 1


def test_a_slow_server_times_out() -> None:
    with scripted_chat_server([Reply("late", delay_s=1.5)]) as server, pytest.raises(ProviderError) as failed:
        ChatProvider(_config(server.base_url, timeout_s=0.3, max_retries=1),
                     sleep=lambda _: None).complete(MESSAGES)
    assert failed.value.kind == "timeout" and failed.value.attempts == 2


def test_empty_text_is_an_error_and_missing_usage_is_estimated_and_said_so() -> None:
    with scripted_chat_server([Reply("")]) as server, pytest.raises(ProviderError) as empty:
        ChatProvider(_config(server.base_url, stream=True)).complete(MESSAGES)
    assert empty.value.kind == "empty"
    with scripted_chat_server([Reply("Sixteen characters long.", usage=False)]) as server:
        result = ChatProvider(_config(server.base_url, stream=False)).complete(MESSAGES)
    assert result.tokens_estimated and result.completion_tokens == len("Sixteen characters long.") // 4


def test_secret_references(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key_file = tmp_path / "key"
    key_file.write_text("sk-from-file\n", encoding="utf-8")
    assert resolve_secret(f"file:{key_file}") == "sk-from-file"
    monkeypatch.setenv("SOME_KEY", "sk-env")
    assert resolve_secret("env:SOME_KEY") == "sk-env" and resolve_secret(None) is None
    monkeypatch.delenv("SOME_KEY")
    with pytest.raises(ProviderError, match="SOME_KEY"):
        resolve_secret("env:SOME_KEY")
    with pytest.raises(ProviderError, match="neither"):
        resolve_secret("sk-pasted-key")
    with pytest.raises(ProviderError, match="not an OpenAI-compatible"):
        ChatProvider(ModelConfig(name="composer"))
