"""`evidence attest`: an in-toto Statement v1 about an audit pack, signed as a DSSE envelope;
and the check `evidence verify --attestation` makes of one.

Subjects: the pack PDF (by its file name), its embedded manifest.json, and the source commit
(`gitCommit`). The predicate (PREDICATE_TYPE, described in docs/trust.md) states what the
pack states about the release: readiness, completion, counts per status, blockers, the
evaluation time and the checklists with their versions.

Signed with a local Ed25519 or ECDSA P-256 key (offline, air-gapped), or keyless with
Sigstore in CI (an OIDC identity, a short-lived Fulcio certificate, a Rekor entry). A
Sigstore bundle carries the same statement without the commit subject: sigstore-python
accepts only SHA-2 and SHA-3 subject digests; the commit stays in the predicate.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Mapping

from ..errors import PackError, UsageError
from ..files import write_atomically
from ..history.record import FORMAT as HISTORY_FORMAT
from ..kinds import parse_json
from ..outputs.names import HISTORY, MANIFEST, STATUS
from .attachments import read_attachments
from .dsse import (
    PASSPHRASE_VARIABLE,
    EnvelopeError,
    load_private_key,
    load_public_key,
    open_envelope,
    sign_envelope,
)
from .findings import Findings
from .recheck import differences

STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
PAYLOAD_TYPE = "application/vnd.in-toto+json"
PREDICATE_TYPE = "https://evidence-site.example/attestation/release-status/v1"
COMMIT_SUBJECT = "source-commit"


def pack_statement(pdf: Path, embedded: Mapping[str, bytes] | None = None,
                   with_commit: bool = True) -> dict[str, Any]:
    """The statement about the pack at `pdf` (`embedded`: its attachments, if read already)."""
    if embedded is None:
        embedded = _attachments(pdf)
    manifest, status = (_json(embedded, name) for name in (MANIFEST, STATUS))
    history = _json(embedded, HISTORY)
    subjects = [{"name": Path(pdf).name, "digest": {"sha256": _sha256(Path(pdf).read_bytes())}},
                {"name": MANIFEST, "digest": {"sha256": _sha256(embedded[MANIFEST])}}]
    if with_commit and manifest.get("source_commit"):
        subjects.append({"name": COMMIT_SUBJECT,
                         "digest": {"gitCommit": manifest["source_commit"]}})
    return {"_type": STATEMENT_TYPE, "subject": subjects, "predicateType": PREDICATE_TYPE,
            "predicate": release_predicate(status, manifest, history)}


def release_predicate(status: Mapping, manifest: Mapping, history: Mapping) -> dict[str, Any]:
    withheld = [f["path"] for f in manifest.get("files", []) if f.get("withheld")]
    return {"release": status.get("release"), "title": status.get("title"),
            "ready": status.get("ready"), "blockers": status.get("blockers"),
            "completion": status.get("completion"),
            "completion_formula": status.get("completion_formula"),
            "counts": status.get("counts"), "items": len(status.get("items") or ()),
            "evidence_files": len(manifest.get("files", [])), "withheld_files": withheld,
            "evaluated_at": status.get("evaluated_at"),
            "source_commit": status.get("source_commit"),
            "checklists": status.get("checklists"),
            "evaluated_by": history.get("evaluated_by") if history.get(
                "format") == HISTORY_FORMAT else None}


def statement_bytes(statement: Mapping) -> bytes:
    return json.dumps(statement, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def attest_pack(pdf: Path, out: Path, key: Path | None = None, sigstore: bool = False) -> str:
    """Write the pack's signed statement to `out`; returns what signed it."""
    if (key is None) == (not sigstore):
        raise UsageError("give --key KEY.pem (an Ed25519 or ECDSA P-256 key) or --sigstore "
                         "(keyless, in CI), not both")
    if sigstore:
        bundle = _sign_keyless(statement_bytes(pack_statement(pdf, with_commit=False)))
        write_atomically(Path(out), bundle.encode("utf-8"))
        return "a Sigstore keyless identity"
    passphrase = os.environ.get(PASSPHRASE_VARIABLE)
    private = load_private_key(key, passphrase.encode() if passphrase else None)
    envelope = sign_envelope(PAYLOAD_TYPE, statement_bytes(pack_statement(pdf)), [private])
    write_atomically(Path(out), (json.dumps(envelope, indent=2) + "\n").encode("utf-8"))
    return f"key {envelope['signatures'][0]['keyid'][:16]}"


