"""The PDF audit pack. All WeasyPrint coupling of the project lives in this package."""
from .config import PageSizeError, page_size_from_config
from .render import MANIFEST_NAME, PAGE_SIZES, PackError, PackResult, manifest_bytes, render_pack

__all__ = ["MANIFEST_NAME", "PAGE_SIZES", "PackError", "PackResult", "PageSizeError",
           "manifest_bytes", "page_size_from_config", "render_pack"]
from .command import pack_file_name, pack_for_release  # noqa: E402

__all__ += ["pack_file_name", "pack_for_release"]
