"""`/metrics` says how model-backed questions went, what they cost and how long they took."""

from __future__ import annotations

from bot.engine.ask.ports import TokenUsage
from bot.ops.metrics import Metrics


def test_outcomes_tokens_by_kind_and_source_and_latency_are_exposed() -> None:
    metrics = Metrics()
    metrics.model_request("generated", TokenUsage(100, 20), 1.5)
    metrics.model_request("generated", TokenUsage(50, 10, estimated=True), 0.7)
    metrics.model_request("timeout", None, 20.0)
    metrics.model_request("member_rate_limited", None, 0.0)

    text = metrics.exposition()[0].decode()

    assert 'llmbot_llm_requests_total{outcome="generated"} 2.0' in text
    assert 'llmbot_llm_requests_total{outcome="timeout"} 1.0' in text
    assert 'llmbot_llm_requests_total{outcome="member_rate_limited"} 1.0' in text
    assert 'llmbot_llm_tokens_total{kind="prompt",source="reported"} 100.0' in text
    assert 'llmbot_llm_tokens_total{kind="completion",source="estimated"} 10.0' in text
    assert "llmbot_llm_latency_seconds_count 3.0" in text
