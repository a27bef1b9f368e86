"""Print the house-keeping figures of issue 16 for the package ``course/``.

Usage: ``python tools/measure_house.py [--root DIR] [--top N]``.

Figures, each on its own line so two runs can be compared with ``diff``:

* words of prose in string literals of ``course/**/*.py``: every string constant that is not a
  docstring and holds four or more words (a word is a letter followed by lower-case letters or
  apostrophes) and a space counts with all its words. The total is split three ways (see
  :func:`classify`); issue 16's target (under 1,000 words) applies to the first:

  - **learner-facing text**: anything a learner or trainer reads in a notebook, a widget, a quiz
    notebook, a page, a record or a report. This is the default: a string counts here unless
    one of the two rules below claims it, so the figure errs high, never low;
  - **messages**: the text of an exception (a string anywhere inside a ``raise`` statement, an
    ``assert``'s message, or a call that builds an exception: a name ending in ``Error``,
    ``Exception``, ``Warning`` or ``Exit``), of a warning (``warnings.warn``), of a log call
    (``log.info``, ``logger.warning``, ``logging.error`` ...: a method ``debug``, ``info``,
    ``warning``, ``error``, ``exception``, ``critical`` or ``log`` on a name containing
    ``log``), of ``argparse`` help (the ``help``, ``description``, ``epilog``, ``title``,
    ``usage`` and ``metavar`` keywords of ``ArgumentParser``, ``add_parser``,
    ``add_argument``, ``add_subparsers``, ``add_argument_group``; the ``help`` keyword of any
    call, such as a traitlets option's), of ``parser.error(...)``,
    ``sys.exit(...)`` and ``print(..., file=sys.stderr)``, and problems collected for such a
    message (``problems.append(...)``, ``errors.append(...)``). A name is followed one step:
    a string assigned to a variable, or passed to a parameter of a function of the same file,
    that is then used in one of these ways is a message too (:class:`MessageNames`);
  - **not prose**: code and markup (:func:`is_code`): SQL (a string that starts with an
    upper-case SQL keyword such as ``SELECT`` or ``CREATE``, or any string inside
    ``.execute(...)``, ``.executemany(...)`` or ``.executescript(...)``), a regular expression,
    Python source without a comment of four or more words (an f-string is judged whole), and
    HTML or CSS that leaves fewer than four words once tags and style rules are taken out,
    and text the code only compares with other text (``"Success!" in log``).
    Markup around prose (``<p>Quiz ready.</b> Answer ...``) stays learner-facing text.

  A string is counted whole in one category, so the three add up to the total. The rule reads
  code, not screens, so two kinds of text a person does read fall under messages: an
  exception's text that a widget shows (a self-check's "Tick every option that applies.") and
  a problem a trainer reads in a summary. Compare the categories between runs, not with a
  reading of every string.
* hex colour literals (``#abc``, ``#aabbcc``) in string constants outside the palette module
  (the module that assigns ``PALETTE`` at its top level);
* files of more than 400 lines, and functions of more than 80 lines (decorators included);
* the package layout: a tree of ``course/`` with each Python file's line count.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

WORD = re.compile(r"[A-Za-z][a-z']+")
HEX_COLOUR = re.compile(r"(?<![&\w])#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})(?![0-9a-zA-Z_])")
MARKUP = re.compile(r"<[^<>]*>?|@media[^{]*|\{[^{}]*:[^{}]*\}|&\w+;")
REGEX_SIGNS = ("\\b", "\\s", "\\d", "\\w", "(?:", "(?P<", "[^")
SQL_START = re.compile(
    r"\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|WITH|REPLACE|BEGIN)\b"
)
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 80
DOCSTRING_OWNERS = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


#: The three kinds of counted string, in the order they are printed.
LEARNER, MESSAGE, CODE = "learner-facing text", "messages", "not prose"
CATEGORIES = (LEARNER, MESSAGE, CODE)
_LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical", "log"}
_ARGPARSE_CALLS = {
    "ArgumentParser",
    "add_parser",
    "add_argument",
    "add_subparsers",
    "add_argument_group",
    "add_mutually_exclusive_group",
}
_ARGPARSE_KEYWORDS = {"help", "description", "epilog", "title", "usage", "metavar"}
_EXCEPTION_SUFFIXES = ("Error", "Exception", "Warning", "Exit")
_PROBLEM_LISTS = {"problems", "errors", "warnings"}
_SQL_METHODS = {"execute", "executemany", "executescript"}


def _whole_text(node: ast.Constant, parents: dict[int, ast.AST]) -> str:
    """The string, or the whole f-string it is part of with ``_`` for each placeholder."""
    parent = parents.get(id(node))
    if not isinstance(parent, ast.JoinedStr):
        return node.value
    return "".join(v.value if isinstance(v, ast.Constant) else "_" for v in parent.values)


def _is_python(text: str) -> bool:
    """Whether ``text`` is Python source without a comment of four or more words.

    Text without a line break, a bracket or ``=`` is never taken for code, nor is a single
    string literal.
    """
    import textwrap
    import tokenize
    from io import StringIO

    source = textwrap.dedent(text)
    if not any(sign in source for sign in ("\n", "(", "=")):
        return False  # "moodle, gift or anki" is a tuple to Python, and prose to a reader
    try:
        tree = ast.parse(source)
        tokens = list(tokenize.generate_tokens(StringIO(source).readline))
    except (SyntaxError, ValueError, tokenize.TokenError):
        return False
    body = tree.body
    if len(body) == 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        return False  # a string literal: its text is what a reader sees
    comments = " ".join(t.string for t in tokens if t.type == tokenize.COMMENT)
    return len(WORD.findall(comments)) < 4


def is_code(text: str) -> bool:
    """Whether a string is code or markup rather than prose.

    SQL (it starts with an upper-case SQL keyword), a regular expression (``\\b``, ``\\s``,
    ``(?:`` ...), Python source (it compiles; comments of four or more words make it prose,
    since a learner reads them in a quiz cell), or HTML/CSS with fewer than four words left
    once tags, style rules and entities are taken out.
    """
    if SQL_START.match(text) or any(sign in text for sign in REGEX_SIGNS):
        return True
    if len(WORD.findall(MARKUP.sub(" ", text))) < 4:
        return True
    return _is_python(text)


def _dotted(node: ast.AST) -> str:
    """``a.b.c`` for a name or an attribute chain, ``""`` for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else node.attr
    return ""


def _call_kind(call: ast.Call, child: ast.AST) -> str | None:
    """What a call makes of a string inside ``child`` (one of its arguments), if anything."""
    name = _dotted(call.func)
    last = name.rpartition(".")[2]
    receiver = name.rpartition(".")[0].lower()
    keyword = child.arg if isinstance(child, ast.keyword) else None
    if last in _SQL_METHODS:
        return CODE
    if last.endswith(_EXCEPTION_SUFFIXES) or name in ("warnings.warn", "warn"):
        return MESSAGE
    if last in _LOG_METHODS and "log" in receiver:
        return MESSAGE
    if (last in _ARGPARSE_CALLS and keyword in _ARGPARSE_KEYWORDS) or keyword == "help":
        return MESSAGE
    if name in ("sys.exit", "parser.error") or (last == "error" and "parser" in receiver):
        return MESSAGE
    if name == "print" and any(
        k.arg == "file" and _dotted(k.value) == "sys.stderr" for k in call.keywords
    ):
        return MESSAGE
    if last in ("append", "extend") and receiver.rpartition(".")[2] in _PROBLEM_LISTS:
        return MESSAGE
    return None


@dataclass
class MessageNames:
    """Names in one file whose text ends up as a message, followed one step.

    ``variables``: names used where a string would be a message (``description=QUIZ_HELP``,
    ``raise SandboxError(... + HOW_TO_GET_ONE)``); ``parameters``: for a function defined in
    the file, the positions and names of the parameters it uses that way (``def add(name,
    func, help_text)`` with ``help=help_text``).
    """

    variables: set[str] = field(default_factory=set)
    parameters: dict[str, set[int | str]] = field(default_factory=dict)


def _names_in_messages(tree: ast.AST, parents: dict[int, ast.AST]) -> set[str]:
    """The names read where a string would be a message, within ``tree``."""
    return {
        node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Name)
        and isinstance(node.ctx, ast.Load)
        and _context(node, parents, None) == MESSAGE
    }


