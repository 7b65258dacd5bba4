#!/usr/bin/env python3
"""The seed workflow under load, as a SimPy model: the same world as
Scenarios/ai-model-update/load.yaml (teams, agents, distributions, arrival rate), with the
workflow's steps written out by hand. Used by compare.py to measure Choreo side by side.

    python3 simpy_load.py --instances 100000 [--seed 7] [--json]

Times are in seconds. A task waits for a free agent of its team (FIFO), the agent's claim
delay passes (exponential, mean 2m; none for approvals), then the work. No calendars and
no failures, as in load.yaml; under its load no timeout is reached (the report checks).
"""
import argparse
import json
import math
import random
import time

import simpy

MINUTE, HOUR = 60.0, 3600.0
INTERARRIVAL_MEAN = 10 * MINUTE
CLAIM_DELAY_MEAN = 2 * MINUTE
AGENTS = {
    "engineering-team": 14, "executive-team": 3, "marketing-team": 9, "sales-team": 12,
    "qa-team": 6, "devops-automation-team": 2, "operations-team": 42, "support-team": 2,
    "analytics-team": 3,
}
TIMEOUT = 72 * HOUR        # the workflow's timeout
ASSESS_TIMEOUT = 2 * HOUR  # initial_assessment's timeout, offer to completion
APPROVAL_TIMEOUT = 24 * HOUR


def uniform(rng, low, high):
    return rng.uniform(low, high)


def tri(rng, low, mode, high):
    return rng.triangular(low, high, mode)


class World:
    def __init__(self, env, seed):
        self.env = env
        self.rng = random.Random(seed)
        self.teams = {name: simpy.Resource(env, capacity) for name, capacity in AGENTS.items()}
        self.busy = {name: 0.0 for name in AGENTS}
        self.tasks = 0
        self.completions = []
        self.statuses = {}
        self.late_tasks = 0

    def task(self, team, work, claims=True):
        """Offer a task to `team`; returns when its agent reports."""
        offered = self.env.now
        with self.teams[team].request() as request:
            yield request
            taken = self.env.now
            delay = self.rng.expovariate(1 / CLAIM_DELAY_MEAN) if claims else 0.0
            yield self.env.timeout(delay + work)
            self.busy[team] += self.env.now - taken
        self.tasks += 1
        return self.env.now - offered

    def instance(self):
        env, rng = self.env, self.rng
        start = env.now
        took = yield from self.task("engineering-team", tri(rng, 20 * MINUTE, 30 * MINUTE, HOUR))
        if took > ASSESS_TIMEOUT:
            self.late_tasks += 1
        cost_delta = uniform(rng, 0, 1000)
        if cost_delta > 500:
            took = yield from self.task(
                "executive-team", rng.expovariate(1 / (30 * MINUTE)), claims=False)
            if took > APPROVAL_TIMEOUT:
                self.late_tasks += 1
            if rng.random() >= 0.95:
                return self.finish(start, "rejected")
        yield self.all([
            ("engineering-team", tri(rng, 30 * MINUTE, 45 * MINUTE, 90 * MINUTE)),
            ("marketing-team", tri(rng, 30 * MINUTE, 45 * MINUTE, 90 * MINUTE)),
            ("sales-team", tri(rng, 45 * MINUTE, HOUR, 2 * HOUR)),
        ])
        yield from self.task("qa-team", tri(rng, 15 * MINUTE, 30 * MINUTE, 45 * MINUTE))
        if rng.random() < 0.9:  # recommendation: proceed
            yield from self.task("devops-automation-team", uniform(rng, 5 * MINUTE, 15 * MINUTE))
            yield self.all([(team, uniform(rng, 5 * MINUTE, 15 * MINUTE))
                            for team in ("engineering-team", "qa-team")])
            yield from self.task("operations-team", 2 * HOUR)
            yield self.all([(team, uniform(rng, 5 * MINUTE, 15 * MINUTE))
                            for team in ("sales-team", "support-team", "marketing-team")])
            yield from self.task("operations-team", 4 * HOUR)
        else:
            yield from self.task("engineering-team", uniform(rng, 10 * MINUTE, 30 * MINUTE))
        yield from self.task("analytics-team", tri(rng, 10 * MINUTE, 20 * MINUTE, 30 * MINUTE))
        self.finish(start, "completed")

    def all(self, tasks):
        return simpy.AllOf(self.env, [self.env.process(self.task(team, work)) for team, work in tasks])

    def finish(self, start, status):
        self.completions.append(self.env.now - start)
        self.statuses[status] = self.statuses.get(status, 0) + 1

    def arrivals(self, count):
        for index in range(count):
            self.env.process(self.instance())
            if index + 1 < count:
                yield self.env.timeout(self.rng.expovariate(1 / INTERARRIVAL_MEAN))


def percentile(ordered, p):
    if not ordered:
        return 0.0
    rank = max(0, math.ceil(p / 100 * len(ordered)) - 1)
    return ordered[rank]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    env = simpy.Environment()
    world = World(env, args.seed)
    env.process(world.arrivals(args.instances))
    begin = time.perf_counter()
    env.run()
    wall = time.perf_counter() - begin
    ordered = sorted(world.completions)
    span = env.now
    result = {
        "instances": args.instances,
        "status": world.statuses,
        "completion": {
            "count": len(ordered), "mean": sum(ordered) / max(1, len(ordered)),
            **{f"p{p}": percentile(ordered, p) for p in (50, 90, 95, 99)},
            "max": ordered[-1] if ordered else 0.0,
        },
        "share_over_timeout": sum(1 for t in ordered if t > TIMEOUT) / max(1, len(ordered)),
        "late_tasks": world.late_tasks,
        "teams": [{"team": name, "utilization": world.busy[name] / (AGENTS[name] * span)}
                  for name in AGENTS],
        "tasks": world.tasks,
        "simulated_seconds": span,
        "wall_seconds": wall,
        "tasks_per_second": world.tasks / wall if wall > 0 else 0,
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
