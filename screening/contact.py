"""Phone numbers as WhatsApp wants them, for the wa.me links KPU sends officers and the clinician
taps to reach one.

The rule: an Indonesian mobile number, written the ways people write it (`0812-3456-7890`,
`+62 812 3456 7890`, `6281234567890`), becomes `6281234567890`: digits only, the leading 0 of the
national form replaced by the country code 62. Only mobile numbers (62 8…, 10 to 15 digits) get
a link; a landline (`0285 421234`), a foreign number or a typo gets None, and the page or the
workbook shows no link rather than one that opens the wrong chat.
"""

import re

MOBILE = re.compile(r"628\d{7,12}")  # 62 + 8 + 7 to 12 more digits: 10 to 15 in all


def whatsapp_number(phone: str | None) -> str | None:
    """`0812-3456-7890`, `+62 812 3456 7890` or `6281234567890` → `6281234567890`; None when
    it is not an Indonesian mobile number."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return digits if MOBILE.fullmatch(digits) else None


def dial_number(phone: str | None) -> str | None:
    """A number as a `tel:` link dials it: `(0285) 421-234` → `0285421234`, a leading `+`
    kept; None when no digit is left."""
    text = (phone or "").strip()
    digits = re.sub(r"\D", "", text)
    if not digits:
        return None
    return "+" + digits if text.startswith("+") else digits
