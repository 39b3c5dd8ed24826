"""Reading the repository: definitions, releases, evidence, records, mkdocs.yml; problems as data."""
