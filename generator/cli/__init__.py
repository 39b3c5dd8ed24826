"""The command line: the parser and one thin function per command."""
from .commands import main

__all__ = ["main"]
