"""Entry point for `flask --app app …` and for gunicorn (`gunicorn app:app`)."""

from screening.web.app import create_app

app = create_app()
