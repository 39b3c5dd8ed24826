"""Command line: parses arguments, calls the stages, prints. (Being built.)"""
import sys


def main(argv=None) -> int:
    print("evidence: not yet wired", file=sys.stderr)
    return 2
