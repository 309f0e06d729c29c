"""Referrals to the FKTP: statuses and their moves, urgency, deadlines and follow-up findings
(`lifecycle`). Plain Python, no Flask.
"""
