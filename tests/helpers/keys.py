"""Throwaway keys and self-signed certificates, generated when a test runs (never committed).

    p12, certificate = signing_identity(tmp_path, "test-passphrase")        # RSA, for PAdES
    private, public = key_pair(tmp_path, "ed25519")                          # for attestations
"""
from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

SIGNER = "Evidence Release Signer (TEST)"


def signing_identity(folder: Path, passphrase: str, *, name: str = SIGNER, kind: str = "rsa"
                     ) -> tuple[Path, Path]:
    """A PKCS#12 file (key + self-signed certificate) and the certificate as PEM."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048) if kind == "rsa" \
        else ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "DE"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example Corp"),
                         x509.NameAttribute(NameOID.COMMON_NAME, name)])
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    certificate = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(start).not_valid_after(start + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                     key_cert_sign=True, crl_sign=False,
                                     key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, encipher_only=False,
                                     decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .sign(key, hashes.SHA256()))
    folder.mkdir(parents=True, exist_ok=True)
    stem = name.split()[0].lower() + f"-{kind}"
    p12, pem = folder / f"{stem}.p12", folder / f"{stem}.crt.pem"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"signer", key, certificate, None,
        serialization.BestAvailableEncryption(passphrase.encode())))
    pem.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return p12, pem


def key_pair(folder: Path, kind: str, passphrase: str | None = None,
             name: str = "attest") -> tuple[Path, Path]:
    """A PEM private key (PKCS#8, encrypted with `passphrase`) and its PEM public key."""
    key = ed25519.Ed25519PrivateKey.generate() if kind == "ed25519" else \
        ec.generate_private_key(ec.SECP256R1())
    encryption = serialization.BestAvailableEncryption(passphrase.encode()) if passphrase \
        else serialization.NoEncryption()
    folder.mkdir(parents=True, exist_ok=True)
    private, public = folder / f"{name}-{kind}.key.pem", folder / f"{name}-{kind}.pub.pem"
    private.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.PKCS8, encryption))
    public.write_bytes(key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    return private, public


def server_certificate(folder: Path, ip: str = "127.0.0.1") -> tuple[Path, Path]:
    """A self-signed TLS server certificate for `ip` and its key, as PEM files: trust the
    certificate (SSL_CERT_FILE) and a local HTTPS server is verified like a real one."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, ip)])
    now = datetime.now(timezone.utc)
    certificate = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(ip))]),
                       critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256()))
    folder.mkdir(parents=True, exist_ok=True)
    cert, private = folder / "server.crt.pem", folder / "server.key.pem"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    return cert, private
