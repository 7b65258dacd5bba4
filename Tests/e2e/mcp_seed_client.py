#!/usr/bin/env python3
"""Drives `choreo serve` with the real Python MCP client through the seed workflow.

Starts the server as a subprocess over stdio, plays the seed walkthrough (cost_delta 650,
the CFO approves, sales reports a partial result, the rollout runs) to `completed`, checks
refusals on the way, and kills the server with SIGKILL mid-workflow: a new server on the
same database carries on, with the claim made before the kill still held, and nothing lost.
Exits non-zero on any mismatch.

    python3 Tests/e2e/mcp_seed_client.py .build/debug/choreo Scenarios/workflows
"""

import asyncio
import json
import os
import signal
import sys
import tempfile

from mcp import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

SEED_INPUTS = {
    "model_info": {
        "provider": "OpenAI",
        "current_model": "gpt-4",
        "model": "gpt-4-turbo",
        "reason": "Improved performance and cost efficiency",
        "urgency": "medium",
    }
}


class Mismatch(Exception):
    """What the server answered differs from what the seed says."""


def check(condition, message):
    if not condition:
        raise Mismatch(message)


class Agent:
    """One MCP session with the server: the seed's WorkflowMCPClient calls."""

    def __init__(self, session):
        self.session = session

    async def call(self, tool, **arguments):
        """The tool's structured result; it must not be an error, and its text content
        must be the same JSON."""
        result = await self.session.call_tool(tool, arguments)
        text = result.content[0].text if result.content else ""
        check(not result.is_error, f"{tool} {arguments} refused: {text}")
        check(
            json.loads(text) == result.structured_content,
            f"{tool}: text and structured content differ",
        )
        return result.structured_content

    async def refused(self, tool, code, **arguments):
        """The tool must answer an error with `code`."""
        result = await self.session.call_tool(tool, arguments)
        text = result.content[0].text if result.content else ""
        check(result.is_error, f"{tool} {arguments} was not refused: {text}")
        got = (result.structured_content or {}).get("error", {}).get("code")
        check(got == code, f"{tool} refused with {got}, not {code}: {text}")

    async def task(self, team, step=None):
        tasks = (await self.call("get_team_tasks", team=team))["tasks"]
        tasks = [t for t in tasks if step is None or t["step_id"] == step]
        check(len(tasks) == 1, f"{team} has {len(tasks)} open tasks, not 1: {tasks}")
        return tasks[0]

    async def claim(self, team, step=None):
        task = await self.task(team, step)
        await self.call("claim_task", task_id=task["id"], team=team, agent=f"{team}-agent")
        return task

    async def work(self, team, output, step=None, outcome=None):
        task = await self.claim(team, step)
        arguments = {"task_id": task["id"], "output": output}
        if outcome:
            arguments["outcome"] = outcome
        await self.call("complete_task", **arguments)

    async def status(self, instance):
        return await self.call("get_workflow_status", instance_id=instance)


async def session(choreo, db, workflows, pidfile, log, body):
    """Runs `body(agent)` against a fresh `choreo serve` whose pid lands in `pidfile`."""
    script = 'echo $$ > "$0"; exec "$@"'
    parameters = StdioServerParameters(
        command="/bin/sh",
        args=["-c", script, pidfile, choreo, "serve", "--db", db, "--workflows", workflows],
    )
    async with stdio_client(parameters, errlog=log) as (read, write):
        async with ClientSession(read, write) as client:
            await client.initialize()
            return await body(Agent(client))


