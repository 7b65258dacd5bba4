#!/usr/bin/env python3
"""Runs Choreo's load test and the SimPy model of the same world side by side and prints
both completion-time summaries and the ratio of their times.

    python3 benchmarks/peers/compare.py [--instances 100000] [--runs 3]

Builds `choreo` in release first (scratch path .build-release unless --choreo is given).
Each side runs --runs times; the medians are compared. Wall time is what each program
measures around its own run loop; CPU time is the child's user+system time (fairer on a
shared machine). The two completion summaries must agree within sampling noise: same
world, different random streams.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCENARIO = os.path.join(ROOT, "Scenarios", "ai-model-update", "load.yaml")
SIMPY = os.path.join(ROOT, "benchmarks", "peers", "simpy_load.py")


def timed(command):
    """Runs `command`; returns its JSON output and the CPU seconds it used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return json.loads(output), cpu


def summary(name, result, cpu):
    completion = result["completion"]
    hours = {key: completion[key] / 3600 for key in ("mean", "p50", "p90", "p95", "p99", "max")}
    return (f"{name:7} instances {result['instances']}  tasks {result['tasks']}  "
            f"status {json.dumps(result['status'], sort_keys=True)}\n"
            f"        completion (h): " + "  ".join(f"{k} {v:.2f}" for k, v in hours.items())
            + f"\n        wall {result['wall_seconds']:.2f} s  cpu {cpu:.2f} s  "
            f"tasks/s {result['tasks'] / result['wall_seconds']:,.0f} (wall) "
            f"{result['tasks'] / cpu:,.0f} (cpu)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--choreo", help="a built choreo binary (default: build one)")
    args = parser.parse_args()
    choreo = args.choreo
    if choreo is None:
        scratch = os.path.join(ROOT, ".build-release")
        subprocess.run(["swift", "build", "-c", "release", "--product", "choreo",
                        "--scratch-path", scratch], cwd=ROOT, check=True)
        choreo = os.path.join(scratch, "release", "choreo")
    sides = {
        "choreo": [choreo, "loadtest", SCENARIO, "--instances", str(args.instances), "--json"],
        "simpy": [sys.executable, SIMPY, "--instances", str(args.instances), "--json"],
    }
    medians = {}
    for name, command in sides.items():
        runs = [timed(command) for _ in range(args.runs)]
        runs.sort(key=lambda run: run[0]["wall_seconds"])
        result, cpu = runs[len(runs) // 2]
        medians[name] = (result["wall_seconds"], statistics.median(cpu for _, cpu in runs))
        print(summary(name, result, cpu))
    wall = medians["simpy"][0] / medians["choreo"][0]
    cpu = medians["simpy"][1] / medians["choreo"][1]
    print(f"\nSimPy / Choreo time (median of {args.runs}): wall {wall:.2f}x, cpu {cpu:.2f}x")


if __name__ == "__main__":
    main()
