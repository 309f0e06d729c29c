"""Officers' way in: a personal link and a short access code, both derived, neither stored.

Both are an HMAC of the officer id and an access `version` under a server key kept in the instance
folder. The database keeps only a SHA-256 of the token (to find the officer from a link) and the
version: a leaked database gives no working link, KPU can print or export the same link again as
often as needed, and bumping the version revokes the old link and code at once.
"""

import base64
import hashlib
import hmac
import re

from screening import values

# Unambiguous on a phone screen and on paper: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, 6/G.
CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
CODE_LENGTH = 6
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{22}")


def _mac(key: bytes, purpose: str, officer_id: int, version: int) -> bytes:
    message = f"{purpose}:{officer_id}:{version}".encode()
    return hmac.new(key, message, hashlib.sha256).digest()


def link_token(key: bytes, officer_id: int, version: int) -> str:
    """The personal link's token: 128 bits, URL-safe, 22 characters."""
    return (
        base64.urlsafe_b64encode(_mac(key, "link", officer_id, version)[:16]).decode().rstrip("=")
    )


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def access_code(key: bytes, officer_id: int, version: int) -> str:
    """Six characters from CODE_ALPHABET (about 27 bits), for the NIK-and-code sign-in.

    Short enough to type from a printed card; guessing is stopped by rate limits, not length.
    """
    number = int.from_bytes(_mac(key, "code", officer_id, version)[:8], "big")
    chars = []
    for _ in range(CODE_LENGTH):
        number, index = divmod(number, len(CODE_ALPHABET))
        chars.append(CODE_ALPHABET[index])
    return "".join(chars)


def normalise_code(text: str) -> str:
    """What an officer types ("k7m-4px ") as stored: upper case, no spaces or dashes."""
    return re.sub(r"[\s\-.]", "", text or "").upper()


def code_matches(key: bytes, officer_id: int, version: int, typed: str) -> bool:
    """Whether `typed` is the officer's code. Anything typed is compared, as bytes: on str,
    `compare_digest` raises for non-ASCII ("ABCDEé"), which would tell a stranger the NIK has a
    code to compare with."""
    wanted = values.code(normalise_code(typed), CODE_ALPHABET, CODE_LENGTH) or ""
    return hmac.compare_digest(access_code(key, officer_id, version).encode(), wanted.encode())


def looks_like_token(text: str) -> bool:
    return bool(TOKEN_PATTERN.fullmatch(text or ""))
