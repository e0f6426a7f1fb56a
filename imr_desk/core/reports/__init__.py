"""Reports: the case summary PDF of one stored letter and the batch report of many (reportlab).

The top stage of the letter's path: it reads `CaseRecord`s the store hands out and never
writes to the store.
"""
