"""Benchmark: the full BOLD Carbon rule set over a loaded canonical graph, in-process.

Prints MassIDs verified per second on one core (one thread, no I/O: the graph is loaded
once, as the service loads it, and every rule runs on each iteration), and the cost of each
rule. Run from the repository root:  .venv/bin/python bench/verify_rules.py [--seconds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.methodology_factories import NOW
from tests.methodology_scenario import Scenario

from massid.methodologies.engine import PASSED, RuleContext, evaluate, run_rule
from massid.methodologies.registry import METHODOLOGIES


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0, help="measuring time per round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    carbon = METHODOLOGIES["bold-carbon"]
    graph = asyncio.run(Scenario().graph())
    check = evaluate(carbon, graph, NOW)
    assert check.status == PASSED, [r for r in check.rules if r.status != PASSED]
    for _ in range(200):  # warm caches (text normalisation, Ibama table)
        evaluate(carbon, graph, NOW)

    rates: list[float] = []
    for _ in range(args.rounds):
        count, started = 0, time.perf_counter()
        deadline = started + args.seconds
        while time.perf_counter() < deadline:
            for _ in range(100):
                evaluate(carbon, graph, NOW)
            count += 100
        rates.append(count / (time.perf_counter() - started))
    print(f"bold-carbon, {len(carbon.rules)} rules, one core (single thread), {args.rounds} rounds")
    print(f"MassIDs verified per second: median {statistics.median(rates):,.0f} "
          f"(rounds: {', '.join(f'{rate:,.0f}' for rate in rates)})")  # fmt: skip
    print(f"per MassID: {1e6 / statistics.median(rates):,.1f} µs")

    context = RuleContext(graph, NOW, carbon)
    print("\nper rule (µs per call):")
    for rule in carbon.rules:
        n, started = 2000, time.perf_counter()
        for _ in range(n):
            run_rule(rule, context)
        print(f"  {rule.slug:60s} {1e6 * (time.perf_counter() - started) / n:8.1f}")


if __name__ == "__main__":
    main()
