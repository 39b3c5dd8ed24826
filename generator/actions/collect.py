"""`evidence collect`: fetching or copying machine evidence into a release, with its sidecar.

Nothing is written until the evidence is complete: a fetch that fails or times out, or a
report that does not parse, leaves the repository as it was. Files are written to a
temporary name beside the target and renamed into place.
"""
from __future__ import annotations

import http.client
import re
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml

from ..errors import EvidenceError
from ..files import write_all_atomically
from ..kinds import check_evidence
from ..model.versions import release_name_problem, sort_versions

MAX_REDIRECTS = 10
MAX_REPORT_BYTES = 50 * 1024 * 1024
USER_AGENT = "evidence-site (evidence collect)"
_REDIRECTS = (301, 302, 303, 307, 308)
_SLUG = r"[A-Za-z0-9][A-Za-z0-9_-]*"
_ITEM_REF = re.compile(rf"^({_SLUG})/({_SLUG})$")


class CollectError(EvidenceError):
    """Evidence could not be collected; the message says why and what to do."""


@dataclass(frozen=True)
class HttpResponse:
    status_line: str
    headers: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class HttpChain:
    responses: tuple[HttpResponse, ...]
    tls: dict | None = field(default=None)


# ---- public entry points -------------------------------------------------------------------

def collect_http(root: Path, url: str, item_ref: str, release: str, timeout: float = 10,
                 *, context: ssl.SSLContext | None = None,
                 now: datetime | None = None) -> list[Path]:
    """Fetches URL (following redirects) and records every response's headers as evidence."""
    root = Path(root).resolve()
    folder = _item_folder(root, release, item_ref)
    parts = _check_url(url)
    chain = fetch_chain(url, timeout, context)
    meta = {"items": [item_ref], "kind": "http-headers", "collected": _utc_text(now),
            "source": url}
    if chain.tls:
        meta["tls"] = chain.tls
    return _write_evidence(root, folder, f"{_host_file_name(parts)}.http",
                           render_chain(chain).encode("latin-1", "replace"), meta)


def collect_file(root: Path, kind: str, src: Path, item_ref: str, release: str,
                 *, now: datetime | None = None) -> list[Path]:
    """Copies a JUnit or SARIF report into the release, after checking it parses as that kind."""
    if kind not in ("junit", "sarif"):
        raise CollectError(f"cannot collect kind '{kind}' from a file: use junit or sarif")
    root = Path(root).resolve()
    folder = _item_folder(root, release, item_ref)
    data = _read_report(Path(src))
    verdict = check_evidence(kind, data, {}, Path(src).name)
    if verdict.verdict == "invalid":
        raise CollectError(f"{src}: not a usable {kind} report: {'; '.join(verdict.reasons)}")
    collected = verdict.collected_at or now
    meta = {"items": [item_ref], "kind": kind, "collected": _utc_text(collected),
            "source": Path(src).name}
    return _write_evidence(root, folder, Path(src).name, data, meta)


def existing_releases(root: Path) -> list[str]:
    """Release folders (those with a release.yml), oldest to newest."""
    evidence = Path(root) / "evidence"
    if not evidence.is_dir():
        return []
    names = [p.name for p in evidence.iterdir()
             if p.is_dir() and not p.is_symlink() and (p / "release.yml").is_file()]
    return sort_versions(names)


def default_release(root: Path) -> str:
    """The newest release by version: where `evidence collect` writes without --release."""
    releases = existing_releases(root)
    if not releases:
        raise CollectError("no release exists yet: create evidence/<version>/release.yml first")
    return releases[-1]


# ---- fetching ------------------------------------------------------------------------------

def fetch_chain(url: str, timeout: float, context: ssl.SSLContext | None = None) -> HttpChain:
    """Every response from `url` through its redirects, all within `timeout` seconds."""
    responses: list[HttpResponse] = []
    current = url
    deadline = time.monotonic() + timeout
    for _ in range(MAX_REDIRECTS + 1):
        response, tls, location = _fetch_one(current, deadline, timeout, context)
        responses.append(response)
        if location is None:
            return HttpChain(tuple(responses), tls)
        current = urljoin(current, location)
        _check_url(current)
    raise CollectError(f"{url}: more than {MAX_REDIRECTS} redirects; last Location was {current}")