def message_names(tree: ast.AST, parents: dict[int, ast.AST]) -> MessageNames:
    """The :class:`MessageNames` of a parsed file."""
    found = MessageNames(variables=_names_in_messages(tree, parents))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            inner = _names_in_messages(node, parents)
            params = [a.arg for a in node.args.posonlyargs + node.args.args]
            passed: set[int | str] = {i for i, name in enumerate(params) if name in inner}
            passed |= {name for name in params if name in inner}
            passed |= {a.arg for a in node.args.kwonlyargs if a.arg in inner}
            if passed:
                found.parameters[node.name] = passed
    return found


def _carries_message(parent: ast.AST, child: ast.AST, names: MessageNames) -> bool:
    """Whether ``child`` (a string or the expression holding it) is stored for a message."""
    if isinstance(parent, (ast.Assign, ast.AnnAssign)):
        targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
        return any(isinstance(t, ast.Name) and t.id in names.variables for t in targets)
    if isinstance(parent, ast.Call) and isinstance(parent.func, ast.Name):
        passed = names.parameters.get(parent.func.id, set())
        if isinstance(child, ast.keyword):
            return child.arg in passed
        return child in parent.args and parent.args.index(child) in passed
    return False


def _context(node: ast.AST, parents: dict[int, ast.AST], names: MessageNames | None) -> str | None:
    """:data:`MESSAGE` or :data:`CODE` when the statement around ``node`` makes it so."""
    child: ast.AST = node
    parent = parents.get(id(node))
    while parent is not None:
        if isinstance(parent, ast.Raise):
            return MESSAGE
        if isinstance(parent, ast.Assert):
            return MESSAGE if child is parent.msg else None
        if isinstance(parent, ast.Compare):
            return CODE  # text the code looks for in other text; never shown
        if isinstance(parent, ast.Call):
            kind = _call_kind(parent, child)
            if kind:
                return kind
        if names and _carries_message(parent, child, names):
            return MESSAGE
        if isinstance(parent, ast.stmt):
            break
        child, parent = parent, parents.get(id(parent))
    return None


