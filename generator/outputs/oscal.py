"""A release as an OSCAL assessment-results document (OSCAL 1.2.3, NIST's JSON format).

- metadata: the release, its evaluation time, the sign-off roles, the approvers as parties
  and which party holds which role;
- one result, at the evaluation time, with one attestation per sign-off;
- one observation per evidence file, its `relevant-evidence` pointing at a back-matter
  resource that carries the file's SHA-256;
- one finding per item: `satisfied` when complete, else `not-satisfied`, with the status (a
  property, and `pass` / `fail` / `other` as the reason) and its reasons (remarks);
- back-matter: the evidence files and the checklist definitions.

Every uuid is a uuid5 of the release and the thing it names, so the same report gives the
same bytes. Identifiers OSCAL restricts to tokens (an item ref holds a `/`) are written with
`.` for `/` and `_` for other characters a token cannot hold; the ref itself stays in a prop.
"""
from __future__ import annotations

import json
import re
import uuid
from typing import Any
from urllib.parse import quote

from ..model.results import EvidenceResult, ItemResult, ReleaseReport, SignoffResult
from ..model.times import iso

OSCAL_VERSION = "1.2.3"
NAMESPACE_URL = "https://evidence-site.example/oscal"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, NAMESPACE_URL)


def assessment_results(report: ReleaseReport) -> dict[str, Any]:
    when = iso(report.evaluated_at)
    ids = _Ids(report)
    checklists = [_checklist_resource(ids, c) for c in report.checklists]
    product = f"{report.product_name} " if report.product_name else ""
    return {"assessment-results": {
        "uuid": ids("assessment-results"),
        "metadata": {
            "title": f"{product}{report.version}: release checklist results",
            "published": when, "last-modified": when, "version": report.version,
            "oscal-version": OSCAL_VERSION,
            **_people(ids, report.signoffs)},
        "import-ap": {"href": f"#{checklists[0]['uuid']}" if checklists else "#",
                      "remarks": "No separate OSCAL assessment plan: the release's checklist "
                                 "definitions (back-matter) are the plan."},
        "results": [{
            "uuid": ids("result"), "title": f"Evaluation of {report.version}",
            "description": f"Every item of {report.version} evaluated from the evidence "
                           f"committed at {report.source_commit or 'no commit'}; "
                           f"{'ready' if report.ready else 'not ready'} for release.",
            "start": when, "end": when,
            "props": [_prop("ready", "true" if report.ready else "false"),
                      _prop("completion", f"{report.completion.value:.4f}")],
            "reviewed-controls": {"control-selections": [{"include-all": {}}]},
            **_nonempty("attestations", [_attestation(ids, s) for s in report.signoffs]),
            **_nonempty("observations", [_observation(ids, e, report) for e in
                                         sorted(report.evidence, key=lambda e: e.file.path)]),
            **_nonempty("findings", [_finding(ids, i) for i in report.items])}],
        "back-matter": {"resources": checklists + [
            _evidence_resource(ids, e) for e in sorted(report.evidence,
                                                       key=lambda e: e.file.path)]},
    }}


def assessment_results_text(report: ReleaseReport) -> str:
    return json.dumps(assessment_results(report), indent=2, ensure_ascii=False) + "\n"


class _Ids:
    def __init__(self, report: ReleaseReport) -> None:
        self.seed = f"{report.version}\0{report.source_commit}\0{iso(report.evaluated_at)}"

    def __call__(self, *parts: str) -> str:
        return str(uuid.uuid5(NAMESPACE, "\0".join((self.seed, *parts))))


def token(text: str) -> str:
    """`text` as an OSCAL token: `/` becomes `.`, other characters a token cannot hold `_`."""
    value = text.replace("/", ".")
    value = re.sub(r"[^\w.\-]", "_", value)
    return value if value and (value[0].isalpha() or value[0] == "_") else f"_{value}"


def _prop(name: str, value: str) -> dict[str, str]:
    return {"name": name, "ns": NAMESPACE_URL, "value": value or "—"}


