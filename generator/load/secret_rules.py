"""The rules that recognise credentials, and how each is run over a text.

Token formats with a fixed shape come from detect-secrets' detectors (their `denylist`
patterns, carried in detector_patterns.json: see scripts/detector_patterns.py), wrapped so
that a match must stand alone (not inside a longer hash, base64 run or identifier) and may
run on past the detector's fixed length (Stripe keys grew longer).
Three detector patterns that start with a character class (Mailchimp, Telegram, Discord)
are re-expressed to start at their literal part, with the same shapes, because a leading
class makes the regex engine try every position of the text.

What detect-secrets leaves to its high-entropy and keyword plugins, which flood on the
sha256 digests and commit ids evidence is full of, is covered by rules of our own:
private-key blocks, `Authorization:` headers, bearer tokens, cookies, Resend keys, GitHub
fine-grained tokens, Stripe test and webhook secrets, npm tokens, and `key = value`
assignments whose key names a secret (`password`, `api_key`, `PUSHER_APP_SECRET`, ...).
"""
from __future__ import annotations

import base64
import binascii
import json
import re
import re._constants as sre
import re._parser as sre_parse
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Pattern

from ahocorasick_rs import AhoCorasick, BytesAhoCorasick

_DETECTORS = json.loads((Path(__file__).parent / "detector_patterns.json").read_text(
    encoding="utf-8"))["detectors"]

WORD = "A-Za-z0-9_"
B64URL = "A-Za-z0-9_\\-"


def _char_set(chars: str) -> frozenset[str]:
    """The characters of a regex class body such as `A-Za-z0-9_\\-`."""
    return frozenset(c for c in map(chr, range(128)) if chars and re.match(f"[{chars}]", c))


@dataclass(frozen=True)
class Rule:
    kind: str
    pattern: Pattern[str]                # starts with literal text where it can
    group: int | str = 0                 # the part of the match that is the secret
    accept: Callable[[str], bool] | None = None
    anchors: tuple[str, ...] = ()        # lower-case text; the rule runs only if one occurs
                                         # (else read from the pattern: see _gate)
    boundary: frozenset[str] = frozenset()   # may not touch the match on its left
    lead: Pattern[str] | None = None     # must end where the pattern starts; part of the secret
    lead_width: int = 0
    lowered: bool = False                # pattern is lower-case; run it on the lowered text
    report_whole: bool = False           # report where the whole match starts, not the value
                                         # (a private key at its BEGIN line)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str
    priority: int                        # lower wins when two rules find the same value
    at: int = -1                         # where a reader looks for it; -1: at `start`

    @property
    def reported_at(self) -> int:
        return self.start if self.at < 0 else self.at


def _standalone(pattern: str, chars: str, tail: str = "") -> str:
    extension = f"[{tail}]*+" if tail else ""
    return f"(?:{pattern}){extension}(?![{chars}])" if chars else f"(?:{pattern}){extension}"


def _token(kind: str, pattern: str, *, chars: str = WORD, tail: str = "", flags: int = 0,
           **options) -> Rule:
    """A token that must stand alone: nothing of `chars` directly before or after it."""
    return Rule(kind, re.compile(_standalone(pattern, chars, tail), flags),
                boundary=_char_set(chars), **options)


def _detector(kind: str, detector: str, index: int = 0, lowered: bool = False,
              **options) -> Rule:
    """Pattern `index` of a detect-secrets detector as a standalone token rule.

    `lowered`: the pattern is case-insensitive with lower-case literals; it runs without
    IGNORECASE on the lower-cased text instead, which lets the engine skip to its literal.
    """
    pattern, flags = _DETECTORS[detector][index]
    flags = flags & ~re.IGNORECASE if lowered else flags
    return _token(kind, pattern, flags=flags, lowered=lowered, **options)


def not_hex(value: str) -> bool:
    return not re.fullmatch(r"[0-9A-Fa-f]+", value)


def has_upper(value: str) -> bool:
    return any(c.isupper() for c in value)


def mixed(value: str) -> bool:
    """Letters of both cases and a digit: how generated keys look, unlike identifiers."""
    return (any(c.isdigit() for c in value) and any(c.isupper() for c in value)
            and any(c.islower() for c in value))


