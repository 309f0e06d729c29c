"""gunicorn settings: `gunicorn app:app` picks this file up from the working directory."""

bind = "127.0.0.1:8000"
workers = 2
# The access log format leaves out the query string and referrer; the filter in screening/logs.py
# (installed by the app on gunicorn's loggers) rewrites personal-link tokens and NIKs in the path.
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss'
