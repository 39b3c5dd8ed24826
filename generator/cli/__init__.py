"""The command line: its parser, its commands, and the one place errors become exit codes."""
from __future__ import annotations

import gc
import sys
import traceback

from ..errors import ConfigError, EvidenceError, GitError, UsageError
from .commands import console, escape
from .parser import build_parser

# Exit codes: 0 done; 1 the answer is no (problems found, not ready, pack not verified, build
# failed); 2 usage; 3 configuration; 4 git; 70 a bug in the generator; 130 interrupted.
EXIT_CODES: tuple[tuple[type[EvidenceError], int], ...] = (
    (UsageError, 2), (ConfigError, 3), (GitError, 4), (EvidenceError, 1))
BUG, INTERRUPTED = 70, 130


def main(argv: list[str] | None = None) -> int:
    # A command builds a large graph of objects with hardly a cycle among them, then exits:
    # the collector's frequent passes over it (and over every imported module) cost a third
    # of a warm `check`, and freed nearly nothing (peak memory is the same without them).
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except EvidenceError as error:
        console(stderr=True).print(f"[red]error:[/red] {escape(str(error))}")
        return exit_code(error)
    except KeyboardInterrupt:
        print("interrupted: files and the last built site are as they were", file=sys.stderr)
        return INTERRUPTED
    except Exception:       # a bug: show it whole, with a code no expected failure uses
        traceback.print_exc()
        print("evidence: internal error (a bug in the generator, not in your repository); "
              "please report it with the traceback above", file=sys.stderr)
        return BUG


def exit_code(error: EvidenceError) -> int:
    return next(code for kind, code in EXIT_CODES if isinstance(error, kind))


__all__ = ["main"]
