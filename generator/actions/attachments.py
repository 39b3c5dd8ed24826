"""Reading an audit pack's embedded files back, with the PDF's own checksum of each."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Embedded:
    name: str
    data: bytes
    checksum: str | None         # the PDF's own MD5 of the stream (/Params /CheckSum), hex


def read_attachments(pdf: Path) -> tuple[dict[str, Embedded], list[str]]:
    """Embedded files by name, and errors met while reading them."""
    from pypdf import PdfReader
    errors, found = [], {}
    reader = PdfReader(pdf, strict=True)
    for entry in reader.attachment_list:
        name = _file_name(entry)
        try:
            found.setdefault(name, []).append(Embedded(name, entry.content, _checksum(entry)))
        except Exception as error:  # a damaged stream: name it and keep going
            errors.append(f"{entry.name}: embedded stream unreadable ({error})")
    errors += [f"{name}: embedded {len(copies)} times" for name, copies in found.items()
               if len(copies) > 1]
    return {name: copies[0] for name, copies in found.items()}, errors


def _file_name(entry) -> str:
    """The attachment's Unicode name (/UF): /F is PDFDocEncoding, where `é` written as UTF-8
    bytes comes back as `Ã©`."""
    unicode_name = entry.pdf_object.get("/UF")
    return str(unicode_name) if unicode_name is not None else entry.name


def _checksum(entry) -> str | None:
    stream = entry.pdf_object["/EF"].get("/F")
    params = stream.get_object().get("/Params") if stream is not None else None
    value = params.get("/CheckSum") if params else None
    if value is None:
        return None
    raw = value.original_bytes if hasattr(value, "original_bytes") else bytes(value)
    return raw.hex()
