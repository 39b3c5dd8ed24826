"""build_site: the releases' sites and the root pages into a temporary folder next to
`out`, then swapped in.

Each release folder comes, in this order, from: the site already in `out` or a part named
in `sources`, when its .build.json says it was built from the same inputs (buildinfo.py);
the local build cache; or a build. The root pages (release list, matrix, changes) and the
files across releases (versions.json, latest/, the root redirect) are written only when the
site holds every release: a site of some releases only is a part, for `evidence assemble`.

The last good site is never lost: on any failure the temporary folder is removed, `out` is
left as it was, and BuildError says why.
"""
from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from ...errors import BuildError, ConfigError
from ...files import link_tree
from ...load.config import config_problems, custom_dir_of, read_config
from ...model.results import ReleaseReport
from ...model.versions import release_name_problem
from ..names import SITE_MARKER, pack_name
from . import buildinfo, cache, versioning
from .config import release_site_url
from .engines import Engine, EngineFailed, engine_named, engine_versions, run_engine
from .links import ROOT_FOLDER
from .slots import fill_slots
from .stamp import restamp_release, stamp_release, stamp_values

PdfMaker = Callable[[ReleaseReport, Path], None]
STAGING = ".staging"          # inside the cache folder: the last staged project per release
DIGESTS = ".digests.json"     # inside the cache folder: built folders' digests by file stats


@dataclass(frozen=True)
class SiteResult:
    out: Path
    releases: tuple[str, ...]            # every release in the site, oldest first
    built: tuple[str, ...]               # built this time
    cached: tuple[str, ...]              # taken as they were: from the site, a part, the cache
    latest: str
    warnings: tuple[str, ...] = ()
    engine: str = ""
    root_built: bool = False             # the root pages were built (not reused)
    complete: bool = True                # every release: the root pages and files written


@dataclass(frozen=True)
class ReleaseJob:
    report: ReleaseReport
    root: Path
    staging: Path
    destination: Path
    base_config: dict[str, Any]
    pdf_for: PdfMaker | None
    engine: Engine
    cache_dir: Path | None = None      # where the built folder is kept, under cache_key
    cache_key: str = ""


def build_site(reports: list[ReleaseReport], root: Path, out: Path, *,
               cache_dir: Path | None = None, pdf_for: PdfMaker | None = None,
               jobs: int = 1, keep: frozenset[str] = frozenset(),
               only: frozenset[str] | None = None, sources: tuple[Path, ...] = (),
               engine: str | None = None,
               known: Mapping[str, cache.KnownKey] | None = None) -> SiteResult:
    """Build the versioned site for `reports` (oldest to newest, every release) into `out`,
    with `engine` (default: mkdocs.yml's extra.evidence.engine, else MkDocs).

    Releases named in `keep` are taken as they are from the site already in `out` when it
    has them (`evidence build --release R` rebuilds R and keeps the others). With `only`,
    the other releases are left out unless kept. `sources`: other built sites (parts) whose
    release folders may be reused, as those of `out` are, when their build key matches.
    `known`: keys SiteCheck made already."""
    with buildinfo.remembered_digests(Path(cache_dir) / DIGESTS if cache_dir else None):
        return _build_site(reports, root, out, cache_dir=cache_dir, pdf_for=pdf_for, jobs=jobs,
                           keep=keep, only=only, sources=sources, engine=engine, known=known)


