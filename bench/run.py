"""Measure the generator against the floor, the naive approach, plain MkDocs, WeasyPrint and peers.

    python bench/run.py REPO [--small] [--out bench/out] [--skip-peers] [--skip STEP]... [--project DIR]

Works on a clone of REPO (step 5 commits a change), prints a Markdown table and writes it to
OUT/results.md (raw figures in OUT/results.json). Every step runs in a fresh `bench/stepwrap.py`
process; see docs/benchmark.md for what each row means and how memory is read.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import peers  # noqa: E402
from report_table import render  # noqa: E402

PROJECT_ROOT = BENCH.parent
NAIVE_SAMPLE = 200
ROUNDS = 5   # the floor, check and status take under a few seconds: the median of 5 rounds
JOBS = "2"   # every build uses both cores of the reference machine, as CI runners have
SKIPPABLE = {"naive": ("naive",), "builds": ("build", "mkdocs", "rebuild_same", "rebuild_one"),
             "pdf": ("pdf", "weasyprint"), "peers": ("doorstop", "strictdoc"),
             "sites": ("alone", "site_one", "new_alone", "site_new", "parts", "part_max",
                       "assemble")}


@dataclass(frozen=True)
class Measure:
    ok: bool
    seconds: float = 0.0
    peak_mib: float = 0.0
    note: str = ""

    @classmethod
    def unavailable(cls, why: str) -> "Measure":
        return cls(ok=False, note=why)


def measure(commands: list[dict], ok_codes: tuple[int, ...] = (0,)) -> Measure:
    """Run commands in a fresh stepwrap process; a failure becomes "n/a (command failed: ...)"."""
    spec = json.dumps({"commands": commands, "ok_codes": list(ok_codes)})
    result = subprocess.run([sys.executable, str(BENCH / "stepwrap.py")], input=spec,
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        return Measure.unavailable(f"n/a (step runner failed: {result.stderr.strip()[-200:]})")
    figures = json.loads(result.stdout)
    if not figures["ok"]:
        shown = figures["command"].replace(f"{sys.executable} -m generator", "evidence")
        shown = shown.replace(str(Path.cwd()) + "/", "")
        return Measure.unavailable(
            f"n/a (command failed: `{shown[:70]}` exit {figures['returncode']}: "
            f"{figures['stderr'][:160]})")
    return Measure(True, figures["seconds"], figures["peak_rss_mib"])


def _median(measures: list[Measure]) -> Measure:
    failed = next((m for m in measures if not m.ok), None)
    if failed:
        return failed
    ordered = sorted(measures, key=lambda m: m.seconds)
    middle = ordered[len(ordered) // 2]
    return Measure(True, middle.seconds, max(m.peak_mib for m in measures),
                   f"median of {len(measures)} (from {ordered[0].seconds:.2f} to {ordered[-1].seconds:.2f} s)")


class Bench:
    def __init__(self, source: Path, out: Path, small: bool, skip_peers: bool,
                 project: Path = PROJECT_ROOT) -> None:
        self.out, self.small, self.skip_peers, self.project = out, small, skip_peers, project
        self.work = out / "work"
        shutil.rmtree(self.work, ignore_errors=True)
        self.work.mkdir(parents=True)
        self.repo = self.work / "repo"
        subprocess.run(["git", "clone", "--quiet", str(source), str(self.repo)], check=True)
        head = _git(self.repo, "log", "-1", "--format=%ct")
        self.head_time = datetime.fromtimestamp(int(head), timezone.utc)
        # Fixed evaluation time after the step-5 commit, so every build evaluates the same moment.
        self.as_of = (self.head_time + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.files = _git(self.repo, "ls-files", "evidence/").splitlines()
        self.results: dict[str, Measure] = {}
        self.facts: dict[str, str] = {}

    def evidence(self, *args: str, stdout: Path | None = None) -> dict:
        env = {"PYTHONPATH": os.pathsep.join(filter(None, [str(self.project), os.environ.get("PYTHONPATH")])),
               "EVIDENCE_CACHE_DIR": str(self.work / "cache")}   # this run's own fact and pack caches
        command = {"argv": [sys.executable, "-m", "generator", *args], "cwd": str(self.repo), "env": env}
        if stdout:
            command["stdout"] = str(stdout)
        return command

    # 1-2 ---------------------------------------------------------------------------------------
    def warm_up(self) -> None:
        """One unmeasured floor pass, so every step starts with the files and packs in the page
        cache; and the generator's bytecode written, as an installed package has it (with
        PYTHONDONTWRITEBYTECODE set, each step would compile the modules it imports again)."""
        subprocess.run([sys.executable, str(BENCH / "floor.py"), str(self.repo)],
                       stdout=subprocess.DEVNULL, check=True)
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(self.project / "generator")],
                       stdout=subprocess.DEVNULL, check=True)

    def floor_check_and_status(self) -> None:
        """The floor, `check` with an empty fact cache, `check` again with the cache it left,
        and `status` warm, in this order ROUNDS times: each figure is the median of its
        rounds, and a round's steps run within seconds of one another, so a machine that
        slows down for a while moves the floor and the checks together."""
        floor = {"argv": [sys.executable, str(BENCH / "floor.py"), str(self.repo)]}
        check = self.evidence("check", "--format", "json")
        status = self.evidence("status", "--format", "json", stdout=self.work / "status.json")
        rounds: dict[str, list[Measure]] = {"floor": [], "check": [], "check_warm": [], "status": []}
        for _ in range(ROUNDS):
            rounds["floor"].append(measure([floor]))
            shutil.rmtree(self.work / "cache", ignore_errors=True)
            rounds["check"].append(measure([check], ok_codes=(0, 1)))
            rounds["check_warm"].append(measure([check], ok_codes=(0, 1)))
            rounds["status"].append(measure([status]))
        for key, measures in rounds.items():
            self.results[key] = _median(measures)

    def naive(self) -> None:
        sample = random.Random(0).sample(self.files, min(NAIVE_SAMPLE // (10 if self.small else 1), len(self.files)))
        commands = [{"argv": ["git", "-C", str(self.repo), "log", "-1", "--format=%H %ae %aI", "--", path]}
                    for path in sample]
        result = measure(commands)
        if result.ok:
            scale = len(self.files) / len(sample)
            result = Measure(True, result.seconds * scale, result.peak_mib,
                             f"{len(sample)} of {len(self.files)} files, scaled ×{scale:.1f}")
        self.results["naive"] = result

    # 4-5 ---------------------------------------------------------------------------------------
    def build_command(self) -> dict:
        return self.evidence("build", "--no-pdf", "--jobs", JOBS, "--out", str(self.work / "site"),
                             "--cache-dir", str(self.work / "build-cache"), "--as-of", self.as_of)

    def builds(self) -> None:
        self.results["build"] = measure([self.build_command()])
        # the build keeps each release's staged MkDocs project in CACHE/.staging/<release>/
        configs = sorted((self.work / "build-cache" / ".staging").glob("*/mkdocs.yml"))
        if not self.results["build"].ok or not configs:
            self.results["mkdocs"] = Measure.unavailable("n/a (needs the build's staged projects)")
        else:
            self.results["mkdocs"] = measure([
                {"argv": [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config),
                          "-d", str(self.work / "plain" / config.parent.name)]} for config in configs])
            self.facts["staged_sites"] = str(len(configs))
        self.results["rebuild_same"] = measure([self.build_command()])
        changed_release = self._commit_one_change()
        started = time.time()
        self.results["rebuild_one"] = measure([self.build_command()])
        self.facts["changed_release"] = changed_release
        if self.results["rebuild_one"].ok:
            touched = _releases_rebuilt_since(self.work / "build-cache", started)
            self.facts["releases_rewritten"] = ", ".join(touched) if touched else "none"
            self.facts["only_changed_release_rewritten"] = str(touched == [changed_release])

    def _commit_one_change(self, hours: int = 1) -> str:
        # The newest release, where work happens: a change to a signed-off release makes its
        # sign-offs stale, a status change (it rebuilds that release, as it should).
        release = _releases(self.repo, None)[-1]
        candidates = sorted(p for p in self.files if p.startswith(f"evidence/{release}/") and p.endswith(".md"))
        path = self.repo / candidates[0]
        path.write_text(path.read_text(encoding="utf-8") + "\nReviewed again after the release.\n",
                        encoding="utf-8")
        self._commit(f"Touch {candidates[0]}", hours)
        return release

    def _commit(self, message: str, hours: int) -> None:
        stamp = (self.head_time + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")
        env = {**os.environ, "GIT_AUTHOR_NAME": "Bench Mark", "GIT_AUTHOR_EMAIL": "bench@example.com",
               "GIT_COMMITTER_NAME": "Bench Mark", "GIT_COMMITTER_EMAIL": "bench@example.com",
               "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        subprocess.run(["git", "-C", str(self.repo), "add", "-A"], check=True)
        subprocess.run(["git", "-C", str(self.repo), "commit", "--quiet", "-m", message],
                       env=env, check=True)

    # 8 -----------------------------------------------------------------------------------------
    def sites(self) -> None:
        """The published site as the cache, with no ~/.cache: step 5's site is restored as the
        last deployed one; one release changes, then a release is added; then every release
        is built apart, as the jobs of a matrix would, and the parts assembled."""
        if not (self.work / "site" / "versions.json").is_file():
            for key in SKIPPABLE["sites"]:
                self.results[key] = Measure.unavailable("n/a (needs step 4's site)")
            return
        restored = self.work / "restored"
        shutil.copytree(self.work / "site", restored, symlinks=True)
        release = self._commit_one_change(hours=2)
        self.results["alone"] = measure([self.site_build(self.work / "alone", release)])
        self.results["site_one"], self.facts["site_one_rebuilt"] = self._timed_site(restored)
        added = self._commit_new_release(hours=3)
        self.results["new_alone"] = measure([self.site_build(self.work / "new-alone", added)])
        self.results["site_new"], self.facts["site_new_rebuilt"] = self._timed_site(restored)
        parts = [measure([self.site_build(self.work / "parts" / name, name)])
                 for name in _releases(self.repo, None)]
        if all(p.ok for p in parts):
            self.results["parts"] = Measure(True, sum(p.seconds for p in parts),
                                            max(p.peak_mib for p in parts),
                                            f"{len(parts)} parts, one after another")
            self.results["part_max"] = max(parts, key=lambda p: p.seconds)
        else:
            self.results["parts"] = self.results["part_max"] = next(p for p in parts if not p.ok)
        assembled = self.work / "assembled"
        self.results["assemble"] = measure([self.evidence(
            "assemble", *(str(p) for p in sorted((self.work / "parts").iterdir())), "--no-pdf",
            "--out", str(assembled), "--cache-dir", str(self._empty("cache-assemble")),
            "--as-of", self.as_of)])
        self.facts["assembled_equals_whole"] = str(_tree(assembled) == _tree(restored))

    def site_build(self, out: Path, release: str | None = None) -> dict:
        """`evidence build` into `out` with a cache folder of its own, empty: no ~/.cache."""
        only = ("--release", release) if release else ()
        return self.evidence("build", "--no-pdf", "--jobs", JOBS, *only, "--out", str(out),
                             "--cache-dir",
                             str(self._empty(f"cache-{out.name}-{len(self.facts)}")),
                             "--as-of", self.as_of)

    def _timed_site(self, site: Path) -> tuple[Measure, str]:
        started = time.time()
        result = measure([self.site_build(site)])
        return result, ", ".join(_rebuilt_in_site(site, started)) or "none"

    def _empty(self, name: str) -> Path:
        folder = self.work / "empty-caches" / name
        shutil.rmtree(folder, ignore_errors=True)
        return folder

    def _commit_new_release(self, hours: int) -> str:
        """A copy of the newest release, without its records, as a new release in progress."""
        newest = _releases(self.repo, None)[-1]
        added = "v999.0.0"
        shutil.copytree(self.repo / "evidence" / newest, self.repo / "evidence" / added,
                        ignore=shutil.ignore_patterns("signoffs", "waivers"))
        meta = self.repo / "evidence" / added / "release.yml"
        data = yaml.safe_load(meta.read_text(encoding="utf-8"))
        data.update(version=added, title=f"Release {added}", status="in-progress")
        data.pop("released_at", None)
        meta.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        self._commit(f"Add {added}", hours)
        return added

    # 6 -----------------------------------------------------------------------------------------
    def pdf(self) -> None:
        released = _releases(self.repo, {"released"}) or _releases(self.repo, None)
        release = released[-1]
        html = self.work / f"{release}.html"
        self.facts["pdf_release"] = release
        self.results["pdf"] = measure([self.evidence(
            "pdf", release, "-o", str(self.work / f"{release}.pdf"), "--keep-html", str(html))])
        if not self.results["pdf"].ok or not html.is_file():
            self.results["weasyprint"] = Measure.unavailable("n/a (needs the pack's --keep-html file)")
        else:
            self.results["weasyprint"] = measure([{"argv": [
                sys.executable, "-m", "weasyprint", "--pdf-variant", "pdf/a-3b", str(html),
                str(self.work / f"{release}-alone.pdf")]}])

    # 7 -----------------------------------------------------------------------------------------
    def peers(self) -> None:
        bin_dir, why = peers.ensure_venv(self.out / "peers-venv")
        if bin_dir is None:
            self.results["doorstop"] = self.results["strictdoc"] = Measure.unavailable(why)
            return
        rows, origin = self._peer_rows()
        self.facts["peer_requirements"] = f"{len(rows)} ({origin})"
        place = self.work / "peers"
        peers.write_doorstop_tree(rows, place / "doorstop")
        peers.write_sdoc(rows, place / "sdoc")
        (place / "tmp").mkdir()
        self.results["doorstop"] = measure([peers.doorstop_command(bin_dir, place / "doorstop", place / "doorstop-html")])
        strictdoc = peers.strictdoc_command(bin_dir, place / "sdoc", place / "strictdoc-html")
        strictdoc["env"] = {"TMPDIR": str(place / "tmp")}   # a cold StrictDoc cache
        self.results["strictdoc"] = measure([strictdoc])

    def _peer_rows(self) -> tuple[list[peers.Row], str]:
        status = self.work / "status.json"
        if self.results.get("status", Measure(False)).ok and status.is_file():
            return _rows_from_status(json.loads(status.read_text())), "statuses from `evidence status`"
        return _rows_from_paths(self.repo, self.files), "statuses approximated from the file layout"


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          check=True).stdout.strip()


def _version_key(name: str) -> tuple:
    parts = name.lstrip("v").split("-")[0].split(".")
    return tuple(int(p) if p.isdigit() else 0 for p in parts)


def _releases(repo: Path, states: set[str] | None) -> list[str]:
    """Release folders, oldest first, whose release.yml status is in `states` (all when None)."""
    found = []
    for meta in (repo / "evidence").glob("*/release.yml"):
        data = yaml.safe_load(meta.read_text(encoding="utf-8")) or {}
        if states is None or data.get("status") in states:
            found.append(meta.parent.name)
    return sorted(found, key=_version_key)


def _releases_rebuilt_since(cache: Path, started: float) -> list[str]:
    """Releases the build rebuilt rather than copied: each rebuild stores a new cache entry
    (`<cache>/<release>/<key>.complete` beside the folder). Copied releases are re-stamped
    with the new commit and time, so the site's file times cannot tell the two apart."""
    return sorted(folder.name for folder in cache.glob("*")
                  if folder.is_dir() and not folder.name.startswith(".")
                  and any(m.stat().st_mtime >= started for m in folder.glob("*.complete")))


