"""Writing a file so that it is either complete or absent: never half-written.

The bytes go to a temporary file next to the target, which replaces the target
only once it is complete (``os.replace`` is atomic on one file system). An
exception inside the block leaves the target as it was and removes the
temporary file.

>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "notes.txt"
>>> write_text_atomically(target, "hello\\n")
>>> target.read_text()
'hello\\n'
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

__all__: list[str] = []  # private: used by dlmath.data and the build tools


@contextlib.contextmanager
def atomic_file(
    path: str | os.PathLike[str], mode: str = "wb"
) -> Iterator[IO]:
    """Write to a temporary file beside ``path``, then move it there."""
    if mode not in ("w", "wb"):
        raise ValueError(f"mode must be 'w' or 'wb', got {mode!r}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(
        prefix=path.name + ".", suffix=".part", dir=path.parent
    )
    tmp = Path(tmp_name)
    try:
        with os.fdopen(
            handle, mode, **({} if "b" in mode else {"encoding": "utf-8"})
        ) as out:
            yield out
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_text_atomically(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through :func:`atomic_file`."""
    with atomic_file(path, "w") as out:
        out.write(text)
