"""The published bone remodelling model (``remodelling``).

Komarova et al. 2003, with the tumour terms of Ayati et al. 2010; pure science, no Jupyter.
"""