def _build_site(reports: list[ReleaseReport], root: Path, out: Path, *, cache_dir: Path | None,
                pdf_for: PdfMaker | None, jobs: int, keep: frozenset[str],
                only: frozenset[str] | None, sources: tuple[Path, ...],
                engine: str | None, known: Mapping[str, cache.KnownKey] | None) -> SiteResult:
    if Path(out).is_symlink():
        raise BuildError(f"{out}: the output folder is a symbolic link; hint: name a real folder")
    root, out = Path(root).resolve(), Path(out).resolve()
    versions = tuple(r.version for r in reports)
    _check_releases(versions, root)
    base_config = safe_config(root)
    chosen = engine_named(engine, base_config)
    check_output_folder(out, root, custom_dir_of(root, base_config))
    keys = cache.BuildKeys(reports, _shared_key(root, pdf_for, base_config, chosen), known)
    if only is None and _already_built(out, {r.version: keys.stamped(r) for r in reports},
                                       keys.root, base_config):
        return SiteResult(out=out, engine=chosen.name, releases=versions, built=(),
                          cached=versions, latest=versions[-1])
    out.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    building.chmod(0o755)         # a site is for readers: not the 0700 of a temporary folder
    # With a cache, staged projects are kept for inspection (the engine builds them by hand).
    keep_staging = cache_dir is not None
    staging_root = (Path(cache_dir) / STAGING if keep_staging
                    else Path(tempfile.mkdtemp(prefix="evidence-staging-")))
    build = _Build(root, building, staging_root, base_config, cache_dir, pdf_for, chosen,
                   keys, (out, *(Path(s).resolve() for s in sources)))
    moved: list[str] = []
    try:
        kept = _keep_from(out, building, [r.version for r in reports if r.version in keep])
        wanted = [r for r in reports
                  if r.version not in kept and (only is None or r.version in only)]
        present = {*kept, *(r.version for r in wanted)}
        complete = present == {r.version for r in reports}
        root_job = _root_job(build, reports) if complete else None
        result = _build_into(build, wanted, jobs, root_job)
        result["cached"] = (*result["cached"], *kept)
        # Every build done: the folders of `out` reused as they are move into the new site
        # (a rename each, rather than a link per file and the old copy's deletion after).
        for version in result.pop("moving"):
            (out / version).rename(building / version)
            moved.append(version)
        if complete:
            result["root_built"] = root_job is not None
            _write_version_files(building, [r.version for r in reports], base_config)
        result["warnings"] = tuple(result["warnings"])
        (building / SITE_MARKER).write_text("built by evidence-site\n", encoding="utf-8")
        _swap_in(building, out)
    except BaseException:        # a failure, a bug, Ctrl-C: the last good site stays as it was
        for version in moved:
            (building / version).rename(out / version)
        shutil.rmtree(building, ignore_errors=True)
        raise
    finally:
        if not keep_staging:
            shutil.rmtree(staging_root, ignore_errors=True)
    return SiteResult(out=out, engine=chosen.name, complete=complete,
                      releases=tuple(r.version for r in reports if r.version in present),
                      latest=reports[-1].version, **result)


def stale_releases(reports: list[ReleaseReport], root: Path, site: Path, *,
                   pdf_for: PdfMaker | None = None, engine: str | None = None) -> tuple[str, ...]:
    """The releases whose folder in the built `site` a build would not reuse: missing, built
    from other inputs, or not intact (`evidence plan`). A folder that only needs this
    commit's values stamped in is reused."""
    root, site = Path(root).resolve(), Path(site).resolve()
    base_config = safe_config(root)
    shared = _shared_key(root, pdf_for, base_config, engine_named(engine, base_config))

    def reused(report: ReleaseReport) -> bool:
        stamped, unstamped = cache.release_keys(report, shared)
        folder = site / report.version
        return buildinfo.reusable(folder, report.version, stamped) or (
            pdf_for is None and buildinfo.restampable(folder, report.version, unstamped)
            is not None)
    return tuple(r.version for r in reports if not reused(r))


