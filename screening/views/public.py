"""Pages anyone may open: the front page and the language switch."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    return render_template("public/home.html")


@bp.get("/bahasa/<lang>")
def switch_language(lang):
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        session.permanent = True
    return redirect(local_path(request.args.get("next")) or url_for("public.home"))


def local_path(target: str | None) -> str | None:
    """`target` if it stays on this site, else None: the switch must not become an open redirect."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
