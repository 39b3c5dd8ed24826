"""evidence-site: release checklists and git-committed evidence as a versioned site and PDF pack."""
__version__ = "0.1.0"
