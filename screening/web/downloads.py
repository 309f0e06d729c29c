"""The one way a file leaves the app for staff: audit-logged, as an attachment with its dated
name, never cached (the lists hold names, NIKs, phones or links; the counts are still KPU's).
Spreadsheets made in the request and files a background job made both go through here."""

from io import BytesIO
from pathlib import Path

from flask import send_file

from screening.action_lists import mimetype
from screening.web import audit


def send_download(source: BytesIO | Path, *, name: str, mimetype: str, subject: str, detail: str):
    """`source` as an attachment named `name`, audit-logged and never cached: every file staff
    download holds names, NIKs, phones or links. The audit row says what and how much
    (`detail`), never a NIK or a token: the name holds only the area and the day."""
    audit.record("export", subject, detail)
    response = send_file(source, mimetype=mimetype, as_attachment=True, download_name=name)
    response.headers["Cache-Control"] = "no-store"
    return response


def send_spreadsheet(body: bytes, *, name: str, kind: str, subject: str, detail: str):
    """`body` written as `kind` (xlsx or csv), downloaded as `name`."""
    return send_download(
        BytesIO(body), name=name, mimetype=mimetype(kind), subject=subject, detail=detail
    )
