"""The benchmark suite's ratios and tables (bench/report.py), on made-up figures."""

from __future__ import annotations

from typing import Any

from bench.markdown import markdown
from bench.report import ratios


def figures() -> dict[str, Any]:
    return {
        "pg_insert_1": {"rate": 1000.0},
        "pg_insert_100_executemany": {"rate": 10.0},
        "pg_insert_100_copy": {"rate": 20.0},
        "W1": {"rate": 300.0, "p50_ms": 10.0, "p99_ms": 20.0, "peak_rss_mib": 120.0},
        "W2": {"rate": 5.0, "p50_ms": 100.0, "p99_ms": 200.0, "peak_rss_mib": 310.0},
        "W3": {"rate": 250.0, "p50_ms": 5.0, "p99_ms": 9.0, "peak_rss_mib": 120.0},
        "W4_10k": {"rate": 1.0, "p50_ms": 10.0, "events_stored": 10_000},
        "W4_large": {"rate": 1.0, "p50_ms": 14.0, "events_stored": 1_000_000},
    }


def test_ratios_compare_like_with_like_and_flag_each_target() -> None:
    found = ratios(figures())
    assert found["W1/raw"] == {**found["W1/raw"], "value": 0.3, "met": True}
    # W2 is events/s against the faster of executemany and COPY, in rows/s: 500 / 2000.
    assert found["W2/raw"]["value"] == 0.25
    assert found["W2/raw"]["met"] is False
    assert found["W3/W1"]["met"] is False
    assert found["W4 scale"]["value"] == 1.4
    assert found["W4 scale"]["met"] is True
    assert found["peak RSS"]["value"] == 310.0
    assert found["peak RSS"]["met"] is False
    assert "W4/raw" not in found  # no baseline measured, no ratio invented


def test_a_run_renders_as_markdown() -> None:
    report = {
        "when": "2026-11-27T00:00:00+00:00",
        "seconds_per_workload": 10.0,
        "machine": {"cpus": 2, "python": "3.11"},
        "pinning": {"server_cpus": [0], "load_cpus": [1]},
        "load_average": [{"when": "start", "1m": 1.0, "5m": 1.0, "15m": 1.0}],
        "figures": figures(),
        "ratios": ratios(figures()),
    }
    text = markdown(report)
    assert "| W1 single-event appends, 16 conns | 300.0 | req/s | 10.0 | 20.0 | 120 |" in text
    assert "| W2/raw | 0.25 | 0.5 | **no** |" in text
