"""What was learnt from each evidence file's bytes, cached by content hash across runs.

Parsing reports and scanning for secrets is most of the cost of `check` and `status`; their
results depend only on the file's bytes, the check options and the generator's own rules.
The cache lives outside the repository (a cache committed to a repository could lie about
verdicts), under $EVIDENCE_CACHE_DIR or ~/.cache/evidence-site/<repository hash>/facts.json.
Only entries used by the last run are kept, so it never outgrows the repository.
"""
from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterable

import orjson

from ..files import write_atomically
from ..model.results import Verdict

FORMAT = 3
_RULE_SOURCES = ("kinds", "model/times.py", "load/secret_rules.py", "load/secrets.py",
                 "load/evidence.py", "load/yamlsafe.py", "load/schema.py", "load/schemas")


def rules_fingerprint(sources: tuple[str, ...] = _RULE_SOURCES) -> str:
    """Changes whenever the code that produces cached facts (in `sources`, folders and files
    of the package) changes."""
    here = Path(__file__).parents[1]
    digest = hashlib.sha256(str(FORMAT).encode())
    for name in sources:
        target = here / name
        for path in sorted(target.rglob("*.*")) if target.is_dir() else [target]:
            if path.suffix not in (".py", ".json"):
                continue
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_home(root: Path) -> Path:
    """This repository's cache folder: facts.json and the site build cache."""
    base = Path(os.environ.get("EVIDENCE_CACHE_DIR") or Path.home() / ".cache" / "evidence-site")
    return base / hashlib.sha256(str(Path(root).resolve()).encode()).hexdigest()[:16]


def cache_file(root: Path) -> Path:
    return cache_home(root) / "facts.json"


class FactCache:
    def __init__(self, path: Path | None):
        self.path = path
        self.fingerprint = rules_fingerprint()
        self._old: dict[str, Any] | None = None if path else {}
        self.used: dict[str, Any] = {}
        self.touched: set[str] = set()     # keys asked for since the last `touching()`
        # the keys of folders not scanned, kept for later runs (read only if the file is written)
        self.kept_later: list[Callable[[], Iterable[str]]] = []
        self.misses = 0

    @property
    def old(self) -> dict[str, Any]:
        """The last run's entries, read when first asked for (not at all when every folder's
        scan was taken from the folder cache)."""
        if self._old is None:
            self._old = self._load()
        return self._old

    def touching(self) -> set[str]:
        """A fresh set of the keys asked for from now on."""
        self.touched = set()
        return self.touched

    def keep_later(self, keys: Callable[[], Iterable[str]]) -> None:
        self.kept_later.append(keys)

    def _load(self) -> dict[str, Any]:
        try:
            data = orjson.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("rules") != self.fingerprint:
            return {}
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}

    def remember(self, key: str, compute: Callable[[], Any], encode, decode):
        self.touched.add(key)
        if key in self.used:
            return decode(self.used[key])
        if key in self.old:
            self.used[key] = self.old[key]
            return decode(self.old[key])
        self.misses += 1
        self.used[key] = as_cached(encode(compute()), default=str)
        return decode(self.used[key])

    def entry(self, identity: str | None) -> dict[str, Any]:
        """The facts learnt about one file, by its git identity (a blob id and path: the same
        bytes at the same place), kept for the next run. A file without one (uncommitted or
        changed), or whose entry is malformed, gets a fresh entry: its bytes are read."""
        if identity is None:
            return {}
        key = f"git:{identity}"
        self.touched.add(key)
        found = self.used.get(key, self.old.get(key))
        if not _well_formed(found):
            found = {}
            self.misses += 1
        self.used[key] = found
        return found

    def known(self, identity: str) -> bool:
        """Whether the facts of a file with this git identity are in the cache."""
        key = f"git:{identity}"
        return _well_formed(self.used.get(key, self.old.get(key)))

    def touched_entries(self) -> dict[str, Any]:
        """The entries used since the last `touching()`."""
        return {key: self.used[key] for key in self.touched if key in self.used}

    def adopt(self, used: dict[str, Any]) -> None:
        """The entries another process used for this run (it scanned some folders): kept
        as if used here."""
        for key, value in used.items():
            self.used.setdefault(key, value)
        self.misses += bool(used)       # new to the cache file

    def learnt(self) -> None:
        """A fact was added to an entry: the cache file is written again."""
        self.misses += 1

    def save(self) -> None:
        if self.path is None or (not self.misses and self._old is None):
            return
        kept = {key for keys in self.kept_later for key in keys()}
        entries = {**{key: self.old[key] for key in kept if key in self.old}, **self.used}
        if not self.misses and entries.keys() == self.old.keys():
            return
        write_atomically(self.path, _dumps({"rules": self.fingerprint, "entries": entries},
                                           default=str), durable=False)


# orjson, at a tenth of the standard library's time on these many small values; told to
# leave dates and dataclasses to `default` and to write other keys as text, as json does
_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def _dumps(value: Any, default: Callable[[Any], Any] | None = None) -> bytes:
    try:
        return orjson.dumps(value, default=default, option=_OPTIONS)
    except TypeError:       # what orjson refuses (an integer past 64 bits): json decides
        return json.dumps(value, default=default).encode()


def as_cached(value: Any, default: Callable[[Any], Any] | None = None) -> Any:
    """`value` as the cache file gives it back (lists for tuples, keys as text), so that a
    fresh fact looks exactly like a cached one. Raises TypeError (or ValueError) for what
    JSON cannot hold and `default` does not turn into something it can."""
    return orjson.loads(_dumps(value, default))


def _well_formed(entry: Any) -> bool:
    if not isinstance(entry, dict):
        return False
    sha256, size = entry.get("sha256"), entry.get("size")
    return isinstance(sha256, str) and len(sha256) == 64 and isinstance(size, int)


def encode_verdict(verdict: Verdict) -> dict:
    return {"verdict": verdict.verdict, "reasons": list(verdict.reasons),
            "collected_at": verdict.collected_at.isoformat() if verdict.collected_at else None,
            "details": verdict.details, "notes": [list(note) for note in verdict.notes]}


def decode_verdict(data: dict) -> Verdict:
    collected = data["collected_at"]
    return Verdict(data["verdict"], tuple(data["reasons"]),
                   datetime.fromisoformat(collected) if collected else None, data["details"],
                   tuple((code, message) for code, message in data.get("notes", ())))
