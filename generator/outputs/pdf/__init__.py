"""The PDF audit pack (PDF/A-3b, WeasyPrint). All WeasyPrint coupling of the project lives in this package."""
