"""The gateway sender: a message posted as JSON to a WhatsApp Business Platform relay or an SMS
gateway, configured by environment variables (SKRINING_GATEWAY_URL, _TOKEN, _TEMPLATES); off
unless a URL is set.

What is posted: the number, the provider's template name for our template id, the language, the
rendered text and our message id as a reference. Never a NIK. The answer decides the fate:
2xx sent; 4xx refused for good (a bad number, an unapproved template: retrying changes nothing);
5xx, a time-out or a lost connection are retried later with back-off (screening/outreach/delivery).

A send is paced to at most `rate_per_second` (providers refuse bursts, and a city's morning
batch is thousands). Plain Python: urllib, no Flask.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

SENT, REFUSED, RETRY = "terkirim", "ditolak", "ulang"


@dataclass(frozen=True)
class GatewaySettings:
    url: str
    token: str | None = None
    templates: dict[str, str] = field(default_factory=dict)
    timeout: float = 10.0
    max_attempts: int = 5
    backoff_seconds: int = 60
    rate_per_second: float = 10.0


def parse_templates(text: str | None) -> dict[str, str]:
    """`undangan=skrining_undangan_v1, rujukan_baru=rujukan_v2` → a mapping; blanks ignored."""
    mapping = {}
    for part in (text or "").split(","):
        ours, _sep, theirs = part.partition("=")
        if ours.strip() and theirs.strip():
            mapping[ours.strip()] = theirs.strip()
    return mapping


def settings_from(config) -> GatewaySettings | None:
    """The gateway settings of an app's config (a mapping); None when no gateway is set up."""
    url = (config.get("GATEWAY_URL") or "").strip()
    if not url:
        return None
    return GatewaySettings(
        url=url,
        token=config.get("GATEWAY_TOKEN") or None,
        templates=parse_templates(config.get("GATEWAY_TEMPLATES")),
        timeout=float(config.get("GATEWAY_TIMEOUT") or 10.0),
        max_attempts=max(int(config.get("GATEWAY_MAX_ATTEMPTS") or 1), 1),
        backoff_seconds=max(int(config.get("GATEWAY_BACKOFF_SECONDS") or 0), 0),
        rate_per_second=max(float(config.get("GATEWAY_RATE_PER_SECOND") or 0), 0.0),
    )


def default_channel(config) -> str:
    """The channel new messages are queued for: the gateway when one is configured, else
    click-to-chat (`wa_klik`), which needs no contract with anyone."""
    return "gateway" if settings_from(config) else "wa_klik"


@dataclass(frozen=True)
class Outcome:
    """What one attempt came to: SENT, REFUSED or RETRY, and a short detail for the outbox's
    error column and the audit log (an HTTP status or the kind of error; never the text)."""

    kind: str
    detail: str = ""


class Sender:
    """Posts messages to the gateway, one at a time, at most `rate_per_second`."""

    def __init__(self, settings: GatewaySettings, *, clock=time.monotonic, sleep=time.sleep):
        self.settings = settings
        self._clock = clock
        self._sleep = sleep
        self._next_slot = 0.0
        self._lock = threading.Lock()

    def _pace(self) -> None:
        rate = self.settings.rate_per_second
        if rate <= 0:
            return
        with self._lock:
            now = self._clock()
            wait = self._next_slot - now
            self._next_slot = max(now, self._next_slot) + 1.0 / rate
        if wait > 0:
            self._sleep(wait)

    def send(self, *, number: str, template: str, language: str, text: str, reference: str):
        self._pace()
        body = json.dumps(
            {
                "to": number,
                "template": self.settings.templates.get(template, template),
                "language": language,
                "text": text,
                "reference": reference,
            }
        ).encode()
        headers = {"Content-Type": "application/json"}
        if self.settings.token:
            headers["Authorization"] = f"Bearer {self.settings.token}"
        request = urllib.request.Request(  # noqa: S310 -- the URL is the operator's own setting
            self.settings.url, data=body, headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.settings.timeout) as response:  # noqa: S310
                response.read()
                return Outcome(SENT, f"HTTP {response.status}")
        except urllib.error.HTTPError as error:
            error.close()
            if 400 <= error.code < 500 and error.code != 429:
                return Outcome(REFUSED, f"HTTP {error.code}")
            # 5xx, and 429 (too many requests: the provider asks to come back later).
            return Outcome(RETRY, f"HTTP {error.code}")
        except TimeoutError:
            return Outcome(RETRY, "waktu habis")
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            if isinstance(reason, TimeoutError):
                return Outcome(RETRY, "waktu habis")
            return Outcome(RETRY, f"koneksi gagal ({type(reason).__name__})")
