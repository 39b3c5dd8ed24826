"""A file whose git identity is known and cached is not read again; any other file is."""
import json
import sys

import pytest

from generator.load.parallel import fork as FORK
from generator.load.project import load_project
from tests.helpers.mini_project import MINI_TREE, written_tree

FILES = {
    **MINI_TREE,
    "evidence/v1.0.0/reports/scan.json": "{}\n",
    "evidence/v1.0.0/reports/scan.json.meta.yml": "items: [security/scan]\nkind: document\n",
}


@pytest.fixture
def root(tmp_path, monkeypatch):
    return written_tree(tmp_path, FILES, monkeypatch)


def evidence_reads(monkeypatch) -> list[str]:
    from generator.load import evidence
    reads: list[str] = []
    original = evidence.read_file

    def counting(root, relpath):
        if relpath.startswith("evidence/"):
            reads.append(relpath.rsplit("/", 1)[-1])
        return original(root, relpath)
    monkeypatch.setattr(evidence, "read_file", counting)
    return reads


def identities(*paths: str) -> dict[str, str]:
    return {p: f"{n:040x}" for n, p in enumerate(paths, 1)}


def test_a_warm_load_reads_no_file_git_vouches_for(root, monkeypatch):
    contents = identities(*(p for p in FILES if p.startswith("evidence/") and
                            not p.endswith("release.yml")))
    cold = load_project(root, contents=contents)
    reads = evidence_reads(monkeypatch)
    warm = load_project(root, contents=contents)
    assert reads == []
    assert warm == cold


def test_a_load_told_to_save_later_writes_the_fact_cache_once_when_asked(root, monkeypatch):
    from generator.load import factcache
    writes, write = [], factcache.write_atomically
    monkeypatch.setattr(factcache, "write_atomically",
                        lambda path, data, **options: writes.append(path) or write(path, data,
                                                                                   **options))
    loaded = load_project(root, contents=identities("evidence/v1.0.0/reports/scan.json"),
                          save_later=True)
    assert writes == []
    loaded.save_facts()
    loaded.save_facts()
    assert len(writes) == 1 and writes[0].name == "facts.json"


def test_files_without_identity_are_read(root, monkeypatch):
    load_project(root, contents=identities("evidence/v1.0.0/notes/review.md"))
    reads = evidence_reads(monkeypatch)
    load_project(root, contents=identities("evidence/v1.0.0/notes/review.md"))
    assert sorted(reads) == ["curl.txt", "scan.json", "scan.json.meta.yml"]


def test_a_new_identity_is_read(root, monkeypatch):
    load_project(root, contents=identities("evidence/v1.0.0/notes/review.md"))
    reads = evidence_reads(monkeypatch)
    load_project(root, contents={"evidence/v1.0.0/notes/review.md": "f" * 40})
    assert "review.md" in reads


# three releases, so that a second process has folders to scan
RELEASES = {**FILES, **{path.replace("v1.0.0", version): text.replace("v1.0.0", version)
                        for version in ("v1.1.0", "v1.2.0")
                        for path, text in FILES.items() if path.startswith("evidence/v1.0.0/")}}


@pytest.mark.parametrize("child", ["works", "fails"])
def test_folders_scanned_in_a_second_process_give_the_same_load(tmp_path, monkeypatch, child):
    from generator.load import evidence, parallel
    if not sys.platform.startswith("linux"):
        pytest.skip("the second process is forked on Linux only")
    root = written_tree(tmp_path / "repo", RELEASES, monkeypatch)
    monkeypatch.setattr(parallel, "available", lambda: True)     # however busy the machine
    contents = identities(*(p for p in RELEASES if p.startswith("evidence/") and
                            not p.endswith("release.yml")))
    monkeypatch.setenv("EVIDENCE_CACHE_DIR", str(tmp_path / "serial"))
    serial = load_project(root, contents=contents)
    forks = []

    def forked(work):
        forks.append(1)
        return FORK(work if child == "works" else lambda send: 1 / 0)
    monkeypatch.setattr(evidence, "PARALLEL_FROM", 1)
    monkeypatch.setattr(parallel, "fork", forked)
    monkeypatch.setenv("EVIDENCE_CACHE_DIR", str(tmp_path / "shared"))
    shared = load_project(root, contents=contents)
    assert forks == [1]
    assert shared == serial
    written = [json.loads(next((tmp_path / name).rglob("facts.json")).read_text())
               for name in ("serial", "shared")]
    assert written[0] == written[1]


def test_a_child_hands_back_what_it_sent_before_it_failed():
    inbox = FORK(lambda send: [send({"a": [1]}), send(2)])
    assert inbox.rest() == [{"a": [1]}, 2] and inbox.ended_well
    inbox = FORK(lambda send: [send(1), 1 / 0])
    assert inbox.rest() == [1] and not inbox.ended_well


