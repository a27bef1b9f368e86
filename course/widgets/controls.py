"""Small accessible form controls with native HTML semantics (anywidget).

ipywidgets 8 cannot give a radio group its question as its name, gives its sliders no accessible
name, and has no live region. These controls are drawn with plain HTML form elements, so the
browser and screen readers treat them as what they are, and they are styled by the course's one
stylesheet (:mod:`course.widgets.style`; injected once per page by the first control drawn).

Controls
--------
``SingleChoice(options, label="", value=None, disabled=False, label_html="")``
    One choice from several: ``<fieldset role="radiogroup">`` named by its ``<legend>`` (the
    question), radios sharing one ``name`` so the group is one Tab stop and the arrow keys move
    within it. ``value`` is the chosen option key, or ``None``.
``MultipleChoice(options, label="", value=(), disabled=False, label_html="")``
    Tick boxes in a ``<fieldset>`` named by its ``<legend>``. ``value`` is the list of ticked keys
    in display order.
``NumberInput(label, unit="", value="", placeholder="", disabled=False)``
    A text box for a number, named by its ``<label>`` and its unit (the unit is shown after the
    box and is part of the name). ``value`` is the text as typed (a string), so the marker can
    read "2,8" or "2.8 mmol/L" and explain a slip rather than lose it.
``TextArea(label, value="", placeholder="", rows=5, disabled=False)``
    A named ``<textarea>``; ``value`` is the text.
``LiveRegion(value="", role="status")``
    A region that stays on the page and whose content changes: ``role="status"`` with
    ``aria-live="polite"`` (or ``role="alert"``, assertive, for errors the learner must act on).
    ``value`` is trusted HTML built by the course's own code (escape anything the learner typed).
    Screen readers announce each change; setting the same text again announces nothing.
``Slider(label, min=0, max=100, step=1, value=0, unit="", disabled=False)`` and ``IntSlider``
    A named ``<input type="range">`` replacing ipywidgets' sliders: visible label, a thumb and
    track of at least 3:1 contrast, a readout of the value and unit beside it, and
    ``aria-valuetext`` such as "12 days". ``IntSlider`` keeps ``value`` an ``int``.

Common API
----------
* ``options`` are ``(key, label)`` pairs in display order (labels are plain text);
* ``label`` is the visible name (the question for a group); ``label_html`` (groups only), when
  given, is trusted HTML shown as the legend instead, e.g. a question stem with emphasis;
* ``description=`` is accepted as another spelling of ``label`` (as in ipywidgets);
* ``disabled`` greys the control and takes it out of the Tab order;
* ``observe(callback, "value")`` works as for any ipywidget; ``focus()`` moves keyboard focus to
  the control (the chosen radio, else the first one);
* ``add_class`` / ``layout`` as for any ipywidget.

Bad input from Python (an unknown key, a value outside a slider's range) raises ``ValueError``
naming the control and the allowed values.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import anywidget
import traitlets as T

from course.widgets.style import stylesheet

#: The controls' JavaScript modules (anywidget ESM), one file each beside this module.
JS_DIR = Path(__file__).with_name("js")


def _js(name: str) -> str:
    """The text of ``js/<name>.js``."""
    return (JS_DIR / f"{name}.js").read_text(encoding="utf-8")


__all__ = [
    "IntSlider",
    "LiveRegion",
    "MultipleChoice",
    "NumberInput",
    "SingleChoice",
    "Slider",
    "TextArea",
]

# Shared JavaScript: the stylesheet (injected once per page), unique ids, focus messages.
_COMMON_JS = _js("common")


def _esm(body: str) -> str:
    return _COMMON_JS.replace("__BC_CSS__", json.dumps(stylesheet())) + body


_GROUP_JS = _js("group")

_NUMBER_JS = _js("number")

_LIVE_JS = _js("live")

_SLIDER_JS = _js("slider")


def _pairs(options: Iterable) -> list[tuple[str, str]]:
    """``(key, label)`` pairs from pairs or from plain strings (a string is its own key)."""
    out: list[tuple[str, str]] = []
    for o in options:
        if isinstance(o, str):
            out.append((o, o))
        else:
            key, text = o
            out.append((str(key), str(text)))
    keys = [k for k, _ in out]
    if len(set(keys)) != len(keys):
        raise ValueError(f"Option keys must be unique, got {keys}.")
    return out


class _Control(anywidget.AnyWidget):
    """Common behaviour: ``label`` (or ``description``), ``disabled``, ``focus()``."""

    label = T.Unicode("").tag(sync=True)
    disabled = T.Bool(False).tag(sync=True)

    def __init__(self, *args, description: str | None = None, **kwargs):
        if description is not None and "label" not in kwargs:
            kwargs["label"] = description
        super().__init__(*args, **kwargs)

    @property
    def description(self) -> str:
        """Another name for :attr:`label` (as ipywidgets calls it)."""
        return self.label

    @description.setter
    def description(self, text: str) -> None:
        self.label = text

    def focus(self) -> None:
        """Move keyboard focus to this control in every view of it."""
        self.send({"type": "focus"})


class _Group(_Control):
    options = T.List(T.Tuple(T.Unicode(), T.Unicode())).tag(sync=True)
    label_html = T.Unicode("").tag(sync=True)
    _multiple = T.Bool(False).tag(sync=True)

    def __init__(self, options: Sequence = (), **kwargs):
        super().__init__(options=_pairs(options), **kwargs)

    @T.validate("options")
    def _valid_options(self, proposal):
        return _pairs(proposal["value"])

    @property
    def option_keys(self) -> list[str]:
        """The option keys in display order."""
        return [k for k, _ in self.options]

    def _name(self) -> str:
        return f"{type(self).__name__} {self.label!r}" if self.label else type(self).__name__


class SingleChoice(_Group):
    """One choice from several, as a named radio group (see the module docstring)."""

    _esm = _esm(_GROUP_JS)
    value = T.CUnicode(None, allow_none=True).tag(sync=True)  # 0 is read as "0"

    def __init__(self, options: Sequence = (), value: str | None = None, **kwargs):
        super().__init__(options=options, **kwargs)
        self.value = value

    @T.validate("value")
    def _valid_value(self, proposal):
        v = proposal["value"]
        if v is not None and v not in self.option_keys:
            raise ValueError(f"{self._name()}: {v!r} is not one of the options {self.option_keys}.")
        return v

    @T.observe("options")
    def _options_changed(self, change):
        if self.value is not None and self.value not in self.option_keys:
            self.value = None


class MultipleChoice(_Group):
    """Tick every option that applies, as a named group of tick boxes."""

    _esm = _esm(_GROUP_JS)
    value = T.List(T.Unicode()).tag(sync=True)
    _multiple = T.Bool(True).tag(sync=True)

    def __init__(self, options: Sequence = (), value: Iterable[str] = (), **kwargs):
        super().__init__(options=options, **kwargs)
        self.value = list(value)

    @T.validate("value")
    def _valid_value(self, proposal):
        chosen = list(proposal["value"])
        unknown = [v for v in chosen if v not in self.option_keys]
        if unknown:
            raise ValueError(f"{self._name()}: {unknown} not among the options {self.option_keys}.")
        return [k for k in self.option_keys if k in chosen]  # display order, no repeats

    @T.observe("options")
    def _options_changed(self, change):
        self.value = [k for k in self.value if k in self.option_keys]


class NumberInput(_Control):
    """A named text box for a number and its unit; ``value`` is the text as typed."""

    _esm = _esm(_NUMBER_JS)
    value = T.Unicode("").tag(sync=True)
    unit = T.Unicode("").tag(sync=True)
    placeholder = T.Unicode("").tag(sync=True)
    continuous_update = T.Bool(True).tag(sync=True)
    _multiline = T.Bool(False).tag(sync=True)
    rows = T.Int(5).tag(sync=True)


class TextArea(NumberInput):
    """A named multi-line text box; ``value`` is the text."""

    _multiline = T.Bool(True).tag(sync=True)


class LiveRegion(anywidget.AnyWidget):
    """A region whose changes screen readers announce (``role="status"`` or ``"alert"``)."""

    _esm = _esm(_LIVE_JS)
    value = T.Unicode("").tag(sync=True)
    role = T.Enum(["status", "alert"], "status").tag(sync=True)

    def focus(self) -> None:
        """Move focus to the region (rarely wanted: announcements do not need focus)."""
        self.send({"type": "focus"})


class Slider(_Control):
    """A named range slider with a visible readout (floats); see the module docstring."""

    _esm = _esm(_SLIDER_JS)
    value = T.Float(0.0).tag(sync=True)
    min = T.Float(0.0).tag(sync=True)
    max = T.Float(100.0).tag(sync=True)
    step = T.Float(1.0).tag(sync=True)
    unit = T.Unicode("").tag(sync=True)
    decimals = T.Int(0).tag(sync=True)
    continuous_update = T.Bool(True).tag(sync=True)

    def __init__(self, label: str = "", **kwargs):
        if "decimals" not in kwargs:
            step = float(kwargs.get("step", 1.0))
            text = f"{step:.6f}".rstrip("0").rstrip(".")
            kwargs["decimals"] = len(text.split(".")[1]) if "." in text else 0
        value = kwargs.pop("value", None)
        super().__init__(label=label, **kwargs)
        if self.min > self.max:
            raise ValueError(f"Slider {self.label!r}: min {self.min} is above max {self.max}.")
        if value is not None:
            self.value = value
        else:
            self.value = self.min

    @T.validate("value")
    def _valid_value(self, proposal):
        v = proposal["value"]
        if not self.min <= v <= self.max:
            raise ValueError(f"Slider {self.label!r}: {v} is outside {self.min:g} to {self.max:g}.")
        return v


class IntSlider(Slider):
    """:class:`Slider` whose ``value``, ``min``, ``max`` and ``step`` are integers."""

    value = T.Int(0).tag(sync=True)
    min = T.Int(0).tag(sync=True)
    max = T.Int(100).tag(sync=True)
    step = T.Int(1).tag(sync=True)
