"""Reading the repository: definitions, releases, evidence, records and mkdocs.yml, with the problems seen."""
