"""Source listings that fit the page: a function's code, without its docstring, in 78 columns.

The chapters print the code they explain with :func:`source_listing` rather than copying it into
the text, so that what the reader sees is what runs. The package's source is formatted to a
wider line than the book's column shows (about 78 characters), so the listing

- drops the docstring (the text around the listing explains the code),
- keeps only the lines from ``start`` to ``stop`` when asked (both included),
- moves a trailing comment that does not fit onto its own line above the code, and wraps long
  comments,
- splits a long line at its last pair of brackets, as a code formatter would, one argument per
  line when they do not fit on one,

and raises ``ValueError`` when a line still does not fit (a long string, say), so that a
listing never needs sideways scrolling.

>>> def area(width, height):
...     "The area of a rectangle."
...     return width * height  # one multiplication
>>> print(source_listing(area))
def area(width, height):
    return width * height  # one multiplication
"""

from __future__ import annotations

import ast
import inspect
import re
import textwrap

__all__ = ["source_listing"]

_OPENING, _CLOSING = "([{", ")]}"
# One string literal (no triple quotes, no quote of its kind inside), with an optional comma.
_STRING = re.compile(
    r"""^(?P<prefix>[rRbBfFuU]{0,2})(?P<quote>["'])(?P<body>(?:\\.|(?!(?P=quote)).)*)(?P=quote)(?P<comma>,?)$"""
)


def source_listing(
    obj: object,
    *,
    start: str | None = None,
    stop: str | None = None,
    width: int = 78,
) -> str:
    """The source of ``obj`` (a function, method or class) without its docstring, fitted to ``width``.

    ``start`` and ``stop`` are pieces of text: the listing begins at the first line containing
    ``start`` and ends at the first line after it containing ``stop`` (both kept).
    """
    if isinstance(width, bool) or not isinstance(width, int) or width < 40:
        raise ValueError(
            f"width must be an integer of at least 40 columns, got {width!r}"
        )
    try:
        source = inspect.getsource(obj)  # type: ignore[arg-type]
    except (TypeError, OSError) as exc:
        raise TypeError(
            f"no Python source to list for {obj!r} ({type(obj).__name__})"
        ) from exc
    lines = _without_docstring(textwrap.dedent(source)).splitlines()
    name = getattr(obj, "__qualname__", repr(obj))
    begin, end = 0, len(lines)
    if start is not None:
        begin = _find(lines, start, 0, name)
    if stop is not None:
        end = _find(lines, stop, begin, name) + 1
    excerpt = textwrap.dedent("\n".join(lines[begin:end])).splitlines()
    fitted = [piece for line in excerpt for piece in _fit(line, width)]
    for line in fitted:
        if len(line) > width:
            raise ValueError(
                f"cannot fit this line of {name} into {width} columns: {line.strip()!r}"
            )
    return "\n".join(fitted)


def _find(lines: list[str], text: str, begin: int, name: str) -> int:
    for index in range(begin, len(lines)):
        if text in lines[index]:
            return index
    raise ValueError(f"{text!r} does not occur in the source of {name}")


