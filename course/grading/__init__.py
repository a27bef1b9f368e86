"""The nbgrader side: build quiz notebooks from the bank, release, autograde, feedback, export,
item analysis. nbgrader is imported inside the functions that need it."""
