"""Make a seeded, deterministic synthetic evidence repository for the benchmark.

    python bench/make_repo.py DEST [--releases N] [--files-per-item F] [--commits M] [--seed S] [--small]

Default (large) case: 50 releases, ~3 files per item (about 20,000 evidence files), 2,000 commits.
`--small`: 3 releases, ~1 file per item, 30 commits. The same arguments always give the same
commits (same hashes): names, dates and contents all come from the seed.
"""
from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import evidence_samples as samples  # noqa: E402
from checklist_source import (  # noqa: E402
    CHECKLIST_ID,
    CHECKLIST_PATH,
    ROLES,
    ItemSpec,
    load_checklist,
)
from fast_import import FastImport, Person  # noqa: E402

DAY = timedelta(days=1)
_FIRST = ("Ana", "Ben", "Chen", "Dara", "Elif", "Femi", "Gus", "Hana", "Ivo", "Jun", "Kemal",
          "Lena", "Mateo", "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sami", "Tove")
_LAST = ("Silva", "Okafor", "Novak", "Larsen", "Kaur", "Moreau", "Sato", "Berg", "Costa", "Ivanova")


@dataclass(frozen=True)
class Shape:
    releases: int
    files_per_item: int
    commits: int
    seed: int


@dataclass(frozen=True)
class FileOp:
    """One file written at one time; `author` set means the change needs its own commit by them."""
    when: datetime
    path: str
    make: Callable[[], bytes]
    author: Person | None = None


@dataclass
class Plan:
    base_files: list[tuple[str, bytes]]
    ops: list[FileOp] = field(default_factory=list)


def _people(rng: random.Random, count: int, taken: set[str]) -> list[Person]:
    people = []
    while len(people) < count:
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        email = f"{first}.{last}@example.com".lower()
        if email not in taken:
            taken.add(email)
            people.append(Person(f"{first} {last}", email))
    return people


def _approvers(rng: random.Random, taken: set[str]) -> dict[str, list[Person]]:
    return {role: _people(rng, rng.randint(2, 4), taken) for role in ROLES}


def _approvers_yaml(approvers: dict[str, list[Person]]) -> bytes:
    roles = {role: {"title": f"{role.capitalize()} approvers", "members": [
        {"name": p.name, "email": p.email,
         "also": [p.email.replace("@example.com", "@users.noreply.example.com")]}
        for p in members]} for role, members in approvers.items()}
    return yaml.safe_dump({"roles": roles}, sort_keys=False).encode()


def _version(index: int) -> str:
    # Twelve minors per major, so v1.10.0 and v1.11.0 exist and string order would be wrong.
    return f"v{1 + index // 12}.{index % 12}.0"