def _fetch_one(url: str, deadline: float, timeout: float, context: ssl.SSLContext | None):
    parts = urlsplit(url)
    remaining = deadline - time.monotonic()
    late = CollectError(f"{url}: no complete response within {timeout:g} seconds "
                        "(check the address, or raise --timeout)")
    if remaining <= 0:
        raise late
    connection = _connection(parts, remaining, context)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    # The socket's timeout is per read: a server trickling a byte at a time would never trip
    # it, so the whole exchange is cut off at the deadline.
    fired = threading.Event()
    watchdog = threading.Timer(remaining, _cut_off, (connection, fired))
    watchdog.start()
    try:
        connection.request("GET", target, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        reply = connection.getresponse()
        tls = _tls_details(connection.sock) if parts.scheme == "https" else None
        response = _response(reply)
        location = reply.getheader("Location") if reply.status in _REDIRECTS else None
    except TimeoutError:
        raise late from None
    except (OSError, http.client.HTTPException, ValueError) as error:
        if fired.is_set():
            raise late from None
        if isinstance(error, ssl.SSLError):
            why = getattr(error, "verify_message", None) or error.reason or error
            raise CollectError(f"{url}: TLS handshake failed: {why}") from None
        raise CollectError(f"{url}: request failed: {error or type(error).__name__}") from None
    finally:
        watchdog.cancel()
        connection.close()
    if fired.is_set():                 # cut off: what was read is not the whole response
        raise late
    return response, tls, location


def _cut_off(connection: http.client.HTTPConnection, fired: threading.Event) -> None:
    fired.set()
    sock = connection.sock
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _connection(parts, timeout: float, context: ssl.SSLContext | None):
    if parts.scheme == "https":
        return http.client.HTTPSConnection(parts.hostname, parts.port, timeout=timeout,
                                           context=context or ssl.create_default_context())
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)


def _response(reply: http.client.HTTPResponse) -> HttpResponse:
    version = {9: "HTTP/0.9", 10: "HTTP/1.0", 11: "HTTP/1.1"}.get(reply.version, "HTTP/1.1")
    status_line = f"{version} {reply.status} {reply.reason}".rstrip()
    headers = tuple((name, _unfold(_redact(name, value))) for name, value in reply.getheaders())
    return HttpResponse(status_line, headers)


def _unfold(value: str) -> str:
    return " ".join(value.split())


# Response headers that carry credentials (docs/evidence-kinds.md lists them): their values
# are never written into evidence. Cookies keep their name and attributes.
COOKIE_HEADERS = frozenset({"set-cookie", "set-cookie2"})
CREDENTIAL_HEADERS = frozenset({"cookie",
    "authorization", "proxy-authorization", "www-authenticate", "proxy-authenticate",
    "authentication-info", "proxy-authentication-info", "x-api-key", "x-auth-token",
    "x-access-token", "x-csrf-token", "x-xsrf-token", "x-amz-security-token",
    "x-goog-iam-authorization-token", "x-vault-token", "private-token", "x-gitlab-token",
    "x-upload-token", "x-session-token", "x-refresh-token", "api-key"})
REDACTED = "<redacted>"


def _redact(name: str, value: str) -> str:
    lowered = name.lower()
    if lowered in CREDENTIAL_HEADERS:
        return REDACTED
    if lowered not in COOKIE_HEADERS or "=" not in value:
        return value
    return ", ".join(_redact_cookie(c) for c in value.split(", ")) if lowered == "set-cookie2" \
        else _redact_cookie(value)


def _redact_cookie(value: str) -> str:
    cookie, _, attributes = value.partition(";")
    if "=" not in cookie:
        return value
    cookie_name = cookie.split("=", 1)[0].strip()
    return f"{cookie_name}={REDACTED}" + (f";{attributes}" if attributes else "")


