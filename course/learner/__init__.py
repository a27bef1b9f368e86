"""The learner's own records.

The progress store (``store``), their standing per module and objective (``standing``), which
items come back and when (``review_schedule``) and the printable learning record (``record``).
"""
