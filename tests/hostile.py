"""Values no honest form sends, for the tests that prove bad input never gives a 500."""

SCRIPT = "<script>alert(1)</script>"
HOSTILE = {
    "superscript digit": "²",
    "arabic-indic digit": "٣",
    "overflow": "99999999999999999999",
    "negative": "-1",
    "zero": "0",
    "empty": "",
    "10,000 digits": "9" * 10_000,
    "10,000 letters": "é" * 10_000,
    "CR/LF": "/\r\nSet-Cookie: x=1",
    "NUL": "a\x00b",
    "non-ASCII": "ABCDEé",
    "path": "../../etc/passwd",
    "far date": "9999-12-31",
    "script": SCRIPT,
}
