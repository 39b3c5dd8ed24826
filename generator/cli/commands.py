"""Command line `evidence`: parses arguments, calls the stages, prints. Nothing else."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..model.project import DECISIONS
from ..pipeline import Evaluation, load_and_evaluate
from ..outputs.json import status_json
from rich.markup import escape

from ..outputs.changes import changeset_json, changeset_text, diff_json, diff_markdown, diff_text
from ..outputs.text import console, print_problems, print_release
from ..model.times import parse_datetime

USAGE_ERROR = 2


class UsageError(Exception):
    """A mistake in the command line or configuration: exit 2."""


def _as_of(text: str | None):
    if text is None:
        return None
    try:
        return parse_datetime(text)
    except ValueError as error:
        raise UsageError(f"--as-of: {error}") from None


def _evaluate(args) -> Evaluation:
    root = Path(args.repo)
    if not (root / "content").is_dir() and not (root / "evidence").is_dir():
        raise UsageError(f"{root.resolve()} has neither content/ nor evidence/: is this an "
                         "evidence repository? (use --repo DIR)")
    return load_and_evaluate(root, _as_of(getattr(args, "as_of", None)))


def _selected(evaluation: Evaluation, version: str | None):
    if version is None:
        return list(reversed(evaluation.reports))
    report = evaluation.report(version)
    if report is None:
        known = ", ".join(r.version for r in evaluation.reports) or "none"
        raise UsageError(f"unknown release {version!r} (releases: {known})")
    return [report]


def _expiry_problems(evaluation: Evaluation, warn_days: int):
    from ..evaluate.expiry import expiring, to_problems

    return [p for report in evaluation.reports
            for p in to_problems(expiring(report, evaluation.as_of, warn_days))]


def _changes_since(base: str, evaluation: Evaluation, root: Path):
    """What the working tree does to each release compared with `base`, at the same time."""
    from ..evaluate.diff import diff_report_sets
    from ..history.git import GitError, checkout_at

    try:
        with checkout_at(root, base) as base_root:
            before = load_and_evaluate(base_root, evaluation.as_of)
    except GitError as error:
        raise UsageError(f"--base: {error}") from None
    return diff_report_sets({r.version: r for r in before.reports},
                            {r.version: r for r in evaluation.reports})


def cmd_check(args) -> int:
    evaluation = _evaluate(args)
    problems = evaluation.problems + _expiry_problems(evaluation, args.warn_days)
    changes = _changes_since(args.base, evaluation, Path(args.repo)) if args.base else None
    if args.format == "json":
        data = {"problems": [p.as_json() for p in problems]}
        if changes is not None:
            data["changes"] = changeset_json(changes)
        print(json.dumps(data, indent=2))
    elif args.format == "github":
        from ..outputs.github import annotations
        print(annotations(problems))
    else:
        print_problems(console(), problems)
        if changes is not None:
            print(changeset_text(changes))
    if args.summary:
        from ..outputs.github import pr_summary
        with open(args.summary, "a", encoding="utf-8") as summary:
            summary.write(pr_summary(problems, changes))
    return 1 if any(p.severity == "error" for p in problems) else 0


def cmd_diff(args) -> int:
    from ..evaluate.diff import diff_reports

    evaluation = _evaluate(args)
    old, new = (_selected(evaluation, v)[0] for v in (args.old, args.new))
    diff = diff_reports(old, new)
    if args.format == "json":
        print(json.dumps(diff_json(diff), indent=2))
    else:
        print(diff_markdown(diff) if args.format == "markdown" else diff_text(diff))
    return 0


def cmd_status(args) -> int:
    evaluation = _evaluate(args)
    reports = _selected(evaluation, args.release)
    if args.format == "json":
        data = [status_json(r) for r in reports]
        # every release at once can be tens of MB: the C encoder only runs without indent
        print(json.dumps(data[0], indent=2) if args.release else
              json.dumps({"releases": data}, separators=(",", ":")))
    elif args.format == "markdown":
        from ..outputs.markdown import release_markdown
        print("\n".join(release_markdown(r) for r in reports))
    else:
        out = console()
        for report in reports:
            print_release(out, report, detail=args.release is not None)
        from ..evaluate.expiry import expiring
        for report in reports:
            for warning in expiring(report, evaluation.as_of, args.warn_days):
                out.print(f"[yellow]expiring:[/yellow] {escape(warning.message)}")
        if evaluation.errors:
            console(stderr=True).print(f"[yellow]{len(evaluation.errors)} validation error(s): "
                                       "run `evidence check`[/yellow]")
    if args.require_ready and not all(r.ready for r in reports):
        return 1
    return 0


def cmd_import(args) -> int:
    from ..actions.importer.yaml_writer import dump_definition
    from ..actions.importer.convert import MarkdownImportError, import_file

    try:
        text = dump_definition(import_file(Path(args.file)))
    except MarkdownImportError as error:
        raise UsageError(str(error)) from None
    except OSError as error:
        raise UsageError(f"{args.file}: {error.strerror}") from None
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        console(stderr=True).print(f"wrote {args.output}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_signoff(args) -> int:
    from ..pipeline import load_project
    from ..actions.signoff import SignoffError, write_signoff
    from ..model.times import parse_date

    root = Path(args.repo).resolve()
    project, _ = load_project(root, [])
    try:
        on = parse_date(args.date) if args.date else None
        path, command = write_signoff(root, project, args.release, args.role, args.decision,
                                      args.scope or "release", args.conditions, on)
    except (SignoffError, ValueError) as error:
        raise UsageError(str(error)) from None
    out = console()
    out.print(f"wrote {path.relative_to(root).as_posix()}")
    out.print(f"commit it yourself, as the approver:\n  {command}")
    return 0


def cmd_collect(args) -> int:
    from ..actions import collect
    from ..load.definitions import did_you_mean
    from ..pipeline import load_project

    root = Path(args.repo).resolve()
    project, _ = load_project(root, [])
    items = project.items_by_ref()
    if args.item not in items:
        raise UsageError(f"unknown item {args.item!r}{did_you_mean(args.item, items)}")
    try:
        release = args.release or collect.default_release(root)
        if args.source == "http":
            written = collect.collect_http(root, args.target, args.item, release, args.timeout)
        else:
            written = collect.collect_file(root, args.source, Path(args.target), args.item,
                                           release)
    except collect.CollectError as error:
        console(stderr=True).print(f"[red]evidence collect:[/red] {error}")
        return 1
    for path in written:
        print(f"wrote {path.relative_to(root).as_posix()}")
    return 0


def cmd_build(args) -> int:
    from ..load.factcache import cache_home
    from ..outputs.pdf.render import PackError   # imports WeasyPrint: only the commands that lay out
    from ..outputs.site import SiteBuildError, build_site

    root = Path(args.repo).resolve()
    evaluation = _evaluate(args)
    reports = evaluation.reports
    versions = {r.version for r in reports}
    missing = sorted(set(args.release or ()) - versions)
    if missing:
        raise UsageError(f"unknown release(s): {', '.join(missing)}")
    # --release R rebuilds R; the other releases stay as the current site has them.
    keep = frozenset(versions - set(args.release)) if args.release else frozenset()
    cache = Path(args.cache_dir) if args.cache_dir else cache_home(root) / "site"
    err = console(stderr=True)
    try:
        packs = None if args.no_pdf else _pack_maker(root, evaluation.reports, cache)
        result = build_site(reports, root, Path(args.out), cache_dir=cache, pdf_for=packs,
                            jobs=args.jobs, keep=keep)
    except (SiteBuildError, PackError) as error:
        err.print(f"[red]build failed, the previous site is kept:[/red] {escape(str(error))}")
        return USAGE_ERROR
    for warning in result.warnings:
        err.print(f"[yellow]warning:[/yellow] {escape(str(warning))}")
    built, cached = ", ".join(result.built) or "none", ", ".join(result.cached) or "none"
    err.print(f"built {result.out}: rebuilt {built}; unchanged {cached}")
    if evaluation.errors:
        err.print(f"[yellow]{len(evaluation.errors)} validation error(s): run `evidence check`"
                  "[/yellow]")
        return 1 if args.strict else 0
    return 0


def _pack_maker(root: Path, reports, cache: Path):
    from ..outputs.pdf.command import PackMaker
    from ..outputs.pdf.config import page_size_from_config

    try:
        return PackMaker(root, tuple(reports), page_size_from_config(root), cache / "pdf")
    except ValueError as error:      # PageSizeError, or mkdocs.yml unreadable
        raise UsageError(str(error)) from None


def cmd_pdf(args) -> int:
    from ..load.factcache import cache_home
    from ..outputs.pdf.command import pack_for_release
    from ..outputs.pdf.render import PackError

    root = Path(args.repo).resolve()
    evaluation = _evaluate(args)
    _selected(evaluation, args.release)
    try:
        result = pack_for_release(evaluation.reports, root, args.release, args.output,
                                  args.page_size, cache_home(root) / "pdf",
                                  keep_html=Path(args.keep_html) if args.keep_html else None)
    except (PackError, ValueError) as error:     # PageSizeError, or mkdocs.yml unreadable
        raise UsageError(str(error)) from None
    err = console(stderr=True)
    for warning in result.warnings:
        err.print(f"[yellow]warning:[/yellow] {escape(str(warning))}")
    err.print(f"wrote {result.path} ({result.pages} pages, {len(result.attachments)} "
              "attachments)")
    return 0


def cmd_verify(args) -> int:
    from ..actions.verify import verify_pack

    result = verify_pack(Path(args.pack), Path(args.repo_to_check) if args.repo_to_check
                         else None)
    print(result.to_text(show_matches=args.verbose))
    return result.exit_code


def cmd_serve(args) -> int:
    from ..outputs.site import serve

    root = Path(args.repo).resolve()
    _evaluate(args)
    serve(root, args.release, lambda: load_and_evaluate(root).reports, port=args.port)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="evidence", description="Release checklists and "
                                     "their evidence: validate, report, build the site and pack.")
    parser.add_argument("--repo", default=".", help="repository folder (default: .)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="validate definitions, releases and evidence")
    check.add_argument("--format", choices=("text", "json", "github"), default="text",
                       help="github: workflow annotations")
    check.add_argument("--base", metavar="REF", help="also report what the change since REF "
                       "does to each release (status changes, stale sign-offs, completion)")
    check.add_argument("--summary", metavar="FILE", help="append a Markdown summary for a "
                       "pull request (e.g. $GITHUB_STEP_SUMMARY)")
    check.add_argument("--warn-days", type=int, default=14, metavar="N",
                       help="warn about waivers and evidence expiring within N days (14)")
    check.add_argument("--as-of", help="evaluation time (default: HEAD's committer time)")
    check.set_defaults(run=cmd_check)

    status = commands.add_parser("status", help="completion per release, section and item")
    status.add_argument("release", nargs="?")
    status.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    status.add_argument("--require-ready", action="store_true",
                        help="exit 1 unless every shown release is ready")
    status.add_argument("--warn-days", type=int, default=14, metavar="N",
                        help="list waivers and evidence expiring within N days (14)")
    status.add_argument("--as-of", help="evaluation time (default: HEAD's committer time)")
    status.set_defaults(run=cmd_status)

    build = commands.add_parser("build", help="the versioned site and every release's PDF pack")
    build.add_argument("--out", default="site", help="output folder (default: site)")
    build.add_argument("--release", action="append", metavar="R",
                       help="rebuild only these releases (repeat); the others stay as "
                       "the site in --out has them")
    build.add_argument("--no-pdf", action="store_true", help="skip the PDF packs")
    build.add_argument("--strict", action="store_true", help="exit 1 on validation errors")
    build.add_argument("--jobs", type=int, default=1, metavar="N",
                       help="build releases in N processes")
    build.add_argument("--cache-dir", metavar="DIR", help="build cache and staged MkDocs "
                       "projects (default: ~/.cache/evidence-site/<repo>/site)")
    build.add_argument("--as-of", help="evaluation time (default: HEAD's committer time)")
    build.set_defaults(run=cmd_build)

    pdf = commands.add_parser("pdf", help="one release's PDF audit pack")
    pdf.add_argument("release")
    pdf.add_argument("-o", "--output", help="file (default: <release>-audit-pack.pdf)")
    pdf.add_argument("--page-size", choices=("A4", "Letter"),
                     help="default: mkdocs.yml extra.evidence.page_size, else A4")
    pdf.add_argument("--as-of", help="evaluation time (default: HEAD's committer time)")
    pdf.add_argument("--keep-html", metavar="FILE", help="also save the HTML laid out, with "
                     "its stylesheet inlined (`python -m weasyprint FILE out.pdf` renders it)")
    pdf.set_defaults(run=cmd_pdf)

    verify = commands.add_parser("verify", help="check a pack's embedded files against its "
                                 "manifest, and against git with --repo")
    verify.add_argument("pack", help="the PDF audit pack")
    verify.add_argument("--repo", dest="repo_to_check", metavar="DIR",
                        help="also check the files and commits in this repository")
    verify.add_argument("-v", "--verbose", action="store_true", help="list matches too")
    verify.set_defaults(run=cmd_verify)

    serve = commands.add_parser("serve", help="live preview of one release")
    serve.add_argument("--release", help="default: the newest release")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(run=cmd_serve)

    diff = commands.add_parser("diff", help="what changed between two releases")
    diff.add_argument("old")
    diff.add_argument("new")
    diff.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    diff.add_argument("--as-of", help="evaluation time (default: HEAD's committer time)")
    diff.set_defaults(run=cmd_diff)

    signoff = commands.add_parser("signoff", help="write a sign-off record with the current "
                                  "evidence digest, as the git user")
    signoff.add_argument("release")
    signoff.add_argument("--role", required=True)
    signoff.add_argument("--decision", choices=DECISIONS, default="approved")
    signoff.add_argument("--scope", action="append", metavar="SECTION_OR_ITEM",
                         help="limit the sign-off to sections or items (repeat); default: "
                         "the whole release")
    signoff.add_argument("--conditions", default="", help="required with "
                         "approved-with-conditions")
    signoff.add_argument("--date", help="date to record (default: today)")
    signoff.set_defaults(run=cmd_signoff)

    collect = commands.add_parser("collect", help="fetch or copy machine evidence into a "
                                  "release, with its sidecar")
    collect.add_argument("source", choices=("http", "junit", "sarif"))
    collect.add_argument("target", help="URL for http; report file for junit and sarif")
    collect.add_argument("--item", required=True, help="item reference <section>/<item>")
    collect.add_argument("--release", help="release folder (default: the newest release)")
    collect.add_argument("--timeout", type=float, default=10.0, help="seconds, for http")
    collect.set_defaults(run=cmd_collect)

    importer = commands.add_parser("import", help="Markdown checklist to a definition")
    importer.add_argument("file", help="Markdown checklist")
    importer.add_argument("-o", "--output", help="write the YAML here (default: print it)")
    importer.set_defaults(run=cmd_import)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except UsageError as error:
        console(stderr=True).print(f"[red]error:[/red] {error}")
        return USAGE_ERROR