@pytest.mark.parametrize("tail", [(100).to_bytes(8, "big") + b"cut short",
                                  (5).to_bytes(8, "big") + b"junk!"])
def test_a_message_cut_short_or_garbled_is_dropped_with_all_after_it(tail):
    import os
    import pickle

    from generator.load.parallel import Inbox
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:
        frames = [pickle.dumps(text) for text in ("whole", "after")]
        os.write(writer, b"".join(len(f).to_bytes(8, "big") + f for f in frames[:1]) + tail
                 + b"".join(len(f).to_bytes(8, "big") + f for f in frames[1:]))
        os._exit(0)
    os.close(writer)
    inbox = Inbox(pid, reader)
    assert inbox.rest() == ["whole"] and not inbox.ended_well


def test_the_child_sends_as_it_goes_and_is_read_between_tasks(monkeypatch):
    import os

    from generator.load import parallel
    if not sys.platform.startswith("linux"):
        pytest.skip("the second process is forked on Linux only")
    seen_early = []
    real_fork = parallel.fork

    def watched(work):
        inbox = real_fork(work)
        ready = inbox.ready

        def counting():
            found = ready()
            seen_early.extend(found)
            return found
        inbox.ready = counting
        return inbox
    parent = os.getpid()

    def task(i):
        import time
        time.sleep(0.005 if os.getpid() == parent else 0.001)
        return i
    monkeypatch.setattr(parallel, "fork", watched)
    results, extras = parallel.share(60, task, lambda: "extra")
    assert results == {i: i for i in range(60)} and set(extras) == {"extra"}
    assert seen_early, "nothing of the child's was read before the parent's last task"


@pytest.mark.parametrize("child", ["works", "fails"])
def test_shared_tasks_are_each_done_once_and_all_handed_back(monkeypatch, child):
    import os
    import time

    from generator.load import parallel
    if not sys.platform.startswith("linux"):
        pytest.skip("the second process is forked on Linux only")
    parent = os.getpid()
    handed = []

    def extra():                  # in the child, after each of its tasks
        handed.append(1)
        if child == "fails" and len(handed) == 5:
            raise RuntimeError("the child dies with its fifth task taken, not handed back")
        return "extra"

    def task(i):
        time.sleep(0.002)         # long enough for the child to start and take some
        return i * i, os.getpid() == parent
    results, extras = parallel.share(200, task, extra)
    assert sorted(results) == list(range(200))
    assert all(square == i * i for i, (square, _) in results.items())
    by_child = 200 - sum(here for _, here in results.values())
    assert extras == ["extra"] * by_child
    assert by_child == 4 if child == "fails" else by_child > 5


def test_the_second_process_runs_only_with_a_core_free_now(monkeypatch):
    import io
    import os

    from generator.load import parallel
    if not sys.platform.startswith("linux"):
        pytest.skip("the second process is forked on Linux only")
    cores = len(os.sched_getaffinity(0))
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)   # pytest's threads
    monkeypatch.setattr(parallel, "_own_children_running", lambda: 0)
    for running, free in ((1, cores > 1), (cores, False), (cores + 3, False)):
        monkeypatch.setattr(parallel, "open", lambda *a, **k: io.StringIO(
            f"3.90 3.10 2.00 {running}/180 4242\n"), raising=False)
        assert parallel._running_now() == running
        assert parallel.available() is free


def test_a_machine_busy_for_a_moment_is_not_busy(monkeypatch):
    """Another process running just when asked: a later sample finds the core free."""
    import os

    from generator.load import parallel
    if not sys.platform.startswith("linux"):
        pytest.skip("the second process is forked on Linux only")
    cores = len(os.sched_getaffinity(0))
    if cores < 2:
        pytest.skip("one core")
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    monkeypatch.setattr(parallel, "_own_children_running", lambda: 0)
    for busy_samples, free in ((2, True), (parallel.BUSY_SAMPLES, False)):
        samples = iter([cores] * busy_samples + [1] * parallel.BUSY_SAMPLES)
        monkeypatch.setattr(parallel, "_running_now", lambda: next(samples))
        assert parallel.available() is free


def test_the_commands_it_started_itself_are_not_load_to_make_way_for(monkeypatch):
    """git reading a long history while the scan starts: its own child, running, does not
    keep the second process off."""
    import os
    import subprocess
    import time

    from generator.load import parallel
    if not sys.platform.startswith("linux"):
        pytest.skip("the second process is forked on Linux only")
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        deadline = time.monotonic() + 10
        while parallel._own_children_running() != 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert parallel._own_children_running() == 1
        cores = len(os.sched_getaffinity(0))
        monkeypatch.setattr(parallel, "_running_now", lambda: cores)   # this one and its child
        assert parallel.available() is (cores > 1)
    finally:
        busy.kill()
        busy.wait()
    assert parallel._own_children_running() == 0
