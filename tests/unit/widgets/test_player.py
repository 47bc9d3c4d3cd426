"""Tests of dlmath.widgets.player and the players of the book's explorers."""

from __future__ import annotations

import base64
import html
import io
import json
import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from dlmath.widgets.data_representations import crop_player, digit_player
from dlmath.widgets.gradient_optimization import (
    learning_rate_explorer,
    learning_rate_player,
)
from dlmath.widgets.player import Control, frame_player
from dlmath.widgets.tensor_operations import (
    broadcast_player,
    matrix_player,
    update_broadcast,
)


def _draw(a: int, b: str) -> tuple[str, plt.Figure]:
    fig, ax = plt.subplots(figsize=(1, 1))
    ax.set_title(f"{a}{b}")
    return f"a={a} b={b}", fig


def _data(markup: str) -> dict:
    found = re.search(r'class="dlmath-player-data">(.*?)</script>', markup, re.S)
    assert found, "no frame data in the player's HTML"
    return json.loads(found.group(1))


def test_frames_follow_the_controls_first_slowest_and_close_their_figures():
    player = frame_player(
        [Control("a", [1, 2, 3], start=1), Control("b", ["x", "y"], kind="select")],
        _draw,
        name="demo",
    )
    captions = [frame.caption for frame in player.frames]
    assert captions == [f"a={a} b={b}" for a in (1, 2, 3) for b in "xy"]
    assert player.index([2, 1]) == captions.index("a=3 b=y")
    assert plt.get_fignums() == []
    # Every frame is a PNG image; the page starts on the control's start position.
    assert all(Image.open(io.BytesIO(f.png)).format == "PNG" for f in player.frames)
    markup = player._repr_html_()
    assert f'src="{player.frames[player.index([1, 0])].src}"' in markup
    assert "<code>a=2 b=x</code>" in markup


def test_html_is_the_same_every_time_and_carries_every_frame():
    make = lambda: frame_player([Control("a", [1, 2])], lambda a: _draw(a, "z"), name="demo")  # noqa: E731
    first, second = make()._repr_html_(), make()._repr_html_()
    assert first == second
    data = _data(first)
    assert data["sizes"] == [2] and [caption for _, caption in data["frames"]] == ["a=1 b=z", "a=2 b=z"]
    assert all(src.startswith("data:image/png;base64,") for src, _ in data["frames"])


def test_controls_are_labelled_sliders_and_lists_showing_their_values():
    player = frame_player(
        [
            Control("rate", [0.1, 0.2], labels=["0.10", "0.20"]),
            Control("shape", ["(1,)", "(2,)"], kind="select"),
        ],
        lambda rate, shape: _draw(1, shape),
        name="demo",
        alt="what the figure shows",
    )
    markup = player._repr_html_()
    slider = re.search(r"<label[^>]*>.*?rate.*?<input type=\"range\"[^>]*>.*?</label>", markup).group(0)
    assert 'max="1"' in slider and 'aria-valuetext="0.10"' in slider and ">0.10</output>" in slider
    assert html.unescape(re.search(r'data-values="([^"]*)"', slider).group(1)) == '["0.10", "0.20"]'
    assert re.search(r"<label[^>]*>.*?shape.*?<select[^>]*>.*<option value=\"1\">\(2,\)</option>", markup)
    assert 'alt="what the figure shows"' in markup


def test_a_caption_cannot_close_the_script_that_holds_it():
    player = frame_player(
        [Control("a", [1])], lambda a: ("</script><b>x</b>", plt.figure(figsize=(1, 1))), name="demo"
    )
    markup = player._repr_html_()
    assert markup.count("</script>") == 2  # the frame data's and the behaviour's
    assert _data(markup)["frames"][0][1] == "</script><b>x</b>"
    assert "<code>&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;</code>" in markup


def test_bad_players_say_what_is_wrong():
    with pytest.raises(ValueError, match="control 'a' has no values"):
        Control("a", [])
    with pytest.raises(ValueError, match="start 3 is not an index of its 2 values"):
        Control("a", [1, 2], start=3)
    with pytest.raises(ValueError, match="kind must be 'slider' or 'select', got 'knob'"):
        Control("a", [1], kind="knob")
    with pytest.raises(ValueError, match="1 labels for 2 values"):
        Control("a", [1, 2], labels=["one"])
    with pytest.raises(ValueError, match="got 'Bad Name'"):
        frame_player([Control("a", [1])], _draw, name="Bad Name")
    with pytest.raises(ValueError, match="at least one control"):
        frame_player([], _draw, name="demo")
    with pytest.raises(ValueError, match=r"draw\('(.*)',\) drew no figure"):
        frame_player([Control("shape", ["(3, x)"])], lambda s: update_broadcast(s, "1"), name="demo")
    assert plt.get_fignums() == []


# --- the book's players ---------------------------------------------------------------------


def test_digit_and_crop_players_show_what_the_explorers_draw():
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(30, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, size=30)
    digits = digit_player(images, labels, indices=range(5))
    assert [f.png for f in digits.frames] != [digits.frames[0].png] * 5
    crops = crop_player(images[4])
    assert len(crops.frames) == 25 and len({f.png for f in crops.frames}) == 25
    assert 'aria-valuetext="7:21"' in crops._repr_html_()  # starts at the live explorer's crop


def test_broadcast_player_shows_results_and_clashes():
    player = broadcast_player()
    captions = [f.caption for f in player.frames]
    assert len(captions) == 20
    assert "(64, 3, 32, 10) with (32, 10) -> (64, 3, 32, 10)" in captions
    clashes = sum("-> error:" in c for c in captions)
    assert 5 <= clashes <= 15, captions


def test_matrix_player_starts_at_the_identity_and_covers_every_sign():
    player = matrix_player()
    assert len(player.frames) == 81 and len({f.png for f in player.frames}) == 81
    assert "<code>matrix [[1.0, 0.0], [0.0, 1.0]], determinant 1.0" in player._repr_html_()
    captions = " ".join(f.caption for f in player.frames)
    assert "mirrored" in captions and "flattens" in captions


def test_learning_rate_player_stays_within_the_live_sliders():
    live_rate, live_momentum = learning_rate_explorer().children[:2]
    player = learning_rate_player()
    rates, momenta = (list(c.values) for c in player.controls)
    assert 10**live_rate.min <= min(rates) and max(rates) <= 10**live_rate.max
    assert live_momentum.min <= min(momenta) and max(momenta) <= live_momentum.max
    assert player.index([rates.index(0.01), 0]) == player.index([c.start for c in player.controls])
    assert len({f.png for f in player.frames}) == len(rates) * len(momenta)
    plt.close("all")


def test_frames_are_opaque_for_dark_mode():
    player = frame_player([Control("a", [1])], lambda a: _draw(a, "z"), name="demo")
    image = Image.open(io.BytesIO(player.frames[0].png)).convert("RGBA")
    assert image.getpixel((0, 0)) == (255, 255, 255, 255)
    assert base64.b64decode(player.frames[0].src.split(",", 1)[1]) == player.frames[0].png