def valid_jwt(value: str) -> bool:
    """Every part is base64url, and the header and payload decode to JSON."""
    try:
        parts = [base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
                 for part in value.rstrip(".").split(".")]
        for part in parts[:2]:
            json.loads(part.decode("utf-8"))
    except (binascii.Error, ValueError):     # UnicodeDecodeError and JSON errors are ValueErrors
        return False
    return True


_PLACEHOLDER = re.compile(
    r"""(?ix)^(?:
        |null|none|nil|true|false|undefined|yes|no|on|off|required|optional|string|str|
        redacted|hidden|masked|removed|example|placeholder|todo|tbd|n/a|na|
        secret|password|token|changeme|value|
        [*x•.\#-]+|                      # ****, xxxx, ...
        <[^>]*>?|\[[^\]]*\]?|            # <your-key>, [REDACTED ...]
        \$\{.*|\$\(.*|\$[A-Z_][A-Z0-9_]*|%[A-Z_]+%?|\{\{.*|   # ${VAR}, $VAR, %VAR%, {{ x }}
        !\w+.*|                          # YAML tags: !vault, !env
        (?:sha1|sha256|sha512|md5):[0-9a-f]+   # digests, not secrets
    )$""")


def real_value(value: str, minimum: int = 6) -> bool:
    value = value.strip()
    return len(value) >= minimum and not _PLACEHOLDER.match(value)


def _bearer_value(value: str) -> bool:
    return real_value(value, 12) and any(c.isdigit() for c in value)


RULES: tuple[Rule, ...] = (
    Rule("private-key", re.compile(
        r"-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[^\n]*\n"
        r"(?P<body>.*?)(?=-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|\Z)", re.S),
        "body", accept=lambda v: bool(v.strip()) and not v.startswith("[REDACTED"),
        report_whole=True),
    _detector("aws-access-key", "AWSKeyDetector", 0, accept=not_hex),
    _detector("aws-secret-key", "AWSKeyDetector", 1, chars="", group=1, lowered=True),
    _detector("stripe-key", "StripeDetector", tail="0-9a-zA-Z", anchors=("k_live_",)),
    _token("stripe-key", r"[sr]k_test_[0-9a-zA-Z]{24,}", anchors=("k_test_",)),
    _token("stripe-key", r"whsec_[0-9a-zA-Z]{24,}"),
    _detector("twilio-key", "TwilioKeyDetector", 0),
    _detector("twilio-key", "TwilioKeyDetector", 1),
    _detector("sendgrid-key", "SendGridDetector", chars=B64URL),
    _detector("slack-token", "SlackDetector", 0, lowered=True),
    _detector("slack-webhook", "SlackDetector", 1, anchors=("hooks.slack.com",)),
    _detector("github-token", "GitHubTokenDetector"),
    _token("github-token", r"github_pat_[A-Za-z0-9_]{50,}"),
    *(_detector("gitlab-token", "GitLabTokenDetector", i, chars=B64URL)
      for i in range(len(_DETECTORS["GitLabTokenDetector"]))),
    _detector("jwt", "JwtTokenDetector", chars=B64URL + ".+/=", accept=valid_jwt),
    _detector("openai-key", "OpenAIDetector", chars=B64URL),
    _token("npm-token", r"npm_[A-Za-z0-9]{36}"),
    _detector("npm-token", "NpmDetector", chars="", group=1, anchors=("/:_authtoken=",)),
    _detector("pypi-token", "PypiTokenDetector", 0, chars=B64URL),
    _detector("pypi-token", "PypiTokenDetector", 1, chars=B64URL),
    # detect-secrets: [MNO][a-zA-Z\d_-]{23,25}\.[a-zA-Z\d_-]{6}\.[a-zA-Z\d_-]{27}
    _token("discord-token", r"\.[a-zA-Z\d_-]{6}\.[a-zA-Z\d_-]{27}", chars=B64URL,
           lead=re.compile(r"[MNO][a-zA-Z\d_-]{23,25}\Z"), lead_width=26, accept=has_upper),
    # detect-secrets: [0-9a-z]{32}-us[0-9]{1,2}
    _token("mailchimp-key", r"-us[0-9]{1,2}", lead=re.compile(r"[0-9a-z]{32}\Z"),
           lead_width=32),
    # detect-secrets: \d{8,10}:[0-9A-Za-z_-]{35}
    _token("telegram-token", r":[0-9A-Za-z_-]{35}", chars=B64URL,
           lead=re.compile(r"\d{8,10}\Z"), lead_width=10,
           accept=lambda v: has_upper(v.split(":", 1)[1])),
    Rule("azure-storage-key", re.compile(
        r"AccountKey=(?P<value>[a-zA-Z0-9+/=]{88})(?![a-zA-Z0-9+/=])"), "value"),
    _detector("square-oauth", "SquareOAuthDetector"),
    _token("resend-key", r"re_[A-Za-z0-9_]{20,}", accept=mixed),
    _detector("url-password", "BasicAuthDetector", chars="", group=1, accept=real_value),
    Rule("authorization", re.compile(
        r"authorization[\"']?[ \t]*[:=][ \t]*[\"']?"
        r"(?:(?:bearer|basic|token|bot|apikey|sso-key|key)[ \t]+)?(?P<value>[^\s\"',;]+)"),
        "value", lambda v: real_value(v, 8), boundary=_char_set(WORD), lowered=True),
    Rule("bearer-token", re.compile(r"bearer[ \t]+(?P<value>[a-z0-9\-._~+/]+=*)"),
         "value", _bearer_value, boundary=_char_set(WORD), lowered=True),
    Rule("cookie", re.compile(r"(?m)^[<>*\s]*(?:set-)?cookie:[ \t]*[^=\s;]+=(?P<value>[^;\s]+)"),
         "value", lowered=True, accept=lambda v: real_value(v, 8), anchors=("cookie:",)),
)


