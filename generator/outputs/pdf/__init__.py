"""The PDF audit pack. All WeasyPrint coupling of the project lives in this package."""
from .command import pack_for_release
from .config import page_size_from_config
from .render import PAGE_SIZES, PackResult, manifest_bytes, render_pack

__all__ = ["PAGE_SIZES", "PackResult", "manifest_bytes", "page_size_from_config",
           "pack_for_release", "render_pack"]