def _release_states(count: int) -> list[str]:
    unreleased = 3 if count >= 6 else 1
    states = ["released"] * (count - unreleased) + ["in-progress"] * unreleased
    if unreleased > 1:
        states[-1] = "planned"
    if count >= 6:
        states[count // 3] = "rolled-back"
    return states


def _release_yaml(version: str, state: str, target: datetime, tags: list[str],
                  released_at: datetime | None) -> bytes:
    data = {"version": version, "title": f"Release {version}", "checklists": [CHECKLIST_ID],
            "target_date": target.date(), "status": state, "tags": tags}
    if released_at is not None:
        data["released_at"] = released_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    return yaml.safe_dump(data, sort_keys=False).encode()


class RepoPlanner:
    """Decides every file, its time and author; contents are made lazily when written."""

    def __init__(self, shape: Shape) -> None:
        self.shape = shape
        self.rng = random.Random(shape.seed)
        self.checklist = load_checklist()
        taken: set[str] = set()
        self.approvers = _approvers(self.rng, taken)
        self.engineers = _people(self.rng, 14, taken)
        self.base = datetime(2023, 1, 2, 9, 0) + timedelta(days=shape.seed % 200)
        self.states = _release_states(shape.releases)
        first_unreleased = self.states.index("in-progress")
        self.now = self._target(first_unreleased) - 2 * DAY
        self.tags = sorted({i.applies_if for i in self.checklist.items if i.applies_if})

    def _target(self, index: int) -> datetime:
        return self.base + 14 * DAY * (index + 2)

    def plan(self) -> Plan:
        plan = Plan(base_files=self._base_files())
        plan.ops += self._common_ops()
        for index in range(self.shape.releases):
            plan.ops += self._release_ops(index)
        plan.ops = [op for op in plan.ops if op.when <= self.now]
        return plan

    def _base_files(self) -> list[tuple[str, bytes]]:
        site = {"site_name": "Release evidence", "theme": {"name": "material"}}
        return [
            ("mkdocs.yml", yaml.safe_dump(site, sort_keys=False).encode()),
            (CHECKLIST_PATH, self.checklist.text.encode()),
            ("content/approvers.yml", _approvers_yaml(self.approvers)),
            ("content/docs/about.md", b"# About these releases\n\nHow we ship, and who signs.\n"),
        ]

    def _common_ops(self) -> list[FileOp]:
        documents = [i for i in self.checklist.items if i.kinds[0] in ("runbook", "document")]
        when = self.base + 2 * DAY
        return [self._op(when, f"evidence/_common/{item.ref}/policy.md",
                         lambda r, t, ref=item.ref: samples.markdown(r, f"Policy for {ref}"))
                for item in documents[:3]]

    def _op(self, when: datetime, path: str, make: Callable[[random.Random, datetime], bytes],
            author: Person | None = None) -> FileOp:
        # Each file's bytes come from its own Random, so contents do not depend on write order.
        seed = f"{self.shape.seed}:{path}:{when.isoformat()}"
        return FileOp(when, path, lambda: make(random.Random(seed), when), author)

    def _release_ops(self, index: int) -> list[FileOp]:
        version, state, target = _version(index), self.states[index], self._target(index)
        released = state in ("released", "rolled-back")
        released_at = target + timedelta(hours=10) if released else None
        tags = [t for t in self.tags if self.rng.random() < 0.3]
        opened = self.now - 5 * DAY if target - 21 * DAY >= self.now else target - 21 * DAY
        root = f"evidence/{version}"
        ops = [self._op(opened, f"{root}/release.yml", lambda r, t: _release_yaml(
            version, "planned" if released else state, target, tags, None))]
        if released:
            ops.append(self._op(released_at, f"{root}/release.yml", lambda r, t: _release_yaml(
                version, state, target, tags, released_at)))
        # Most released releases had every item covered; some shipped with gaps.
        full = 1.0 if self.rng.random() < 0.7 else 0.95
        coverage = {"released": full, "rolled-back": 0.9, "in-progress": 0.6, "planned": 0.15}[state]
        waived = self._waived_item(index)
        if waived is not None:
            ops.append(self._waiver_op(root, waived, opened + DAY))
        for item in self.checklist.items:
            if item.signoff_role or item is waived or self.rng.random() > coverage:
                continue
            window = (target + timedelta(hours=11), target + 30 * DAY) if item.after_release \
                else self._before_release_window(item, opened, target)
            ops += self._item_ops(root, item, window)
        if state != "planned":
            ops += self._signoff_ops(root, state, min(target - timedelta(hours=1), self.now))
        return ops

    def _before_release_window(self, item: ItemSpec, opened: datetime,
                               target: datetime) -> tuple[datetime, datetime]:
        """Before go-live, and within the item's max_age of it, as a team keeping it fresh would."""
        latest = min(target - timedelta(hours=2), self.now)
        earliest = opened if item.max_age is None else max(opened, target - item.max_age * 0.8)
        return (earliest, latest) if earliest < latest else (latest - timedelta(hours=6), latest)

    def _waived_item(self, index: int) -> ItemSpec | None:
        count = self.shape.releases
        if index not in {0, 1, count // 2, count - 2}:
            return None
        candidates = [i for i in self.checklist.items if not i.signoff_role and not i.after_release]
        return candidates[(index * 7) % len(candidates)]

    def _waiver_op(self, root: str, item: ItemSpec, when: datetime) -> FileOp:
        approver = self.approvers.get(item.owner or "technical", self.approvers["technical"])[0]
        accepted_risk = self.rng.random() < 0.5
        record = {"kind": "waiver", "items": [item.ref],
                  "type": "accepted-risk" if accepted_risk else "not-applicable",
                  "reason": f"{item.title}: handled outside this release's scope.",
                  "approved_by": approver.email}
        if accepted_risk:
            record["expires"] = (when + 730 * DAY).date()
        slug = item.ref.replace("/", "--")
        return self._op(when, f"{root}/waivers/{slug}.yml",
                        lambda r, t: yaml.safe_dump(record, sort_keys=False).encode(), approver)

    def _signoff_ops(self, root: str, state: str, when: datetime) -> list[FileOp]:
        ops = []
        roles = ROLES if state != "in-progress" else ROLES[:2]
        for role in roles:
            approver = self.rng.choice(self.approvers[role])
            decision = "approved-with-conditions" if self.rng.random() < 0.1 else "approved"
            if state == "rolled-back" and role == "security":
                decision = "rejected"
            record = {"kind": "signoff", "role": role, "approver": approver.email,
                      "decision": decision, "date": when.date(), "scope": "release"}
            if decision == "approved-with-conditions":
                record["conditions"] = "Re-run the load test within a week of go-live."
            ops.append(self._op(when, f"{root}/signoffs/{role}.yml",
                                lambda r, t, rec=record: yaml.safe_dump(rec, sort_keys=False).encode(),
                                approver))
        return ops

    def _item_ops(self, root: str, item: ItemSpec, window: tuple[datetime, datetime]) -> list[FileOp]:
        count = self.rng.randint(1, 2 * self.shape.files_per_item - 1)
        # The first files cover each requirement; extra files repeat the first kind or add notes.
        picks = [n if n < len(item.kinds) else (0 if self.rng.random() < 0.7 else None)
                 for n in range(max(count, len(item.kinds)))]
        ops = []
        for n, pick in enumerate(picks):
            kind, check = (item.kinds[pick], item.checks[pick]) if pick is not None else ("document", {})
            when = window[0] + (window[1] - window[0]) * self.rng.random()
            ops += self._evidence_ops(root, item, kind, check, n, when)
        return ops

    def _evidence_ops(self, root: str, item: ItemSpec, kind: str, check: dict, n: int,
                      when: datetime) -> list[FileOp]:
        name, make, failing = self._sample(item, kind, check, n)
        binding = self.rng.random()
        if kind in ("runbook", "document", "release-notes") and binding < 0.08:
            slug = item.ref.replace("/", "--")
            meta = {"items": [item.ref], "kind": kind}
            return [self._op(when, f"{root}/notes/{slug}-{n}.md",
                             lambda r, t: samples.markdown(r, item.title, meta))]
        if binding > 0.94:
            slug = item.ref.replace("/", "--")
            path = f"{root}/reports/{slug}-{name}"
            sidecar = {"items": [item.ref], "collected": when.strftime("%Y-%m-%dT%H:%M:%SZ")}
            ops = [self._op(when, path, make), self._op(
                when, path + ".meta.yml", lambda r, t: yaml.safe_dump(sidecar).encode())]
        else:
            path = f"{root}/{item.ref}/{name}"
            ops = [self._op(when, path, make)]
        if failing and self.rng.random() < 0.5:
            fixed = self._sample(item, kind, check, n, never_fail=True)[1]
            ops.append(self._op(when + timedelta(hours=self.rng.randint(2, 48)), ops[0].path, fixed))
        return ops

    def _sample(self, item: ItemSpec, kind: str, check: dict, n: int, never_fail: bool = False):
        failing = not never_fail and self.rng.random() < 0.03
        suite = item.ref.split("/")[1].replace("-", "_")
        host = f"{item.ref.split('/')[0]}.example.com"
        makers = {
            "junit": (f"junit-{n}.xml", lambda r, t: samples.junit(r, suite, t - samples.collected_shift(r), failing)),
            "sarif": (f"scan-{n}.sarif", lambda r, t: samples.sarif(r, ("codeql", "semgrep", "trivy")[n % 3], t)),
            "http-headers": (f"curl-{n}.http", lambda r, t: samples.http_headers(r, host, t, check)),
            "probe": (f"probe-{n}.json", lambda r, t: samples.probe(
                r, f"https://{host}/healthz", t, not failing, check.get("expect"))),
            "screenshot": (f"dashboard-{n}.png", lambda r, t: samples.png(r)),
            "runbook": (f"runbook-{n}.md", lambda r, t: samples.markdown(r, item.title)),
            "release-notes": (f"release-notes-{n}.md", lambda r, t: samples.markdown(r, "Release notes")),
        }
        name, make = makers.get(kind, (f"notes-{n}.md", lambda r, t: samples.markdown(r, item.title)))
        return name, make, failing


def _segments(ops: list[FileOp]) -> list[FileOp | list[FileOp]]:
    """Time-ordered: each change needing its own commit, and the runs of shared changes between them."""
    order: list[FileOp | list[FileOp]] = [[]]
    for op in ops:
        if op.author is None:
            order[-1].append(op)
        else:
            order += [op, []]
    return [entry for entry in order if entry]


def _share_out(sizes: list[int], total: int) -> list[int]:
    """Split `total` commits over runs of these sizes: at least one each, the rest by size."""
    counts = [1] * len(sizes)
    spare = total - len(sizes)
    while spare > 0:
        open_runs = [i for i, size in enumerate(sizes) if counts[i] < size]
        if not open_runs:
            break
        best = max(open_runs, key=lambda i: sizes[i] / counts[i])
        counts[best] += 1
        spare -= 1
    return counts


def _commit_groups(plan: Plan, commits: int, rng: random.Random, engineers: list[Person]):
    """Split the time-ordered changes into `commits` commits (the first holds the base files).

    Sign-offs and waivers get commits of their own, by their approver; no shared commit spans
    one of them, so a sign-off is never followed by evidence that was made before it."""
    order = _segments(sorted(plan.ops, key=lambda op: (op.when, op.path)))
    runs = [entry for entry in order if isinstance(entry, list)]
    chunks = commits - 1 - (len(order) - len(runs))
    if chunks < len(runs):
        raise SystemExit(f"error: --commits {commits} is too few for this shape (hint: use at least "
                         f"{len(order) + 1}: sign-offs and waivers need commits of their own)")
    counts = iter(_share_out([len(run) for run in runs], chunks))
    groups = []
    for entry in order:
        if not isinstance(entry, list):
            groups.append((entry.when, entry.author, [entry]))
            continue
        parts = next(counts)
        for c in range(parts):
            part = entry[c * len(entry) // parts:(c + 1) * len(entry) // parts]
            groups.append((part[-1].when, rng.choice(engineers), part))
    return groups


def _message(ops: list[FileOp]) -> str:
    first = ops[0].path.split("/")
    where = "/".join(first[1:4]) if len(first) > 3 else ops[0].path
    more = f" and {len(ops) - 1} more" if len(ops) > 1 else ""
    return f"Evidence: {where}{more}\n"


def make_repo(dest: Path, shape: Shape) -> dict:
    started = time.perf_counter()
    if dest.exists() and any(dest.iterdir()):
        raise SystemExit(f"error: {dest} exists and is not empty (hint: choose a new folder)")
    dest.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "--quiet", "--initial-branch=main", str(dest)], check=True)
    planner = RepoPlanner(shape)
    plan = planner.plan()
    groups = _commit_groups(plan, shape.commits, planner.rng, planner.engineers)
    files, size = set(), 0
    with FastImport(dest) as fi:
        fi.commit(planner.engineers[0], planner.base, "Checklist, approvers and site config\n",
                  plan.base_files)
        for when, author, ops in groups:
            contents = [(op.path, op.make()) for op in ops]
            size += sum(len(c) for _, c in contents)
            files.update(p for p, _ in contents)
            fi.commit(author, when, _message(ops), contents)
    evidence = [p for p in files if p.startswith("evidence/")]
    return {"dest": str(dest), "checklist": planner.checklist.origin,
            "items": len(planner.checklist.items), "releases": shape.releases,
            "evidence_files": len(evidence), "bytes_written": size,
            "commits": fi.commits, "head_time": max(g[0] for g in groups).isoformat() + "Z",
            "seconds": round(time.perf_counter() - started, 1)}


def _parse(argv: list[str] | None) -> tuple[Path, Shape]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--releases", type=int)
    parser.add_argument("--files-per-item", type=int)
    parser.add_argument("--commits", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--small", action="store_true", help="3 releases, ~1 file per item, 30 commits")
    parser.add_argument("--medium", action="store_true",
                        help="40 releases, ~2 files per item (about 10,600 files), 1,080 commits")
    args = parser.parse_args(argv)
    defaults = (3, 1, 30) if args.small else (40, 2, 1080) if args.medium else (50, 3, 2000)
    shape = Shape(args.releases or defaults[0], args.files_per_item or defaults[1],
                  args.commits or defaults[2], args.seed)
    return args.dest, shape


def main(argv: list[str] | None = None) -> int:
    dest, shape = _parse(argv)
    summary = make_repo(dest, shape)
    for key, value in summary.items():
        print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