async def before_the_kill(agent):
    """Up to the rollback plan, claimed but not done; returns the instance and the claim."""
    workflows = (await agent.call("list_workflows"))["workflows"]
    check([w["name"] for w in workflows] == ["ai-model-update"], f"workflows: {workflows}")
    await agent.refused("start_workflow", "unknown_workflow", workflow_name="nope", inputs={})
    await agent.refused(
        "start_workflow",
        "invalid_inputs",
        workflow_name="ai-model-update",
        inputs={"model_info": "gpt-4-turbo"},
    )
    started = await agent.call(
        "start_workflow", workflow_name="ai-model-update", inputs=SEED_INPUTS
    )
    instance = started["instance_id"]
    check(instance.endswith("-ai-model-update-001"), f"instance id {instance}")

    task = await agent.task("engineering-team")
    check(task["action"] == "assess_model_compatibility", f"task {task}")
    check(task["input_data"]["model"]["model"] == "gpt-4-turbo", f"input_data {task}")
    check(task["kind"] == "task" and task["deadline"], f"task {task}")
    await agent.refused("claim_task", "wrong_team", task_id=task["id"], team="sales-team")
    await agent.call("claim_task", task_id=task["id"], team="engineering-team")
    await agent.refused("claim_task", "already_claimed", task_id=task["id"], team="engineering-team")
    await agent.refused(
        "complete_task", "missing_output", task_id=task["id"], output={"compatibility_report": "ok"}
    )
    await agent.call(
        "complete_task",
        task_id=task["id"],
        output={"compatibility_report": "Compatible with minor config changes", "cost_delta": 650},
    )

    status = await agent.status(instance)
    check(status["current_step"] == "cost_approval", f"current step {status['current_step']}")
    approval = await agent.task("executive-team")
    check(approval["kind"] == "approval", f"approval {approval}")
    check("$650." in approval["input_data"]["message"], f"message {approval['input_data']}")
    await agent.refused(
        "decide", "not_approver", task_id=approval["id"], team="engineering-team", decision="approve"
    )
    await agent.call(
        "decide", task_id=approval["id"], team="executive-team", role="cfo", decision="approve"
    )

    await agent.work("engineering-team", {"result": "PASS", "performance": "+15%"})
    await agent.work("marketing-team", {"result": "PASS", "quality": 9.2})
    await agent.work("sales-team", {"result": "PARTIAL", "failed": 2}, outcome="partial")
    await agent.work(
        "qa-team",
        {"recommendation": "proceed", "risks": ["Sales team needs retraining on 2 scenarios"]},
    )
    claimed = await agent.claim("devops-automation-team")
    return instance, claimed["id"]


async def after_the_restart(agent, instance, claimed):
    """Carries on from the claim made before the kill, to the end."""
    status = await agent.status(instance)
    check(status["status"] == "running", f"status after restart {status['status']}")
    check(status["current_step"] == "create_rollback_plan", f"current {status['current_step']}")
    task = await agent.task("devops-automation-team")
    check(task["id"] == claimed, f"the claimed task is {task['id']}, not {claimed}")
    check(task["status"] == "claimed", f"the claim was lost: {task}")
    await agent.call("complete_task", task_id=claimed, output={"plan": "revert to gpt-4"})
    for team in ["engineering-team", "qa-team"]:
        await agent.work(team, {"updated": True})
    await agent.work("operations-team", {"errors": 0})
    for team in ["sales-team", "support-team", "marketing-team"]:
        await agent.work(team, {"updated": True})
    await agent.work("operations-team", {"metrics": "normal"})
    await agent.work("analytics-team", {"report": "Deployed gpt-4-turbo"})

    status = await agent.status(instance)
    check(status["status"] == "completed", f"final status {status['status']}")
    check(
        status["outputs"]["deployment_report"] == "Deployed gpt-4-turbo",
        f"outputs {status['outputs']}",
    )
    check("Status: COMPLETED" in status["dashboard"], status["dashboard"])
    steps = {step["id"]: step["status"] for step in status["steps"]}
    check(steps["test_sales"] == "partial", f"test_sales {steps['test_sales']}")
    check(steps["cost_approval"] == "completed", f"cost_approval {steps['cost_approval']}")
    events = (await agent.call("get_history", instance_id=instance))["events"]
    completed = [e["step"] for e in events if e["event"] == "step_completed"]
    check(len(completed) == 14, f"{len(completed)} steps completed: {completed}")
    check(len(completed) == len(set(completed)), f"a step completed twice: {completed}")
    check(events[-1]["event"] == "workflow_finished", f"last event {events[-1]}")


async def main(choreo, workflows):
    with tempfile.TemporaryDirectory() as directory:
        db = os.path.join(directory, "live.db")
        pidfile = os.path.join(directory, "server.pid")
        log_path = os.path.join(directory, "server.log")
        with open(log_path, "w") as log:
            state = {}

            async def until_the_kill(agent):
                state["instance"], state["claimed"] = await before_the_kill(agent)
                # The server is up, mid-workflow: kill it hard, as a crash would.
                with open(pidfile) as file:
                    state["pid"] = int(file.read().strip())
                os.kill(state["pid"], signal.SIGKILL)

            async def resume(agent):
                await after_the_restart(agent, state["instance"], state["claimed"])

            try:
                try:
                    await session(choreo, db, workflows, pidfile, log, until_the_kill)
                except Exception:  # the pipes break under a killed server
                    if "pid" not in state:
                        raise
                print(f"killed the server (pid {state['pid']}) with {state['claimed']} claimed")
                await session(choreo, db, workflows, pidfile, log, resume)
            except Exception as error:
                log.flush()
                with open(log_path) as file:
                    sys.stderr.write(file.read()[-4000:])
                print(f"FAILED: {error!r}", file=sys.stderr)
                return 1
        instance = state["instance"]
    print(f"ok: {instance} completed through the MCP tools, across a SIGKILL restart")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print("usage: mcp_seed_client.py CHOREO WORKFLOWS", file=sys.stderr)
        sys.exit(2)
    sys.exit(asyncio.run(main(os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]))))