# --- which rules can match at all ---------------------------------------------------------
# Running every pattern over every text is most of the cost of a scan, and most texts hold no
# credential. Each rule gets a gate: lower-case strings, one of which is in any text it
# matches (its `anchors`, else the literal text every match starts with, read from the
# pattern). One Aho-Corasick pass over the lowered text finds the gates present, and the
# key words of assignments with them. A rule whose matches start with nothing longer than
# two characters has no gate and always runs.

_MIN_GATE = 3
_MAX_STARTS = 64


def _starts(items) -> tuple[set[str], bool]:
    """The literal strings every match of a parsed (sub)pattern starts with, and whether
    they are the whole of it."""
    prefixes = {""}
    for op, av in items:
        if op is sre.LITERAL:
            options, whole = {chr(av)}, True
        elif op is sre.IN and all(o is sre.LITERAL for o, _ in av):
            options, whole = {chr(v) for _, v in av}, True
        elif op is sre.BRANCH:
            parts = [_starts(branch) for branch in av[1]]
            options, whole = set().union(*(p for p, _ in parts)), all(w for _, w in parts)
        elif op is sre.SUBPATTERN and not av[1] and not av[2]:     # no inline flags
            options, whole = _starts(av[3])
        else:
            return prefixes, False
        grown = {p + o for p in prefixes for o in options}
        if len(grown) > _MAX_STARTS:
            return prefixes, False
        prefixes = grown
        if not whole:
            return prefixes, False
    return prefixes, True


def _gate(rule: Rule) -> frozenset[str] | None:
    """What must be in the lowered text for the rule to match; None: it always runs."""
    if rule.anchors:
        return frozenset(rule.anchors)
    if rule.pattern.flags & re.IGNORECASE:    # may match non-ASCII letters: no gate
        return None
    prefixes, _ = _starts(sre_parse.parse(rule.pattern.pattern, rule.pattern.flags))
    if not all(p.isascii() and len(p) >= _MIN_GATE for p in prefixes):
        return None
    return frozenset(p.lower() for p in prefixes)


_GATES = tuple(_gate(rule) for rule in RULES)
_ASSIGNMENT_WORDS = ("pass", "pwd", "secret", "key", "token", "credential")
_NEEDLES = tuple(sorted({n for gate in _GATES if gate for n in gate} | set(_ASSIGNMENT_WORDS)))
_SEARCH = AhoCorasick(_NEEDLES)
# for an ASCII text, whose byte offsets are its character offsets: a third faster
_SEARCH_BYTES = BytesAhoCorasick([needle.encode("ascii") for needle in _NEEDLES])
_GATE_IDS = tuple(gate and frozenset(_NEEDLES.index(n) for n in gate) for gate in _GATES)
_WORDS = frozenset(_NEEDLES.index(word) for word in _ASSIGNMENT_WORDS)
_UNGATED = frozenset(priority for priority, gate in enumerate(_GATE_IDS) if gate is None)
_RULES_OF = tuple(frozenset(priority for priority, gate in enumerate(_GATE_IDS)
                            if gate and needle in gate) for needle in range(len(_NEEDLES)))


