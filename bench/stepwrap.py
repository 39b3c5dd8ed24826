"""Runs one benchmark step's commands in order and reports their cost as one JSON line.

Reads `{"commands": [{"argv": [...], "cwd": "...", "env": {...}, "stdout": FILE}, ...]}` on stdin
(stdout is discarded unless a file is named), and optionally `"ok_codes": [0, 1]`. Each step runs
in a fresh process of this script, so `getrusage(RUSAGE_CHILDREN).ru_maxrss` read at the end is
the peak resident set of the largest single process of THIS step (children and their waited-for
children included), not of earlier steps. Wall time spans the first command's start to the last
one's end; the step stops at the first command that fails.
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time


def _run_one(command: dict) -> subprocess.CompletedProcess:
    env = {**os.environ, **command.get("env", {})}
    if not command.get("stdout"):
        return subprocess.run(command["argv"], cwd=command.get("cwd"), env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    with open(command["stdout"], "wb") as sink:
        return subprocess.run(command["argv"], cwd=command.get("cwd"), env=env,
                              stdout=sink, stderr=subprocess.PIPE, check=False)


def run_commands(commands: list[dict], ok_codes: tuple[int, ...] = (0,)) -> dict:
    started = time.perf_counter()
    for command in commands:
        try:
            result = _run_one(command)
        except OSError as error:
            return {"ok": False, "returncode": None, "command": " ".join(command["argv"]),
                    "stderr": str(error)}
        if result.returncode not in ok_codes:
            tail = result.stderr.decode(errors="replace").strip().splitlines()[-3:]
            return {"ok": False, "returncode": result.returncode,
                    "command": " ".join(command["argv"]), "stderr": " | ".join(tail)}
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss   # KiB on Linux
    return {"ok": True, "seconds": seconds, "peak_rss_mib": peak_kib / 1024,
            "commands": len(commands)}


def main() -> int:
    spec = json.load(sys.stdin)
    print(json.dumps(run_commands(spec["commands"], tuple(spec.get("ok_codes", [0])))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
