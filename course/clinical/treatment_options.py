"""Which treatments fit a primary cancer and a situation, with their aim and nursing points.

The options are data in ``assets/04_treatments/treatment_options.yml``; this module chooses among
them and applies the two restrictions learners most often miss:

- **Radium-223** (MHRA and EMA 2018): only castration-resistant prostate cancer with
  symptomatic bone metastases and no known visceral metastases; only after at least two lines of
  systemic treatment or when no other treatment is suitable; never with abiraterone plus
  prednisone or prednisolone.
- **Radioactive iodine**: only differentiated (papillary or follicular) thyroid
  cancer; medullary and anaplastic cancers do not take up iodine.

In the data, ``not_for`` gives the reason an option does not fit a primary cancer,
``not_in_situation`` the reason it does not fit a situation (radium-223 is not for a single painful
deposit, which is low-volume disease), and ``primary_notes`` adds a nursing point for one primary
(for example the US label of zoledronic acid in prostate cancer), and ``for_primary``
replaces an option's name and nursing points for one primary (in prostate cancer the bone drug
follows NICE NG131 and TA265: no denosumab 120 mg for bone metastases in NHS practice). The file is
checked against ``course/schemas/treatment_options.schema.json``; this module then checks that
every primary and situation an option names exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from course.content import read_content
from course.errors import ContentError, CourseError
from course.paths import assets_dir

#: Order in which kinds of option are listed.
KIND_ORDER = ("systemic", "bone", "local", "internal", "procedure", "supportive")
KIND_LABELS = {
    "systemic": "Treatment of the whole body",
    "bone": "Bone-targeted drug",
    "local": "Radiotherapy to one area",
    "internal": "Internal (radionuclide) treatment",
    "procedure": "Procedure or surgery",
    "supportive": "Supportive care",
}


#: Radium-223 only after at least this many lines of systemic treatment, unless no other
#: treatment is suitable (MHRA and EMA restrictions, 2018).
RADIUM_MIN_PRIOR_LINES = 2


class TreatmentInputError(CourseError, ValueError):
    """An unknown primary cancer or situation, or impossible details; the message lists choices."""


@dataclass(frozen=True)
class RadiumDetails:
    """Details that decide whether radium-223 is allowed (castration-resistant prostate cancer).

    Attributes
    ----------
    prior_systemic_lines
        Lines of systemic treatment the person has already had.
    other_treatments_unsuitable
        No other systemic treatment is suitable for the person.
    visceral_metastases
        Known spread to organs such as the liver or lungs.
    on_abiraterone_prednisolone
        Currently taking abiraterone with prednisone or prednisolone.
    """

    prior_systemic_lines: int = 2
    other_treatments_unsuitable: bool = False
    visceral_metastases: bool = False
    on_abiraterone_prednisolone: bool = False

    def __post_init__(self) -> None:
        lines = self.prior_systemic_lines
        if isinstance(lines, bool) or not isinstance(lines, int) or lines < 0 or lines > 20:
            raise TreatmentInputError(
                f"Prior lines of systemic treatment must be a whole number from 0 to 20, "
                f"not {lines!r}."
            )

    def radium_barriers(self) -> list[str]:
        """Why radium-223 may not be given with these details (empty: no barrier)."""
        texts = treatment_data()["radium_barriers"]
        barriers = []
        if (
            self.prior_systemic_lines < RADIUM_MIN_PRIOR_LINES
            and not self.other_treatments_unsuitable
        ):
            barriers.append(_flat(texts["too_few_lines"]).format(lines=self.prior_systemic_lines))
        if self.visceral_metastases:
            barriers.append(_flat(texts["visceral_metastases"]))
        if self.on_abiraterone_prednisolone:
            barriers.append(_flat(texts["abiraterone_prednisolone"]))
        return barriers


@dataclass(frozen=True)
class TreatmentOption:
    """One treatment option as it applies to this patient."""

    id: str
    name: str
    kind: str
    aim: str
    nursing: tuple[str, ...]
    source: str
    restrictions: tuple[str, ...] = ()

    @property
    def kind_label(self) -> str:
        """The label of the option's kind, as the explorer shows it."""
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class Excluded:
    """An option that does not fit, and why."""

    id: str
    name: str
    reasons: tuple[str, ...]


@dataclass
class TreatmentPlan:
    """The options that fit a primary cancer and a situation."""

    primary: str
    primary_label: str
    situation: str
    situation_label: str
    first_actions: str
    options: list[TreatmentOption] = field(default_factory=list)
    excluded: list[Excluded] = field(default_factory=list)

    def option_ids(self) -> list[str]:
        """The ids of the options that fit."""
        return [o.id for o in self.options]

    def excluded_ids(self) -> list[str]:
        """The ids of the options that do not fit."""
        return [e.id for e in self.excluded]


