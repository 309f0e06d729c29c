"""gunicorn settings: `gunicorn app:app` picks this file up from the working directory."""

bind = "127.0.0.1:8000"
workers = 2
# The access log format leaves out the query string and referrer; the logger class puts the
# filter of screening/web/logs.py on gunicorn's own logs from the start: personal-link tokens and
# NIKs redacted, control characters escaped (a `%0A` in a path cannot forge a log line).
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss'
logger_class = "screening.web.logs.GunicornLogger"
