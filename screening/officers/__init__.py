"""Officers' way in: personal links and access codes (`access`), and the rows KPU hands out
(`links`). Plain Python, no Flask.
"""