class SiteCheck:
    """Whether a whole build would leave the site in `out` as it is, told from each
    release's key alone: `key_of` runs wherever the release is judged (in either process,
    no report kept), `look_at_folders` hashes the site's folders meanwhile, `unchanged`
    compares the keys and digests with what the site records. Used as a context: the local
    cache of folder digests is read on entry and written on exit."""

    def __init__(self, root: Path, out: Path, *, cache_dir: Path | None = None,
                 pdf_for: PdfMaker | None = None, engine: str | None = None):
        self.root, self.out = Path(root).resolve(), Path(out).resolve()
        self.base_config = safe_config(self.root)
        self.engine = engine_named(engine, self.base_config)
        self.shared = _shared_key(self.root, pdf_for, self.base_config, self.engine)
        self._memo = buildinfo.remembered_digests(Path(cache_dir) / DIGESTS if cache_dir
                                                  else None)
        self._digests: dict[str, str] = {}

    def __enter__(self) -> SiteCheck:
        self._memo.__enter__()
        return self

    def __exit__(self, *failure) -> None:
        self._memo.__exit__(*failure)

    def key_of(self, report: ReleaseReport) -> cache.KnownKey:
        return cache.known_key(report, self.shared)

    def look_at_folders(self) -> None:
        if (self.out / SITE_MARKER).is_file() and not self.out.is_symlink():
            self._digests = {entry.name: buildinfo.folder_digest(Path(entry.path))
                             for entry in os.scandir(self.out)
                             if entry.is_dir(follow_symlinks=False)}

    def unchanged(self, known: list[cache.KnownKey]) -> SiteResult | None:
        """The site, when it holds just what a build of releases with these keys (oldest
        first) would write; else None, and build_site (with `known`) builds."""
        versions = tuple(k.version for k in known)
        _check_releases(versions, self.root)
        if self.out.is_symlink():
            return None
        check_output_folder(self.out, self.root, custom_dir_of(self.root, self.base_config))
        root_key = cache.root_key([k.status_digest for k in known], self.shared)
        if not _already_built(self.out, {k.version: k.key for k in known}, root_key,
                              self.base_config, self._digests):
            return None
        return SiteResult(out=self.out, engine=self.engine.name, releases=versions, built=(),
                          cached=versions, latest=versions[-1])


def _already_built(out: Path, keys: dict[str, str], root_key: str,
                   base_config: dict[str, Any], digests: Mapping[str, str] = {}) -> bool:
    """`out` holds just what this build would write: every release (version: its key, oldest
    first) and the root pages built from these inputs and intact, and the files across
    releases as they would be written. `digests`: folder digests made already, by name."""
    if not (out / SITE_MARKER).is_file():
        return False
    across = _version_files(out, list(keys), base_config)
    expected = {*keys, ROOT_FOLDER, SITE_MARKER, *(name.split("/")[0] for name in across)}
    folders = [(out / version, version, key) for version, key in keys.items()]
    folders.append((out / ROOT_FOLDER, ROOT_FOLDER, root_key))
    # every record first: a site with one release changed has no file hashed here
    return ({entry.name for entry in out.iterdir()} == expected
            and all(buildinfo.recorded(*folder) for folder in folders)
            and all(buildinfo.reusable(*folder, digests.get(folder[1]))
                    for folder in folders)
            and versioning.holds_files(out, across))


def _shared_key(root: Path, pdf_for: PdfMaker | None, base_config: dict[str, Any],
                engine: Engine) -> str:
    return cache.shared_inputs(root, pdf_for, base_config,
                               {"engine": engine.name, **engine_versions(engine)})


@dataclass(frozen=True)
class _Build:
    """What every release of one build shares."""
    root: Path
    building: Path
    staging_root: Path
    base_config: dict[str, Any]
    cache_dir: Path | None
    pdf_for: PdfMaker | None
    engine: Engine
    keys: cache.BuildKeys
    sites: tuple[Path, ...]          # built sites whose folders may be reused: out, parts

    def reusable(self, name: str, key: str) -> Path | None:
        return next((site / name for site in self.sites
                     if buildinfo.reusable(site / name, name, key)), None)


def _keep_from(out: Path, building: Path, versions: list[str]) -> tuple[str, ...]:
    """Copy the named releases' folders from the current site; those it lacks are built."""
    kept = []
    for version in versions:
        if (out / version).is_dir() and not (out / version).is_symlink():
            link_tree(out / version, building / version)
            kept.append(version)
    return tuple(kept)


