"""Interactive diagrams and self-checks (ipywidgets). Each interactive has its own file; the logic
it draws lives in ``course.models`` or ``course.clinical`` and is tested on its own."""
