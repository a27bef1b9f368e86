"""Save my learning record: a preview of the printable record and a button to save it.

The record itself is :mod:`course.learner.record` (a Jinja2 page); this widget only previews and
saves
it. Its words are in ``assets/my_progress/standing_view.yml`` (``record``).
"""

from __future__ import annotations

import html
from datetime import datetime

import ipywidgets as W

from course.learner.store import ProgressStore
from course.questions.bank import Bank
from course.widgets.controls import LiveRegion
from course.widgets.standing_view import TEXT, _store_and_bank

_R = TEXT["record"]


class LearningRecordView(W.VBox):
    """Preview the learning record and save it as HTML (and PDF where a converter exists)."""

    def __init__(
        self,
        store: ProgressStore | None = None,
        bank: Bank | None = None,
        path: str | None = None,
        now: datetime | None = None,
    ):
        from course.learner.record import build_record, default_record_path

        self.store, self.bank = _store_and_bank(store, bank)
        self._now = now
        self.path = path or default_record_path(self.store, now)
        self.name = W.Text(
            value="",
            description=_R["name"],
            placeholder=_R["name_placeholder"],
            style={"description_width": "initial"},
            layout=W.Layout(width="24em"),
        )
        self.want_pdf = W.Checkbox(value=True, description=_R["pdf"], indent=False)
        self.save_button = W.Button(
            description=_R["save"],
            icon="save",
            button_style="primary",
            tooltip=_R["save_tooltip"],
            layout=W.Layout(width="auto"),
        )
        self.message = LiveRegion(role="alert")
        self.preview = W.HTML("")
        self.save_button.on_click(lambda _b: self.save())
        self.name.observe(lambda _c: self._preview(), names="value")
        self._build_record = build_record
        super().__init__(
            [W.HBox([self.name, self.want_pdf, self.save_button]), self.message, self.preview]
        )
        self.add_class("bc-record")
        self._preview()

    def _record(self):
        return self._build_record(self.store, self.bank, self.name.value, self._now)

    def _preview(self) -> None:
        from course.learner.record import record_html

        doc = html.escape(record_html(self._record()), quote=True)
        self.preview.value = (
            f'<iframe title="{html.escape(_R["preview_title"])}" srcdoc="{doc}" '
            'class="bc-record-preview" style="width:100%;height:32em"></iframe>'
        )

    def save(self):
        """Write the record; the message says where, and whether a PDF was made."""
        from course.learner.record import write_record

        try:
            files = write_record(self._record(), self.path, pdf=self.want_pdf.value)
        except OSError as exc:
            message = _R["not_saved"].format(error=html.escape(str(exc)))
            self.message.value = f'<p class="bc-error">{message}</p>'
            return None
        self.message.value = f"<p>{html.escape(files.message)}</p>"
        return files


def learning_record(**kwargs) -> LearningRecordView:
    """Preview and save the printable learning record."""
    return LearningRecordView(**kwargs)
