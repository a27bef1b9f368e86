"""Pure science models (no Jupyter): e.g. ``remodelling`` (bone remodelling ODEs)."""
