"""Ratios against the issue's targets, and the printed table."""

from __future__ import annotations

from typing import Any

# (key, what, workload, its unit, baseline key, baseline factor, target ratio, comparison)
RATIOS = (
    ("W1/raw", "W1 appends vs raw single-row INSERT+COMMIT", "W1", 1, "pg_insert_1", 1, 0.25),
    (
        "W2/raw",
        "W2 events/s vs raw 100-row transactions (rows/s)",
        "W2",
        100,
        "pg_insert_100",
        100,
        0.50,
    ),
    ("W3/W1", "W3 replays vs W1 appends", "W3", 1, "W1", 1, 1.0),
    (
        "W4/raw",
        "W4 reads vs raw SELECT document + 100 events",
        "W4",
        1,
        "pg_select_doc_100",
        1,
        0.30,
    ),
    (
        "W1sqlite/raw",
        "SQLite W1 vs raw aiosqlite INSERT+COMMIT",
        "W1_sqlite",
        1,
        "sqlite_insert_1",
        1,
        0.40,
    ),
    ("W1x2/W1", "W1 with --workers 2 vs one process", "W1_workers2", 1, "W1", 1, 1.6),
    ("W5/bare", "W5 requests vs bare FastAPI POST", "W5", 1, "bare_post", 1, None),
    ("W4/bare", "W4 reads vs bare FastAPI GET", "W4", 1, "bare_get", 1, None),
    ("W1/bare", "W1 appends vs bare FastAPI POST", "W1", 1, "bare_post", 1, None),
    ("W6/engine", "W6 verifications vs in-process rule engine", "W6", 1, "engine", 1, None),
)
RSS_TARGET_MIB = 300


def _rate(figures: dict[str, Any], key: str) -> float | None:
    if key == "pg_insert_100":
        rates = [
            figures[k]["rate"]
            for k in ("pg_insert_100_executemany", "pg_insert_100_copy")
            if k in figures
        ]
        return max(rates) if rates else None
    figure = figures.get(key)
    return float(figure["rate"]) if figure else None


