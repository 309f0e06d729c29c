"""Skrining kesehatan petugas pemilu.

The domain packages here are plain Python and import no Flask; `screening.web` is the Flask side.
See docs/ARCHITECTURE.md.
"""
