"""One tree of errors. Each is an expected failure, told in one line; the command line maps
each class to its exit code in one place (cli/__init__.py). Anything else is a bug."""
from __future__ import annotations


class EvidenceError(Exception):
    """Base of every error the generator reports to its user."""


class UsageError(EvidenceError):
    """The command line asks for something that cannot be done (unknown release, bad flag)."""


class ConfigError(EvidenceError):
    """mkdocs.yml or the repository's layout is wrong; names the file, line and column."""

    def __init__(self, message: str, path: str = "mkdocs.yml", line: int = 1, column: int = 1,
                 hint: str = ""):
        where = f"{path}:{line}:{column}: " if path else ""
        super().__init__(f"{where}{message}" + (f" (hint: {hint})" if hint else ""))
        self.problem, self.path, self.line, self.column, self.hint = (
            message, path, line, column, hint)


class GitError(EvidenceError):
    """A git command failed in a way the caller cannot work around."""


class BuildError(EvidenceError):
    """The site could not be built; the previous site is left as it was."""


class PackError(EvidenceError):
    """A PDF pack could not be made, read or verified."""
