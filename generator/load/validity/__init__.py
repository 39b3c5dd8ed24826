"""The schemas compiled to code that only tells valid from invalid: see load/schema.py.

Every other module here is written by scripts/schema_validity.py; do not edit them."""


class Refused(ValueError):
    """What the compiled code raises for a document its schema refuses."""

    def __init__(self, message: str = "", **details):
        super().__init__(message)
        self.details = details
