"""The versioned MkDocs (Material) site. All MkDocs coupling lives in this package."""
from .build import SiteResult, build_site
from .serve import serve

__all__ = ["SiteResult", "build_site", "serve"]
