"""The versioned site (Material theme), built by MkDocs, ProperDocs or Zensical run as a
subprocess. All site-engine coupling lives in this package."""