@dataclass(frozen=True)
class Found:
    """What one pass over a lowered text found: the gate strings present (as indexes into
    _NEEDLES) and where assignment key words start."""
    present: frozenset[int]
    word_starts: list[int]


def search(lowered: str) -> Found:
    hits = (_SEARCH_BYTES.find_matches_as_indexes(lowered.encode("ascii"), overlapping=True)
            if lowered.isascii() else _SEARCH.find_matches_as_indexes(lowered, overlapping=True))
    # no key word is a prefix of another, so each start is listed once
    return Found(frozenset(n for n, _, _ in hits), [at for n, at, _ in hits if n in _WORDS])


def rule_spans(text: str, lowered: str, found: Found) -> Iterator[Span]:
    """Spans found by the token rules. `lowered` is `text` in ASCII lower case, same length;
    `found` is search(lowered)."""
    for priority in sorted(_UNGATED.union(*(_RULES_OF[needle] for needle in found.present))):
        yield from _spans_of(RULES[priority], priority, text, lowered)


def _spans_of(rule: Rule, priority: int, text: str, lowered: str) -> Iterator[Span]:
    for match in rule.pattern.finditer(lowered if rule.lowered else text):
        start = match.start()
        if rule.lead is not None:
            lead = rule.lead.search(text, max(0, start - rule.lead_width), start)
            if lead is None:
                continue
            start = lead.start()
        if start > 0 and text[start - 1] in rule.boundary:
            continue
        value_start, value_end = ((start, match.end()) if rule.group == 0
                                  else match.span(rule.group))
        value = text[value_start:value_end]
        if value and (rule.accept is None or rule.accept(value)):
            yield Span(value_start, value_end, rule.kind, priority,
                       start if rule.report_whole else -1)


# --- key = value assignments --------------------------------------------------------------

_SECRET_WORDS = (
    r"password|passwd|passphrase|pwd|secret|client[_-]?secret|app[_-]?secret|"
    r"api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key|signing[_-]?key|"
    r"auth[_-]?token|access[_-]?token|refresh[_-]?token|api[_-]?token|token|"
    r"credentials?|webhook[_-]?secret"
)
_ASSIGNMENT = re.compile(
    r"""(?ix)
    (?P<kq>["']?)
    (?P<key>(?:[a-z0-9]+[_.-])*(?:""" + _SECRET_WORDS + r"""))
    (?P=kq)
    [ \t]*(?:=|:=|=>|:)[*_]*[ \t]*
    (?:
        "(?P<dq>[^"\r\n]*)"
      | '(?P<sq>[^'\r\n]*)'
      | (?P<bare>[^\s"'`;,<>(){}\[\]]++)(?![(\[])
    )""")
_OPERATOR_AHEAD = re.compile(r"[a-z0-9_.-]*[\"']?[ \t]*[:=]")
_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_.-")
_KEY_WIDTH = 100


def assignment_kind(key: str) -> str:
    key = key.lower()
    if "pusher" in key:
        return "pusher-secret"
    if "pass" in key or "pwd" in key:
        return "password"
    if re.search(r"private[_-]?key$", key):
        return "private-key"
    if key.endswith("key"):
        return "api-key"
    if key.endswith("token"):
        return "token"
    return "secret"


def assignment_spans(text: str, lowered: str, found: Found) -> Iterator[Span]:
    """Values assigned to a key that names a secret: `password: x`, `"api_key": "x"`, ...

    Found from where the key words are (search(lowered)), matching the full assignment only
    around them.
    """
    tried: set[int] = set()
    for index in found.word_starts:
        start = _key_start(lowered, index) if _OPERATOR_AHEAD.match(lowered, index) else -1
        if start not in tried and start != -1:
            tried.add(start)
            span = _assignment_at(text, start)
            if span is not None:
                yield span


