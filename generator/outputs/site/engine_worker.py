"""One build engine process that builds staged projects one after another, so that importing
the engine and its theme is paid once per worker rather than once per release.

Run by the engine's own interpreter as a script (`python engine_worker.py mkdocs`): it imports
nothing of evidence-site, which need not be installed there. It reads one JSON request per line
on stdin, {"argv": [...], "cwd": ..., "env": {...}}, runs the engine's command line in this
process as `python -m <engine> <argv>` would, and answers one JSON line on stdout,
{"returncode": N, "stdout": ..., "stderr": ...}. It ends at the end of its input.

The theme's templates are compiled once: the engine makes a new Jinja environment per build,
which would compile every template again (about a seventh of a release's build). Jinja checks
each kept template against its source before it uses it.
"""
from __future__ import annotations

import contextlib
import gc
import importlib
import io
import json
import os
import sys
import traceback


def main() -> int:
    cli = importlib.import_module(f"{sys.argv[1]}.__main__").cli
    _keep_compiled_templates(sys.argv[1])
    replies = sys.stdout
    for line in sys.stdin:
        request = json.loads(line)
        replies.write(json.dumps(run(cli, request)) + "\n")
        replies.flush()
        gc.collect()
    return 0


def run(cli, request: dict) -> dict:
    out, err = io.StringIO(), io.StringIO()
    before = dict(os.environ)
    os.environ.update(request["env"])
    os.chdir(request["cwd"])
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            returncode = _invoke(cli, request["argv"])
    finally:
        os.environ.clear()
        os.environ.update(before)
    return {"returncode": returncode, "stdout": out.getvalue(), "stderr": err.getvalue()}


def _invoke(cli, argv: list[str]) -> int:
    try:
        cli.main(argv, prog_name=sys.argv[1], standalone_mode=True)
    except SystemExit as done:
        code = done.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except BaseException:          # what `python -m` would print before exiting with 1
        traceback.print_exc()
        return 1
    return 0


def _keep_compiled_templates(engine: str) -> None:
    try:
        import jinja2
        theme = importlib.import_module(f"{engine}.theme").Theme
        make_env = theme.get_env
    except (ImportError, AttributeError):       # another engine's layout: compile each time
        return

    class Compiled(jinja2.BytecodeCache):
        def __init__(self) -> None:
            self.kept: dict[str, bytes] = {}

        def load_bytecode(self, bucket) -> None:
            if bucket.key in self.kept:
                bucket.bytecode_from_string(self.kept[bucket.key])

        def dump_bytecode(self, bucket) -> None:
            self.kept[bucket.key] = bucket.bytecode_to_string()

    by_extensions: dict[tuple[str, ...], Compiled] = {}

    def get_env(self):
        env = make_env(self)
        env.bytecode_cache = by_extensions.setdefault(tuple(sorted(env.extensions)), Compiled())
        return env
    theme.get_env = get_env


if __name__ == "__main__":
    sys.exit(main())
