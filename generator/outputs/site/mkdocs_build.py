"""The one call into MkDocs: build a staged project into a folder."""
from __future__ import annotations

import logging
from pathlib import Path


class MkDocsFailed(RuntimeError):
    pass


def run_mkdocs(config_file: Path, site_dir: Path) -> list[str]:
    """Build `config_file` into `site_dir`; returns MkDocs' warnings. Raises MkDocsFailed."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    warnings = _WarningCollector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(warnings)
    try:
        config = load_config(config_file=str(config_file), site_dir=str(site_dir))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (MkDocsException, OSError, ValueError, SystemExit) as error:
        # MkDocs logs the cause (a config error, strict-mode warnings) before raising
        said = "; ".join(warnings.messages) or "no message"
        raise MkDocsFailed(f"{config_file}: MkDocs failed: {error} ({said})") from error
    finally:
        logger.removeHandler(warnings)
    return warnings.messages


class _WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
