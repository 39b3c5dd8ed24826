import base64
import json
import sys

from detect_secrets.plugins.jwt import JwtTokenDetector
from hypothesis import given
from hypothesis import strategies as st

from generator.load.secret_rules import valid_jwt
from scripts.detector_patterns import TARGET, generated


def test_the_carried_patterns_are_the_installed_detect_secrets_ones():
    """generator/load/detector_patterns.json, renewed by `python scripts/detector_patterns.py`."""
    assert TARGET.read_text(encoding="utf-8") == generated()


def test_a_check_of_new_files_does_not_import_detect_secrets(tmp_path):
    import subprocess
    probe = ("import sys; from generator.load.secrets import find_secrets; "
             "assert find_secrets('token = ghp_' + 'a1B2' * 9); "
             "print(sorted(m for m in sys.modules if m.split('.')[0] in "
             "('detect_secrets', 'requests')))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def _part(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@given(st.text(alphabet="ABCabc0129-_=+/.", max_size=40))
def test_jwt_validity_agrees_with_detect_secrets_on_any_token(tail):
    token = "eyJ" + tail
    assert valid_jwt(token) == JwtTokenDetector.is_formally_valid(token.rstrip("."))


def test_jwt_validity_on_real_shapes():
    header, payload = _part({"alg": "HS256", "typ": "JWT"}), _part({"sub": "1234"})
    assert valid_jwt(f"{header}.{payload}.c2lnbmF0dXJl")
    assert valid_jwt(f"{header}.{payload}.")             # unsigned, trailing dot
    assert not valid_jwt(f"{header}.bm90IGpzb24.c2ln")   # payload is not JSON
    assert not valid_jwt(f"{header}A.{payload}")         # a part of 4n+1 characters
