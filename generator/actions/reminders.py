"""Reminder issues: one GitHub issue per waiver or evidence about to lapse, kept in step.

Reads the `expiring` list of `evidence check --format json` and the issues labelled
`evidence-reminder`, plans, then carries the plan out with GitHub's `gh` command:

- something newly about to lapse opens an issue; its issue, if open, is updated; if closed
  (it lapsed once before and was renewed), it is reopened: never a second issue for one thing;
- an open issue whose waiver or evidence no longer shows is closed as renewed while its
  expiry is still ahead; past its expiry it has lapsed instead, so the issue stays open,
  retitled, with one comment saying so.

Each issue's body carries a hidden marker with its key and expiry, so the plan needs nothing
but the check's JSON and the issues.

    python -m generator.actions.reminders CHECK.json [--repo OWNER/NAME] [--dry-run]
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Sequence

LABEL = "evidence-reminder"
_MARKER = re.compile(r"<!-- evidence-reminder: (\{.*?\}) -->")
LAPSED = "Lapsed: "


@dataclass(frozen=True)
class Step:
    action: str                  # open | update | reopen | close | lapsed
    key: str
    number: int | None = None    # the issue, except for open
    title: str = ""
    body: str = ""
    comment: str = ""


def key_of(warning: dict[str, Any]) -> str:
    return " ".join((warning["code"], warning["release"], warning["path"],
                     ",".join(warning["items"])))


def title_of(warning: dict[str, Any]) -> str:
    day = warning["expires_at"][:10]
    if warning["code"] == "waiver-expiring":
        return f"Waiver for {', '.join(warning['items'])} expires {day} ({warning['release']})"
    return (f"Evidence for {', '.join(warning['items'])} goes stale {day} "
            f"({warning['release']})")


def body_of(warning: dict[str, Any]) -> str:
    marker = json.dumps({"key": key_of(warning), "expires_at": warning["expires_at"]})
    if warning["code"] == "waiver-expiring":
        what = (f"The waiver `{warning['path']}` stops counting at {warning['expires_at']}. "
                "Resolve the item, or renew the waiver with a new `expires` and approval.")
    else:
        what = (f"The evidence `{warning['path']}` passes its `max_age` at "
                f"{warning['expires_at']}. Collect it again before the release goes live.")
    items = "\n".join(f"- `{ref}`" for ref in warning["items"])
    return (f"{what}\n\nRelease: `{warning['release']}`\n\nItems:\n{items}\n\n"
            "This issue is kept up to date by the evidence reminders workflow: it closes "
            f"when the evidence or waiver is renewed.\n\n<!-- evidence-reminder: {marker} -->\n")


def marker_of(issue: dict[str, Any]) -> dict[str, Any] | None:
    found = _MARKER.search(issue.get("body") or "")
    if not found:
        return None
    try:
        return json.loads(found.group(1))
    except ValueError:
        return None


def plan(expiring: Sequence[dict[str, Any]], issues: Sequence[dict[str, Any]],
         now: datetime) -> list[Step]:
    """What to do to the issues so that there is one open issue per item of `expiring`."""
    by_key: dict[str, list[dict[str, Any]]] = {}
    for issue in sorted(issues, key=lambda i: i["number"]):
        marker = marker_of(issue)
        if marker:
            by_key.setdefault(marker["key"], []).append({**issue, "marker": marker})
    steps, current = [], set()
    for warning in expiring:
        key = key_of(warning)
        if key in current:
            continue
        current.add(key)
        title, body = title_of(warning), body_of(warning)
        known = by_key.get(key, [])
        open_issue = next((i for i in known if _is_open(i)), None)
        if open_issue:
            if (open_issue["title"], open_issue["body"]) != (title, body):
                steps.append(Step("update", key, open_issue["number"], title, body))
        elif known:
            steps.append(Step("reopen", key, known[-1]["number"], title, body,
                              "About to lapse again; reopened by the reminders workflow."))
        else:
            steps.append(Step("open", key, None, title, body))
    for key, known in by_key.items():
        if key in current:
            continue
        for issue in (i for i in known if _is_open(i)):
            steps.append(_settle(issue, key, now))
    return [s for s in steps if s is not None]


def _settle(issue: dict[str, Any], key: str, now: datetime) -> Step | None:
    expires_at = _parse(issue["marker"].get("expires_at"))
    if expires_at is not None and now < expires_at:
        return Step("close", key, issue["number"], comment=(
            "No longer about to lapse: renewed or resolved. Closed by the reminders workflow."))
    if issue["title"].startswith(LAPSED):
        return None                          # already said
    return Step("lapsed", key, issue["number"], LAPSED + issue["title"], comment=(
        f"This lapsed at {issue['marker'].get('expires_at')}: it no longer counts. "
        "Close this issue once the item is dealt with."))


def _is_open(issue: dict[str, Any]) -> bool:
    return str(issue.get("state", "")).upper() == "OPEN"


def _parse(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


Runner = Callable[[list[str]], str]


def gh_runner(repo: str | None) -> Runner:
    def run(args: list[str]) -> str:
        argv = ["gh", *args, *(["--repo", repo] if repo else [])]
        done = subprocess.run(argv, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(argv[:3])} failed: {done.stderr.strip()}")
        return done.stdout
    return run


def list_issues(run: Runner) -> list[dict[str, Any]]:
    return json.loads(run(["issue", "list", "--label", LABEL, "--state", "all", "--limit",
                           "1000", "--json", "number,title,body,state"]) or "[]")


def apply(steps: Sequence[Step], run: Runner) -> None:
    if any(s.action == "open" for s in steps):
        run(["label", "create", LABEL, "--color", "FBCA04", "--force", "--description",
             "A waiver or evidence about to lapse (evidence reminders)"])
    for step in steps:
        number = str(step.number)
        if step.action == "open":
            run(["issue", "create", "--title", step.title, "--body", step.body,
                 "--label", LABEL])
        elif step.action == "update":
            run(["issue", "edit", number, "--title", step.title, "--body", step.body])
        elif step.action == "reopen":
            run(["issue", "reopen", number])
            run(["issue", "edit", number, "--title", step.title, "--body", step.body])
            run(["issue", "comment", number, "--body", step.comment])
        elif step.action == "close":
            run(["issue", "close", number, "--comment", step.comment])
        elif step.action == "lapsed":
            run(["issue", "edit", number, "--title", step.title])
            run(["issue", "comment", number, "--body", step.comment])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.actions.reminders",
                                     description="open, update or close one issue per "
                                     "waiver or evidence about to lapse")
    parser.add_argument("check_json", help="output of `evidence check --format json`")
    parser.add_argument("--repo", help="OWNER/NAME (default: gh's own choice)")
    parser.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")
    parser.add_argument("--now", help="ISO time to judge lapses at (default: now)")
    args = parser.parse_args(argv)
    expiring = json.loads(Path(args.check_json).read_text(encoding="utf-8"))["expiring"]
    run = gh_runner(args.repo)
    now = _parse(args.now) if args.now else datetime.now(timezone.utc)
    steps = plan(expiring, list_issues(run), now)
    for step in steps:
        print(f"{step.action} {'#' + str(step.number) if step.number else ''} {step.key}".strip())
    if not args.dry_run:
        apply(steps, run)
    return 0


if __name__ == "__main__":
    sys.exit(main())
