"""Printing many slips or cards as one PDF: chunks rendered in worker processes, then merged.

WeasyPrint is single-threaded and its memory grows with the document, so a city's slips are
rendered as documents of `PDF_CHUNK` slips, `PDF_WORKERS` at a time (one process per core), and
the parts are merged in area order (Poppler's pdfunite; pypdf where it is missing). Only a few
chunks are in flight at once, so memory stays flat however many slips are printed. A print smaller
than `PDF_POOL_MIN` is rendered in this process: starting the pool would cost more than it saves.

Runs inside an app context (a `flask` command or the job worker, screening/tasks.py). Every file
written is readable by its owner only (the slips name officers); the pool's processes die with the
process that started them, so a killed worker leaves none behind.
"""

import contextlib
import ctypes
import gc
import os
import shutil
import signal
import subprocess
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from flask import current_app
from pypdf import PdfWriter

from screening.areas import Area
from screening.clock import now_iso
from screening.printing import slips
from screening.printing.pdf import render_document, render_pdf
from screening.store import access as access_store
from screening.store import printing
from screening.web.database import get_db
from screening.web.officer_session import access_key, token_hash_for
from screening.web.public_url import base_url, public_url

SLIPS, CARDS = "slips", "cards"
SLIP_TEMPLATE = "pdf/slips.html"
CARD_TEMPLATE = "pdf/cards.html"
# What a worker process needs of the parent's configuration to build the same app.
WORKER_CONFIG = ("SECRET_KEY", "ACCESS_KEY", "DATABASE", "BASE_URL", "TESTING", "SERVICE_OPERATOR")

Progress = Callable[[int, int], None]  # (items done, items in all)


# --- what is printed ------------------------------------------------------------------------


def slip_document(rows: Iterable[dict]) -> dict:
    """The template data of a document of slips as KPU prints them: no health data."""
    return {
        "slips": [slips.slip(row, base_url=base_url()) for row in rows],
        "issuer": current_app.config["SERVICE_OPERATOR"],
    }


def full_slip_pdf(row: dict) -> bytes:
    """One slip with the screening's findings (`store.printing.full_slip_row`), on one A5 page.

    A slip that would run over is laid out again with fewer reasons (the referral page behind the
    QR code has them all), so the statement and the signatures are never on a second page.
    """
    issuer = current_app.config["SERVICE_OPERATOR"]

    def layout(reasons: int):
        data = slips.full_slip(row, base_url=base_url(), reason_lines=reasons)
        return render_document(SLIP_TEMPLATE, slips=[data], issuer=issuer)

    document = layout(slips.REASON_LINES)
    if len(document.pages) > 1:
        # Most slips fit at once; the others take the most reasons that fit (fewer reasons never
        # make a slip longer, so a binary search finds it in a few layouts).
        fitting, low, high = layout(0), 1, slips.REASON_LINES - 1
        while low <= high:
            middle = (low + high) // 2
            candidate = layout(middle)
            if len(candidate.pages) == 1:
                fitting, low = candidate, middle + 1
            else:
                high = middle - 1
        document = fitting
    return document.write_pdf()


def sign_in_url() -> str:
    return public_url("officer.sign_in")


def card_groups(area: Area) -> list[dict]:
    """The area's officers' access cards per TPS, issuing access to those who have none yet."""
    db = get_db()
    listed = access_store.officers_in_area(db, **area.filters())
    if access_store.issue_missing(db, [o["id"] for o in listed], token_hash_for, now=now_iso()):
        listed = access_store.officers_in_area(db, **area.filters())
    return slips.cards(
        listed,
        key=access_key(),
        link_for=lambda token: public_url("officer.open_link", token=token),
    )


def card_document(groups: list[dict]) -> dict:
    return {"groups": groups, "sign_in_url": sign_in_url()}


def _slip_chunks(area: Area, size: int) -> Iterator[tuple[dict, int]]:
    batch = []
    for row in printing.slip_rows(get_db(), **area.filters()):
        batch.append(row)
        if len(batch) == size:
            yield slip_document(batch), len(batch)
            batch = []
    if batch:
        yield slip_document(batch), len(batch)


def _card_chunks(groups: list[dict], size: int) -> Iterator[tuple[dict, int]]:
    # Whole TPS groups per document: a TPS split across two would leave a half-empty page.
    batch: list[dict] = []
    for group in groups:
        batch.append(group)
        if slips.card_count(batch) >= size:
            yield card_document(batch), slips.card_count(batch)
            batch = []
    if batch:
        yield card_document(batch), slips.card_count(batch)


def print_slips(area: Area, out: Path, progress: Progress | None = None) -> int:
    """Write the area's referral slips, in area order, to `out`; return how many."""
    total = printing.count_slips(get_db(), **area.filters())
    chunks = _slip_chunks(area, chunk_size(total))
    render_parts(SLIP_TEMPLATE, chunks, Path(out), total=total, progress=progress)
    return total


