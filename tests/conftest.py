import pytest

from tests.helpers.gitrepo import ADA, GitRepo


@pytest.fixture(autouse=True, scope="session")
def private_fact_cache(tmp_path_factory):
    """Keep the generator's fact cache out of the user's home during tests."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("EVIDENCE_CACHE_DIR", str(tmp_path_factory.mktemp("fact-cache")))
        yield


@pytest.fixture
def repo(tmp_path):
    return GitRepo(tmp_path / "repo", author=ADA, user=ADA)
