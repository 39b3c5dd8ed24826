"""Git: the only package that runs git, and what its history says about each file."""
from .git import (
    checkout_at,
    git_identity,
    mainline_changes,
    read_history,
    record_signatures,
    resolve_commit,
    start_history,
)
from .log import COMMITTED, MODIFIED, UNCOMMITTED, History, history_problems

__all__ = ["COMMITTED", "MODIFIED", "UNCOMMITTED", "History", "checkout_at", "git_identity",
           "history_problems", "mainline_changes", "read_history", "record_signatures", "resolve_commit",
           "start_history"]
