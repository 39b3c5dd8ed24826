"""Markdown checklists to checklist definitions."""