def _key_start(lowered: str, index: int) -> int:
    """Start of the key containing position `index` (leading `_.-` skipped, quote kept)."""
    start, limit = index, max(0, index - _KEY_WIDTH)
    while start > limit and lowered[start - 1] in _KEY_CHARS:
        start -= 1
    while start < index and lowered[start] in "_.-":
        start += 1
    if start > 0 and lowered[start - 1] in "\"'":
        start -= 1
    return start


def _assignment_at(text: str, start: int) -> Span | None:
    if start > 0 and text[start - 1].isascii() and text[start - 1].isalnum():
        return None
    match = _ASSIGNMENT.match(text, start)
    if match is None:
        return None
    group = next(g for g in ("dq", "sq", "bare") if match.group(g) is not None)
    end = match.end(group)
    if group == "bare" and start > 0 and text[start - 1] in "?&":
        end = _query_value_end(text, match.start(group), end)   # ?token=x&page=2
    value = text[match.start(group):end]
    if not real_value(value):
        return None
    return Span(match.start(group), end, assignment_kind(match.group("key")), len(RULES))


def _query_value_end(text: str, start: int, end: int) -> int:
    cut = [i for i in (text.find("&", start, end), text.find("#", start, end)) if i != -1]
    return min(cut, default=end)


# --- one pass that rules most texts out ---------------------------------------------------
# The gates above still pass most evidence: `://` (any URL) opens the url-password rule,
# `re_` the Resend one. Where Hyperscan is installed, one pass over a file's bytes runs every
# rule's own pattern and the shape of an assignment together, and a file in which none of
# them matches is done. Each is compiled in prefilter mode, which may match more than the
# pattern, never less; a file it passes is scanned exactly as without it. The engines agree
# on ASCII text but for `\s` (Python's also takes \x1c-\x1f): a file with any other byte
# is always passed. Compiling it takes 40 ms, more than it saves on a few files: it is
# prepared only where a whole scan is ahead (project.prepare_cold_load).

_DISAGREEING_BYTES = rb"[^\x00-\x1b\x20-\x7f]"
_ASSIGNMENT_SHAPE = "(?:" + "|".join(_ASSIGNMENT_WORDS) + ")" + _OPERATOR_AHEAD.pattern


def _prefilter():
    try:
        import hyperscan
    except ImportError:          # no wheel for this platform: every text takes the rules
        return None
    engine = hyperscan
    once = engine.HS_FLAG_PREFILTER | engine.HS_FLAG_SINGLEMATCH | engine.HS_FLAG_ALLOWEMPTY
    flag_of = {re.IGNORECASE: engine.HS_FLAG_CASELESS, re.DOTALL: engine.HS_FLAG_DOTALL,
               re.MULTILINE: engine.HS_FLAG_MULTILINE, re.UNICODE: 0, re.VERBOSE: 0}
    expressions = [(_DISAGREEING_BYTES, once),
                   (_ASSIGNMENT_SHAPE.encode("ascii"), once | engine.HS_FLAG_CASELESS)]
    for rule in RULES:
        flags = once | (engine.HS_FLAG_CASELESS if rule.lowered else 0)
        for python_flag in re.RegexFlag(rule.pattern.flags):
            if python_flag not in flag_of:
                return None      # a flag the engine cannot honour: no prefilter at all
            flags |= flag_of[python_flag]
        pattern = rule.pattern.pattern
        if rule.pattern.flags & re.VERBOSE:          # its comments end at a line break
            pattern = f"(?x){pattern}\n"
        expressions.append((pattern.encode("ascii"), flags))
    database = engine.Database(mode=engine.HS_MODE_BLOCK)
    database.compile(expressions=[e for e, _ in expressions], flags=[f for _, f in expressions])
    return database, engine.ScanTerminated


def _stop(*_) -> bool:
    return True


def prepare_prefilter() -> None:
    global _PREFILTER
    if _PREFILTER is None:
        _PREFILTER = _prefilter()


def may_hold_secret(data: bytes) -> bool:
    """False only if no rule, and no assignment, can match in `data` (always True until
    prepare_prefilter(), or without the engine)."""
    if _PREFILTER is None:
        return True
    database, stopped = _PREFILTER
    try:
        database.scan(data, match_event_handler=_stop)
    except stopped:
        return True
    return False


_PREFILTER = None
