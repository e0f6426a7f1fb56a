"""Deadlines: what must be done by when after a determination (``shared/spec/deadlines.md``).

Pure date arithmetic on a letter's header, its service record, the holiday calendar and the
firm's settings; every date comes with the chain of reasons (`basis`) that produced it.
"""
