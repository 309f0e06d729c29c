"""Pages anyone may open: the front page and the language switch."""

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for

from screening.web.params import safe_next

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    return render_template("public/home.html")


@bp.get("/bahasa/<lang>")
def switch_language(lang):
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        session.permanent = True
    return redirect(safe_next(request.args.get("next")) or url_for("public.home"))
