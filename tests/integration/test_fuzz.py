"""Random and adversarial input through check, status and a one-release build: no traceback,
no hang, no memory blow-up, nothing written outside the repository and the site."""
from __future__ import annotations

import json
import resource
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers.mini_project import mini_repo, release_yml

pytestmark = pytest.mark.slow
ITEM = "evidence/v1.0.0/security/review"
LIMIT_BYTES = 2 * 1024 ** 3          # address space for one command
LIMIT_SECONDS = 120

NASTY = ["", ".", "..", "-", "~", "a b", "%00", "\u202e", "\x1b[31m", "<script>", "[x](y)",
         "${HOME}", "$(id)", "*", "CON", "index.html", "latest", "é", "日本", "\U0001F600"]
names = st.one_of(st.sampled_from(NASTY), st.text(min_size=1, max_size=40)).map(
    lambda s: "".join(c for c in s if c not in "/\x00").strip(" .") or "x")
markdown = st.one_of(
    st.text(max_size=2000),
    st.lists(st.sampled_from(["#", ">", "- ", "1. ", "[", "]", "(", ")", "![", "`", "```",
                              "<", "<img src=x onerror=alert(1)>", "---\n", "*", "_", "|",
                              "\n", "  ", "{: onclick=x}", "--8<-- /etc/passwd"]),
             max_size=600).map("".join))
json_like = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                         lambda inner: st.lists(inner, max_size=4)
                         | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                         max_leaves=40).map(json.dumps)
xml_like = st.lists(st.sampled_from(["<testsuite", "<testcase", ' name="', '"', ">", "</",
                                     "<!DOCTYPE x [<!ENTITY a 'aa'>]>", "&a;", "<failure/>",
                                     "testsuite>", "<?xml version='1.0'?>", "\x00", "é"]),
                    max_size=200).map("".join)
yaml_like = st.lists(st.sampled_from(["kind: ", "signoff", "waiver", "items: [", "]", "\n",
                                      "&a [*a, *a]", "*a", "!!python/object/apply:os.system",
                                      "role: security", "approver: ", "decision: approved",
                                      "{", "}", ": ", "- ", "'", '"']), max_size=120).map("".join)
files = st.dictionaries(
    names,
    st.one_of(markdown.map(lambda t: (".md", t)), json_like.map(lambda t: (".json", t)),
              xml_like.map(lambda t: (".xml", t)), yaml_like.map(lambda t: (".meta.yml", t)),
              yaml_like.map(lambda t: (".yml", t))),
    min_size=1, max_size=5)


def bounded():
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))


def run(root, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "--repo", str(root), *args],
                          capture_output=True, text=True, timeout=LIMIT_SECONDS,
                          preexec_fn=bounded)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    repo = mini_repo(tmp_path_factory.mktemp("fuzz") / "repo")
    repo.write("evidence/v1.0.0/release.yml", release_yml("v1.0.0"))
    repo.commit("Release")
    return repo


@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(files=files, folder=names)
def test_check_status_and_a_build_survive_anything(base, tmp_path_factory, files, folder):
    repo = base
    repo.git("clean", "-qfdx", "--", "evidence")
    written = []
    for name, (suffix, text) in files.items():
        path = repo.write(f"{ITEM}/{name}{suffix}", text)
        written.append(path)
    repo.write(f"evidence/{folder}/release.yml", f"version: {json.dumps(folder)}\n")
    repo.git("add", "-A")
    outside = sorted(p.name for p in repo.root.parent.iterdir())
    for args in (("check", "--format", "json"), ("status", "--format", "json")):
        result = run(repo.root, *args)
        assert result.returncode in (0, 1), result.stderr[-2000:]
        json.loads(result.stdout)
    site = tmp_path_factory.mktemp("site") / "out"
    result = run(repo.root, "build", "--out", str(site), "--release", "v1.0.0")
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert sorted(p.name for p in repo.root.parent.iterdir()) == outside
    repo.git("reset", "-q")
