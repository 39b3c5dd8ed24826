"""The schemas compiled to code that only tells valid from invalid: see load/schema.py.

Every other module here is written by scripts/schema_validity.py; do not edit them."""
