"""Documents on paper: render_pdf with its locked fetcher, referral slips, access cards, bulk
printing and print jobs.

Not domain: a document is a Jinja template of the app rendered by WeasyPrint, so this package needs
the app (its templates and config). The domain never imports it.
"""
