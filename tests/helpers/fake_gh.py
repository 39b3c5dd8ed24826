"""A stand-in for GitHub's `gh` command: the issue and label commands the reminders use,
on issues kept in a JSON file (FAKE_GH_STATE), every call appended to FAKE_GH_LOG."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve()


def install(folder: Path, state: Path, log: Path) -> dict[str, str]:
    """An environment whose PATH finds this fake first as `gh`."""
    folder.mkdir(parents=True, exist_ok=True)
    gh = folder / "gh"
    gh.write_text(f"#!/bin/sh\nexec '{sys.executable}' '{SCRIPT}' \"$@\"\n")
    gh.chmod(0o755)
    if not state.exists():
        state.write_text("[]")
    return {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}",
            "FAKE_GH_STATE": str(state), "FAKE_GH_LOG": str(log)}


def _option(args: list[str], name: str) -> str | None:
    return args[args.index(name) + 1] if name in args else None


def main(args: list[str]) -> int:
    state = Path(os.environ["FAKE_GH_STATE"])
    with open(os.environ["FAKE_GH_LOG"], "a", encoding="utf-8") as log:
        log.write(json.dumps(args) + "\n")
    issues = json.loads(state.read_text())
    if args[:1] == ["label"]:
        return 0
    verb = args[1]
    if verb == "list":
        print(json.dumps([{k: i[k] for k in ("number", "title", "body", "state")}
                          for i in issues]))
        return 0
    if verb == "create":
        number = max([i["number"] for i in issues], default=0) + 1
        issues.append({"number": number, "title": _option(args, "--title"),
                       "body": _option(args, "--body"), "state": "OPEN", "comments": []})
    else:
        issue = next(i for i in issues if i["number"] == int(args[2]))
        if verb == "edit":
            issue["title"] = _option(args, "--title") or issue["title"]
            issue["body"] = _option(args, "--body") or issue["body"]
        elif verb in ("close", "reopen"):
            issue["state"] = "CLOSED" if verb == "close" else "OPEN"
        if _option(args, "--comment") or verb == "comment":
            issue["comments"].append(_option(args, "--comment") or _option(args, "--body"))
    state.write_text(json.dumps(issues, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
