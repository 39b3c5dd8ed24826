"""Validation problems: a closed list of codes, each with its severity and a default hint.

Every problem names a file, line and column. `docs/error-codes.md` documents each code.
"""
from __future__ import annotations

from dataclasses import dataclass

ERROR, WARNING = "error", "warning"

# code -> (severity, default hint)
CODES: dict[str, tuple[str, str]] = {
    "yaml-syntax": (ERROR, "fix the YAML syntax at this position"),
    "config-tag": (ERROR, "only `!!python/name:` of the functions `evidence help site` lists is accepted; "
                          "write the value out instead of a tag (for !ENV, put the value in "
                          "the workflow, not the config)"),
    "bad-custom-dir": (ERROR, "point theme.custom_dir at a plain folder of theme overrides, "
                              "e.g. overrides/, outside .git, evidence/ and content/"),
    "yaml-too-large": (ERROR, "definition and record files are limited in size; split the file"),
    "yaml-aliases": (ERROR, "anchors/aliases are limited; write the values out"),
    "schema": (ERROR, "see `evidence help format` for the fields this file takes"),
    "duplicate-id": (ERROR, "ids must be unique; rename one of them"),
    "unknown-role": (ERROR, "use a role defined in content/approvers.yml"),
    "unknown-kind": (ERROR, "use one of the kinds in `evidence help evidence-kinds`"),
    "unknown-check-option": (ERROR, "see the kind's check options: `evidence help evidence-kinds`"),
    "bad-duration": (ERROR, "write a duration such as 24h, 7d or 30d"),
    "bad-date": (ERROR, "write an ISO-8601 date (2026-12-01) or time (2026-12-01T10:00:00Z)"),
    "bad-release-name": (ERROR, "rename the folder (and its `version:`) to a version such as "
                                "v1.2.0; the release is left out until then"),
    "release-without-yml": (ERROR, "add release.yml with at least `version:` to the folder"),
    "version-mismatch": (ERROR, "the `version:` in release.yml must equal the folder name"),
    "unknown-checklist": (ERROR, "list checklist ids from content/checklists/"),
    "no-checklists": (ERROR, "add a definition under content/checklists/"),
    "unknown-item": (ERROR, "reference items as <section-id>/<item-id>"),
    "unbound-file": (ERROR, "put the file under <section-id>/<item-id>/, or list `items:` in "
                            "front matter or a <file>.meta.yml sidecar"),
    "orphan-sidecar": (ERROR, "a .meta.yml sidecar must sit beside the file it describes"),
    "symlink": (ERROR, "commit the file itself; links and paths outside the repository are refused"),
    "special-file": (ERROR, "remove it; evidence is regular files, committed as they are"),
    "bad-front-matter": (ERROR, "front matter is YAML between two `---` lines at the top"),
    "kind-mismatch": (ERROR, "the declared kind does not fit the file; fix `kind:` or the file"),
    "bad-signoff": (ERROR, "see the sign-off fields in `evidence help format`"),
    "bad-waiver": (ERROR, "see the waiver fields in `evidence help format`"),
    "duplicate-signoff": (ERROR, "keep one sign-off record per role and release"),
    "unreadable-evidence": (WARNING, "the file could not be parsed as its kind; its item fails"),
    "serves-no-requirement": (WARNING, "declare the file's kind in a <file>.meta.yml sidecar "
                                       "(`kind: ...`)"),
    "unclear-time": (WARNING, "state when the file was collected with `collected:` in a "
                              "<file>.meta.yml sidecar"),
    "tool-error": (WARNING, "the tool reported an error while saying it completed; check that "
                            "its results are complete, or run it again"),
    "secret-in-evidence": (ERROR, "remove the credential from the file (and rotate it); see "
                                  "`evidence help pull-requests` for false positives"),
    "waiver-expiring": (WARNING, "renew the waiver or finish the item before it expires"),
    "evidence-expiring": (WARNING, "collect the evidence again before its max_age runs out"),
    "shallow-clone": (WARNING, "fetch full history (git fetch --unshallow, or fetch-depth: 0)"),
    "uncommitted": (WARNING, "commit the file; uncommitted evidence makes its item unverified"),
    "no-commits": (WARNING, "commit the definitions and evidence (git add -A && git commit)"),
    "not-a-git-repository": (WARNING, "run inside a git repository; provenance needs history"),
    "collected-after-commit": (ERROR, "a file cannot be collected after the commit that holds "
                                      "it: fix the stated time (or the clock of the tool that "
                                      "wrote it); the commit time is used meanwhile"),
    "commit-date-order": (WARNING, "a committer date earlier than a parent's was set by hand; "
                                   "order is taken from the commit graph, and evaluation time "
                                   "from the latest date among HEAD's ancestors"),
    "unverified-signoff": (WARNING, "the approver commits the record themselves (or the commit "
                                    "carries `Approved-by:` naming them); see `evidence help provenance`"),
    "unverified-waiver": (WARNING, "the approver of the owning role commits the waiver "
                                   "themselves (or adds `Approved-by:`); see `evidence help provenance`"),
    "regression": (WARNING, "the change makes the release worse; with --fail-on-regression "
                            "(or extra.evidence.fail_on_regression) this fails the check"),
    "tampering": (ERROR, "a change may not make someone else's sign-off or waiver unverified: "
                         "only its signer edits it (or adds `Approved-by:`)"),
    "roster-changed": (WARNING, "roster changes need the review of whoever guards "
                                "content/approvers.yml (CODEOWNERS, branch protection)"),
}


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    column: int
    code: str
    severity: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        hint = f" ({self.hint})" if self.hint else ""
        return (f"{self.path}:{self.line}:{self.column}: {self.severity} {self.code}: "
                f"{self.message}{hint}")


def problem(code: str, path: str, message: str, line: int = 1, column: int = 1,
            hint: str | None = None, severity: str | None = None) -> Problem:
    """A problem of `code`, with its usual severity and hint unless given."""
    usual, default_hint = CODES[code]
    return Problem(path, line, column, code, severity or usual, message,
                   default_hint if hint is None else hint)
