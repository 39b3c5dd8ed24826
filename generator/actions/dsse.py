"""DSSE envelopes (github.com/secure-systems-lab/dsse, protocol v1) signed with a local key.

Ed25519 or ECDSA P-256 with SHA-256 (deterministic, RFC 6979; DER signatures, as cosign and
sigstore expect), keys as PEM files. What is signed is the pre-authentication encoding
PAE(type, body), never the JSON around it; the verified body is what the caller gets back.
`keyid` (sha256 of the public key's SubjectPublicKeyInfo) is a hint for finding the key, and
never decides anything.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
from pathlib import Path
from typing import Any, Sequence

from ..errors import UsageError

PASSPHRASE_VARIABLE = "EVIDENCE_ATTEST_PASSPHRASE"


class EnvelopeError(ValueError):
    """The envelope is malformed, or no trusted key signed it."""


def pae(payload_type: str, body: bytes) -> bytes:
    """"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, lengths in bytes, in decimal."""
    kind = payload_type.encode("utf-8")
    return b"DSSEv1 %d %b %d %b" % (len(kind), kind, len(body), body)


def key_id(public_key) -> str:
    from cryptography.hazmat.primitives import serialization

    spki = public_key.public_bytes(serialization.Encoding.DER,
                                   serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(spki).hexdigest()


def sign_envelope(payload_type: str, body: bytes, private_keys: Sequence[Any]) -> dict:
    message = pae(payload_type, body)
    return {"payloadType": payload_type, "payload": base64.b64encode(body).decode("ascii"),
            "signatures": [{"keyid": key_id(key.public_key()),
                            "sig": base64.b64encode(_sign(key, message)).decode("ascii")}
                           for key in private_keys]}


def open_envelope(envelope: Any, public_keys: Sequence[Any]) -> tuple[str, bytes]:
    """(payloadType, body) of an envelope at least one of `public_keys` signed."""
    try:
        payload_type = envelope["payloadType"]
        body = _base64(envelope["payload"])
        signatures = [(s.get("keyid", ""), _base64(s["sig"])) for s in envelope["signatures"]]
    except (KeyError, TypeError, AttributeError, ValueError, binascii.Error) as error:
        raise EnvelopeError(f"not a DSSE envelope ({type(error).__name__}: {error})") from None
    if not isinstance(payload_type, str):
        raise EnvelopeError("not a DSSE envelope (payloadType is not a string)")
    message = pae(payload_type, body)
    for hint, signature in signatures:
        for key in sorted(public_keys, key=lambda k: key_id(k) != hint):
            if _verifies(key, signature, message):
                return payload_type, body
    raise EnvelopeError(f"none of its {len(signatures)} signature(s) is by the given key")


def _base64(text: str) -> bytes:
    """Standard or URL-safe base64, padded or not (DSSE verifiers must accept both)."""
    if not isinstance(text, str):
        raise ValueError("expected base64 text")
    text = text.replace("-", "+").replace("_", "/")
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


def _sign(key, message: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    if isinstance(key, ec.EllipticCurvePrivateKey):
        return key.sign(message, ec.ECDSA(hashes.SHA256(), deterministic_signing=True))
    return key.sign(message)


def _verifies(key, signature: bytes, message: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    try:
        if isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, message, ec.ECDSA(hashes.SHA256()))
        else:
            key.verify(signature, message)
    except InvalidSignature:
        return False
    return True


def load_private_key(path: Path, passphrase: bytes | None):
    """An Ed25519 or ECDSA P-256 private key from a PEM file (encrypted or not)."""
    from cryptography.hazmat.primitives import serialization

    data = _read(path)
    try:
        key = serialization.load_pem_private_key(data, password=passphrase)
    except TypeError:
        raise UsageError(f"{path}: the key is encrypted; set ${PASSPHRASE_VARIABLE}") from None
    except ValueError as error:
        raise UsageError(f"{path}: not a PEM private key, or the passphrase is wrong "
                         f"({error})") from None
    _supported(path, key.public_key())
    return key


def load_public_key(path: Path):
    """An Ed25519 or ECDSA P-256 public key from a PEM file."""
    from cryptography.hazmat.primitives import serialization

    try:
        key = serialization.load_pem_public_key(_read(path))
    except ValueError as error:
        raise UsageError(f"{path}: not a PEM public key ({error})") from None
    _supported(path, key)
    return key


def _read(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise UsageError(f"{path}: cannot read the key ({error.strerror})") from None


def _supported(path: Path, public_key) -> None:
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519

    if isinstance(public_key, ed25519.Ed25519PublicKey):
        return
    if isinstance(public_key, ec.EllipticCurvePublicKey) and \
            isinstance(public_key.curve, ec.SECP256R1):
        return
    raise UsageError(f"{path}: expected an Ed25519 or ECDSA P-256 key "
                     "(`openssl genpkey -algorithm ed25519 -out attest.key.pem`)")
