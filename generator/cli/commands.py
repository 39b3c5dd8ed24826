"""One thin function per command: evaluate, call the stage, print. Errors are raised as the
errors.py tree; cli/__init__.py maps them to exit codes."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable, TypeVar

from ..errors import BuildError, PackError, UsageError
from ..files import write_atomically
from ..load.project import checked_files
from ..model.times import parse_datetime
from ..outputs.formats import (
    CHECK_FORMATS,
    DIFF_FORMATS,
    STATUS_FORMATS,
    CheckView,
    StatusView,
)
from ..pipeline import (
    Evaluation,
    Judging,
    at_release_commits,
    base_problems,
    load_and_evaluate,
    load_for_judging,
    with_release_commits,
)

if TYPE_CHECKING:
    from ..model.problems import Problem
    from ..model.results import ReleaseReport

T = TypeVar("T")


# rich, behind outputs.text, is imported only by a command that writes to the terminal
def console(stderr: bool = False, file=None):
    from ..outputs.text import console as make
    return make(stderr=stderr, file=file)


def escape(text: object) -> str:
    from ..outputs.text import escape as inert
    return inert(text)


def _as_of(text: str | None):
    if text is None:
        return None
    try:
        return parse_datetime(text)
    except ValueError as error:
        raise UsageError(f"--as-of: {error}") from None


def _evaluate(args, base: str | None = None) -> Evaluation:
    return _judging(args, base).evaluate()


def _judging(args, base: str | None = None) -> Judging:
    root = Path(args.repo)
    if not (root / "content").is_dir() and not (root / "evidence").is_dir():
        raise UsageError(f"{root.resolve()} has neither content/ nor evidence/: is this an "
                         "evidence repository? (use --repo DIR)")
    return load_for_judging(root, _as_of(getattr(args, "as_of", None)), base)


def _selected(evaluation: Evaluation, version: str | None):
    if version is None:
        return list(reversed(evaluation.reports))
    report = evaluation.report(version)
    if report is None:
        known = ", ".join(r.version for r in evaluation.reports) or "none"
        raise UsageError(f"unknown release {version!r} (releases: {known})")
    return [report]


def _expiring(evaluation: Evaluation, warn_days: int):
    from ..evaluate.expiry import expiring

    return [w for report in evaluation.reports
            for w in expiring(report, evaluation.as_of, warn_days)]


def _findings(judging: Judging, warn_days: int):
    """The problems and expiry warnings of every release, as from a whole evaluation, with
    the releases judged on both cores: only their problems cross between the processes."""
    from ..evaluate.expiry import expiring

    problems, parts = _each_release_and_problems(
        judging, lambda report: expiring(report, judging.as_of, warn_days))
    return problems, [warning for warnings in parts for warning in warnings]


def _each_release_and_problems(judging: Judging, render: Callable[[ReleaseReport], T],
                               meanwhile: Callable[[], object] = lambda: None
                               ) -> tuple[list[Problem], list[T]]:
    """render(report) of every release (Judging.each_release), and the problems a whole
    evaluation would find."""
    from ..evaluate.status import merged_problems, report_problems

    parts = judging.each_release(lambda report: (report_problems(report), render(report)),
                                 meanwhile)
    problems = base_problems(judging.loaded, judging.history) + merged_problems(
        [found for found, _ in parts])
    return problems, [rendered for _, rendered in parts]


def _base_commit(args) -> str | None:
    from ..errors import GitError
    from ..history import resolve_commit

    if not args.base:
        return None
    try:
        return resolve_commit(Path(args.repo), args.base)
    except GitError as error:
        raise UsageError(f"--base: {error}") from None


def _changes_since(base: str, evaluation: Evaluation, root: Path, fail_on_regression: bool,
                   base_name: str):
    """What the working tree does to each release compared with `base`, at the same time:
    the changes, and the problems of the gate (roster changes, regressions, tampering)."""
    from ..errors import GitError
    from ..evaluate.diff import diff_report_sets, role_change_problems
    from ..evaluate.gate import regressions
    from ..history import checkout_at

    try:
        with checkout_at(root, base) as base_root:
            # facts and scans are keyed by git's blob ids: the repository's own caches serve
            # the base too, and no cache is left behind for the temporary checkout
            before = load_and_evaluate(base_root, evaluation.as_of, cache_of=root)
    except GitError as error:
        raise UsageError(f"--base: {error}") from None
    old = {r.version: r for r in before.reports}
    new = {r.version: r for r in evaluation.reports}
    changes = diff_report_sets(old, new, before.project.roles, evaluation.project.roles,
                               base_name=base_name)
    gate = role_change_problems(changes.roles) + regressions(old, new, fail_on_regression)
    return changes, gate


def cmd_check(args) -> int:
    from ..evaluate.expiry import to_problems

    base = _base_commit(args)
    judging = _judging(args, base)
    project = judging.loaded.project
    changes = None
    if base:
        evaluation = judging.evaluate()
        expiring = _expiring(evaluation, args.warn_days)
        problems = evaluation.problems + to_problems(expiring)
        fail = args.fail_on_regression or bool(project.settings.get("fail_on_regression"))
        changes, gate = _changes_since(base, evaluation, Path(args.repo), fail, args.base)
        problems = gate + problems
    else:
        problems, expiring = _findings(judging, args.warn_days)
        problems += to_problems(expiring)
    view = CheckView(problems, changes, checked_files(project), bool(args.summary), expiring)
    CHECK_FORMATS[args.format](view, sys.stdout)
    if args.summary:
        from ..outputs.github import pr_summary
        with open(args.summary, "a", encoding="utf-8") as summary:
            summary.write(pr_summary(problems, changes))
    return 1 if any(p.severity == "error" for p in problems) else 0


def cmd_diff(args) -> int:
    from ..evaluate.diff import diff_reports

    evaluation = _evaluate(args)
    old, new = (_selected(evaluation, v)[0] for v in (args.old, args.new))
    DIFF_FORMATS[args.format](diff_reports(old, new), sys.stdout)
    return 0


def cmd_status(args) -> int:
    if args.format == "json" and args.release is None:
        return _status_json_of_every_release(args)
    evaluation = _evaluate(args)
    reports = _selected(evaluation, args.release)
    if not reports and args.format == "text":
        console(stderr=True).print("no release yet: create one with `evidence release new "
                                   "v0.1.0` (a folder evidence/<version>/ with release.yml)")
    view = StatusView(reports, evaluation.as_of, args.warn_days, args.release is not None)
    STATUS_FORMATS[args.format](view, sys.stdout)
    if args.format == "text" and evaluation.errors:
        console(stderr=True).print(f"[yellow]{len(evaluation.errors)} validation error(s): "
                                   "run `evidence check`[/yellow]")
    if args.require_ready and not all(r.ready for r in reports):
        return 1
    return 0


def _status_json_of_every_release(args) -> int:
    """The releases judged and encoded on both cores: only their JSON crosses between the
    processes."""
    from ..outputs.formats import release_status_json, write_every_status_json

    parts = _judging(args).each_release(lambda report: (release_status_json(report),
                                                        report.ready))
    write_every_status_json([encoded for encoded, _ in reversed(parts)], sys.stdout)
    return 1 if args.require_ready and not all(ready for _, ready in parts) else 0


def cmd_import(args) -> int:
    from ..actions.importer.convert import MarkdownImportError, import_file
    from ..actions.importer.yaml_writer import dump_definition

    try:
        text = dump_definition(import_file(Path(args.file)))
    except MarkdownImportError as error:
        raise UsageError(str(error)) from None
    except OSError as error:
        raise UsageError(f"{args.file}: {error.strerror}") from None
    if args.output:
        write_atomically(Path(args.output), text)
        console(stderr=True).print(f"wrote {args.output}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_signoff(args) -> int:
    from ..actions.signoff import check_request, write_signoff
    from ..model.times import parse_date

    root = Path(args.repo).resolve()
    try:
        on = parse_date(args.date) if args.date else None
    except ValueError as error:
        raise UsageError(f"--date: {error}; write a date (2026-12-01) or a time "
                         "(2026-12-01T10:00:00Z)") from None
    evaluation = _evaluate(args)
    report = _selected(evaluation, args.release)[0]
    check_request(root, evaluation.project, args.release, args.role, args.decision,
                  args.conditions, args.scope or "release", args.force)
    _confirm_signing(report, args)
    path, command = write_signoff(root, evaluation.project, args.release, args.role,
                                  args.decision, args.scope or "release", args.conditions, on,
                                  force=args.force)
    out = console()
    out.print(f"wrote {path.relative_to(root).as_posix()}")
    out.print(f"commit it yourself, as the approver:\n  {command}")
    return 0


def _confirm_signing(report, args) -> None:
    """What is being signed, first; approving a release that is not ready needs a yes."""
    err = console(stderr=True)
    awaiting = {i.item.ref for i in report.items if i.item.signoff_role == args.role}
    blockers = [b for b in report.blockers if b.split(" ", 1)[0] not in awaiting]
    state = "[red]not ready[/red]" if blockers else "[green]ready[/green] for this sign-off"
    err.print(f"{escape(report.version)} is {state}: {report.completion.formula}")
    for blocker in blockers[:10]:
        err.print(f"  blocks: {escape(blocker)}")
    if len(blockers) > 10:
        err.print(f"  … and {len(blockers) - 10} more (evidence status {report.version})")
    if not blockers or args.decision == "rejected" or args.yes:
        return
    if sys.stdin.isatty():
        answer = input(f"Sign {args.decision} although {report.version} is not ready? [y/N] ")
        if answer.strip().lower() in ("y", "yes"):
            return
    raise UsageError(f"{report.version} is not ready ({len(blockers)} blocker(s)): "
                     "nothing written; pass --yes to sign it as it is")


def cmd_collect(args) -> int:
    from ..actions import collect
    from ..load.definitions import did_you_mean
    from ..load.project import load_project

    root = Path(args.repo).resolve()
    project = load_project(root).project
    items = project.items_by_ref()
    if args.item not in items:
        raise UsageError(f"unknown item {args.item!r}{did_you_mean(args.item, items)}")
    release = args.release or collect.default_release(root)
    if args.source == "http":
        written = collect.collect_http(root, args.target, args.item, release, args.timeout)
    else:
        written = collect.collect_file(root, args.source, Path(args.target), args.item, release)
    for path in written:
        print(f"wrote {path.relative_to(root).as_posix()}")
    return 0


def cmd_build(args) -> int:
    only = frozenset(args.release) if args.release else None
    return _build_site(args, only)


def cmd_assemble(args) -> int:
    parts = [Path(p) for p in args.parts]
    for part in parts:
        if not part.is_dir():
            raise UsageError(f"{part}: not a folder; hint: name folders written by "
                             "`evidence build --release R --out PART`")
    return _build_site(args, None, tuple(parts))


def _build_site(args, only: frozenset[str] | None, sources: tuple[Path, ...] = ()) -> int:
    from ..load.factcache import cache_home
    from ..outputs.site.build import build_site

    root = Path(args.repo).resolve()
    judging = _judging(args)
    ordered = [r.version for r in judging.loaded.project.releases]
    versions = set(ordered)
    missing = sorted((only or set()) - versions)
    if missing:
        raise UsageError(f"unknown release(s): {', '.join(missing)}")
    # --release R builds R; the other releases stay as the current site has them.
    keep = frozenset(versions - only) if only else frozenset()
    cache = Path(args.cache_dir) if args.cache_dir else cache_home(root) / "site"
    out = Path(args.out) if args.out else root / "site"
    err = console(stderr=True)
    try:
        packs = None if args.no_pdf else _pack_maker(root, cache,
                                                     Path(args.sign) if args.sign else None)
        moved = at_release_commits(root, judging.history, ordered)
        result, problems, known = (
            _unchanged_site(judging, moved, root, out, cache, packs, args.engine)
            if only is None and not sources else (None, [], None))
        if result is None:
            evaluation = with_release_commits(root, judging.evaluate(), moved)
            problems = evaluation.problems
            result = build_site(evaluation.reports, root, out, cache_dir=cache,
                                pdf_for=_with_histories(packs, evaluation), jobs=args.jobs,
                                keep=keep, only=only, sources=sources, engine=args.engine,
                                known=known)
    except (BuildError, PackError) as error:
        err.print(f"[red]build failed, the previous site is kept:[/red] {escape(str(error))}")
        return 1
    for warning in result.warnings:
        err.print(f"[yellow]warning:[/yellow] {escape(str(warning))}")
    built, cached = ", ".join(result.built) or "none", ", ".join(result.cached) or "none"
    err.print(f"built {result.out} with {result.engine}: rebuilt {built}; unchanged {cached}")
    if result.complete:
        err.print(f"root pages {'rebuilt' if result.root_built else 'unchanged'}")
    else:
        err.print(f"a part holding {', '.join(result.releases)}: `evidence assemble` joins "
                  "parts into a site")
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        err.print(f"[yellow]{len(errors)} validation error(s): run `evidence check`[/yellow]")
        return 1 if args.strict else 0
    return 0


def _unchanged_site(judging: Judging, moved, root: Path, out: Path, cache: Path, packs,
                    engine):
    """A whole build's first step: every release judged (at its commit: `moved`), and its
    build key made, on both cores with no report kept. (the site in `out` if those keys show
    it current, else None; the problems a whole evaluation finds; the keys, by release)."""
    from ..outputs.site.build import SiteCheck

    with SiteCheck(root, out, cache_dir=cache, pdf_for=packs, engine=engine) as check:
        problems, known = _each_release_and_problems(
            judging, lambda report: check.key_of(moved(report)), check.look_at_folders)
        return check.unchanged(known), problems, {k.version: k for k in known}


def cmd_plan(args) -> int:
    import json

    from ..load.factcache import cache_home
    from ..outputs.site.build import stale_releases

    root = Path(args.repo).resolve()
    evaluation = with_release_commits(root, _evaluate(args))
    if not evaluation.reports:
        raise UsageError("no release to build; hint: add evidence/<release>/release.yml")
    packs = None if args.no_pdf else _pack_maker(root, cache_home(root) / "site",
                                                 Path(args.sign) if args.sign else None)
    site = Path(args.site) if args.site else root / "site"
    stale = stale_releases(evaluation.reports, root, site, pdf_for=packs, engine=args.engine)
    if args.format == "github-matrix":
        print(json.dumps({"include": [{"release": v} for v in stale]}))
    elif args.format == "json":
        print(json.dumps({"site": str(site), "rebuild": list(stale)}, indent=2))
    else:
        print("\n".join(stale) if stale else "nothing to rebuild")
    return 0


def _pack_maker(root: Path, cache: Path, key: Path | None):
    """`key`: --sign, else mkdocs.yml's extra.evidence.sign. Its packs' history.json comes
    with _with_histories."""
    from ..errors import ConfigError
    from ..outputs.pdf.command import PackMaker
    from ..outputs.pdf.config import page_size_from_config, signing_key_from_config

    if key is not None:
        signer = _signer(key)
    else:
        configured = signing_key_from_config(root)
        try:
            signer = _signer(configured) if configured else None
        except PackError as error:
            raise ConfigError(f"extra.evidence.sign: {error}") from None
    return PackMaker(root, page_size_from_config(root), cache / "pdf", signer)


def _with_histories(packs, evaluation: Evaluation):
    from dataclasses import replace

    return packs and replace(packs, histories={r.version: evaluation.history_record(r)
                                               for r in evaluation.reports})


def _signer(key: Path):
    import os

    from ..outputs.pdf.signing import PASSPHRASE_VARIABLE, load_signer

    passphrase = os.environ.get(PASSPHRASE_VARIABLE)
    return load_signer(key, passphrase.encode() if passphrase is not None else None)


def cmd_pdf(args) -> int:
    from ..load.factcache import cache_home
    from ..outputs.pdf.command import pack_for_release

    root = Path(args.repo).resolve()
    signer = _signer(Path(args.sign)) if args.sign else None
    evaluation = with_release_commits(root, _evaluate(args))
    report = _selected(evaluation, args.release)[0]
    result = pack_for_release(evaluation.reports, root, args.release, args.output,
                              args.page_size, cache_home(root) / "pdf",
                              keep_html=Path(args.keep_html) if args.keep_html else None,
                              signer=signer, history=evaluation.history_record(report))
    err = console(stderr=True)
    for warning in result.warnings:
        err.print(f"[yellow]warning:[/yellow] {escape(str(warning))}")
    signed = f", signed by {signer.subject}" if signer else ""
    err.print(f"wrote {result.path} ({result.pages} pages, {len(result.attachments)} "
              f"attachments{escape(signed)})")
    return 0


def cmd_verify(args) -> int:
    from ..actions.verify import verify_pack

    if args.key and not args.attestation:
        raise UsageError("--key names the key of an --attestation; give that too")
    result = verify_pack(Path(args.pack), Path(args.repo_to_check) if args.repo_to_check
                         else None, attestation=Path(args.attestation) if args.attestation
                         else None, key=Path(args.key) if args.key else None,
                         trust=[Path(t) for t in args.trust])
    print(result.to_text(show_matches=args.verbose))
    return result.exit_code


def cmd_attest(args) -> int:
    from ..actions.attest import attest_pack

    signer = attest_pack(Path(args.pack), Path(args.output),
                         Path(args.key) if args.key else None, args.sigstore)
    console(stderr=True).print(f"wrote {escape(args.output)}, signed with {escape(signer)}")
    return 0


def cmd_export(args) -> int:
    from ..outputs.formats import EXPORT_FORMATS

    report = _selected(_evaluate(args), args.release)[0]
    text = EXPORT_FORMATS[args.format](report)
    if args.output:
        write_atomically(Path(args.output), text)
        console(stderr=True).print(f"wrote {escape(args.output)}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_serve(args) -> int:
    from ..outputs.site.serve import serve

    root = Path(args.repo).resolve()
    _evaluate(args)
    serve(root, args.release, lambda: load_and_evaluate(root).reports, port=args.port,
          engine=args.engine)
    return 0


def cmd_help(args) -> int:
    from .help import page

    sys.stdout.write(page(args.topic))
    return 0


def cmd_init(args) -> int:
    from ..actions.init import init

    root = Path(args.repo).resolve()
    root.mkdir(parents=True, exist_ok=True)
    written = init(root, args.name or root.name, Path(args.from_file) if args.from_file else None)
    out = console()
    for path in written:
        out.print(f"wrote {escape(path.relative_to(root).as_posix())}")
    out.print("next: `git init` (if needed), `evidence release new v0.1.0`, collect evidence, "
              "`evidence check`; see `evidence help getting-started`")
    return 0


def cmd_release_new(args) -> int:
    from ..actions.init import new_release
    from ..load.project import load_project
    from ..model.times import parse_date

    root = Path(args.repo).resolve()
    project = load_project(root).project
    try:
        target = parse_date(args.target_date) if args.target_date else None
    except ValueError as error:
        raise UsageError(f"--target-date: {error}") from None
    checklists = args.checklist or [c.id for c in project.checklists]
    path = new_release(root, args.version, checklists, args.title or "", target)
    console().print(f"wrote {escape(path.relative_to(root).as_posix())}: put its evidence under "
                    f"evidence/{args.version}/<section>/<item>/")
    return 0
