"""The `evidence` command line's arguments: one sub-command per command function."""
from __future__ import annotations

import argparse

from ..model.project import DECISIONS
from ..outputs.formats import CHECK_FORMATS, DIFF_FORMATS, EXPORT_FORMATS, STATUS_FORMATS
from ..outputs.pdf.config import PAGE_SIZES
from ..outputs.site.engines import ENGINES
from . import commands


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="evidence", description="Release checklists and "
                                     "their evidence: validate, report, build the site and pack.")
    parser.add_argument("--repo", default=".", help="repository folder (default: .)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = sub.add_parser("check", help="validate definitions, releases and evidence")
    check.add_argument("--format", choices=tuple(CHECK_FORMATS), default="text",
                       help="github: workflow annotations; sarif: SARIF 2.1.0; junit: JUnit "
                       "XML; gitlab: GitLab Code Quality JSON")
    check.add_argument("--base", metavar="REF", help="also report what the change since REF "
                       "does to each release (status changes, stale sign-offs, completion)")
    check.add_argument("--fail-on-regression", action="store_true",
                       help="with --base: exit 1 when the change makes any release worse "
                       "(default: extra.evidence.fail_on_regression; tampering always fails)")
    check.add_argument("--summary", metavar="FILE", help="append a Markdown summary for a "
                       "pull request (e.g. $GITHUB_STEP_SUMMARY)")
    check.add_argument("--warn-days", type=int, default=14, metavar="N",
                       help="warn about waivers and evidence expiring within N days (14)")
    check.add_argument("--as-of", help="evaluation time (default: HEAD's committer time)")
    check.set_defaults(run=commands.cmd_check)

    status = sub.add_parser("status", help="completion per release, section and item")
    status.add_argument("release", nargs="?")
    status.add_argument("--format", choices=tuple(STATUS_FORMATS), default="text")
    status.add_argument("--require-ready", action="store_true",
                        help="exit 1 unless every shown release is ready")
    status.add_argument("--warn-days", type=int, default=14, metavar="N",
                        help="list waivers and evidence expiring within N days (14)")
    status.add_argument("--as-of", help="evaluation time (default: HEAD's committer time)")
    status.set_defaults(run=commands.cmd_status)

    build = sub.add_parser("build", help="the versioned site and every release's PDF pack")
    build.add_argument("--out", help="output folder (default: site/ in the repository)")
    build.add_argument("--release", action="append", metavar="R",
                       help="build only these releases (repeat); releases already in --out "
                       "are kept as they are, the others left out (a part, for assemble)")
    _site_options(build)
    build.set_defaults(run=commands.cmd_build)

    assemble = sub.add_parser("assemble", help="join parts built with build --release into "
                              "one site: versions.json, latest/, the root pages")
    assemble.add_argument("parts", nargs="*", metavar="PART",
                          help="folders written by `evidence build --release R --out PART` "
                          "(none: the site in --out, completed)")
    assemble.add_argument("--out", help="output folder (default: site/ in the repository)")
    _site_options(assemble)
    assemble.set_defaults(run=commands.cmd_assemble)

    plan = sub.add_parser("plan", help="the releases a build would rebuild, against a built "
                          "site (for a CI matrix)")
    plan.add_argument("--site", help="the last built site (default: site/ in the repository)")
    plan.add_argument("--format", choices=("text", "json", "github-matrix"), default="text")
    plan.add_argument("--no-pdf", action="store_true", help="the build makes no PDF packs")
    plan.add_argument("--engine", choices=tuple(ENGINES), help="the site builder (default: "
                      "mkdocs.yml extra.evidence.engine, else mkdocs)")
    plan.add_argument("--as-of", help="evaluation time (default: HEAD's committer time)")
    plan.add_argument("--sign", metavar="KEY.p12", help="the key the build signs packs with")
    plan.set_defaults(run=commands.cmd_plan)

    pdf = sub.add_parser("pdf", help="one release's PDF audit pack")
    pdf.add_argument("release")
    pdf.add_argument("-o", "--output", help="file (default: <release>-audit-pack.pdf)")
    pdf.add_argument("--page-size", choices=tuple(PAGE_SIZES),
                     help="default: mkdocs.yml extra.evidence.page_size, else A4")
    pdf.add_argument("--as-of", help="evaluation time (default: HEAD's committer time)")
    pdf.add_argument("--keep-html", metavar="FILE", help="also save the HTML laid out, with "
                     "its stylesheet inlined (`python -m weasyprint FILE out.pdf` renders it)")
    pdf.add_argument("--sign", metavar="KEY.p12", help="sign the pack (PAdES) with this "
                     "PKCS#12 key and certificate; passphrase from $EVIDENCE_SIGN_PASSPHRASE")
    pdf.set_defaults(run=commands.cmd_pdf)

    verify = sub.add_parser("verify", help="check a pack on its own: attachments, statuses "
                                 "re-evaluated, signatures; against git with --repo")
    verify.add_argument("pack", help="the PDF audit pack")
    verify.add_argument("--repo", dest="repo_to_check", metavar="DIR",
                        help="also check the files, the commits and the release at the pack's "
                        "commit in this repository")
    verify.add_argument("--trust", action="append", metavar="CERT.pem", default=[],
                        help="a certificate the pack's signer must chain to (repeat)")
    verify.add_argument("--attestation", metavar="FILE", help="also check this DSSE "
                        "envelope (`evidence attest`) about the pack")
    verify.add_argument("--key", metavar="PUB.pem", help="the public key the attestation "
                        "must be signed by")
    verify.add_argument("-v", "--verbose", action="store_true", help="list matches too")
    verify.set_defaults(run=commands.cmd_verify)

    attest = sub.add_parser("attest", help="an in-toto attestation of a pack, as a signed "
                                 "DSSE envelope")
    attest.add_argument("pack", help="the PDF audit pack")
    attest.add_argument("-o", "--output", required=True, help="file to write")
    attest.add_argument("--key", metavar="KEY.pem", help="Ed25519 or ECDSA P-256 private key "
                        "(PEM; passphrase from $EVIDENCE_ATTEST_PASSPHRASE)")
    attest.add_argument("--sigstore", action="store_true", help="sign keyless with Sigstore "
                        "(in CI, with an OIDC identity); writes a Sigstore bundle")
    attest.set_defaults(run=commands.cmd_attest)

    export = sub.add_parser("export", help="one release as a document for another tool")
    export.add_argument("format", choices=tuple(EXPORT_FORMATS))
    export.add_argument("release")
    export.add_argument("-o", "--output", help="file to write (default: print it)")
    export.add_argument("--as-of", help="evaluation time (default: HEAD's committer time)")
    export.set_defaults(run=commands.cmd_export)

    serve = sub.add_parser("serve", help="live preview of one release")
    serve.add_argument("--release", help="default: the newest release")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--engine", choices=tuple(ENGINES), help="the site builder (default: "
                       "mkdocs.yml extra.evidence.engine, else mkdocs)")
    serve.set_defaults(run=commands.cmd_serve)

    diff = sub.add_parser("diff", help="what changed between two releases")
    diff.add_argument("old")
    diff.add_argument("new")
    diff.add_argument("--format", choices=tuple(DIFF_FORMATS), default="text")
    diff.add_argument("--as-of", help="evaluation time (default: HEAD's committer time)")
    diff.set_defaults(run=commands.cmd_diff)

    signoff = sub.add_parser("signoff", help="write a sign-off record with the current "
                                  "evidence digest, as the git user")
    signoff.add_argument("release")
    signoff.add_argument("--role", required=True)
    signoff.add_argument("--decision", choices=DECISIONS, default="approved")
    signoff.add_argument("--scope", action="append", metavar="SECTION_OR_ITEM",
                         help="limit the sign-off to sections or items (repeat); default: "
                         "the whole release")
    signoff.add_argument("--conditions", default="", help="required with "
                         "approved-with-conditions")
    signoff.add_argument("--date", help="date to record, 2026-12-01 or 2026-12-01T10:00:00Z "
                         "(default: today)")
    signoff.add_argument("--yes", action="store_true",
                         help="approve even when the release is not ready (asked otherwise)")
    signoff.add_argument("--force", action="store_true",
                         help="replace another approver's record of the role")
    signoff.set_defaults(run=commands.cmd_signoff)

    collect = sub.add_parser("collect", help="fetch or copy machine evidence into a "
                                  "release, with its sidecar")
    collect.add_argument("source", choices=("http", "junit", "sarif"))
    collect.add_argument("target", help="URL for http; report file for junit and sarif")
    collect.add_argument("--item", required=True, help="item reference <section>/<item>")
    collect.add_argument("--release", help="release folder (default: the newest release)")
    collect.add_argument("--timeout", type=float, default=10.0, help="seconds, for http")
    collect.set_defaults(run=commands.cmd_collect)

    importer = sub.add_parser("import", help="Markdown checklist to a definition")
    importer.add_argument("file", help="Markdown checklist")
    importer.add_argument("-o", "--output", help="write the YAML here (default: print it)")
    importer.set_defaults(run=commands.cmd_import)
    helper = sub.add_parser("help", help="show a reference page (format, evidence-kinds, "
                            "error-codes, provenance, ...); without TOPIC, list them")
    helper.add_argument("topic", nargs="?")
    helper.set_defaults(run=commands.cmd_help)
    starter = sub.add_parser("init", help="start a repository: mkdocs.yml, approvers, a "
                             "checklist, workflows, pre-commit")
    starter.add_argument("--name", help="the product's name (default: the folder's name)")
    starter.add_argument("--from", dest="from_file", metavar="FILE.md",
                         help="your own Markdown checklist instead of the bundled Production "
                         "Deployment Checklist")
    starter.set_defaults(run=commands.cmd_init)

    release = sub.add_parser("release", help="manage releases").add_subparsers(
        dest="release_command", required=True, metavar="ACTION")
    new = release.add_parser("new", help="evidence/VERSION/release.yml, planned")
    new.add_argument("version")
    new.add_argument("--title")
    new.add_argument("--checklist", action="append", metavar="ID",
                     help="checklist ids (repeat; default: every definition)")
    new.add_argument("--target-date", metavar="YYYY-MM-DD")
    new.set_defaults(run=commands.cmd_release_new)
    return parser


def _site_options(command: argparse.ArgumentParser) -> None:
    """What build and assemble share."""
    command.add_argument("--no-pdf", action="store_true", help="skip the PDF packs")
    command.add_argument("--strict", action="store_true", help="exit 1 on validation errors")
    command.add_argument("--jobs", type=int, default=1, metavar="N",
                         help="build releases in N processes")
    command.add_argument("--engine", choices=tuple(ENGINES), help="the site builder (default: "
                         "mkdocs.yml extra.evidence.engine, else mkdocs)")
    command.add_argument("--cache-dir", metavar="DIR", help="build cache and staged MkDocs "
                         "projects (default: ~/.cache/evidence-site/<repo>/site)")
    command.add_argument("--as-of", help="evaluation time (default: HEAD's committer time)")
    command.add_argument("--sign", metavar="KEY.p12", help="sign every pack with this PKCS#12 "
                         "file (default: mkdocs.yml extra.evidence.sign); passphrase from "
                         "$EVIDENCE_SIGN_PASSPHRASE")
