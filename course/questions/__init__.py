"""The question bank and everything built from it.

Loading and checking items (``bank``), the item-writing linter (``lint``), marking answers
(``marking``), each learner's option order (``shuffle``) and the exports to other quiz systems
(``exports``).
"""
