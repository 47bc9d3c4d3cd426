"""Shared fixtures. Unit tests never reach the network: pytest-socket (configured in pyproject.toml,
``--allow-hosts``) refuses any connection beyond loopback."""

from __future__ import annotations

import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
