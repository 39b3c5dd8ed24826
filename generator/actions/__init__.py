"""Commands that change or examine files: collect, sign off, verify a pack, import a checklist."""
