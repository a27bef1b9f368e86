"""The nbgrader side of the course.

Build quiz notebooks from the bank, release, autograde, feedback, export, item analysis.
nbgrader is imported inside the functions that need it.
"""
