"""Tests of dlmath._files: a written file is complete or absent."""

from __future__ import annotations

import pytest

from dlmath._files import atomic_file, write_text_atomically


def test_a_complete_write_replaces_the_target(tmp_path) -> None:
    target = tmp_path / "sub" / "a.txt"
    write_text_atomically(target, "new")
    write_text_atomically(target, "newer")
    assert target.read_text() == "newer" and [p.name for p in target.parent.iterdir()] == ["a.txt"]


def test_an_error_inside_the_block_leaves_the_old_file_and_no_temporary(tmp_path) -> None:
    target = tmp_path / "a.bin"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_file(target) as out:
        out.write(b"half")
        raise RuntimeError("interrupted")
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["a.bin"]


def test_only_write_modes(tmp_path) -> None:
    with (
        pytest.raises(ValueError, match="mode must be 'w' or 'wb', got 'a'"),
        atomic_file(tmp_path / "x", "a"),
    ):
        pass
