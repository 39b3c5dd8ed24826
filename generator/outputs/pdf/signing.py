"""PAdES signatures on the audit pack, with pyHanko: signing, and reading signatures back.

The signature is an incremental update: the reproducible unsigned pack stays, byte for byte,
the first part of the signed file. It is a PAdES B-B certification signature
(ETSI.CAdES.detached, SHA-256, DocMDP allowing later approval signatures), invisible, with
the document's Info and XMP metadata left exactly as WeasyPrint wrote them, so the file stays
PDF/A-3b. It needs an RSA key: with ECDSA or Ed25519 pyHanko marks the file PDF 2.0, which
PDF/A-3 (built on PDF 1.7) does not allow.

The signed file is not byte-reproducible, on purpose: its signing time is the moment of
signing (a claim of the signer; a trusted time needs a time-stamping authority) and pyHanko
gives the revision a fresh file identifier. What stays reproducible is the unsigned revision
it covers, whose sha256 `read_signatures` reports.
"""
from __future__ import annotations

import hashlib
import io
import logging
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterator, Sequence

from ...errors import PackError

PASSPHRASE_VARIABLE = "EVIDENCE_SIGN_PASSPHRASE"
FIELD = "EvidencePackSignature"


@dataclass(frozen=True)
class PackSigner:
    """A PKCS#12 key and certificate, checked and ready to sign."""
    path: str
    data: bytes
    passphrase: bytes | None
    subject: str
    fingerprint: str                  # sha256 of the certificate


def load_signer(path: Path, passphrase: bytes | None) -> PackSigner:
    """Read and check a PKCS#12 file (.p12/.pfx). Raises PackError saying what is wrong."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise PackError(f"{path}: cannot read the signing key ({error.strerror})") from None
    try:
        key, certificate, _ = pkcs12.load_key_and_certificates(data, passphrase)
    except ValueError:
        raise PackError(f"{path}: not a PKCS#12 file, or the passphrase is wrong (the "
                        f"passphrase is read from ${PASSPHRASE_VARIABLE})") from None
    if key is None or certificate is None:
        raise PackError(f"{path}: holds no private key with its certificate")
    if not isinstance(key, rsa.RSAPrivateKey):
        raise PackError(f"{path}: the key is not RSA; a PDF/A-3 pack needs an RSA key "
                        "(ECDSA and Ed25519 signatures make the file PDF 2.0)")
    return PackSigner(str(path), data, passphrase, certificate.subject.rfc4514_string(),
                      certificate.fingerprint(hashes.SHA256()).hex())


def sign_pack(pdf: bytes, signer: PackSigner, reason: str, location: str | None = None
              ) -> bytes:
    """`pdf` with a PAdES signature appended as an incremental update."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    with _quiet():
        cms_signer = signers.SimpleSigner.load_pkcs12_data(signer.data, None,
                                                           passphrase=signer.passphrase)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        certify=True, docmdp_permissions=fields.MDPPerm.FILL_FORMS, reason=reason,
        location=location)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=True)
    if not hasattr(writer, "_update_meta"):
        raise PackError("this pyHanko version changed how it updates metadata; the signed "
                        "pack would no longer be PDF/A-3 (install the pinned pyHanko)")
    # pyHanko would rewrite the XMP and the Info dictionary's Producer and dates (with the
    # clock); keeping WeasyPrint's leaves them consistent, as PDF/A wants.
    writer._update_meta = lambda: None
    out = io.BytesIO()
    signers.PdfSigner(meta, cms_signer).sign_pdf(writer, output=out)
    signed = out.getvalue()
    if not signed.startswith(pdf):
        raise PackError("the signed pack does not keep the unsigned pack as its first part")
    return signed


@dataclass(frozen=True)
class SignatureCheck:
    field: str
    signer: str = ""                    # the certificate's subject
    signed_at: datetime | None = None   # /M: the time the signer claims
    intact: bool = False                # the signed bytes are unchanged
    valid: bool = False                 # the signature value is the certificate key's
    trusted: bool | None = None         # chains to a given trust anchor; None: none given
    whole_file: bool = False            # nothing was added after it
    allowed_changes: bool = False       # what was added after it is what it permits
    covered_sha256: str = ""            # the first (unsigned) revision it covers
    problem: str = ""                   # why it could not be validated at all

    @property
    def sound(self) -> bool:
        """Intact, valid, and nothing after it but what it permits (and trusted, if asked)."""
        return (not self.problem and self.intact and self.valid and
                (self.whole_file or self.allowed_changes) and self.trusted is not False)


def is_signed(pdf: bytes) -> bool:
    """Whether the file has a signature dictionary at all (cheap: no PDF parsing)."""
    return b"/ByteRange" in pdf


def read_signatures(pdf: bytes, trust: Sequence[Path] = ()) -> list[SignatureCheck]:
    """Every signature of the file, validated offline (no certificate fetching, no revocation
    checks). With `trust`, certificates (PEM or DER) the signer must chain to."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        anchors = [load_cert_from_pemder(str(path)) for path in trust]
    except (OSError, ValueError) as error:
        raise PackError(f"--trust: cannot read the certificate ({error})") from None
    context = ValidationContext(trust_roots=anchors, allow_fetching=False,
                                revocation_mode="soft-fail")
    checks = []
    with _quiet():
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        first = _first_revision(pdf, reader)
        for signature in reader.embedded_signatures:
            try:
                status = validate_pdf_signature(signature, context)
            except (ValueError, KeyError) as error:   # SignatureValidationError too
                checks.append(SignatureCheck(signature.field_name, problem=str(error)))
                continue
            checks.append(_check(signature, status, bool(anchors), first))
    return checks


def _check(signature, status, anchored: bool, first: bytes) -> SignatureCheck:
    from pyhanko.sign.validation.status import ModificationLevel, SignatureCoverageLevel

    level = status.modification_level
    return SignatureCheck(
        field=signature.field_name, signer=_subject(status.signing_cert),
        signed_at=status.signer_reported_dt, intact=status.intact, valid=status.valid,
        trusted=status.trusted if anchored else None,
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        allowed_changes=(status.coverage == SignatureCoverageLevel.ENTIRE_REVISION and
                         level is not None and level <= ModificationLevel.FORM_FILLING and
                         bool(status.docmdp_ok)),
        covered_sha256=hashlib.sha256(first).hexdigest() if first else "")


def _subject(certificate) -> str:
    """The subject as RFC 4514 text (`CN=...,O=...,C=..`), as other tools print it."""
    from cryptography import x509

    return x509.load_der_x509_certificate(certificate.dump()).subject.rfc4514_string()


def _first_revision(pdf: bytes, reader) -> bytes:
    """The file as it was before its first incremental update: the unsigned pack."""
    if reader.xrefs.total_revisions < 2:
        return pdf
    end = pdf.find(b"%%EOF", reader.xrefs.get_startxref_for_revision(0))
    if end < 0:
        return b""
    end += len(b"%%EOF")
    for newline in (b"\r\n", b"\n", b"\r"):
        if pdf.startswith(newline, end):
            return pdf[:end + len(newline)]
    return pdf[:end]


@contextmanager
def _quiet() -> Iterator[None]:
    """pyHanko logs every rejected certificate path with a traceback: the check says it."""
    loggers = [logging.getLogger(name) for name in ("pyhanko", "pyhanko_certvalidator")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)