def classify(
    node: ast.Constant, parents: dict[int, ast.AST], names: MessageNames | None = None
) -> str:
    """The category of a counted string: :data:`LEARNER`, :data:`MESSAGE` or :data:`CODE`.

    Parameters
    ----------
    node
        The string constant (an f-string's literal parts are constants too).
    parents
        Each node's parent, by ``id``, as :func:`parent_map` builds it.
    names
        The file's names whose text ends up as a message (:func:`message_names`), if known.

    Returns
    -------
    str
        :data:`CODE` for code and markup (:func:`is_code`) and text only compared with other
        text, :data:`MESSAGE` for the text of an exception, warning, log call, command-line or
        configuration help or error output, and :data:`LEARNER` for everything else (the
        module docstring gives the rule in full).
    """
    if is_code(_whole_text(node, parents)):
        return CODE
    return _context(node, parents, names) or LEARNER


def parent_map(tree: ast.AST) -> dict[int, ast.AST]:
    """Each node's parent, by the node's ``id``."""
    return {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


@dataclass
class FileFigures:
    """What one Python file contributes to the figures."""

    path: Path
    lines: int
    prose_words: int = 0
    by_category: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    hex_colours: list[str] = field(default_factory=list)
    long_functions: list[tuple[str, int]] = field(default_factory=list)
    defines_palette: bool = False


def _docstring_ids(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, DOCSTRING_OWNERS) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def _defines_palette(tree: ast.Module) -> bool:
    for node in tree.body:
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        if any(isinstance(t, ast.Name) and t.id == "PALETTE" for t in targets):
            return True
    return False


def measure_file(path: Path) -> FileFigures:
    """Measure one Python file.

    Parameters
    ----------
    path
        The file to read.

    Returns
    -------
    FileFigures
        Its line count, prose words (in all and by category), hex colours and long functions.
    """
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text, filename=str(path))
    figures = FileFigures(path=path, lines=len(text.splitlines()))
    figures.defines_palette = _defines_palette(tree)
    docstrings = _docstring_ids(tree)
    parents = parent_map(tree)
    names = message_names(tree, parents)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            figures.hex_colours += HEX_COLOUR.findall(node.value)
            if id(node) in docstrings:
                continue
            words = WORD.findall(node.value)
            if len(words) >= 4 and " " in node.value:
                figures.prose_words += len(words)
                figures.by_category[classify(node, parents, names)] += len(words)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            start = min([node.lineno] + [d.lineno for d in node.decorator_list])
            length = (node.end_lineno or node.lineno) - start + 1
            if length > MAX_FUNCTION_LINES:
                figures.long_functions.append((node.name, length))
    return figures


