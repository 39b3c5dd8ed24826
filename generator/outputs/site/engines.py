"""The build engines: MkDocs, ProperDocs or Zensical, each run as a subprocess on the staged
project (mkdocs.yml + docs/). Nothing of an engine is imported into this process.

Each engine runs as `<python> -m <engine> build` with the interpreter that runs evidence, or
the one named by `EVIDENCE_<ENGINE>_PYTHON` (an engine kept in a virtual environment of its
own). MkDocs and ProperDocs run in one long-lived process per build process
(engine_worker.py), which builds one staged project after another: their start-up (importing
the engine, Material and Markdown's extensions) is about a third of a release's build.
Zensical has no output-folder option: it builds into the staged project's `site_dir` (which
must be inside the project) and keeps a `.cache/` there, so its output is moved and the cache
removed.
"""
from __future__ import annotations

import atexit
import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from ...errors import BuildError, ConfigError
from ...load.config import evidence_settings

DEFAULT_ENGINE = "mkdocs"
BUILD_TIMEOUT = 3600.0          # seconds for one release; a hung engine must not hang CI
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")   # zensical colours stderr even when piped
_QUIET_BANNERS = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


@dataclass(frozen=True)
class Engine:
    name: str                        # also its module: python -m <name>
    distributions: tuple[str, ...]   # whose versions decide its output (the cache key)
    search_index: str                # where its search index lands in a built release
    extra: str | None                # the pip extra of evidence-site that installs it
    takes_site_dir: bool = True      # -d SITE_DIR; else it builds into the project's site_dir
    long_lived: bool = True          # builds in engine_worker.py, one project after another
    # not needed, but deciding the output where installed: with cmark-gfm, the worker renders
    # the generated pages (engine_worker.py); without it, the engine's own Markdown does
    optional: tuple[str, ...] = ()


ENGINES: dict[str, Engine] = {e.name: e for e in (
    Engine("mkdocs", ("mkdocs", "mkdocs-material"), "search/search_index.json", None,
           optional=("cmarkgfm",)),
    Engine("properdocs", ("properdocs", "mkdocs-material"), "search/search_index.json",
           "properdocs", optional=("cmarkgfm",)),
    Engine("zensical", ("zensical",), "search.json", "zensical", takes_site_dir=False,
           long_lived=False),
)}


class EngineFailed(RuntimeError):
    pass


def engine_named(name: str | None, base_config: dict) -> Engine:
    """The engine asked for (`--engine`), else `extra.evidence.engine`, else MkDocs."""
    chosen = name or evidence_settings(base_config).get("engine") or DEFAULT_ENGINE
    if chosen not in ENGINES:
        raise ConfigError(f"extra.evidence.engine: {chosen!r} is not a build engine",
                          "mkdocs.yml", hint=f"use one of {', '.join(ENGINES)}")
    return ENGINES[chosen]


def interpreter(engine: Engine) -> str:
    return os.environ.get(f"EVIDENCE_{engine.name.upper()}_PYTHON") or sys.executable


def engine_versions(engine: Engine) -> dict[str, str]:
    """The installed versions of the engine's distributions, asked of its interpreter.
    Raises BuildError, with the install command, when the engine is not there."""
    return dict(_versions(engine, interpreter(engine)))


@cache
def _versions(engine: Engine, python: str) -> tuple[tuple[str, str], ...]:
    wanted = engine.distributions + engine.optional
    found = _installed(wanted) if python == sys.executable else _installed_for(python, wanted)
    missing = [d for d in engine.distributions if d not in found]
    if missing:
        install = (f"pip install 'evidence-site[{engine.extra}]'" if engine.extra
                   else "pip install evidence-site")
        raise BuildError(f"the {engine.name} engine is not installed for {python} "
                         f"(missing {', '.join(missing)}); hint: {install}, or set "
                         f"EVIDENCE_{engine.name.upper()}_PYTHON to an interpreter that has it")
    return tuple(sorted(found.items()))


