"""The web side: the application factory (`app.py`), sign-in, views, forms and the glue to Babel
and Jinja. Everything that imports Flask lives here or in `screening.printing`; the domain
packages beside it never import either.
"""