def layout_tree(package: Path, counts: dict[Path, int]) -> list[str]:
    """Draw the package as an indented tree, Python files with their line counts.

    Parameters
    ----------
    package
        The package folder (``course/``).
    counts
        Line counts of the Python files, by path.

    Returns
    -------
    list of str
        One line per folder or file; data files are summarised per folder.
    """
    lines = [f"{package.name}/"]

    def walk(folder: Path, depth: int) -> None:
        entries = sorted(p for p in folder.iterdir() if p.name != "__pycache__")
        data = [p for p in entries if p.is_file() and p.suffix != ".py"]
        for entry in entries:
            pad = "  " * depth
            if entry.is_dir():
                lines.append(f"{pad}{entry.name}/")
                walk(entry, depth + 1)
            elif entry.suffix == ".py":
                lines.append(f"{pad}{entry.name:<{36 - 2 * depth}} {counts.get(entry, 0):>5}")
        if data:
            kinds = sorted({p.suffix or p.name for p in data})
            lines.append(f"{'  ' * depth}({len(data)} data files: {', '.join(kinds)})")

    walk(package, 1)
    return lines


def main(argv: list[str] | None = None) -> int:
    """Print the figures; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--top", type=int, default=10, help="files listed per figure")
    args = parser.parse_args(argv)
    package = args.root / "course"
    if not package.is_dir():
        print(f"no package folder at {package}", file=sys.stderr)
        return 2
    files = [measure_file(p) for p in sorted(package.rglob("*.py"))]
    rel = {f.path: f.path.relative_to(args.root) for f in files}
    palette = [f for f in files if f.defines_palette]
    outside = [f for f in files if not f.defines_palette and f.hex_colours]

    print(f"prose words in string literals: {sum(f.prose_words for f in files)}")
    for f in sorted(files, key=lambda f: -f.prose_words)[: args.top]:
        if f.prose_words:
            print(f"  {f.prose_words:>6}  {rel[f.path]}")
    for category in CATEGORIES:
        counts = [(f.by_category[category], f) for f in files if f.by_category[category]]
        print(f"  of which {category}: {sum(n for n, _ in counts)}")
        for n, f in sorted(counts, key=lambda t: -t[0])[: args.top]:
            print(f"    {n:>6}  {rel[f.path]}")
    print(
        f"hex colour literals outside the palette module "
        f"({', '.join(str(rel[f.path]) for f in palette) or 'none found'}): "
        f"{sum(len(f.hex_colours) for f in outside)}"
    )
    for f in sorted(outside, key=lambda f: -len(f.hex_colours))[: args.top]:
        print(f"  {len(f.hex_colours):>6}  {rel[f.path]}")
    big = sorted((f for f in files if f.lines > MAX_FILE_LINES), key=lambda f: -f.lines)
    print(f"files over {MAX_FILE_LINES} lines: {len(big)}")
    for f in big:
        print(f"  {f.lines:>6}  {rel[f.path]}")
    long = sorted(
        ((n, name, f) for f in files for name, n in f.long_functions), key=lambda t: -t[0]
    )
    print(f"functions over {MAX_FUNCTION_LINES} lines: {len(long)}")
    for n, name, f in long:
        print(f"  {n:>6}  {rel[f.path]}:{name}")
    print(f"layout ({len(files)} Python files):")
    for line in layout_tree(package, {f.path: f.lines for f in files}):
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
