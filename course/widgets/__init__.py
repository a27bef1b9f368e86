"""Interactive diagrams and self-checks (ipywidgets and anywidget).

Each interactive has its own file; the logic it draws lives in ``course.models`` or
``course.clinical`` and is tested on its own. Shared presentation (verdicts, callouts, tables,
Markdown, templates) is :mod:`course.widgets.kit`; the one stylesheet is ``course.css``.
"""
