"""DSSE envelopes: the specification's test vector, both key types, and refusals."""
from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from generator.actions.dsse import (
    EnvelopeError,
    load_private_key,
    load_public_key,
    open_envelope,
    pae,
    sign_envelope,
)
from generator.errors import UsageError

# secure-systems-lab/dsse protocol.md, "Test Vectors": ECDSA P-256, SHA-256, RFC 6979,
# signature as raw r||s
SPEC_D = 97358161215184420915383655311931858321456579547487070936769975997791359926199
SPEC_TYPE, SPEC_BODY = "http://example.com/HelloWorld", b"hello world"
SPEC_SIG = ("A3JqsQGtVsJ2O2xqrI5IcnXip5GToJ3F+FnZ+O88SjtR6rDAajabZKciJTfUiHqJPcIAriEGAHTVeCUjW2J"
            "IZA==")


def test_pae_is_the_specifications():
    assert pae(SPEC_TYPE, SPEC_BODY) == b"DSSEv1 29 http://example.com/HelloWorld 11 hello world"
    assert pae("t", "é".encode()) == "DSSEv1 1 t 2 é".encode()     # lengths in bytes


def test_the_specifications_envelope_opens_with_its_key():
    key = ec.derive_private_key(SPEC_D, ec.SECP256R1())
    raw = base64.b64decode(SPEC_SIG)
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    envelope = {"payload": "aGVsbG8gd29ybGQ=", "payloadType": SPEC_TYPE,
                "signatures": [{"sig": base64.b64encode(der).decode()}]}
    assert open_envelope(envelope, [key.public_key()]) == (SPEC_TYPE, SPEC_BODY)
    ours = sign_envelope(SPEC_TYPE, SPEC_BODY, [key])["signatures"][0]["sig"]
    assert ours == base64.b64encode(der).decode()          # RFC 6979: the same signature


@pytest.mark.parametrize("make", [ed25519.Ed25519PrivateKey.generate,
                                  lambda: ec.generate_private_key(ec.SECP256R1())])
def test_signed_with_one_key_opens_with_it_and_not_with_another(make):
    key, other = make(), make()
    envelope = sign_envelope("application/vnd.in-toto+json", b'{"a":1}', [key])
    assert open_envelope(envelope, [other.public_key(), key.public_key()])[1] == b'{"a":1}'
    with pytest.raises(EnvelopeError, match="is by the given key"):
        open_envelope(envelope, [other.public_key()])


def test_url_safe_base64_without_padding_is_accepted():
    key = ed25519.Ed25519PrivateKey.generate()
    envelope = sign_envelope("t", b"\xfb\xff" * 10, [key])
    envelope["payload"] = base64.urlsafe_b64encode(b"\xfb\xff" * 10).decode().rstrip("=")
    assert open_envelope(envelope, [key.public_key()])[1] == b"\xfb\xff" * 10


@pytest.mark.parametrize("change", [
    lambda e: e.update(payload=base64.b64encode(b'{"a":2}').decode()),
    lambda e: e.update(payloadType="application/json"),
    lambda e: e["signatures"][0].update(keyid="nothing to do with it", sig=base64.b64encode(
        b"\0" * 64).decode()),
])
def test_a_changed_envelope_does_not_open(change):
    key = ed25519.Ed25519PrivateKey.generate()
    envelope = sign_envelope("t", b'{"a":1}', [key])
    change(envelope)
    with pytest.raises(EnvelopeError):
        open_envelope(envelope, [key.public_key()])


@pytest.mark.parametrize("envelope", [None, [], {"payload": "x"}, {"payload": "%%",
                                      "payloadType": "t", "signatures": []}])
def test_something_that_is_no_envelope_is_said_so(envelope):
    with pytest.raises(EnvelopeError, match="not a DSSE envelope|none of its"):
        open_envelope(envelope, [ed25519.Ed25519PrivateKey.generate().public_key()])


def pem(key, password: bytes | None = None) -> bytes:
    encryption = serialization.BestAvailableEncryption(password) if password else \
        serialization.NoEncryption()
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             encryption)


def test_keys_load_from_pem_and_other_kinds_are_refused(tmp_path):
    good = tmp_path / "good.pem"
    good.write_bytes(pem(ed25519.Ed25519PrivateKey.generate(), b"pw"))
    assert load_private_key(good, b"pw")
    with pytest.raises(UsageError, match="encrypted"):
        load_private_key(good, None)
    with pytest.raises(UsageError, match="passphrase is wrong"):
        load_private_key(good, b"nope")
    rsa_key = tmp_path / "rsa.pem"
    rsa_key.write_bytes(pem(rsa.generate_private_key(public_exponent=65537, key_size=2048)))
    with pytest.raises(UsageError, match="Ed25519 or ECDSA P-256"):
        load_private_key(rsa_key, None)
    p384 = tmp_path / "p384.pub.pem"
    p384.write_bytes(ec.generate_private_key(ec.SECP384R1()).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    with pytest.raises(UsageError, match="Ed25519 or ECDSA P-256"):
        load_public_key(p384)
    with pytest.raises(UsageError, match="cannot read"):
        load_public_key(tmp_path / "missing.pem")