def ratios(figures: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, what, workload, unit, base, base_unit, target in RATIOS:
        rate, baseline = _rate(figures, workload), _rate(figures, base)
        if rate is None or not baseline:
            continue
        value = (rate * unit) / (baseline * base_unit)
        found[key] = {
            "what": what,
            "value": round(value, 3),
            "target": target,
            "met": None if target is None else value >= target,
        }
    if "W4" in figures:
        spread = figures["W4"]["p99_ms"] / figures["W4"]["p50_ms"]
        found["W4 p99/p50"] = {
            "what": "W4 latency spread",
            "value": round(spread, 2),
            "target": "<= 3",
            "met": spread <= 3,
        }
    if "W4_10k" in figures and "W4_large" in figures:
        growth = figures["W4_large"]["p50_ms"] / figures["W4_10k"]["p50_ms"]
        stored = figures["W4_large"]["events_stored"]
        found["W4 scale"] = {
            "what": f"W4 p50 with {stored:,} vs 10k events stored",
            "value": round(growth, 2),
            "target": "<= 1.5",
            "met": growth <= 1.5,
        }
    peaks = {k: v["peak_rss_mib"] for k, v in figures.items() if "peak_rss_mib" in v}
    if peaks:
        worst = max(peaks.values())
        found["peak RSS"] = {
            "what": "largest peak RSS of one server process (MiB)",
            "value": worst,
            "target": f"<= {RSS_TARGET_MIB}",
            "met": worst <= RSS_TARGET_MIB,
        }
    if "W5" in figures:
        integrators = figures["W5"]["rate"] / 10
        found["W5 integrators"] = {
            "what": "integrators at 10 requests/s one process serves",
            "value": round(integrators, 1),
            "target": None,
            "met": None,
        }
    return found


ROWS = (
    ("pg_insert_1", "raw asyncpg: 1 row INSERT+COMMIT per tx (16 conns)", "tx/s"),
    ("pg_insert_100_executemany", "raw asyncpg: 100 rows/tx, executemany", "tx/s"),
    ("pg_insert_100_copy", "raw asyncpg: 100 rows/tx, COPY", "tx/s"),
    ("pg_select_doc_100", "raw asyncpg: SELECT document + 100 events", "reads/s"),
    ("sqlite_insert_1", "raw aiosqlite WAL: 1 row INSERT+COMMIT", "tx/s"),
    ("bare_get", "bare FastAPI GET (same uvicorn setup)", "req/s"),
    ("bare_post", "bare FastAPI POST JSON", "req/s"),
    ("engine", "rule engine in-process, BOLD Carbon (1 core)", "MassIDs/s"),
    ("W1", "W1 single-event appends, 16 conns", "req/s"),
    ("W2", "W2 batches of 100 events", "req/s"),
    ("W3", "W3 idempotent replays of W1", "req/s"),
    ("W4", "W4 GET document with 100 events", "req/s"),
    ("W5", "W5 Quick Start flows, 16 integrators", "req/s"),
    ("W6", "W6 verifications (BOLD Carbon)", "req/s"),
    ("W1_workers2", "W1 with --workers 2", "req/s"),
    ("W1_sqlite", "W1 on SQLite", "req/s"),
    ("W4_10k", "W4 with 10k events stored", "req/s"),
    ("W4_large", "W4 with many events stored", "req/s"),
)


def _cell(figure: dict[str, Any], key: str, fmt: str) -> str:
    value = figure.get(key)
    return format(value, fmt) if isinstance(value, int | float) else "-"


def _cpu(figure: dict[str, Any]) -> str:
    """Server CPU per request; for the raw baselines the client's CPU per operation (c)."""
    if "client_cpu_ms_per_op" in figure:
        return f"{figure['client_cpu_ms_per_op']:9.2f}c"
    return _cell(figure, "server_cpu_ms_per_request", "10.2f")


def print_table(report: dict[str, Any]) -> None:
    figures = report["figures"]
    print(
        f"\nmassid benchmark, {report['when']}, {report['seconds_per_workload']} s per workload"
        f"{' (quick)' if report['quick'] else ''}"
    )
    pinning = report["pinning"]
    print(
        f"pinning: server CPU {pinning['server_cpus']}, load generator CPU "
        f"{pinning['load_cpus']}, PostgreSQL {pinning['postgresql']}"
    )
    print(
        "load average: "
        + "; ".join(
            f"{x['when']}: {x['1m']:.2f} {x['5m']:.2f} {x['15m']:.2f}"
            for x in report["load_average"]
        )
    )
    print(
        f"\n{'figure':54s} {'rate':>9s} {'unit':9s} {'p50 ms':>8s} {'p99 ms':>8s} "
        f"{'RSS MiB':>8s} {'CPU ms/req':>10s} {'CPU use':>7s} {'PG ms/req':>9s} "
        f"{'machine':>7s} {'errors':>6s}"
    )
    for key, what, unit in ROWS:
        if key not in figures:
            continue
        figure = figures[key]
        print(
            f"{what:54s} {_cell(figure, 'rate', '9.1f')} {unit:9s} "
            f"{_cell(figure, 'p50_ms', '8.2f')} {_cell(figure, 'p99_ms', '8.2f')} "
            f"{_cell(figure, 'peak_rss_mib', '8.0f')} "
            f"{_cpu(figure)} "
            f"{_cell(figure, 'server_cpu_share', '7.2f')} "
            f"{_cell(figure, 'postgres_cpu_ms_per_request', '9.2f')} "
            f"{_cell(figure, 'machine_busy', '7.2f')} {_cell(figure, 'errors', '6d')}"
        )
    for key, figure in figures.items():
        if figure.get("pool_exhausted"):
            print(
                f"WARNING: {key} used up its pool of documents ({figure['pool_exhausted']} "
                "requests were GET /healthz): its rate is not valid, enlarge the pool"
            )
        if figure.get("errors"):
            print(f"note: {key} had {figure['errors']} errors, statuses {figure.get('statuses')}")
    if "W3" in figures:
        print(
            f"W3: {figures['W3']['replays']} of {figures['W3']['requests']} answers were "
            "replays (Idempotent-Replayed: true)"
        )
    print(f"\n{'ratio':14s} {'value':>8s} {'target':>8s} {'met':>4s}  what")
    for key, ratio in report["ratios"].items():
        met = {True: "yes", False: "NO", None: ""}[ratio["met"]]
        target = "" if ratio["target"] is None else str(ratio["target"])
        print(f"{key:14s} {ratio['value']:8} {target:>8s} {met:>4s}  {ratio['what']}")
