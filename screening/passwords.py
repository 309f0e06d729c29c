"""The rule for a new staff password, in one place: `flask users create|reset-password` and the
admin's account pages all call `check_new_password`.

A password is refused when it is too short or too long, contains the username, is the demo's
published password, or is easy to guess. "Easy to guess" is zxcvbn's estimate (Dropbox's
estimator, kept up as the `zxcvbn` package): it matches the password against its frequency lists
(about 30,000 of the passwords most common in breaches, plus common names and words), keyboard
patterns, dates, repeats and sequences, and against the account's own words given to it. Only a
score of 3 or more passes: at least 10^8 guesses, unreachable online with the sign-in lockout.

Errors are raised as `PasswordRefused` with a msgid and its params (as `NikError`), so the CLI and
the forms translate them at display time. Plain Python: no Flask.
"""

import threading

from screening.demo import DEMO_PASSWORD
from screening.messages import N_, MessageError

MIN_LENGTH = 10
# Long enough for any passphrase; a limit at all because argon2 and the guessability estimate
# both work on the whole text.
MAX_LENGTH = 128
MIN_SCORE = 3
# zxcvbn's work grows quickly with length (9 s for 128 characters of a keyboard run, 2.5 s for
# 64, 0.2 s for 32 on our server): only the first 32 characters are estimated. A password whose
# first 32 characters are hard to guess is hard to guess.
ESTIMATED_LENGTH = 32
# Words anyone would try first against this service's accounts.
SERVICE_WORDS = ("skrining", "kesehatan", "petugas", "pemilu", "kpu", "fktp", "puskesmas")

# zxcvbn keeps each call's account words in a module-level dictionary: one call at a time.
_estimating = threading.Lock()

MSG_TOO_SHORT = N_("Kata sandi minimal %(min)s karakter; yang diisi %(count)s karakter.")
MSG_TOO_LONG = N_("Kata sandi paling panjang %(max)s karakter; yang diisi %(count)s karakter.")
MSG_HAS_USERNAME = N_("Kata sandi tidak boleh memuat nama pengguna.")
MSG_PUBLISHED = N_("Kata sandi ini sudah diumumkan (kata sandi akun demo) dan tidak boleh dipakai.")
MSG_COMMON = N_(
    "Kata sandi ini termasuk yang paling sering dipakai atau pernah bocor. Pilih yang lain."
)
MSG_GUESSABLE = N_(
    "Kata sandi ini mudah ditebak. Pakai beberapa kata yang tidak berhubungan, misalnya "
    "tiga atau empat kata acak."
)


class PasswordRefused(MessageError):
    """A new password that breaks the rule; `message` says why, in Indonesian."""


def check_new_password(password: str, *, username: str, full_name: str | None = None) -> None:
    """Raise PasswordRefused when `password` may not be set for the account `username`."""
    if len(password) > MAX_LENGTH:
        raise PasswordRefused(MSG_TOO_LONG, max=MAX_LENGTH, count=len(password))
    if len(password) < MIN_LENGTH:
        raise PasswordRefused(MSG_TOO_SHORT, min=MIN_LENGTH, count=len(password))
    folded = password.casefold()
    username = (username or "").strip().casefold()
    if username and username in folded:
        raise PasswordRefused(MSG_HAS_USERNAME)
    if folded == DEMO_PASSWORD.casefold():
        raise PasswordRefused(MSG_PUBLISHED)
    estimated = password[:ESTIMATED_LENGTH]
    account_words = [username, *(full_name or "").split(), DEMO_PASSWORD, *SERVICE_WORDS]
    # Imported here: its word lists take about 13 MB, which only a process that sets passwords
    # (the admin's worker, the CLI) needs to hold.
    from zxcvbn import zxcvbn

    with _estimating:
        result = zxcvbn(estimated, user_inputs=[w for w in account_words if w])
    if result["score"] >= MIN_SCORE:
        return
    if any(
        match.get("dictionary_name") == "passwords" and len(match["token"]) == len(estimated)
        for match in result["sequence"]
    ):
        raise PasswordRefused(MSG_COMMON)
    raise PasswordRefused(MSG_GUESSABLE)