def _without_docstring(source: str) -> str:
    """Drop the docstring of the (first) function or class defined in ``source``."""
    tree = ast.parse(source)
    definition = next(
        (
            n
            for n in tree.body
            if isinstance(
                n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
            )
        ),
        None,
    )
    if definition is None or not definition.body:
        return source
    first = definition.body[0]
    if not (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        return source
    lines = source.splitlines()
    del lines[first.lineno - 1 : first.end_lineno]
    return "\n".join(lines) + "\n"


def _scan(line: str) -> tuple[list[int], int | None]:
    """The indices of the code characters of ``line`` (not in a string), and where its comment starts."""
    positions: list[int] = []
    quote, index = None, 0
    while index < len(line):
        char = line[index]
        if quote is None:
            if char == "#":
                return positions, index
            if char in "'\"":
                quote = (
                    line[index : index + 3]
                    if line[index : index + 3] in ("'''", '"""')
                    else char
                )
                index += len(quote)
                continue
            positions.append(index)
        elif char == "\\":
            index += 1
        elif line.startswith(quote, index):
            index += len(quote)
            quote = None
            continue
        index += 1
    return positions, None


def _fit(line: str, width: int) -> list[str]:
    if len(line) <= width:
        return [line]
    indent = line[: len(line) - len(line.lstrip())]
    comment_at = _scan(line)[1]
    if comment_at is not None:
        code, comment = (
            line[:comment_at].rstrip(),
            line[comment_at:].lstrip("#").strip(),
        )
        wrapped = textwrap.wrap(
            comment,
            width,
            initial_indent=indent + "# ",
            subsequent_indent=indent + "# ",
        )
        return wrapped + (_fit(code, width) if code.strip() else [])
    string = _STRING.match(line.strip())
    if string:
        return _split_string(string, indent, width) or [line]
    if line.lstrip().startswith(
        "return "
    ):  # return a, b  ->  return (a, b), one item per line
        items = _top_level_items(line.lstrip()[len("return ") :])
        if len(items) > 1:
            inner = [
                piece
                for item in items
                for piece in _fit(indent + "    " + item + ",", width)
            ]
            return [indent + "return (", *inner, indent + ")"]
    return _split_at_brackets(line, indent, width)


def _split_string(string: re.Match, indent: str, width: int) -> list[str]:
    """A string literal alone on its line (inside brackets) as adjacent literals, split at spaces."""
    prefix, quote, body, comma = string.group(
        "prefix", "quote", "body", "comma"
    )
    room = width - len(indent) - len(prefix) - 2 * len(quote)
    words, depth, last = [], 0, 0
    for index, char in enumerate(body):
        depth += (char == "{") - (char == "}")
        if char == " " and depth == 0:
            words.append(body[last : index + 1])
            last = index + 1
    words.append(body[last:])
    chunks = [""]
    for word in words:
        if chunks[-1] and len(chunks[-1] + word) > room:
            chunks.append("")
        chunks[-1] += word
    if len(chunks) == 1:
        return []
    lines = [f"{indent}{prefix}{quote}{chunk}{quote}" for chunk in chunks]
    lines[-1] += comma
    return lines


def _split_at_brackets(line: str, indent: str, width: int) -> list[str]:
    code = _scan(line)[0]
    closing = [p for p in code if line[p] in _CLOSING]
    if not closing:
        return [line]
    close = closing[-1]
    if line.lstrip().startswith(
        ("def ", "async def ")
    ):  # split the parameters, not the annotation
        close = _matching_close(
            line, code, min(p for p in code if line[p] == "(")
        )
    depth, open_at = 0, None
    for p in reversed([q for q in code if q < close]):
        if line[p] in _CLOSING:
            depth += 1
        elif line[p] in _OPENING:
            if depth == 0:
                open_at = p
                break
            depth -= 1
    body = line[open_at + 1 : close].strip() if open_at is not None else ""
    if open_at is None or not body:
        return [line]
    head, tail, inner = line[: open_at + 1], line[close:], indent + "    "
    if len(inner + body) <= width:
        middle = [inner + body]
    else:
        items = _top_level_items(body)
        if len(items) > 1:
            middle = [
                piece
                for item in items
                for piece in _fit(inner + item + ",", width)
            ]
        else:
            middle = _fit(inner + body, width)
    return [head.rstrip(), *middle, indent + tail]


def _matching_close(line: str, code: list[int], open_at: int) -> int:
    depth = 0
    for p in code:
        if p < open_at:
            continue
        depth += (line[p] in _OPENING) - (line[p] in _CLOSING)
        if depth == 0:
            return p
    return open_at


def _top_level_items(body: str) -> list[str]:
    """``body`` split at its commas that are outside brackets and strings."""
    items, depth, last = [], 0, 0
    for p in _scan(body)[0]:
        char = body[p]
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            depth -= 1
        elif char == "," and depth == 0:
            items.append(body[last:p].strip())
            last = p + 1
    items.append(body[last:].strip())
    return [item for item in items if item]