def _build_into(build: _Build, to_render: list[ReleaseReport], jobs: int,
                root_job: RootJob | None) -> dict[str, Any]:
    """The releases' folders (reused, from the cache, or built) and, alongside the builds,
    the root pages when `root_job` says they must be built. A folder that a site records
    under the release's key has its files checked while the builds run (hashing them is
    most of taking a folder); one found damaged is built after them."""
    done = _Placed()
    recorded = {r.version for r in to_render if any(
        buildinfo.recorded(site / r.version, r.version, build.keys.stamped(r))
        for site in build.sites)}
    for report in to_render:
        if report.version not in recorded:
            _place(build, report, done)
    first = [*done.jobs, *([root_job] if root_job else [])]
    warnings, damaged = _run_jobs(first, jobs, meanwhile=lambda: [
        r for r in to_render if r.version in recorded and not _reused(build, r, done)])
    later = len(done.jobs)
    for report in damaged:
        _place(build, report, done)
    warnings += _run_jobs(done.jobs[later:], jobs)[0]
    for report in to_render:
        stamped = build.keys.stamped(report)
        target = build.building / report.version
        if report.version not in done.moving and buildinfo.recorded_key(target) != stamped:
            unstamped = build.keys.release(report)[1]
            stamps = stamp_release(target, report)
            buildinfo.write_record(target, report.version, stamped, build.engine.name,
                                   restamp=buildinfo.restamp_fields(
                                       unstamped, stamp_values(report), stamps))
    return {"built": tuple(j.report.version for j in done.jobs),
            "cached": tuple(r.version for r in to_render if r.version in done.cached),
            "warnings": warnings, "moving": tuple(done.moving)}


@dataclass
class _Placed:
    """How each release's folder is coming: taken (cached), to be moved from the site
    being replaced (moving, also cached), or built (jobs)."""
    jobs: list[ReleaseJob] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    moving: list[str] = field(default_factory=list)


def _reused(build: _Build, report: ReleaseReport, done: _Placed) -> bool:
    """The release's folder taken from a site whose record and files match its key."""
    version = report.version
    found = build.reusable(version, build.keys.stamped(report))
    if found is None:
        return False
    if found == build.sites[0] / version:       # the site being replaced: moved in later
        done.moving.append(version)
    else:
        link_tree(found, build.building / version)
    done.cached.append(version)
    return True


def _place(build: _Build, report: ReleaseReport, done: _Placed) -> None:
    """A release no site holds intact: re-stamped from one built at another commit, taken
    from the local cache, or built."""
    version, target = report.version, build.building / report.version
    stamped, unstamped = build.keys.release(report)
    cache_key = stamped if build.pdf_for is not None else unstamped
    if build.pdf_for is None and _restamped(build, report, target, stamped, unstamped):
        done.cached.append(version)
        return
    hit = cache.cached_folder(build.cache_dir, version, cache_key) if build.cache_dir else None
    if hit:
        cache.restore(hit, target)
        done.cached.append(version)
    else:
        done.jobs.append(ReleaseJob(report, build.root, build.staging_root / version, target,
                                    build.base_config, build.pdf_for, build.engine,
                                    build.cache_dir, cache_key))


@dataclass(frozen=True)
class RootJob:
    reports: tuple[ReleaseReport, ...]
    root: Path
    staging: Path
    destination: Path
    base_config: dict[str, Any]
    engine: Engine
    key: str


