"""Print a results JSON (from ``python -m bench``) as the Markdown tables of docs/performance.md.

.venv/bin/python -m bench.markdown bench/results/latest.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from bench.report import ROWS


def _v(figure: dict[str, Any], key: str, fmt: str) -> str:
    value = figure.get(key)
    return format(value, fmt) if isinstance(value, int | float) else ""


def markdown(report: dict[str, Any]) -> str:
    figures = report["figures"]
    loads = "; ".join(f"{x['when']} {x['1m']:.1f}" for x in report["load_average"])
    lines = [
        f"Run {report['when']}, {report['seconds_per_workload']} s per workload, "
        f"{report['machine']['cpus']} CPUs, Python {report['machine']['python']}. "
        f"Server on CPU {report['pinning']['server_cpus']}, wrk and the raw clients on CPU "
        f"{report['pinning']['load_cpus']}, PostgreSQL unpinned. "
        f"Load average (1 min) along the run: {loads}.",
        "",
        "| figure | rate | unit | p50 ms | p99 ms | peak RSS MiB | server CPU ms/req "
        "| PG CPU ms/req | machine busy |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for key, what, unit in ROWS:
        if key not in figures:
            continue
        f = figures[key]
        cpu = _v(f, "server_cpu_ms_per_request", ".2f")
        if "client_cpu_ms_per_op" in f:
            cpu = f"{f['client_cpu_ms_per_op']:.2f} (client)"
        lines.append(
            f"| {what} | {_v(f, 'rate', ',.1f')} | {unit} | {_v(f, 'p50_ms', '.1f')} "
            f"| {_v(f, 'p99_ms', '.1f')} | {_v(f, 'peak_rss_mib', '.0f')} | {cpu} "
            f"| {_v(f, 'postgres_cpu_ms_per_request', '.2f')} | {_v(f, 'machine_busy', '.2f')} |"
        )
    lines += ["", "| ratio | value | target | met | what |", "|---|---:|---:|---|---|"]
    for key, ratio in report["ratios"].items():
        met = {True: "yes", False: "**no**", None: ""}[ratio["met"]]
        target = "" if ratio["target"] is None else str(ratio["target"])
        lines.append(f"| {key} | {ratio['value']} | {target} | {met} | {ratio['what']} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(json.loads(Path(sys.argv[1]).read_text())))
