"""What readers get: JSON, text, Markdown, GitHub, the site and the PDF pack (see formats.py)."""
