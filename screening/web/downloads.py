"""The one way a spreadsheet leaves the app: audit-logged, as an attachment with its dated
name, never cached (the lists hold names, NIKs, phones or links; the counts are still KPU's)."""

from io import BytesIO

from flask import send_file

from screening.action_lists import mimetype
from screening.web import audit


def send_spreadsheet(body: bytes, *, name: str, kind: str, subject: str, detail: str):
    """`body` written as `kind` (xlsx or csv), downloaded as `name`. The audit row says what
    and how much (`detail`), never a NIK or a token: the name holds only the area and the day."""
    audit.record("export", subject, detail)
    response = send_file(
        BytesIO(body), mimetype=mimetype(kind), as_attachment=True, download_name=name
    )
    response.headers["Cache-Control"] = "no-store"
    return response