def print_cards(area: Area, out: Path, progress: Progress | None = None) -> int:
    """Write the area's officers' access cards, a TPS at a time, to `out`; return how many."""
    groups = card_groups(area)
    total = slips.card_count(groups)
    chunks = _card_chunks(groups, chunk_size(total))
    render_parts(CARD_TEMPLATE, chunks, Path(out), total=total, progress=progress)
    return total


# --- rendering in parts -------------------------------------------------------------------------


def workers(total: int) -> int:
    """Worker processes for a print of `total` items: one (this process) below PDF_POOL_MIN.

    A pool costs seconds before its first page (each worker starts Python, imports WeasyPrint,
    builds the app and loads the fonts), and a slip takes well under a tenth of a second: a small
    print is done in this process before a pool would have started (docs/benchmarks.md).
    """
    if total < current_app.config["PDF_POOL_MIN"]:
        return 1
    return current_app.config.get("PDF_WORKERS") or os.cpu_count() or 1


def chunk_size(total: int) -> int:
    """PDF_CHUNK items per document, fewer for a small print so that every core gets a share."""
    return max(1, min(current_app.config["PDF_CHUNK"], -(-total // workers(total))))


def render_parts(
    template: str,
    chunks: Iterator[tuple[dict, int]],
    out: Path,
    *,
    total: int,
    progress: Progress | None = None,
) -> None:
    """Render each chunk's data with `template`, then merge the parts into `out` in order.

    The output appears only when complete (written beside it, then renamed); with nothing to
    print no file is written (a PDF without pages is not a document).
    """
    if total == 0:
        if progress:
            progress(0, 0)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    done = 0
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".parts-") as tmp:
        parts: list[Path] = []

        def finished(count: int) -> None:
            nonlocal done
            done += count
            if progress:
                progress(done, total)

        count = workers(total)
        if count == 1:
            for index, (data, size) in enumerate(chunks):
                parts.append(Path(tmp) / f"{index:05d}.pdf")
                write_private(parts[-1], render_pdf(template, **data))
                finished(size)
        else:
            _render_in_pool(template, chunks, Path(tmp), parts, count, finished)
        partial = out.with_name(out.name + ".part")
        # Created private first: pdfunite, copyfile and pypdf write into it and keep its mode.
        write_private(partial, b"")
        merge(parts, partial)
        partial.replace(out)


def write_private(path: Path, data: bytes) -> None:
    """Write `path` readable by its owner only, whatever the process's umask."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def _render_in_pool(template, chunks, tmp: Path, parts: list, count: int, finished) -> None:
    config = {name: current_app.config.get(name) for name in WORKER_CONFIG}
    # spawn, not fork: the parent may be a threaded web server, and a forked copy of its locks
    # (SQLite, logging) could hang the child.
    with ProcessPoolExecutor(
        max_workers=count,
        mp_context=get_context("spawn"),
        initializer=_start_worker,
        initargs=(config, os.getpid()),
    ) as pool:
        pending: deque = deque()
        for index, (data, size) in enumerate(chunks):
            path = tmp / f"{index:05d}.pdf"
            parts.append(path)
            pending.append((pool.submit(_render_part, template, data, str(path)), size))
            # A bounded queue: chunk data waiting for a worker is memory too.
            while len(pending) >= 2 * count:
                future, size_done = pending.popleft()
                future.result()
                finished(size_done)
        while pending:
            future, size_done = pending.popleft()
            future.result()
            finished(size_done)


_worker_app = None


def _start_worker(config: dict, parent: int) -> None:
    global _worker_app  # one app per worker process, built once
    _die_with(parent)
    # Imported here: web.app registers the views, and views/slips.py imports this module.
    from screening.web.app import create_app

    _worker_app = create_app(config)


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _die_with(parent: int) -> None:
    """Have the kernel kill this process when its parent dies.

    A pool's processes wait for work on a pipe and outlive a parent killed with SIGKILL or by the
    OOM killer, holding ~80 MB each for good. The signal is sent when the parent's thread that
    started this process ends: the pool is started by the thread that prints, which waits for it.
    """
    with contextlib.suppress(OSError, AttributeError):  # not Linux: nothing to ask for
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)  # the parent died before the request was made


def _render_part(template: str, data: dict, path: str) -> str:
    with _worker_app.app_context():
        write_private(Path(path), render_pdf(template, **data))
    _release_memory()
    return path


def _release_memory() -> None:
    # A worker renders hundreds of documents: hand the freed layout memory back to the system
    # between them, or the process keeps its largest document's high-water mark for good.
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def merge(parts: list[Path], out: Path) -> None:
    """One PDF from the parts, in order.

    Poppler's pdfunite copies page by page (about 140 MB for a city's 8,123 slips); pypdf holds
    the whole document as Python objects (over 600 MB), so it is only the fallback where Poppler
    is missing.
    """
    if len(parts) == 1:
        shutil.copyfile(parts[0], out)
        return
    pdfunite = shutil.which("pdfunite")
    if pdfunite:
        # An argument list, never a shell string; the paths are our own temporary files.
        subprocess.run([pdfunite, *map(str, parts), str(out)], check=True, capture_output=True)  # noqa: S603
        return
    writer = PdfWriter()
    for part in parts:
        writer.append(str(part))
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        writer.write(f)
