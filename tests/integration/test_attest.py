"""`evidence attest` and `evidence verify --attestation`: a signed in-toto statement about a
pack, checked offline; a wrong key, another pack, or a changed statement fail."""
from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys

import pytest

from generator.actions.attest import PREDICATE_TYPE, pack_statement
from generator.actions.dsse import key_id, load_public_key
from tests.helpers.evaluated_pack import attachments, evaluated_repo, render, rewrite_pack
from tests.helpers.keys import key_pair
from tests.helpers.paths import ROOT

pytestmark = pytest.mark.slow


def evidence(*args, **env):
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True,
                          text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", **env})


@pytest.fixture(scope="module")
def attested(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("attest")
    repo = evaluated_repo(tmp / "repo")
    pack = render(repo.root, tmp / "v1.0.0-audit-pack.pdf")
    private, public = key_pair(tmp / "keys", "ed25519", passphrase="pw")
    envelope = tmp / "pack.intoto.json"
    done = evidence("attest", str(pack), "-o", str(envelope), "--key", str(private),
                    EVIDENCE_ATTEST_PASSPHRASE="pw")
    assert done.returncode == 0, done.stderr
    return repo, tmp, pack, envelope, public


def statement_of(envelope_path):
    return json.loads(base64.b64decode(json.loads(envelope_path.read_text())["payload"]))


def test_the_statement_names_the_pack_its_manifest_and_the_commit(attested):
    repo, _, pack, envelope, public = attested
    outer = json.loads(envelope.read_text())
    assert outer["payloadType"] == "application/vnd.in-toto+json"
    assert outer["signatures"][0]["keyid"] == key_id(load_public_key(public))
    statement = statement_of(envelope)
    assert statement["_type"] == "https://in-toto.io/Statement/v1"
    assert statement["predicateType"] == PREDICATE_TYPE
    assert statement["subject"] == [
        {"name": "v1.0.0-audit-pack.pdf",
         "digest": {"sha256": hashlib.sha256(pack.read_bytes()).hexdigest()}},
        {"name": "manifest.json",
         "digest": {"sha256": hashlib.sha256(attachments(pack)["manifest.json"]).hexdigest()}},
        {"name": "source-commit", "digest": {"gitCommit": repo.head()}}]
    predicate = statement["predicate"]
    status = json.loads(attachments(pack)["status.json"])
    assert predicate["ready"] is False and predicate["completion"] == status["completion"]
    assert predicate["counts"] == status["counts"] and predicate["counts"]["failed"] == 1
    assert predicate["evaluated_at"] == status["evaluated_at"]
    assert predicate["checklists"] == [{"id": "mini", "title": "Mini Checklist", "version": 2}]
    assert predicate["evaluated_by"].startswith("evidence-site ")


def test_the_attestation_verifies_offline_with_its_key(attested):
    _, _, pack, envelope, public = attested
    result = evidence("verify", str(pack), "--attestation", str(envelope), "--key", str(public),
                      "-v")
    assert result.returncode == 0, result.stdout
    assert "this pack is a subject" in result.stdout
    assert "its predicate states what the pack states" in result.stdout


def test_a_wrong_key_fails(attested, tmp_path):
    _, _, pack, envelope, _ = attested
    _, other = key_pair(tmp_path, "ecdsa", name="other")
    result = evidence("verify", str(pack), "--attestation", str(envelope), "--key", str(other))
    assert result.returncode == 1
    assert "is by the given key" in result.stdout and "NOT verified" in result.stdout


def test_a_changed_pack_fails(attested, tmp_path):
    _, _, pack, envelope, public = attested
    changed = rewrite_pack(pack, tmp_path / "v1.0.0-audit-pack.pdf",
                           replace={"notes.txt": b"added later"})
    result = evidence("verify", str(changed), "--attestation", str(envelope), "--key",
                      str(public))
    assert result.returncode == 1
    assert "this pack is not among its subjects" in result.stdout


def test_a_statement_that_says_something_else_fails(attested, tmp_path):
    """Signed with the right key, but about the pack's release with another readiness."""
    from cryptography.hazmat.primitives import serialization

    from generator.actions.attest import PAYLOAD_TYPE, statement_bytes
    from generator.actions.dsse import sign_envelope
    from generator.actions.verify import verify_pack

    _, _, pack, _, _ = attested
    private, public = key_pair(tmp_path, "ecdsa")
    statement = pack_statement(pack)
    statement["predicate"]["ready"] = True
    key = serialization.load_pem_private_key(private.read_bytes(), None)
    lie = tmp_path / "lie.json"
    lie.write_text(json.dumps(sign_envelope(PAYLOAD_TYPE, statement_bytes(statement), [key])))
    result = verify_pack(pack, attestation=lie, key=public)
    assert result.exit_code == 1
    assert any("predicate ready: the attestation says true" in m.detail
               for m in result.mismatches)


def test_p256_keys_work_and_the_envelope_is_deterministic(attested, tmp_path):
    _, _, pack, _, _ = attested
    private, public = key_pair(tmp_path, "ecdsa")
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    for out in (first, second):
        assert evidence("attest", str(pack), "-o", str(out), "--key", str(private)).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    assert evidence("verify", str(pack), "--attestation", str(first), "--key",
                    str(public)).returncode == 0


def test_an_independent_dsse_implementation_accepts_the_envelope(attested):
    from securesystemslib.dsse import Envelope
    from securesystemslib.signer import SSlibKey

    _, _, _, envelope, public = attested
    key = load_public_key(public)
    # securesystemslib matches signatures to keys by keyid: give it ours
    trusted = SSlibKey.from_crypto(key, keyid=key_id(key))
    opened = Envelope.from_dict(json.loads(envelope.read_text()))
    assert list(opened.verify([trusted], 1)) == [key_id(key)]


def test_usage_errors_are_clear(attested, tmp_path):
    _, _, pack, envelope, public = attested
    neither = evidence("attest", str(pack), "-o", str(tmp_path / "x.json"))
    assert neither.returncode == 2 and "--key" in neither.stderr
    no_key = evidence("verify", str(pack), "--attestation", str(envelope))
    assert no_key.returncode == 1 and "needs --key" in no_key.stdout
    key_alone = evidence("verify", str(pack), "--key", str(public))
    assert key_alone.returncode == 2
    try:
        import sigstore  # noqa: F401
    except ImportError:
        keyless = evidence("attest", str(pack), "-o", str(tmp_path / "x.json"), "--sigstore")
        assert keyless.returncode == 2 and "evidence-site[sigstore]" in keyless.stderr
