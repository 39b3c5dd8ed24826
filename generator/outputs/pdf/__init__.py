"""The PDF audit pack (PDF/A-3b). All WeasyPrint coupling of the project lives in this package."""
