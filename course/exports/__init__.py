"""The question bank in formats other tools read: Moodle XML and GIFT for trainers who run
quizzes in a learning management system, and an Anki deck for learners.

Each exporter takes a list of :class:`course.bank.Item` (see :func:`select_items`) and returns
text or writes a file; none of them changes the bank.
"""

from __future__ import annotations

from functools import lru_cache

from course.bank import Bank, Item

USE_CHOICES = ("practice", "assessment", "all")


def select_items(bank: Bank, module: str | None = None, use: str = "all") -> list[Item]:
    """The bank's items for one module (or all) and one use (``practice``, ``assessment``,
    ``all``), in bank order.

    Raises
    ------
    ValueError
        For a module that is not in the bank (naming the ones that are) or an unknown ``use``.
    """
    if use not in USE_CHOICES:
        raise ValueError(f"use must be one of {', '.join(USE_CHOICES)}, not {use!r}")
    if module is not None:
        matches = [m for m in bank.modules if m == module or m.startswith(f"{module}_")]
        if len(matches) != 1:
            raise ValueError(
                f"No single module {module!r} in the bank; the modules are "
                f"{', '.join(sorted(bank.modules))} (a number such as 05 is enough)."
            )
        module = matches[0]
    return bank.select(module=module, use=None if use == "all" else use)


@lru_cache(maxsize=1)
def _renderer():
    import mistune

    return mistune.create_markdown(escape=True, plugins=["strikethrough", "table"])


def markdown_html(text: str) -> str:
    """A bank string (Markdown) as an HTML fragment, without a trailing newline.

    Raw HTML in the bank is escaped, so a ``<`` typed in a question always shows as ``<``.
    """
    return _renderer()(text or "").strip()


def inline_html(text: str) -> str:
    """Like :func:`markdown_html`, without the ``<p>`` around a single paragraph."""
    body = markdown_html(text)
    if body.startswith("<p>") and body.endswith("</p>") and body.count("<p>") == 1:
        return body[3:-4]
    return body