def _restamped(build: _Build, report: ReleaseReport, target: Path, stamped: str,
               unstamped: str) -> bool:
    """A folder of `out` built from the same inputs at another commit (an in-progress release
    judged at HEAD's time), copied and re-stamped with this commit's values."""
    for site in build.sites:
        record = buildinfo.restampable(site / report.version, report.version, unstamped)
        if record is None:
            continue
        link_tree(site / report.version, target)
        if restamp_release(target, record["stamped"], record["stamps"], report):
            buildinfo.write_record(target, report.version, stamped, build.engine.name,
                                   restamp=buildinfo.restamp_fields(
                                       unstamped, stamp_values(report), record["stamps"]))
            return True
        shutil.rmtree(target)
    return False


def _root_job(build: _Build, reports: list[ReleaseReport]) -> RootJob | None:
    """site/releases/: reused (copied now) when every release's status is as it was; else
    the job that builds it."""
    key = build.keys.root
    target = build.building / ROOT_FOLDER
    found = build.reusable(ROOT_FOLDER, key)
    if found:
        link_tree(found, target)
        return None
    return RootJob(tuple(reports), build.root, build.staging_root / ROOT_FOLDER, target,
                   build.base_config, build.engine, key)


def build_root(job: RootJob) -> list[str]:
    from .staging import stage_root  # the page templates: only when something is built
    staged = stage_root(list(job.reports), job.root, job.staging, base_config=job.base_config)
    try:
        warnings = run_engine(job.engine, staged.config_file, job.destination,
                              source_date=max(r.evaluated_at for r in job.reports))
    except EngineFailed as error:
        raise BuildError(f"the root pages: {error}") from error
    fill_slots(job.destination, staged.slots)
    buildinfo.write_record(job.destination, ROOT_FOLDER, job.key, job.engine.name)
    return [f"{ROOT_FOLDER}: {w}" for w in warnings]


def _perform(job: ReleaseJob | RootJob) -> list[str]:
    return build_root(job) if isinstance(job, RootJob) else build_release(job)


def build_release(job: ReleaseJob) -> list[str]:
    """Stage one release, build it with the engine, add its PDF. Runs in a worker process too."""
    from .staging import stage_release
    staged = stage_release(job.report, job.root, job.staging, base_config=job.base_config,
                           with_pdf=job.pdf_for is not None)
    try:
        # the time of the release's own last change, not HEAD's: a folder re-stamped for a
        # later commit (an in-progress release) keeps the build date a new build would write
        warnings = run_engine(job.engine, staged.config_file, job.destination,
                              source_date=job.report.source_committed_at
                              or job.report.evaluated_at)
    except EngineFailed as error:
        raise BuildError(f"{job.report.version}: {error}") from error
    fill_slots(job.destination, staged.slots)
    if job.pdf_for is not None:
        try:
            job.pdf_for(job.report, job.destination / pack_name(job.report.version))
        except Exception as error:
            raise BuildError(f"{job.report.version}: the PDF pack failed: "
                                 f"{type(error).__name__}: {error}") from error
    if job.cache_dir:
        cache.store(job.cache_dir, job.report.version, job.cache_key, job.destination)
    return [f"{job.report.version}: {w}" for w in warnings]


def _run_jobs(jobs: list[ReleaseJob | RootJob], workers: int,
              meanwhile: Callable[[], Any] = lambda: None) -> tuple[list[str], Any]:
    """Every job, `workers` at a time, the root pages first when in parallel (last, they
    would build alone while the other workers wait); the warnings in the order of `jobs`,
    and what meanwhile() returned, called here while the workers build."""
    first = [i for i, job in enumerate(jobs) if workers > 1 and isinstance(job, RootJob)]
    order = first + [i for i in range(len(jobs)) if i not in first]
    results, extra = _run_in_order([jobs[i] for i in order], workers, meanwhile)
    done = dict(zip(order, results))
    return [w for i in range(len(jobs)) for w in done[i]], extra


