"""Importing the command line loads none of the heavy libraries: each command imports what it
needs, so `check` and `status` do not pay for the site, the pack or the terminal tables."""
import subprocess
import sys

HEAVY = ("jinja2", "weasyprint", "mkdocs", "pyhanko", "cryptography", "jsonschema", "rich",
         "markdown", "pygments", "git", "detect_secrets", "requests")


def test_importing_the_command_line_loads_no_heavy_library():
    code = ("import sys, generator.cli; "
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
