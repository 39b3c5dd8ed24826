"""What readers get: JSON, text, Markdown, GitHub, the site and the PDF pack, each a registered format."""
