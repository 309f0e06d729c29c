"""Referrals to the FKTP: statuses and their moves, urgency and deadlines (`lifecycle`), and the
clinician's follow-up findings (`findings`). Plain Python, no Flask.
"""
