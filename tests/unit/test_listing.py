"""source_listing prints real source without its docstring, never wider than the page."""

from __future__ import annotations

import ast
import importlib.util
import runpy
import textwrap

import pytest

from dlmath.listing import source_listing
from dlmath.optimizers import rmsprop_step
from dlmath.scratch import numpy as scratch_numpy

WIDE_MODULE = (
    "def _long_function(values, *, scale=1.0, offset=0.0, name='a name that is long enough to matter'):\n"
    '    """A docstring that must not be listed."""\n'
    "    total = sum(value * scale + offset for value in values)  # a trailing comment past the edge\n"
    "    if total < 0:\n"
    "        raise ValueError(\n"
    "            f'the total of {len(values)} values came out negative: {total} '\n"
    "            f'(scale {scale}, offset {offset}, and a few more words to make it wide)'\n"
    "        )\n"
    "    return {'name': name, 'total': total, 'count': len(values), 'mean': total / max(len(values), 1)}\n"
)


@pytest.fixture
def _long_function(tmp_path):
    """A function with lines wider than the page, defined in a file so that inspect finds its source."""
    path = tmp_path / "wide_module.py"
    path.write_text(WIDE_MODULE)
    spec = importlib.util.spec_from_file_location("wide_module", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module._long_function


def test_docstring_dropped_and_code_kept(_long_function) -> None:
    listing = source_listing(_long_function, width=78)
    assert "A docstring" not in listing
    assert listing.startswith("def _long_function(")
    assert "return {" in listing


def test_every_line_fits_and_the_listing_still_parses(_long_function) -> None:
    for width in (60, 78, 100):
        listing = source_listing(_long_function, width=width)
        assert max(len(line) for line in listing.splitlines()) <= width
        ast.parse(listing)  # wrapping keeps it valid Python


def test_wrapped_code_computes_the_same(_long_function, tmp_path) -> None:
    module = tmp_path / "wrapped.py"  # run as a file, as a reader would paste it
    module.write_text(source_listing(_long_function, width=60))
    namespace = runpy.run_path(str(module))
    assert namespace["_long_function"]([1, 2, 3], scale=2.0) == _long_function([1, 2, 3], scale=2.0)
    with pytest.raises(ValueError, match="negative"):
        namespace["_long_function"]([-1.0])


def test_start_and_stop_pick_an_excerpt_and_dedent_it() -> None:
    listing = source_listing(scratch_numpy.RMSprop.apply, start="np.multiply(v, rho", stop="np.subtract")
    lines = listing.splitlines()
    assert lines[0].startswith("np.multiply(v, rho, out=v)")
    assert lines[-1].startswith("np.subtract(w, t, out=w)")


def test_a_long_return_of_a_tuple_becomes_one_item_per_line() -> None:
    listing = source_listing(rmsprop_step, start="mean_square = rho")
    assert listing.splitlines()[1:] == [
        "return (",
        "    params - learning_rate * grad / np.sqrt(mean_square + epsilon),",
        "    mean_square,",
        ")",
    ]


def test_the_chapter_listings_fit() -> None:
    for obj in (rmsprop_step, scratch_numpy.NaiveDense.forward, scratch_numpy.NaiveDense.backward):
        assert max(len(line) for line in source_listing(obj).splitlines()) <= 78


def test_unfittable_line_and_bad_arguments_raise() -> None:
    def wide():
        return "an unbreakable string literal that is far too long to fit in the forty columns asked for"

    with pytest.raises(ValueError, match="cannot fit"):
        source_listing(wide, width=40)
    with pytest.raises(ValueError, match="does not occur"):
        source_listing(rmsprop_step, start="no such text")
    with pytest.raises(ValueError, match="width"):
        source_listing(rmsprop_step, width=10)
    with pytest.raises(TypeError, match="no Python source"):
        source_listing(len)


def test_short_function_unchanged_but_for_the_docstring() -> None:
    def area(width, height):
        """Area."""
        return width * height  # one multiplication

    assert source_listing(area) == textwrap.dedent(
        """\
        def area(width, height):
            return width * height  # one multiplication"""
    )
