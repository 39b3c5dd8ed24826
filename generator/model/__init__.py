"""Frozen data: what the repository says, what evaluation concluded, and the problems found."""
