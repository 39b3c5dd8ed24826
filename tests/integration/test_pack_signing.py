"""PAdES signatures: `evidence pdf --sign` and `extra.evidence.sign`, checked by `evidence
verify` and by an independent tool (poppler's pdfsig); the unsigned pack stays its prefix
and the file stays PDF/A-3b."""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys

import pikepdf
import pytest

from generator.actions.verify import verify_pack
from tests.helpers.evaluated_pack import evaluated_repo
from tests.helpers.keys import signing_identity
from tests.helpers.paths import ROOT

pytestmark = pytest.mark.slow
PASSPHRASE = "test-passphrase"


def evidence(repo, *args, **env):
    return subprocess.run([sys.executable, "-m", "generator", "--repo", str(repo), *args],
                          capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", **env})


@pytest.fixture(scope="module")
def signed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("signing")
    repo = evaluated_repo(tmp / "repo")
    p12, certificate = signing_identity(tmp / "keys", PASSPHRASE)
    unsigned, signed = tmp / "unsigned.pdf", tmp / "signed.pdf"
    assert evidence(repo.root, "pdf", "v1.0.0", "-o", str(unsigned)).returncode == 0
    done = evidence(repo.root, "pdf", "v1.0.0", "-o", str(signed), "--sign", str(p12),
                    EVIDENCE_SIGN_PASSPHRASE=PASSPHRASE)
    assert done.returncode == 0, done.stderr
    assert "signed by CN=Evidence Release Signer (TEST)" in done.stderr
    return repo, tmp, unsigned, signed, certificate


def test_the_signature_is_an_update_over_the_reproducible_unsigned_pack(signed):
    _, _, unsigned, path, _ = signed
    assert path.read_bytes().startswith(unsigned.read_bytes())
    assert len(path.read_bytes()) > len(unsigned.read_bytes())


def test_verify_reports_signer_time_and_an_intact_signature(signed):
    _, _, unsigned, path, certificate = signed
    result = verify_pack(path)
    assert result.ok, result.to_text()
    text = result.to_text(show_matches=False)
    assert "signed by CN=Evidence Release Signer (TEST),O=Example Corp,C=DE, at 20" in text
    assert "not checked against a trust anchor" in text
    import hashlib
    assert hashlib.sha256(unsigned.read_bytes()).hexdigest() in text
    assert any("intact: covers the whole file" in m.detail for m in result.matches)
    trusted = verify_pack(path, trust=[certificate])
    assert trusted.ok and any("chains to a --trust certificate" in m.detail
                              for m in trusted.matches)


def test_a_certificate_that_is_not_trusted_fails(signed):
    _, tmp, _, path, _ = signed
    _, stranger = signing_identity(tmp / "other", PASSPHRASE, name="Stranger Corp")
    result = verify_pack(path, trust=[stranger])
    assert result.exit_code == 1
    assert any("does not chain" in m.detail for m in result.mismatches)


def test_the_signed_pack_stays_pdf_a_3b(signed):
    _, _, unsigned, path, _ = signed
    data = path.read_bytes()
    assert data.startswith(b"%PDF-1.7")
    with pikepdf.open(unsigned) as before, pikepdf.open(path) as after:
        assert "/Version" not in after.Root or str(after.Root.Version) <= "/1.7"
        assert after.Root.Metadata.read_bytes() == before.Root.Metadata.read_bytes()
        assert dict(after.docinfo.items()) == dict(before.docinfo.items())
        meta = after.open_metadata()
        assert (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) == ("3", "B")
        field = next(f for f in after.Root.AcroForm.Fields if f.get("/FT") == "/Sig")
        assert int(field.F) & 4 and not int(field.F) & (1 | 2 | 32)   # printed, never hidden
        assert [float(v) for v in field.Rect] == [0, 0, 0, 0]          # invisible
        assert field.V.SubFilter == "/ETSI.CAdES.detached"
        assert "/NeedAppearances" not in after.Root.AcroForm
        assert "/DocMDP" in after.Root.Perms


@pytest.mark.skipif(not shutil.which("qpdf"), reason="qpdf not installed")
def test_qpdf_finds_no_damage(signed):
    _, _, _, path, _ = signed
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def flipped_in_first_revision(path, out):
    """One byte changed inside the first page's content stream (the unsigned revision)."""
    data = bytearray(path.read_bytes())
    with pikepdf.open(path) as pdf:
        contents = pdf.pages[0].obj.Contents
        raw = (contents[0] if isinstance(contents, pikepdf.Array) else contents).read_raw_bytes()
    offset = data.index(raw) + len(raw) // 2
    data[offset] ^= 0x01
    out.write_bytes(bytes(data))
    return out


@pytest.mark.skipif(not shutil.which("pdfsig"), reason="poppler-utils not installed")
def test_pdfsig_validates_the_signature_and_sees_a_changed_byte(signed, tmp_path):
    _, _, _, path, certificate = signed
    good = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Signer full Distinguished Name: CN=Evidence Release Signer (TEST)" in good
    assert "Signature Validation: Signature is Valid." in good
    assert "Total document signed" in good
    assert "ETSI.CAdES.detached" in good
    changed = flipped_in_first_revision(path, tmp_path / "changed.pdf")
    bad = subprocess.run(["pdfsig", str(changed)], capture_output=True, text=True).stdout
    assert "Signature is Valid" not in bad
    result = verify_pack(changed)
    assert result.exit_code == 1
    assert any("signature" in m.path for m in result.mismatches) or result.errors


def test_an_update_appended_after_signing_is_reported(signed, tmp_path):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    _, _, _, path, _ = signed
    writer = IncrementalPdfFileWriter(io.BytesIO(path.read_bytes()))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Rotate"] = generic.NumberObject(90)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    appended = tmp_path / "appended.pdf"
    appended.write_bytes(out.getvalue())
    result = verify_pack(appended)
    assert result.exit_code == 1
    assert any("changed after signing" in m.detail for m in result.mismatches)


def test_keys_that_cannot_sign_a_pdf_a_pack_are_refused(signed, tmp_path):
    repo, _, _, _, _ = signed
    ecdsa, _ = signing_identity(tmp_path, PASSPHRASE, kind="ecdsa")
    refused = evidence(repo.root, "pdf", "v1.0.0", "-o", str(tmp_path / "x.pdf"), "--sign",
                       str(ecdsa), EVIDENCE_SIGN_PASSPHRASE=PASSPHRASE)
    assert refused.returncode == 1 and "needs an RSA key" in refused.stderr
    rsa, _ = signing_identity(tmp_path / "rsa", PASSPHRASE)
    wrong = evidence(repo.root, "pdf", "v1.0.0", "-o", str(tmp_path / "x.pdf"), "--sign",
                     str(rsa), EVIDENCE_SIGN_PASSPHRASE="not it")
    assert wrong.returncode == 1 and "EVIDENCE_SIGN_PASSPHRASE" in wrong.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_build_signs_every_pack_with_the_key_mkdocs_yml_or_sign_names(signed, tmp_path):
    repo, tmp, _, _, _ = signed
    p12, certificate = signing_identity(tmp / "build-keys", PASSPHRASE)
    site_repo = tmp_path / "repo"
    shutil.copytree(repo.root, site_repo, symlinks=True)
    mkdocs = site_repo / "mkdocs.yml"
    plain = mkdocs.read_text()
    mkdocs.write_text(plain + f"extra:\n  evidence:\n    sign: {p12}\n")
    built = evidence(site_repo, "build", "--out", str(tmp_path / "site"), "--cache-dir",
                     str(tmp_path / "cache"), EVIDENCE_SIGN_PASSPHRASE=PASSPHRASE)
    assert built.returncode == 0, built.stderr
    pack = tmp_path / "site" / "v1.0.0" / "v1.0.0-audit-pack.pdf"
    result = verify_pack(pack, trust=[certificate])
    assert result.ok, result.to_text()
    mkdocs.write_text(plain)
    unsigned = evidence(site_repo, "build", "--out", str(tmp_path / "site2"), "--cache-dir",
                        str(tmp_path / "cache2"))
    assert "not signed" in verify_pack(tmp_path / "site2" / "v1.0.0" /
                                       "v1.0.0-audit-pack.pdf").to_text()
    flag = evidence(site_repo, "build", "--out", str(tmp_path / "site2"), "--cache-dir",
                    str(tmp_path / "cache2"), "--sign", str(p12),
                    EVIDENCE_SIGN_PASSPHRASE=PASSPHRASE)
    assert unsigned.returncode == 0 and flag.returncode == 0, flag.stderr
    assert "rebuilt v1.0.0" in flag.stderr          # a new signer is not a cached release
    assert verify_pack(tmp_path / "site2" / "v1.0.0" / "v1.0.0-audit-pack.pdf",
                       trust=[certificate]).ok
    for bad in ("[not, a, path]", str(tmp_path / "missing.p12")):
        mkdocs.write_text(plain + f"extra:\n  evidence:\n    sign: {bad}\n")
        refused = evidence(site_repo, "build", "--out", str(tmp_path / "site3"))
        assert refused.returncode == 3 and "extra.evidence.sign" in refused.stderr, bad
