"""HTTP response headers as printed by `curl -i`, `-I`, `-iL`, `-v` or `-D -`.

Every response block is parsed (redirects, `100 Continue`); the last one decides.
A byte-order mark is dropped; UTF-16 text (what Windows PowerShell 5.1's `>` writes) is read
as the text it holds. curl -v output is recognised by its first `< HTTP/` line anywhere in
the first VERBOSE_SNIFF_BYTES (TLS chatter before it can exceed 4 KB).
Rules (the `rules:` option) per header name, case-insensitive:
  equals: text or list   every occurrence equals (one of) the text, ignoring case and spaces
  contains: text         some occurrence contains the text, ignoring case
  max_age_min: seconds   the first occurrence has a `max-age=N` directive with N >= seconds
  absent: true           the header must not be sent at all
`https: true` asks that the final response came over HTTPS: the URL the file was fetched from
(its sidecar's `source:`, followed through the capture's redirects), else curl -v's TLS lines.
"""
from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..model.results import Verdict, invalid
from ._common import OptionError, as_list, content_start
from .kind import Kind

OPTIONS = frozenset({"require", "status", "rules", "https"})
RULES = frozenset({"equals", "contains", "max_age_min", "absent"})
_STATUS_LINE = re.compile(r"^HTTP/(\d(?:\.\d)?) +(\d{3})(?: +(.*))?$")
_BLOCK_START = re.compile(r"^HTTP/\d", re.MULTILINE)
_VERBOSE_LINE = re.compile(r"^< HTTP/\d", re.MULTILINE)
_CONNECTED = re.compile(r"^\* Connected to ", re.MULTILINE)
_TLS_LINE = re.compile(
    r"^\* .*(?:SSL connection using|TLS handshake|schannel: SSL/TLS connection)", re.MULTILINE)
_MAX_AGE = re.compile(r"(?:^|[;,\s])max-age\s*=\s*\"?(\d+)\"?", re.IGNORECASE)
VERBOSE_SNIFF_BYTES = 64 * 1024      # how far into a file curl -v's first response is looked for


@dataclass(frozen=True)
class Response:
    status: int
    status_line: str
    headers: tuple[tuple[str, str], ...]

    def values(self, name: str) -> list[str]:
        name = name.lower()
        return [value for key, value in self.headers if key.lower() == name]


def check(data: bytes, options: Mapping[str, Any], path: str = "", *,
          source: str | None = None) -> Verdict:
    """`source`: the URL the file was fetched from, when its sidecar says."""
    require, statuses, rules = read_options(options)
    responses = parse_responses(data)
    if not responses:
        return invalid("no HTTP response found: expected a status line such as 'HTTP/1.1 200 OK' "
                       "(output of curl -i, -I or -v)")
    final = responses[-1]
    reasons = _status_reasons(final, statuses) + _missing(final, require) + _rule_reasons(final, rules, require)
    if options.get("https"):
        reasons += _https_reasons(as_text(data), responses, source)
    return Verdict("fail" if reasons else "pass", tuple(reasons), details=_details(responses))


def as_text(data: bytes) -> str:
    """The file as Latin-1 text, which maps every byte to one character so Content-Length
    counts stay exact; without a byte-order mark, and UTF-16 read as the UTF-8 it stands for."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = data.decode("utf-16", errors="replace").encode("utf-8")
    return data.decode("latin-1")


def parse_responses(data: bytes) -> list[Response]:
    text = as_text(data)
    if _VERBOSE_LINE.search(text):
        text = _verbose_to_plain(text)
    responses, position = [], 0
    while (start := _next_status_line(text, position)) is not None:
        response, position = _parse_block(text, start)
        responses.append(response)
    return responses


def _verbose_to_plain(text: str) -> str:
    """Keeps only curl -v's incoming-header lines ('< '), which form plain response blocks."""
    lines = [line[2:] if line.startswith("< ") else "" for line in text.splitlines()
             if line.startswith("<")]
    return "\n".join(lines) + "\n"


def _next_status_line(text: str, position: int) -> int | None:
    match = _BLOCK_START.search(text, position)
    return match.start() if match else None


