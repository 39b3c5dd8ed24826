"""What a pull request does that makes a release worse: every regression, and tampering.

A regression is an item worse than at the base (missing -> failed, complete -> unverified),
a sign-off or waiver turning stale or unverified, or a release that was ready and is not.
Tampering is a change that makes someone else's sign-off or waiver unverified: it fails the
check always. Each is a problem at the file that caused it, so CI annotates that file.
"""
from __future__ import annotations

from typing import Iterable, Mapping

from ..model.problems import Problem, problem
from ..model.project import Location
from ..model.results import ItemResult, ReleaseReport, SignoffResult, WaiverResult
from ..model.status import worse


def regressions(base: Mapping[str, ReleaseReport], head: Mapping[str, ReleaseReport],
                fail: bool = False) -> list[Problem]:
    """Problems for everything the change makes worse; regressions are errors with `fail`."""
    severity = "error" if fail else None
    found: list[Problem] = []
    for version, after in head.items():
        before = base.get(version)
        if before is None:
            continue
        found += _items(before, after, severity)
        found += _records(before.signoffs, after.signoffs, version, severity)
        found += _records(before.waivers, after.waivers, version, severity)
        if before.ready and not after.ready:
            found.append(problem("regression", after.release.path,
                                 f"{version} was ready and no longer is: "
                                 f"{after.blockers[0] if after.blockers else ''}",
                                 severity=severity))
    return found


def _items(before: ReleaseReport, after: ReleaseReport, severity) -> list[Problem]:
    old = {r.item.ref: r for r in before.items}
    found = []
    for result in after.items:
        was = old.get(result.item.ref)
        if was is None or not worse(was.status, result.status):
            continue
        cause = _cause(result)
        found.append(problem("regression", cause.path, f"{after.version}: {result.item.title} "
                             f"({result.item.ref}) {was.status} -> {result.status}: "
                             f"{result.reasons[0] if result.reasons else ''}",
                             cause.line, cause.column, severity=severity))
    return found


def _cause(result: ItemResult) -> Location:
    """The file that made the item what it is: the deciding file of its worst requirement,
    else its first file, else where the item is defined."""
    judged = [r for r in result.requirements if r.status == result.status and r.deciding]
    chosen = judged[0].deciding.file.path if judged else (
        result.evidence[0].file.path if result.evidence else None)
    return Location(chosen) if chosen else (result.item.location or Location("."))


def _records(before: Iterable[SignoffResult | WaiverResult],
             after: Iterable[SignoffResult | WaiverResult], version: str,
             severity) -> list[Problem]:
    old = {_path(r): r for r in before}
    found = []
    for now in after:
        was = old.get(_path(now))
        if was is None:
            continue
        what = _what(now)
        if was.verified and not now.verified:
            tampered = bool(set(now.foreign) - set(was.foreign))
            found.append(problem("tampering" if tampered else "regression", _path(now),
                                 f"{version}: the {what} was verified and is not: "
                                 f"{'; '.join(now.reasons[:2])}",
                                 severity=None if tampered else severity))
        elif _stale(now) and not _stale(was):
            found.append(problem("regression", _path(now), f"{version}: the {what} turns "
                                 f"stale: {'; '.join(now.reasons[:1])}", severity=severity))
    return found


def _path(record) -> str:
    return (record.signoff if isinstance(record, SignoffResult) else record.waiver).path


def _what(record) -> str:
    if isinstance(record, SignoffResult):
        return f"sign-off of {record.signoff.role} by {record.signoff.approver}"
    return f"waiver approved by {record.waiver.approved_by}"


def _stale(record) -> bool:
    return record.stale if isinstance(record, SignoffResult) else record.expired

