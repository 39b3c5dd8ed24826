"""The versioned MkDocs (Material) site. All MkDocs coupling lives in this package."""