def _parse_block(text: str, start: int) -> tuple[Response, int]:
    lines, position = [], start
    while position < len(text):
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        line = text[position:end].rstrip("\r")
        position = end + 1
        if not line:
            break
        lines.append(line)
    response = _response(lines)
    return response, _skip_body(text, position, response)


def _response(lines: list[str]) -> Response:
    match = _STATUS_LINE.match(lines[0].strip())
    status = int(match.group(2)) if match else 0
    headers: list[list[str]] = []
    for line in lines[1:]:
        if line[:1] in (" ", "\t") and headers:          # obs-fold: continues the previous value
            headers[-1][1] = f"{headers[-1][1]} {line.strip()}".strip()
        elif ":" in line:
            name, value = line.split(":", 1)
            headers.append([name.strip(), value.strip()])
    return Response(status, lines[0].strip(), tuple((n, v) for n, v in headers))


def _skip_body(text: str, position: int, response: Response) -> int:
    """Where the next block may start.

    When the announced Content-Length ends exactly at the end of the text or at the next
    status line, the body is there and is skipped, so a body cannot fake a response block.
    Otherwise there is no body (a HEAD response, curl -I) and the text is scanned.
    """
    lengths = response.values("content-length")
    if 100 <= response.status < 200 or response.status in (204, 304):
        return position
    if not lengths or not lengths[0].isdigit():
        return position
    end = position + int(lengths[0])
    if end <= len(text) and (not text[end:].strip() or _BLOCK_START.match(text, end)):
        return end
    return position


def read_options(options: Mapping[str, Any]) -> tuple[list[str], list[int], dict[str, dict]]:
    """(require, status, rules); raises OptionError naming the option that is wrong."""
    if not isinstance(options.get("https", False), bool):
        raise OptionError("check option 'https' must be true or false")
    require = as_list(options.get("require", []))
    if not all(isinstance(n, str) and n.strip() for n in require):
        raise OptionError("check option 'require' must be a list of header names")
    statuses = as_list(options.get("status", []))
    if not all(isinstance(s, int) and not isinstance(s, bool) and 100 <= s <= 599 for s in statuses):
        raise OptionError("check option 'status' must be an HTTP status code or a list of them")
    rules = options.get("rules", {})
    if not isinstance(rules, Mapping):
        raise OptionError("check option 'rules' must map header names to rules")
    for name, rule in rules.items():
        _validate_rule(str(name), rule)
    return [n.strip() for n in require], statuses, {str(k).lower(): dict(v) for k, v in rules.items()}


def _validate_rule(name: str, rule: Any) -> None:
    if not isinstance(rule, Mapping) or not rule:
        raise OptionError(f"rules for header '{name}' must be a mapping such as {{equals: nosniff}}")
    unknown = sorted(set(rule) - RULES)
    if unknown:
        raise OptionError(f"unknown rule(s) for header '{name}': {', '.join(unknown)} "
                          f"(accepted: {', '.join(sorted(RULES))})")
    if "max_age_min" in rule and (isinstance(rule["max_age_min"], bool)
                                  or not isinstance(rule["max_age_min"], int)):
        raise OptionError(f"rule max_age_min for header '{name}' must be a whole number of seconds")
    if "absent" in rule and not isinstance(rule["absent"], bool):
        raise OptionError(f"rule absent for header '{name}' must be true or false")
    for key in ("equals", "contains"):
        if key in rule and not all(isinstance(v, str) for v in as_list(rule[key])):
            raise OptionError(f"rule {key} for header '{name}' must be text")


def _status_reasons(final: Response, statuses: list[int]) -> list[str]:
    if statuses and final.status not in statuses:
        expected = " or ".join(str(s) for s in statuses)
        return [f"final response status is {final.status} ('{final.status_line}'), expected {expected}"]
    return []


def _missing(final: Response, require: list[str]) -> list[str]:
    return [f"required header '{name}' is missing from the final response"
            for name in require if not final.values(name)]