def _sign_keyless(body: bytes) -> str:
    """A Sigstore bundle over the statement; needs the optional `sigstore` package, network
    and an ambient OIDC identity (GitHub Actions with `permissions: id-token: write`)."""
    try:
        from sigstore.dsse import Statement
        from sigstore.models import ClientTrustConfig
        from sigstore.oidc import IdentityToken, detect_credential
        from sigstore.sign import SigningContext
    except ImportError:
        raise UsageError("--sigstore needs the sigstore package: "
                         "pip install 'evidence-site[sigstore]'") from None
    credential = detect_credential()
    if credential is None:
        raise UsageError("--sigstore: no ambient OIDC identity; in GitHub Actions give the "
                         "job `permissions: id-token: write`")
    context = SigningContext.from_trust_config(ClientTrustConfig.production())
    with context.signer(IdentityToken(credential), cache=True) as signer:
        return signer.sign_dsse(Statement(body)).to_json()


def check_attestation(path: Path, key: Path | None, pdf: Path, embedded: Mapping[str, bytes],
                      claimed_status: Any) -> Findings:
    """The envelope at `path`: signed by `key`, about this very pack, stating what it states."""
    found = Findings()
    subject = f"attestation {Path(path).name}"
    try:
        envelope = parse_json(Path(path).read_bytes().decode("utf-8", "replace"))
    except (OSError, ValueError) as error:
        found.errors.append(f"{path}: cannot read the attestation ({error})")
        return found
    if isinstance(envelope, dict) and "sigstore.bundle" in str(envelope.get("mediaType")):
        found.errors.append(f"{path}: a Sigstore bundle; check it with `sigstore verify "
                            "identity` (`evidence help trust`); --attestation takes DSSE envelopes")
        return found
    if key is None:
        found.errors.append("--attestation needs --key PUB.pem, the key it must be signed by")
        return found
    try:
        payload_type, body = open_envelope(envelope, [load_public_key(key)])
        statement = parse_json(body.decode("utf-8", "replace"))
    except EnvelopeError as error:
        found.mismatch(subject, f"signature: {error}")
        return found
    except ValueError as error:
        found.mismatch(subject, f"the signed statement is not JSON ({error})")
        return found
    found.match(subject, f"signed by the key in {Path(key).name}")
    _statement_into(found, subject, payload_type, statement, pdf, embedded, claimed_status)
    return found


def _statement_into(found: Findings, subject: str, payload_type: str, statement: Any,
                    pdf: Path, embedded: Mapping[str, bytes], claimed_status: Any) -> None:
    if payload_type != PAYLOAD_TYPE or not isinstance(statement, dict) or \
            statement.get("_type") != STATEMENT_TYPE:
        found.mismatch(subject, "not an in-toto Statement v1")
        return
    if statement.get("predicateType") != PREDICATE_TYPE:
        found.mismatch(subject, f"predicateType {statement.get('predicateType')!r}, expected "
                                f"{PREDICATE_TYPE}")
        return
    digests = [s.get("digest", {}) for s in statement.get("subject") or ()
               if isinstance(s, dict) and isinstance(s.get("digest"), dict)]
    manifest = parse_json(embedded[MANIFEST].decode("utf-8", "replace"))
    wanted = {"this pack": ("sha256", _sha256(pdf.read_bytes())),
              MANIFEST: ("sha256", _sha256(embedded[MANIFEST]))}
    if manifest.get("source_commit"):
        wanted["the source commit"] = ("gitCommit", manifest["source_commit"])
    for what, (algorithm, value) in wanted.items():
        if any(d.get(algorithm) == value for d in digests):
            found.match(subject, f"{what} is a subject ({algorithm} {value[:12]})")
        else:
            found.mismatch(subject, f"{what} is not among its subjects: it attests another "
                                    f"file ({algorithm} {value[:12]} not found)")
    if not isinstance(claimed_status, dict):
        return
    try:
        history = _json(embedded, HISTORY)
    except PackError:       # verify reports that itself
        history = {}
    expected = release_predicate(claimed_status, manifest, history)
    wrong = list(differences(statement.get("predicate"), expected, against="this pack"))
    for where, what in wrong:
        found.mismatch(subject, f"predicate {'.'.join(where) or ''}: "
                                f"{what.replace('the pack says', 'the attestation says')}")
    if not wrong:
        found.match(subject, "its predicate states what the pack states")


def _attachments(pdf: Path) -> dict[str, bytes]:
    try:
        embedded, errors = read_attachments(Path(pdf))
    except Exception as error:   # pypdf raises many types on a damaged file
        raise PackError(f"{pdf}: not a readable PDF ({error})") from None
    if errors:
        raise PackError(f"{pdf}: {errors[0]}")
    return {name: entry.data for name, entry in embedded.items()}


def _json(embedded: Mapping[str, bytes], name: str) -> dict:
    if name not in embedded:
        raise PackError(f"the pack has no embedded {name}: make it again with `evidence pdf`")
    try:
        data = parse_json(embedded[name].decode("utf-8", "replace"))
    except ValueError as error:
        raise PackError(f"{name}: not JSON ({error})") from None
    if not isinstance(data, dict):
        raise PackError(f"{name}: expected an object")
    return data


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