def _nonempty(key: str, values: list) -> dict[str, list]:
    """OSCAL arrays have at least one element: leave the key out instead."""
    return {key: values} if values else {}


def _people(ids: _Ids, signoffs: tuple[SignoffResult, ...]) -> dict[str, list]:
    roles = sorted({s.signoff.role for s in signoffs})
    approvers = sorted({s.signoff.approver for s in signoffs})
    holders = {role: sorted({ids("party", s.signoff.approver) for s in signoffs
                             if s.signoff.role == role}) for role in roles}
    return {
        **_nonempty("roles", [{"id": token(r), "title": f"{r} approver"} for r in roles]),
        **_nonempty("parties", [{"uuid": ids("party", a), "type": "person", "name": a,
                                 "email-addresses": [a]} if "@" in a else
                                {"uuid": ids("party", a), "type": "person", "name": a}
                                for a in approvers]),
        **_nonempty("responsible-parties", [{"role-id": token(r), "party-uuids": holders[r]}
                                            for r in roles])}


def _attestation(ids: _Ids, result: SignoffResult) -> dict[str, Any]:
    s = result.signoff
    state = "verified" if result.verified else "not verified"
    state += ", stale" if result.stale else ""
    when = f" on {s.date.isoformat()}" if s.date else ""
    prose = f"{s.decision}{when} by {s.approver} ({state}); record {s.path}."
    if s.conditions:
        prose += f" Conditions: {s.conditions}"
    if result.reasons:
        prose += " " + " ".join(result.reasons)
    return {"responsible-parties": [{"role-id": token(s.role),
                                     "party-uuids": [ids("party", s.approver)]}],
            "parts": [{"name": "sign-off", "title": f"Sign-off of {s.role}", "prose": prose}]}


def _observation(ids: _Ids, result: EvidenceResult, report: ReleaseReport) -> dict[str, Any]:
    f, verdict = result.file, result.verdict
    reasons = "; ".join(verdict.reasons) or "no reasons given"
    collected = result.collected_at or (result.commit.committed_at if result.commit else None)
    return {"uuid": ids("observation", f.path), "title": f.path,
            "description": f"{f.kind} evidence, verdict {verdict.verdict}: {reasons}.",
            "props": [_prop("verdict", verdict.verdict), _prop("kind", f.kind)],
            "methods": ["EXAMINE"], "types": ["control-objective"],
            "collected": iso(collected or report.evaluated_at),
            "relevant-evidence": [{"href": f"#{ids('resource', f.path)}",
                                   "description": f"{f.path} (sha256 {f.sha256})"}]}


def _finding(ids: _Ids, result: ItemResult) -> dict[str, Any]:
    item, status = result.item, result.status
    reason = {"complete": "pass", "failed": "fail"}.get(status, "other")
    reasons = " ".join(result.reasons) or "No reasons given."
    return {"uuid": ids("finding", item.ref), "title": item.title,
            "description": f"Checklist item {item.ref} ({item.checklist_id}): {status}.",
            "props": [_prop("item", item.ref), _prop("status", status)],
            "target": {"type": "objective-id", "target-id": token(item.ref),
                       "status": {"state": "satisfied" if status == "complete" else
                                  "not-satisfied", "reason": reason, "remarks": reasons}},
            **_nonempty("related-observations", [
                {"observation-uuid": ids("observation", e.file.path)}
                for e in result.evidence])}


def _evidence_resource(ids: _Ids, result: EvidenceResult) -> dict[str, Any]:
    f = result.file
    return {"uuid": ids("resource", f.path), "title": f.path,
            "rlinks": [{"href": quote(f.path, safe="/"),
                        "hashes": [{"algorithm": "SHA-256", "value": f.sha256}]}]}


def _checklist_resource(ids: _Ids, checklist) -> dict[str, Any]:
    return {"uuid": ids("checklist", checklist.id),
            "title": f"{checklist.title} (version {checklist.version})",
            "rlinks": [{"href": quote(checklist.path, safe="/")}]}
