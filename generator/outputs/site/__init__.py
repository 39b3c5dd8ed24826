"""The versioned site, built by MkDocs, ProperDocs or Zensical run as a subprocess.

All site-engine coupling lives in this package."""