def _installed(distributions: tuple[str, ...]) -> dict[str, str]:
    from importlib import metadata  # slow to import; the command line imports this module
    found = {}
    for name in distributions:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return found


def _installed_for(python: str, distributions: tuple[str, ...]) -> dict[str, str]:
    """_installed, asked of another interpreter."""
    script = ("import json, sys\nfrom importlib import metadata\nfound = {}\n"
              "for name in sys.argv[1:]:\n    try:\n        found[name] = metadata.version(name)\n"
              "    except metadata.PackageNotFoundError:\n        pass\nprint(json.dumps(found))")
    try:
        ran = subprocess.run([python, "-c", script, *distributions], capture_output=True,
                             text=True, timeout=60, stdin=subprocess.DEVNULL)
        return json.loads(ran.stdout) if ran.returncode == 0 else {}
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return {}


def build_argv(engine: Engine, config_file: Path, site_dir: Path) -> list[str]:
    """The engine's command-line arguments, after `python -m <engine>`."""
    argv = ["build", "-f", str(config_file)]
    return argv + ["-d", str(site_dir)] if engine.takes_site_dir else argv


def run_engine(engine: Engine, config_file: Path, site_dir: Path, *,
               staged_site_dir: str = "site", timeout: float = BUILD_TIMEOUT,
               source_date: datetime | None = None) -> list[str]:
    """Build the staged project `config_file` into `site_dir`; returns the engine's warnings.
    Raises EngineFailed with the engine's own words. `source_date`: the build date the engine
    writes (sitemap dates), as SOURCE_DATE_EPOCH, so a build does not depend on the day."""
    config_file, site_dir = Path(config_file).resolve(), Path(site_dir).resolve()
    project = config_file.parent
    produced = site_dir if engine.takes_site_dir else project / staged_site_dir
    shutil.rmtree(project / ".cache", ignore_errors=True)     # zensical's: a cold, clean build
    argv = build_argv(engine, config_file, site_dir)
    dated = {"SOURCE_DATE_EPOCH": str(int(source_date.timestamp()))} if source_date else {}
    try:
        returncode, stdout, stderr = _run(engine, argv, project, dated, timeout)
    except subprocess.TimeoutExpired as error:
        raise EngineFailed(f"{config_file}: {engine.name} did not finish in {timeout:.0f} s") \
            from error
    except OSError as error:
        raise EngineFailed(f"{config_file}: {engine.name} could not start: {error}") from error
    finally:
        shutil.rmtree(project / ".cache", ignore_errors=True)
    stdout, stderr = _ANSI.sub("", stdout), _ANSI.sub("", stderr)
    warnings = parse_warnings(engine, stderr)
    if returncode != 0:
        raise EngineFailed(f"{config_file}: {engine.name} failed (exit {returncode}): "
                           f"{failure_cause(stdout, stderr, warnings)}")
    if produced != site_dir:
        shutil.rmtree(site_dir, ignore_errors=True)
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(produced), str(site_dir))
    if not (site_dir / engine.search_index).is_file():
        raise EngineFailed(f"{config_file}: {engine.name} wrote no search index "
                           f"({engine.search_index})")
    return warnings


def _run(engine: Engine, argv: list[str], cwd: Path, env: dict[str, str],
         timeout: float) -> tuple[int, str, str]:
    if engine.long_lived:
        return _session(engine).run(argv, cwd, env, timeout)
    ran = subprocess.run([interpreter(engine), "-m", engine.name, *argv], cwd=cwd,
                         env={**os.environ, **_QUIET_BANNERS, **env}, capture_output=True,
                         text=True, encoding="utf-8", errors="replace", timeout=timeout,
                         stdin=subprocess.DEVNULL)
    return ran.returncode, ran.stdout, ran.stderr


WORKER = Path(__file__).with_name("engine_worker.py")


