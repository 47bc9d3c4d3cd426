"""A frame player: an explorer's figures precomputed, playable with no kernel.

A live explorer (:mod:`dlmath.widgets.explorer`) needs Python to redraw. A
player draws every position of its controls once, when the notebook runs,
and keeps the figures in one HTML output: sliders (or drop-down lists) over
the same settings and a few lines of JavaScript that show the figure drawn
for the chosen position. It works in the static book and in JupyterLab,
with no kernel and no network.

Each control is a :class:`Control`: a label and its values. The player
calls ``draw(*values)`` for every combination (the first control varies
slowest); ``draw`` returns a figure or ``(caption, figure)``, as for
:func:`~dlmath.widgets.explorer.explorer`.

>>> import matplotlib.pyplot as plt
>>> def draw(n):
...     fig, ax = plt.subplots(figsize=(1, 1))
...     ax.plot(range(n))
...     return f"{n} points", fig
>>> player = frame_player([Control("points", [2, 3])], draw, name="demo")
>>> len(player.frames), player.frames[1].caption
(2, '3 points')
"""

from __future__ import annotations

import base64
import html
import io
import itertools
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from matplotlib.figure import Figure
from PIL import Image

from dlmath.widgets.explorer import Drawing, figure_png

__all__ = ["Control", "Frame", "FramePlayer", "frame_player", "small_png"]

# Frames are palette PNGs: a matplotlib figure has few colours, and 32
# of them keep lines, text and colour maps readable at a third of the bytes.
PALETTE_COLOURS = 32
NAME = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class Control:
    """One control of a player: a label and the values it steps through.

    ``kind`` is ``"slider"`` (ordered values) or ``"select"`` (a list of
    choices, for values with no order, such as shapes); ``start`` is the
    index of the value shown first; ``labels`` are the values as shown
    (default: ``str(value)``).
    """

    label: str
    values: Sequence[object]
    start: int = 0
    kind: str = "slider"
    labels: Sequence[str] | None = None

    def __post_init__(self) -> None:
        if not self.values:
            raise ValueError(f"control {self.label!r} has no values")
        if not 0 <= self.start < len(self.values):
            raise ValueError(
                f"control {self.label!r}: start {self.start} is not an "
                f"index of its {len(self.values)} values"
            )
        if self.kind not in ("slider", "select"):
            raise ValueError(
                f"control {self.label!r}: kind must be 'slider' or "
                f"'select', got {self.kind!r}"
            )
        if self.labels is not None and len(self.labels) != len(self.values):
            raise ValueError(
                f"control {self.label!r}: {len(self.labels)} labels for "
                f"{len(self.values)} values"
            )

    def shown(self) -> list[str]:
        """The values as the control shows them."""
        if self.labels is not None:
            return [str(label) for label in self.labels]
        return [str(value) for value in self.values]


@dataclass(frozen=True)
class Frame:
    """One precomputed position: its PNG bytes and its caption."""

    png: bytes
    caption: str = ""

    @property
    def src(self) -> str:
        """The PNG as a ``data:`` URL (the page needs no other file)."""
        return "data:image/png;base64," + base64.b64encode(self.png).decode()


@dataclass
class FramePlayer:
    """The precomputed frames of a player and their HTML (``_repr_html_``)."""

    name: str
    controls: list[Control]
    frames: list[Frame]
    alt: str

    def index(self, positions: Sequence[int]) -> int:
        """The frame shown when each control is at ``positions``.

        >>> FramePlayer("x", [Control("a", [0, 1]), Control("b", "xyz")],
        ...             [], "").index([1, 2])
        5
        """
        flat = 0
        for control, position in zip(self.controls, positions, strict=True):
            flat = flat * len(control.values) + position
        return flat

    def __repr__(self) -> str:
        return (
            f"<FramePlayer {self.name!r}: {len(self.frames)} frames, "
            f"{self.nbytes / 1024:.0f} KiB>"
        )

    @property
    def nbytes(self) -> int:
        """The size of the player's HTML in bytes (what the page carries)."""
        return len(self._repr_html_().encode())

    def _repr_html_(self) -> str:
        start = self.index([c.start for c in self.controls])
        first = self.frames[start]
        controls = "\n".join(
            _control_html(self.name, i, c)
            for i, c in enumerate(self.controls)
        )
        data = {
            "sizes": [len(c.values) for c in self.controls],
            "frames": [[f.src, f.caption] for f in self.frames],
        }
        # "<" escaped: a caption can never close the script element.
        payload = json.dumps(data, separators=(",", ":")).replace(
            "<", "\\u003c"
        )
        return (
            f'<div class="dlmath-player" data-player="{self.name}" '
            f'data-frames="{len(self.frames)}">\n'
            f'<div class="dlmath-player-controls">\n{controls}\n</div>\n'
            f'<p class="dlmath-player-caption" aria-live="polite">'
            f"<code>{html.escape(first.caption)}</code></p>\n"
            f'<img class="dlmath-player-figure" src="{first.src}" '
            f'alt="{html.escape(self.alt)}">\n'
            f'<script type="application/json" class="dlmath-player-data">'
            f"{payload}</script>\n"
            f"<style>{PLAYER_CSS}</style>\n"
            f"<script>{PLAYER_JS}</script>\n"
            "</div>"
        )