def _run_in_order(jobs: list[ReleaseJob | RootJob], workers: int,
                  meanwhile: Callable[[], Any]) -> tuple[list[list[str]], Any]:
    if jobs:
        from . import staging  # noqa: F401  (imported once, before the workers fork)
    if workers <= 1 or len(jobs) <= 1:
        extra = meanwhile()
        return [_perform(job) for job in jobs], extra
    # fork: workers need not re-import the caller's __main__ (a script, `python -m`, stdin);
    # build_site is called from the single-threaded command line.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    global _FORKED_JOBS
    try:
        with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=context,
                                 initializer=_quiet_on_interrupt) as pool:
            if method == "fork":    # forked workers find their jobs here: no report pickled
                _FORKED_JOBS = tuple(jobs)
                results = pool.map(_perform_forked, range(len(jobs)))
            else:
                results = pool.map(_perform, jobs)
            extra = meanwhile()     # every job submitted: the workers are forked
            return list(results), extra
    finally:
        _FORKED_JOBS = ()


_FORKED_JOBS: tuple[ReleaseJob | RootJob, ...] = ()


def _perform_forked(index: int) -> list[str]:
    return _perform(_FORKED_JOBS[index])


def _quiet_on_interrupt() -> None:
    """A worker stops at once on Ctrl-C, without a traceback of its own; the parent cleans up."""
    signal.signal(signal.SIGINT, lambda *_: os._exit(130))


def _version_files(site: Path, versions: list[str], base_config: dict[str, Any]) -> dict[str, str]:
    root_url = release_site_url(base_config, "x")[: -len("x/")]
    return versioning.files_across_releases(site, versions, root_url)


def _write_version_files(site: Path, versions: list[str], base_config: dict[str, Any]) -> None:
    versioning.write_files(site, _version_files(site, versions, base_config))


def _swap_in(building: Path, out: Path) -> None:
    """Replace `out` by `building` with two renames in the same folder."""
    if not out.exists():
        building.rename(out)
        return
    if not out.is_dir():
        raise BuildError(f"{out}: exists and is not a folder; hint: choose another --out")
    old = out.with_name(f".{out.name}.old-{building.name.rsplit('-', 1)[-1]}")
    out.rename(old)
    try:
        building.rename(out)
    except OSError:
        old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def safe_config(root: Path) -> dict[str, Any]:
    """mkdocs.yml, refused when it holds what MkDocs would run or publish."""
    config = read_config(root)
    refused = [p for p in config_problems(root, config) if p.severity == "error"]
    if refused:
        first = refused[0]
        raise ConfigError(first.message, first.path, first.line, first.column, first.hint)
    return config


def _check_releases(versions: tuple[str, ...], root: Path) -> None:
    if not versions:
        raise BuildError("no release to build; hint: add evidence/<release>/release.yml")
    for version in versions:
        why = release_name_problem(version)
        if why:
            raise BuildError(f"evidence/{version}/release.yml: {why}")


def _built_by_us(site: Path) -> bool:
    """The marker, or (sites built before it existed) the root's versions.json and latest/."""
    return (site / SITE_MARKER).is_file() or (
        (site / "versions.json").is_file() and (site / versioning.LATEST).is_dir())


def check_output_folder(out: Path, root: Path, theme: Path | None) -> None:
    """The site replaces `out` whole: never the repository, its history, its evidence, its
    definitions or its theme, nor a folder of files this tool did not build."""
    if out == root or out in root.parents:
        raise BuildError(f"{out}: the output folder would replace the repository; "
                         "hint: use --out site")
    for guarded in (root / ".git", root / "evidence", root / "content", theme):
        if guarded is not None and (out == guarded or guarded in out.parents):
            raise BuildError(f"{out}: the output folder would replace {guarded}; hint: use "
                             "--out site")
    if out.exists() and not out.is_dir():
        raise BuildError(f"{out}: exists and is not a folder; hint: choose another --out")
    if out.is_dir() and any(out.iterdir()) and not _built_by_us(out):
        raise BuildError(f"{out}: holds files that are not a site built by evidence-site (no "
                         f"{SITE_MARKER}); it would be replaced whole; hint: choose an empty "
                         "or new folder, or remove it yourself")


