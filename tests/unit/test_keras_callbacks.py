"""Tests of dlmath.keras_callbacks: one line per epoch, no timings, no progress bar."""

from __future__ import annotations

import os
import re

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402

from dlmath.keras_callbacks import EpochLogger  # noqa: E402


def test_epoch_logger_prints_one_plain_line_per_epoch(capsys) -> None:
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    x, y = np.zeros((8, 3), np.float32), np.zeros(8, np.int64)
    model.fit(x, y, epochs=3, batch_size=4, verbose=0, callbacks=[EpochLogger(digits=2)])
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    for i, line in enumerate(lines, start=1):
        assert re.fullmatch(rf"epoch {i}/3: accuracy \d\.\d\d, loss \d+\.\d\d", line), line