def _control_html(name: str, index: int, control: Control) -> str:
    shown = control.shown()
    label = html.escape(control.label)
    value = html.escape(shown[control.start])
    if control.kind == "select":
        options = "".join(
            f'<option value="{i}"{" selected" if i == control.start else ""}>'
            f"{html.escape(text)}</option>"
            for i, text in enumerate(shown)
        )
        return (
            f'<label class="dlmath-player-control">'
            f'<span class="dlmath-player-label">{label}</span> '
            f'<select data-control="{index}">{options}</select></label>'
        )
    values = html.escape(json.dumps(shown), quote=True)
    return (
        f'<label class="dlmath-player-control">'
        f'<span class="dlmath-player-label">{label}</span> '
        f'<input type="range" data-control="{index}" min="0" '
        f'max="{len(shown) - 1}" step="1" value="{control.start}" '
        f'aria-valuetext="{value}" data-values="{values}"> '
        f'<output class="dlmath-player-value">{value}</output></label>'
    )


def small_png(figure: Figure, dpi: int = 80) -> bytes:
    """The figure as a palette PNG of at most 32 colours; closes the figure.

    >>> import matplotlib.pyplot as plt
    >>> small_png(plt.figure(figsize=(1, 1)))[:4]
    b'\\x89PNG'
    """
    image = Image.open(io.BytesIO(figure_png(figure, dpi=dpi))).convert("RGB")
    palette = image.quantize(
        colors=PALETTE_COLOURS,
        method=Image.Quantize.MEDIANCUT,
        dither=Image.Dither.NONE,
    )
    buffer = io.BytesIO()
    palette.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def frame_player(
    controls: Sequence[Control],
    draw: Callable[..., Drawing],
    *,
    name: str,
    alt: str = "",
    dpi: int = 80,
) -> FramePlayer:
    """Draw ``draw(*values)`` for every combination of the controls' values.

    ``name`` (lower case, digits, dashes) names the player in its HTML;
    ``alt`` describes its figure to a screen reader (the caption follows).
    """
    if not NAME.match(name):
        raise ValueError(
            "name must be lower case letters, digits and dashes, "
            f"got {name!r}"
        )
    if not controls:
        raise ValueError("a player needs at least one control")
    if not callable(draw):
        raise TypeError(f"draw must be callable, got {type(draw).__name__}")
    frames = []
    for values in itertools.product(*(c.values for c in controls)):
        drawing = draw(*values)
        caption, figure = (
            drawing if isinstance(drawing, tuple) else ("", drawing)
        )
        if figure is None:
            raise ValueError(
                f"draw{tuple(values)} drew no figure ({caption!r}); "
                "a player shows a figure at every position"
            )
        frames.append(Frame(small_png(figure, dpi=dpi), caption))
    return FramePlayer(name, list(controls), frames, alt or "figure")


# One copy per output, so each works on its own (JupyterLab runs the
# scripts of the outputs a kernel made; the book runs them all). Listening
# on the document once serves every player of the page.
PLAYER_JS = """(function () {
  if (window.dlmathPlayer) return;
  window.dlmathPlayer = true;
  document.addEventListener('input', function (event) {
    var control = event.target;
    var player = control.closest && control.closest('.dlmath-player');
    if (!player || !control.hasAttribute('data-control')) return;
    var data = JSON.parse(
      player.querySelector('.dlmath-player-data').textContent);
    var inputs = player.querySelectorAll('[data-control]');
    var index = 0;
    for (var i = 0; i < inputs.length; i++) {
      index = index * data.sizes[i] + Number(inputs[i].value);
    }
    if (control.type === 'range') {
      var shown = JSON.parse(control.getAttribute('data-values'));
      var text = shown[Number(control.value)];
      control.setAttribute('aria-valuetext', text);
      control.parentNode.querySelector('output').textContent = text;
    }
    var frame = data.frames[index];
    player.querySelector('.dlmath-player-figure').src = frame[0];
    player.querySelector('.dlmath-player-caption code').textContent =
      frame[1];
  });
})();"""

PLAYER_CSS = """.dlmath-player{margin:0.5em 0}
.dlmath-player-controls{display:flex;flex-wrap:wrap;gap:0.3em 1.5em}
.dlmath-player-control{display:inline-flex;align-items:center;gap:0.5em}
.dlmath-player-control input[type=range]{width:12em}
.dlmath-player-value{font-family:monospace;min-width:4em}
.dlmath-player-caption{margin:0.4em 0}
.dlmath-player-caption:has(code:empty){display:none}
.dlmath-player-figure{max-width:100%;height:auto}"""
