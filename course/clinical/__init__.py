"""Pure clinical arithmetic and rules, one file per rule set, each tested on its own.

DESIGN.md sketches a single ``clinical.py``; with several modules adding rules at once, one file per
rule set keeps each small and lets ``tests/clinical/`` mirror it. Import from the submodule, e.g.
``from course.clinical.calcium import adjusted_calcium``.

- ``calcium``: adjusted calcium, its NHS CKS band, unit checks (module 3, reused by module 5)
- ``mirels``: Mirels' score for fracture risk in long-bone metastases (module 4)
- ``triage``: red-flag recognition and urgency (module 5)
- ``pain``: the WHO analgesic ladder as a teaching framework (module 5)
- ``hypercalcaemia``: the treatment timeline (module 5)
"""