class EngineSession:
    """One engine_worker.py process of this process: builds go to it one at a time. It ends
    when its input closes: at close(), or when this process ends."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._errors = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [interpreter(engine), str(WORKER), engine.name], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=self._errors, env={**os.environ, **_QUIET_BANNERS},
            text=True, encoding="utf-8", errors="replace")

    def run(self, argv: list[str], cwd: Path, env: dict[str, str],
            timeout: float) -> tuple[int, str, str]:
        request = {"argv": argv, "cwd": str(cwd), "env": env}
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
        except OSError:
            return 1, "", self._died()
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not ready:
            self.close(kill=True)
            raise subprocess.TimeoutExpired(argv, timeout)
        line = self.process.stdout.readline()
        if not line:
            return 1, "", self._died()
        reply = json.loads(line)
        return reply["returncode"], reply["stdout"], reply["stderr"]

    def _died(self) -> str:
        self.process.wait()
        self._errors.seek(0)
        said = self._errors.read().decode("utf-8", "replace").strip()
        self.close()
        return said or f"Error: the {self.engine.name} process ended (exit {self.process.returncode})"

    def close(self, kill: bool = False) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=0 if kill else 10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self._errors):
            stream.close()
        if _SESSIONS.get(self.engine.name) is self:
            del _SESSIONS[self.engine.name]


_SESSIONS: dict[str, EngineSession] = {}


def _session(engine: Engine) -> EngineSession:
    found = _SESSIONS.get(engine.name)
    if found is None or found.process.poll() is not None:
        found = _SESSIONS[engine.name] = EngineSession(engine)
    return found


@atexit.register
def close_sessions() -> None:
    for session in list(_SESSIONS.values()):
        session.close()


def _forget_inherited() -> None:
    """A forked child does not share its parent's engine processes: it drops its copies of
    their pipes, so that a parent's engine still ends when the parent closes it."""
    for session in _SESSIONS.values():
        session.process.stdin.close()
        session.process.stdout.close()
    _SESSIONS.clear()


os.register_at_fork(after_in_child=_forget_inherited)


def parse_warnings(engine: Engine, stderr: str) -> list[str]:
    if engine.name == "zensical":
        return _zensical_warnings(stderr)
    return _mkdocs_warnings(stderr)


def _mkdocs_warnings(stderr: str) -> list[str]:
    """`WARNING -  message`, continued on lines indented by two spaces."""
    found: list[list[str]] = []
    current: list[str] | None = None
    for line in stderr.splitlines():
        if line.startswith("WARNING"):
            current = [line.split("-", 1)[-1].strip()]
            found.append(current)
        elif current is not None and line.startswith("  ") and line.strip():
            current.append(line.strip())
        else:
            current = None
    return [" ".join(parts) for parts in found]


_SOURCE_FRAME = re.compile(r"\[\s*([^\]]+?:\d+(?::\d+)?)\s*\]")


def _zensical_warnings(stderr: str) -> list[str]:
    """`Warning: message`, then a source frame `╭─[ page.md:30:10 ]` on a following line."""
    lines = stderr.splitlines()
    found = []
    for n, line in enumerate(lines):
        if not line.startswith("Warning: "):
            continue
        message = line[len("Warning: "):].strip()
        where = next((m.group(1) for later in lines[n + 1:n + 3]
                      if (m := _SOURCE_FRAME.search(later))), None)
        found.append(f"{where}: {message}" if where else message)
    return found


def failure_cause(stdout: str, stderr: str, warnings: list[str]) -> str:
    lines = [line.strip() for line in (stderr + "\n" + stdout).splitlines() if line.strip()]
    causes = [line for line in lines
              if line.startswith(("ERROR", "Error:", "Aborted", "RuntimeError:"))]
    said = causes + [w for w in warnings if w not in causes]
    return "; ".join(said) or (lines[-1] if lines else "no output")