def _rule_reasons(final: Response, rules: dict[str, dict], require: list[str]) -> list[str]:
    reasons = []
    required = {name.lower() for name in require}
    for name, rule in rules.items():
        values = final.values(name)
        if rule.get("absent"):
            if values:
                reasons.append(f"header '{name}' must be absent but is sent: '{values[0]}'")
            continue
        if not values:
            if name not in required:  # a required header's absence is already said once
                reasons.append(f"header '{name}' is missing, so its rules cannot hold")
            continue
        reasons.extend(_value_reasons(name, values, rule))
    return reasons


def _value_reasons(name: str, values: list[str], rule: Mapping[str, Any]) -> list[str]:
    reasons = []
    if "equals" in rule:
        allowed = {_normal(v) for v in as_list(rule["equals"])}
        wrong = [v for v in values if _normal(v) not in allowed]
        if wrong:
            reasons.append(f"header '{name}' is '{wrong[0]}', expected "
                           + " or ".join(f"'{v}'" for v in as_list(rule["equals"])))
    if "contains" in rule:
        for needle in as_list(rule["contains"]):
            if not any(needle.lower() in v.lower() for v in values):
                reasons.append(f"header '{name}' does not contain '{needle}'")
    if "max_age_min" in rule:
        reasons.extend(_max_age_reasons(name, values[0], rule["max_age_min"]))
    return reasons


def _max_age_reasons(name: str, value: str, minimum: int) -> list[str]:
    match = _MAX_AGE.search(value)
    if not match:
        return [f"header '{name}' has no max-age directive (expected max-age >= {minimum})"]
    if int(match.group(1)) < minimum:
        return [f"header '{name}' max-age is {match.group(1)}, below the minimum {minimum}"]
    return []


def _https_reasons(text: str, responses: list[Response], source: str | None) -> list[str]:
    url = _final_url(source, responses)
    if url is not None:
        scheme = urlsplit(url).scheme.lower()
        return [] if scheme == "https" else [
            f"the final response came over {scheme}:// ({url}), not HTTPS"]
    if _VERBOSE_LINE.search(text):
        return [] if _tls_before_final(text) else [
            "the curl -v output shows no TLS handshake on the final response's connection"]
    return ["cannot tell that it was fetched over HTTPS: its sidecar has no https:// `source:` "
            "and it has no curl -v TLS lines (collect it with `evidence collect http https://...`"
            ", or capture with `curl -v`)"]


def _final_url(source: str | None, responses: list[Response]) -> str | None:
    """Where the final response came from: `source` followed through each redirect."""
    if not source or urlsplit(source).scheme.lower() not in ("http", "https"):
        return None
    url = source
    for response in responses[:-1]:
        locations = response.values("location")
        if 300 <= response.status < 400 and locations:
            url = urljoin(url, locations[0])
    return url


def _tls_before_final(text: str) -> bool:
    """A TLS line on the connection the final response came over (curl -v)."""
    final = [m.start() for m in _VERBOSE_LINE.finditer(text)][-1]
    connected = [m.start() for m in _CONNECTED.finditer(text, 0, final)]
    return bool(_TLS_LINE.search(text, connected[-1] if connected else 0, final))


def _normal(value: str) -> str:
    return " ".join(value.lower().split())


def _details(responses: list[Response]) -> dict[str, Any]:
    final = responses[-1]
    return {
        "status_line": final.status_line,
        "status": final.status,
        "headers": [[name, value] for name, value in final.headers],
        "responses": len(responses),
        "chain": [r.status_line for r in responses],
    }


_VERBOSE_BYTES = re.compile(rb"^< HTTP/\d", re.MULTILINE)


def looks_like_headers(name: str, head: bytes) -> bool:
    """Starts with a status line (curl -i, -I, -D), or has curl -v's `< HTTP/` line.
    Most files are neither: a plain byte search rules them out before any decoding."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = as_text(head).encode("latin-1", errors="replace")
    if content_start(head).startswith(b"HTTP/"):
        return True
    return b"< HTTP/" in head and bool(_VERBOSE_BYTES.search(head))


KIND = Kind("http-headers", check, suffixes=(".http", ".headers"), sniff=looks_like_headers,
            sniff_bytes=VERBOSE_SNIFF_BYTES, options=OPTIONS, read_options=read_options,
            takes_source=True)