def _unknown_names(opt: dict, primaries: set, situations: set) -> list[str]:
    """What an option names that the file does not define, one phrase per problem."""
    problems = []
    for key, known in (("primaries", primaries), ("situations", situations)):
        value = opt[key]
        if value != "all" and not set(value) <= known:
            problems.append(f"unknown {key} {sorted(set(value) - known)}")
    for key, known in (
        ("not_for", primaries),
        ("primary_notes", primaries),
        ("for_primary", primaries),
        ("not_in_situation", situations),
    ):
        unknown = set(opt.get(key, {})) - known
        if unknown:
            problems.append(f"{key} names {sorted(unknown)}")
    return problems


def treatment_data() -> dict:
    """The explorer's data from ``assets/04_treatments/treatment_options.yml``, checked.

    Returns
    -------
    dict
        ``{"primaries": {key: label}, "situations": {key: {...}}, "options": [...]}``.

    Raises
    ------
    course.errors.ContentError
        If the file breaks its schema, or an option names a primary or situation that does not
        exist (the message names the file and the option).
    """
    path = assets_dir() / "04_treatments" / "treatment_options.yml"
    data = read_content(path, "treatment_options")
    primaries, situations = set(data["primaries"]), set(data["situations"])
    problems = [
        f"{path.name}: options/{opt['id']}: {problem}"
        for opt in data["options"]
        for problem in _unknown_names(opt, primaries, situations)
    ]
    if problems:
        raise ContentError(problems)
    return data


def primary_choices() -> dict[str, str]:
    """Primary cancers the explorer knows: key -> label."""
    return dict(treatment_data()["primaries"])


def situation_choices() -> dict[str, str]:
    """Situations the explorer knows: key -> label."""
    return {k: v["label"] for k, v in treatment_data()["situations"].items()}


def _fits(value, key: str) -> bool:
    return value == "all" or key in value


def _flat(text: str) -> str:
    return " ".join(text.split())


def _option(opt: dict, primary: str) -> TreatmentOption:
    """An option as it applies to one primary: its own name and nursing points if it has them."""
    own = opt.get("for_primary", {}).get(primary, {})
    nursing = tuple(own.get("nursing", opt["nursing"]))
    notes = tuple(_flat(note) for note in opt.get("primary_notes", {}).get(primary, []))
    return TreatmentOption(
        id=opt["id"],
        name=own.get("name", opt["name"]),
        kind=opt["kind"],
        aim=opt["aim"],
        nursing=nursing + notes,
        source=opt["source"],
        restrictions=tuple(opt.get("restrictions", ())),
    )


def treatment_options(
    primary: str, situation: str, radium: RadiumDetails | None = None
) -> TreatmentPlan:
    """The options that fit, their aim and nursing points, and those that do not fit and why.

    Parameters
    ----------
    primary
        A key of :func:`primary_choices`, e.g. ``"prostate_castration_resistant"``.
    situation
        A key of :func:`situation_choices`, e.g. ``"impending_hip_fracture"``.
    radium
        Details that decide radium-223 (used only for castration-resistant prostate cancer;
        default: two prior lines, no visceral spread, not on abiraterone).

    Returns
    -------
    TreatmentPlan

    Raises
    ------
    TreatmentInputError
        For an unknown primary or situation (the message lists the choices).
    """
    data = treatment_data()
    if not isinstance(primary, str) or primary not in data["primaries"]:
        raise TreatmentInputError(
            f"{primary!r} is not a primary cancer the explorer knows; choose one of: "
            + ", ".join(data["primaries"])
            + "."
        )
    if not isinstance(situation, str) or situation not in data["situations"]:
        raise TreatmentInputError(
            f"{situation!r} is not a situation the explorer knows; choose one of: "
            + ", ".join(data["situations"])
            + "."
        )
    radium = radium if radium is not None else RadiumDetails()
    sit = data["situations"][situation]
    plan = TreatmentPlan(
        primary, data["primaries"][primary], situation, sit["label"], " ".join(sit["first"].split())
    )
    for opt in data["options"]:
        in_situation = _fits(opt["situations"], situation)
        reason = opt.get("not_for", {}).get(primary)
        if reason and in_situation:
            plan.excluded.append(Excluded(opt["id"], opt["name"], (" ".join(reason.split()),)))
            continue
        situation_reason = opt.get("not_in_situation", {}).get(situation)
        if situation_reason and _fits(opt["primaries"], primary):
            plan.excluded.append(
                Excluded(opt["id"], opt["name"], (" ".join(situation_reason.split()),))
            )
            continue
        if not (in_situation and _fits(opt["primaries"], primary)):
            continue
        if opt["id"] == "radium_223":
            barriers = radium.radium_barriers()
            if barriers:
                plan.excluded.append(Excluded(opt["id"], opt["name"], tuple(barriers)))
                continue
        plan.options.append(_option(opt, primary))
    plan.options.sort(key=lambda o: KIND_ORDER.index(o.kind))
    return plan
