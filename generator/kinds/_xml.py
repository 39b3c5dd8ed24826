"""Parsing untrusted XML: no DTDs, no entities, no external references."""
from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring


class XmlRefused(ValueError):
    """The bytes are not well-formed XML, or use constructs refused for safety."""


def parse_xml(data: bytes) -> Element:
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise XmlRefused(f"is refused for safety: {_describe(error)}") from None
    except ParseError as error:
        line, column = error.position
        raise XmlRefused(f"is not well-formed XML: line {line} column {column + 1}: "
                         f"{str(error).split(':')[0]}") from None


def _describe(error: DefusedXmlException) -> str:
    names = {
        "DTDForbidden": "the document declares a DTD (<!DOCTYPE ...>), which is not allowed",
        "EntitiesForbidden": "the document declares entities, which are not allowed",
        "ExternalReferenceForbidden": "the document refers to an external resource",
        "NotSupportedError": "the document uses an XML feature that is not supported",
    }
    return names.get(type(error).__name__, str(error))
