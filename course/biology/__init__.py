"""Teaching tables of bone biology and spread, read from ``assets/``.

Lesion types by primary (``lesions``), where deposits go (``spread``) and the phases of one
remodelling cycle (``remodelling_cycle``).
"""
