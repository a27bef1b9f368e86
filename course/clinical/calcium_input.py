"""Checking a calcium or albumin result before any sum: numbers, units and plausible ranges.

The first step of :mod:`course.clinical.calcium`. A calcium that looks like mg/dL, an albumin
that looks like g/dL, or a value no living patient could have raises a
:class:`CalciumInputError` (a ``ValueError``) whose message, from
``assets/03_diagnosis/calcium.yml``, names the likely slip. Also the mg/dL to mmol/L conversion
and the rounding to 2 decimal places that labs use. :mod:`course.clinical.calcium` exports every
public name defined here.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from course.content import read_content
from course.errors import CourseError
from course.paths import assets_dir

#: 1 mmol/L of calcium is 4.008 mg/dL (molar mass of calcium 40.08 g/mol).
MG_DL_PER_MMOL_L = 4.008

#: Plausible measured total calcium in a living patient, mmol/L. Values outside are refused.
CALCIUM_PLAUSIBLE_MMOL_L = (0.5, 5.5)
#: The largest adjusted value the band lookup accepts (plausible calcium + largest adjustment).
ADJUSTED_MAX_MMOL_L = 6.2
#: A "calcium" in this range is almost certainly mg/dL (normal 8.5-10.5 mg/dL).
CALCIUM_LOOKS_LIKE_MG_DL = (6.0, 25.0)
#: Plausible serum albumin, g/L. Values outside are refused.
ALBUMIN_PLAUSIBLE_G_L = (10.0, 65.0)
#: An "albumin" in this range is almost certainly g/dL (normal 3.5-5.0 g/dL).
ALBUMIN_LOOKS_LIKE_G_DL = (1.0, 6.5)


class CalciumInputError(CourseError, ValueError):
    """A calcium or albumin value the calculator will not use (the message says why)."""


class LikelyUnitError(CalciumInputError):
    """The value looks as if it was entered in the wrong unit (e.g. mg/dL in a mmol/L field).

    Attributes
    ----------
    field
        ``"calcium"`` or ``"albumin"``.
    likely_unit
        The unit the value was probably measured in, e.g. ``"mg/dL"``.
    converted
        What the value would be in the field's own unit, if that guess is right.
    """

    def __init__(self, message: str, field: str, likely_unit: str, converted: float):
        super().__init__(message)
        self.field = field
        self.likely_unit = likely_unit
        self.converted = converted


class ImpossibleValueError(CalciumInputError):
    """The value cannot be a real patient's result (negative, zero, far out of range)."""


def _content() -> dict:
    return read_content(assets_dir() / "03_diagnosis" / "calcium.yml", "calcium")


def _text(value: str) -> str:
    return " ".join(value.split())


def _message(key: str, **values: str) -> str:
    """An input message of ``calcium.yml`` with its values filled in."""
    return _text(_content()["input_messages"][key]).format(**values)


def _round2(value: float) -> float:
    return float(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _as_number(value: object, field: str, unit: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CalciumInputError(_message("not_a_number", field=field, unit=unit, value=repr(value)))
    number = float(value)
    if math.isnan(number) or math.isinf(number):
        raise ImpossibleValueError(_message("not_finite", field=field, unit=unit))
    return number


def check_calcium(calcium_mmol_l: float) -> float:
    """Check a measured total calcium in mmol/L and return it as a float.

    Raises
    ------
    LikelyUnitError
        If it looks like mg/dL (6 to 25), with the mmol/L equivalent in the message.
    ImpossibleValueError
        If it is zero, negative or otherwise out of any survivable range.
    CalciumInputError
        If it is not a number.
    """
    value = _as_number(calcium_mmol_l, "calcium", "mmol/L")
    low, high = CALCIUM_PLAUSIBLE_MMOL_L
    if low <= value <= high:
        return value
    mg_low, mg_high = CALCIUM_LOOKS_LIKE_MG_DL
    if mg_low <= value <= mg_high:
        converted = value / MG_DL_PER_MMOL_L
        raise LikelyUnitError(
            _message("calcium_mg_dl", value=f"{value:g}", converted=f"{converted:.2f}"),
            field="calcium",
            likely_unit="mg/dL",
            converted=converted,
        )
    if value <= 0:
        raise ImpossibleValueError(_message("calcium_not_positive", value=f"{value:g}"))
    raise ImpossibleValueError(
        _message("calcium_out_of_range", value=f"{value:g}", low=f"{low:g}", high=f"{high:g}")
    )


def check_albumin(albumin_g_l: float) -> float:
    """Check a serum albumin in g/L and return it as a float.

    Raises
    ------
    LikelyUnitError
        If it looks like g/dL (1 to 6.5), with the g/L equivalent in the message.
    ImpossibleValueError
        If it is zero, negative or otherwise out of any plausible range.
    CalciumInputError
        If it is not a number.
    """
    value = _as_number(albumin_g_l, "albumin", "g/L")
    low, high = ALBUMIN_PLAUSIBLE_G_L
    if low <= value <= high:
        return value
    gdl_low, gdl_high = ALBUMIN_LOOKS_LIKE_G_DL
    if gdl_low <= value <= gdl_high:
        converted = value * 10
        raise LikelyUnitError(
            _message("albumin_g_dl", value=f"{value:g}", converted=f"{converted:g}"),
            field="albumin",
            likely_unit="g/dL",
            converted=converted,
        )
    if value <= 0:
        raise ImpossibleValueError(_message("albumin_not_positive", value=f"{value:g}"))
    raise ImpossibleValueError(
        _message("albumin_out_of_range", value=f"{value:g}", low=f"{low:g}", high=f"{high:g}")
    )


def mg_dl_to_mmol_l(calcium_mg_dl: float) -> float:
    """Convert a calcium in mg/dL to mmol/L (divide by 4.008), rounded to 2 decimal places."""
    value = _as_number(calcium_mg_dl, "calcium", "mg/dL")
    if value <= 0:
        raise ImpossibleValueError(_message("mg_dl_not_positive", value=f"{value:g}"))
    return _round2(value / MG_DL_PER_MMOL_L)
