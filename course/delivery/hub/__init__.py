"""The shared JupyterHub workshop.

Set-up and teardown (``setup``), system users (``users``), the nbgrader exchange
(``exchange``), resource limits (``limits``), the trainers' live view (``liveview``), and the
load test's client (``client``, ``load``).
"""
