"""Pure clinical arithmetic and rules, one file per rule set, each tested on its own.

DESIGN.md sketches a single ``clinical.py``; with several modules adding rules, one file per rule
set keeps each small and lets ``tests/clinical/`` mirror it. Import from the submodule, e.g.
``from course.clinical.calcium import adjusted_calcium``.

- ``calcium``: adjusted calcium and its NHS CKS band (module 3, reused by module 5); the
  unit and plausibility checks of what is typed are ``calcium_input``
- ``imaging``: which test answers which clinical question, and the checks before it (module 3)
- ``mirels``: Mirels' score for fracture risk in long-bone metastases (module 4)
- ``bone_drugs``: zoledronic acid and denosumab, and what a patient factor changes (module 4)
- ``radiotherapy``: single against multiple fractions as a timeline (module 4)
- ``treatment_options``: primary cancer and situation to the options that fit (module 4)
- ``triage``: red-flag recognition and urgency (module 5); its findings file is read by
  ``triage_findings`` and its practice vignettes by ``triage_vignettes``
- ``pain``: the WHO analgesic ladder as a teaching framework, NICE CG140 starting doses (module 5)
- ``hypercalcaemia``: the treatment timeline (module 5)
- ``consent``: who may decide, under the Mental Capacity Act 2005 and Montgomery (module 6); the
  scenarios and their wording are ``consent_scenario``
"""
