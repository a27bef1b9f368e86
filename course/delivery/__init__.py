"""How the course reaches people.

The notebooks' setup helpers (``notebook``), JupyterLab settings and launcher (``lab``), Voila
workshop mode (``voila``) and the shared JupyterHub (``hub``).
"""
