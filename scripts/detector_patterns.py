"""Writes generator/load/detector_patterns.json from the installed detect-secrets.

The secret scan uses the `denylist` patterns of some of detect-secrets' detectors. Importing
detect-secrets costs about 0.1 s (it imports `requests` and its plugin registry), paid by
every command that scans a file not yet in the fact cache, so the package carries the
patterns it uses as data. A test fails when they differ from the installed detect-secrets.
Run after upgrading it:
    python scripts/detector_patterns.py
"""
from __future__ import annotations

import importlib
import json
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "generator" / "load" / "detector_patterns.json"
DETECTORS = {
    "AWSKeyDetector": "aws", "BasicAuthDetector": "basic_auth",
    "GitHubTokenDetector": "github_token", "GitLabTokenDetector": "gitlab_token",
    "JwtTokenDetector": "jwt", "NpmDetector": "npm", "OpenAIDetector": "openai",
    "PypiTokenDetector": "pypi_token", "SendGridDetector": "sendgrid",
    "SlackDetector": "slack", "SquareOAuthDetector": "square_oauth",
    "StripeDetector": "stripe", "TwilioKeyDetector": "twilio",
}


def patterns() -> dict[str, list[list]]:
    """detector name -> its denylist as [pattern source, re flags] pairs."""
    found = {}
    for name, module in DETECTORS.items():
        plugin = getattr(importlib.import_module(f"detect_secrets.plugins.{module}"), name)
        found[name] = [[p.pattern, int(p.flags)] for p in plugin.denylist]
    return found


def generated() -> str:
    data = {"generated_from": f"detect-secrets {version('detect-secrets')} by "
                              "scripts/detector_patterns.py: do not edit",
            "detectors": patterns()}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    TARGET.write_text(generated(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