def _tls_details(sock) -> dict | None:
    if not isinstance(sock, ssl.SSLSocket):
        return None
    cipher = sock.cipher()
    certificate = sock.getpeercert() or {}
    details = {"protocol": sock.version(), "cipher": cipher[0] if cipher else None,
               "subject": _name(certificate.get("subject")),
               "issuer": _name(certificate.get("issuer"))}
    if certificate.get("notAfter"):
        expires = datetime.fromtimestamp(ssl.cert_time_to_seconds(certificate["notAfter"]),
                                         timezone.utc)
        details["not_after"] = _utc_text(expires)
    return {key: value for key, value in details.items() if value}


def _name(rdns) -> str | None:
    if not rdns:
        return None
    short = {"commonName": "CN", "organizationName": "O", "countryName": "C",
             "organizationalUnitName": "OU", "localityName": "L", "stateOrProvinceName": "ST"}
    return ", ".join(f"{short.get(key, key)}={value}" for rdn in rdns for key, value in rdn)


def render_chain(chain: HttpChain) -> str:
    """Every response block as `curl -sIL`-style text: status line, headers, blank line."""
    blocks = []
    for response in chain.responses:
        lines = [response.status_line, *(f"{name}: {value}" for name, value in response.headers)]
        blocks.append("\r\n".join(lines) + "\r\n\r\n")
    return "".join(blocks)


def _check_url(url: str):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CollectError(f"{url}: only http:// and https:// URLs with a host can be collected")
    if parts.username or parts.password:
        raise CollectError(f"{url}: the URL contains credentials, which would be committed; "
                           "remove them")
    return parts


def _host_file_name(parts) -> str:
    host = re.sub(r"[^A-Za-z0-9.-]", "-", parts.hostname.lower())
    return f"{host}-{parts.port}" if parts.port else host


# ---- where and how evidence is written -----------------------------------------------------

def _item_folder(root: Path, release: str, item_ref: str) -> Path:
    match = _ITEM_REF.match(item_ref or "")
    if not match:
        raise CollectError(f"item reference {item_ref!r} is not <section-id>/<item-id>, "
                           "e.g. security-configuration/rate-limiting")
    release_dir = _release_dir(root, release)
    return release_dir / match.group(1) / match.group(2)


def _release_dir(root: Path, release: str) -> Path:
    known = existing_releases(root)
    hint = (f"existing releases: {', '.join(known)}" if known
            else "no release exists yet: create evidence/<version>/release.yml first")
    if release_name_problem(release or ""):
        raise CollectError(f"{release_name_problem(release or '')} ({hint})")
    folder = root / "evidence" / release
    if folder.is_symlink() or not (folder / "release.yml").is_file():
        raise CollectError(f"release {release!r} not found: evidence/{release}/release.yml "
                           f"does not exist ({hint})")
    return folder


def _write_evidence(root: Path, folder: Path, name: str, data: bytes, meta: dict) -> list[Path]:
    _refuse_links(root, folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    sidecar = folder / f"{name}.meta.yml"
    text = yaml.safe_dump(meta, sort_keys=False, default_flow_style=False, allow_unicode=True)
    try:
        _write_atomically({target: data, sidecar: text.encode("utf-8")})
    except OSError as error:
        raise CollectError(f"{target}: could not write the evidence: {error}") from None
    return [target, sidecar]


def _refuse_links(root: Path, folder: Path) -> None:
    """No folder on the way, nor the target folder, may be a link or lead outside the repository."""
    root = root.resolve()
    path = folder
    while path != root and path != path.parent:
        if path.is_symlink():
            raise CollectError(f"{path.relative_to(root)}: symbolic links are not followed")
        path = path.parent
    if root not in folder.resolve().parents:
        raise CollectError(f"{folder}: resolves outside the repository")


def _write_atomically(contents: dict[Path, bytes]) -> None:
    for path in contents:
        if path.is_symlink():
            raise CollectError(f"{path}: symbolic links are not followed")
    write_all_atomically(contents)


def _read_report(src: Path) -> bytes:
    if not src.is_file():
        raise CollectError(f"{src}: no such file")
    if src.stat().st_size > MAX_REPORT_BYTES:
        raise CollectError(f"{src}: larger than {MAX_REPORT_BYTES // (1024 * 1024)} MB; "
                           "split or trim the report")
    return src.read_bytes()


def _utc_text(moment: datetime | None) -> str:
    moment = moment or datetime.now(timezone.utc)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
