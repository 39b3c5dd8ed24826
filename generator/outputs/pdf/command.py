"""What `evidence pdf` and `evidence build` call: one release's pack from evaluated reports."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

from ...errors import PackError
from ...files import write_atomically
from ...model.results import ReleaseReport
from ..names import pack_name
from .config import page_size_from_config
from .render import PackResult, render_pack
from .signing import PackSigner, sign_pack


def pack_for_release(reports: Sequence[ReleaseReport], root: Path, version: str,
                     out: Path | None = None, page_size: str | None = None,
                     cache_dir: Path | None = None, keep_html: Path | None = None,
                     signer: PackSigner | None = None,
                     history: Mapping | None = None) -> PackResult:
    """Render release `version`'s pack; `reports` are every release, oldest first.

    The page size is `page_size`, else mkdocs.yml's `extra.evidence.page_size`, else A4.
    The pack goes to `out`, else `<version>-audit-pack.pdf` in the current folder; with
    `keep_html`, the HTML WeasyPrint laid out goes there too (stylesheet inlined). With
    `signer`, the pack is then signed (PAdES); the result describes the unsigned pack.
    `history`: the pack's history.json (Evaluation.history_record).
    """
    report = next((r for r in reports if r.version == version), None)
    if report is None:
        known = ", ".join(r.version for r in reports) or "none"
        raise PackError(f"no release {version!r} (releases: {known})")
    size = page_size or page_size_from_config(root)
    target = Path(out) if out else Path(pack_name(version))
    result = render_pack(report, root, target, page_size=size, cache_dir=cache_dir, keep_html=keep_html, history=history)
    if signer is not None:
        sign_file(result.path, signer, report)
    return result


def sign_file(path: Path, signer: PackSigner, report: ReleaseReport) -> None:
    """Sign the pack at `path` in place."""
    product = f"{report.product_name} " if report.product_name else ""
    reason = f"Issued the audit pack of {product}release {report.version}"
    write_atomically(path, sign_pack(Path(path).read_bytes(), signer, reason))


@dataclass(frozen=True)
class PackMaker:
    """`evidence build`'s per-release pack writer: a plain object, so release builds running
    in other processes can receive it."""
    root: Path
    page_size: str
    cache_dir: Path | None = None
    signer: PackSigner | None = None
    histories: Mapping[str, Mapping] = field(default_factory=dict)   # release -> history.json

    @property
    def identity(self) -> str:
        """What the site's build cache keys packs on: a new signer makes new packs."""
        signer = self.signer.fingerprint if self.signer else "unsigned"
        return f"{__name__}.PackMaker signed by {signer}"

    def __call__(self, report: ReleaseReport, destination: Path) -> None:
        render_pack(report, self.root, destination, page_size=self.page_size,
                    cache_dir=self.cache_dir,
                    history=self.histories.get(report.version))
        if self.signer is not None:
            sign_file(destination, self.signer, report)