def _rebuilt_in_site(site: Path, started: float) -> list[str]:
    """Folders of a built site (releases, the root pages) whose .build.json was written since
    `started`: those built or stamped again; a folder taken from the restored site keeps its
    record (hard links keep file times)."""
    return sorted(record.parent.name for record in site.glob("*/.build.json")
                  if record.stat().st_mtime >= started)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}


def _rows_from_status(data: dict) -> list[peers.Row]:
    return [peers.Row(release["release"], item["ref"], item["title"], item["status"],
                      tuple(e["path"] for e in item.get("evidence", [])))
            for release in data["releases"] for item in release["items"]]


def _rows_from_paths(repo: Path, files: list[str]) -> list[peers.Row]:
    """Without the generator: every release x item, 'complete' when a file sits in its folder."""
    sys.path.insert(0, str(BENCH))
    from checklist_source import CHECKLIST_PATH, _from_yaml
    checklist = _from_yaml((repo / CHECKLIST_PATH).read_text(encoding="utf-8"), "repository")
    by_folder: dict[str, list[str]] = {}
    for path in files:
        parts = path.split("/")
        if len(parts) > 4:
            by_folder.setdefault("/".join(parts[1:4]), []).append(path)
    return [peers.Row(release, item.ref, item.title,
                      "complete" if by_folder.get(f"{release}/{item.ref}") else "missing",
                      tuple(by_folder.get(f"{release}/{item.ref}", ())))
            for release in _releases(repo, None) for item in checklist.items]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--small", action="store_true", help="small repository: a smaller naive sample")
    parser.add_argument("--out", type=Path, default=BENCH / "out")
    parser.add_argument("--skip-peers", action="store_true")
    parser.add_argument("--skip", action="append", default=[], choices=sorted(SKIPPABLE),
                        help="leave out a step; its rows say so (repeatable)")
    parser.add_argument("--project", type=Path, default=PROJECT_ROOT,
                        help="folder whose `generator` package is measured (default: this repository)")
    args = parser.parse_args(argv)
    bench = Bench(args.repo.resolve(), args.out.resolve(), args.small, args.skip_peers,
                  args.project.resolve())
    skipped = set(args.skip) | ({"peers"} if args.skip_peers else set())
    for step in (bench.warm_up, bench.floor_check_and_status, bench.naive, bench.builds, bench.pdf,
                 bench.peers, bench.sites):
        if step.__name__ in skipped:
            for key in SKIPPABLE[step.__name__]:
                bench.results[key] = Measure.unavailable(f"skipped (--skip {step.__name__})")
            continue
        print(f"… {step.__name__}", file=sys.stderr, flush=True)
        step()
    table = render(bench.results, bench.facts, len(bench.files))
    print(table)
    (args.out / "results.md").write_text(table, encoding="utf-8")
    raw = {"facts": bench.facts, "evidence_files": len(bench.files),
           "results": {k: vars(v) for k, v in bench.results.items()}}
    (args.out / "results.json").write_text(json.dumps(raw, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
