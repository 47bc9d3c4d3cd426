"""Bad-input sweep of the edges: the functions a learner calls into meet wrong input and fail clearly.

The teaching code the chapters print (``dlmath.naive``, ``dlmath.gradients``, ``dlmath.optimizers``,
the 2.5 network's layers) is the math plus, where it is the lesson, one shape rule; it trusts its
callers. Input is checked at the edges a learner calls, and this sweep covers exactly those:

- the data loader: ``dlmath.data.load_mnist`` (its file and network faults are in ``test_data.py``);
- the batch helpers: ``dlmath.batches.BatchGenerator``, ``count_batches``, ``get_batch`` and
  ``iterate_batches``;
- the training loop: ``fit`` of ``dlmath.scratch.numpy`` and of ``dlmath.scratch.tf`` (TensorFlow's
  rows run only where TensorFlow is installed);
- the exercise checks (``dlmath.exercises.*.check_*``), which never raise at a learner: garbage in
  gives a falsy ``Feedback`` whose message says what came;
- the widgets (``dlmath.widgets.*``), and ``descent_path``, which 2.4's exercise has the learner call.

Each row of ``CASES`` calls one edge with one kind of bad input and names the exception it must raise
and a regex its message must match: the message has to say what it got (a shape, a dtype, a type
name or the value) so a learner can fix the call.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from dataclasses import dataclass, field

import matplotlib
import numpy as np
import pytest

import dlmath.exercises
from dlmath import batches, data
from dlmath.exercises import feedback
from dlmath.optimizers import descent_path
from dlmath.scratch import numpy as scratch_numpy
from dlmath.widgets import data_representations as w_data
from dlmath.widgets import explorer as w_explorer
from dlmath.widgets import gradient_optimization as w_gradient
from dlmath.widgets import tensor_operations as w_tensor

matplotlib.use("Agg")

RAGGED = [[1.0, 2.0], [3.0]]
OBJECTS = np.array([1.0, "a"], dtype=object)
FLAT = np.zeros((4, 784), np.float32)
LABELS4 = np.arange(4)


@dataclass(frozen=True)
class Case:
    id: str
    func: object
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    error: type[BaseException] = ValueError
    match: str = ""


def _list(generator_function: object, *args: object, **kwargs: object) -> list:
    return list(generator_function(*args, **kwargs))  # type: ignore[operator]


def _numpy_fit(images: object, labels: object, **kwargs: object) -> object:
    model = scratch_numpy.mnist_model(seed=0, hidden=8)
    return scratch_numpy.fit(model, images, labels, epochs=1, log=None, **kwargs)


def _tf_fit(images: object, labels: object, **kwargs: object) -> object:
    scratch_tf = pytest.importorskip("dlmath.scratch.tf")
    model = scratch_tf.mnist_model(seed=0, hidden=8)
    return scratch_tf.fit(model, images, labels, epochs=1, log=None, **kwargs)


CASES = [
    # --- the data loader ----------------------------------------------------------------------------
    Case(
        "load_mnist-missing-file",
        data.load_mnist,
        ("/nonexistent/mnist.npz",),
        error=data.MnistNotFoundError,
        match=r"/nonexistent/mnist\.npz .*does not exist",
    ),
    Case("load_mnist-int-path", data.load_mnist, (7,), error=TypeError, match="int"),
    # --- the batch helpers: TypeError for what is not an integer, ValueError for too small ----------
    Case("count_batches-float", batches.count_batches, (10, 2.5), error=TypeError, match="got float 2.5"),
    Case("count_batches-bool", batches.count_batches, (10, True), error=TypeError, match="got bool True"),
    Case("count_batches-zero", batches.count_batches, (10, 0), match="at least 1, got 0"),
    Case("count_batches-negative-n", batches.count_batches, (-1, 2), match="at least 0, got -1"),
    Case("count_batches-str-n", batches.count_batches, ("10", 2), error=TypeError, match="got str '10'"),
    Case("get_batch-scalar", batches.get_batch, (3.0, 0), match=r"rank 0"),
    Case("get_batch-None", batches.get_batch, (None, 0), match=r"rank 0"),
    Case(
        "get_batch-past-end",
        batches.get_batch,
        (np.arange(5), 3),
        {"batch_size": 2},
        error=IndexError,
        match=r"batch 3 does not exist: 5 samples make 3 batches of 2",
    ),
    Case("get_batch-n-float", batches.get_batch, (np.arange(5), 1.5), error=TypeError, match=r"float 1\.5"),
    Case("iterate_batches-zero", _list, (batches.iterate_batches, np.arange(3), 0), match="got 0"),
    Case("iterate_batches-scalar", _list, (batches.iterate_batches, 7), match="rank 0"),
    Case(
        "BatchGenerator-list",
        batches.BatchGenerator,
        ([1, 2], np.arange(2)),
        error=TypeError,
        match="got list",
    ),
    Case(
        "BatchGenerator-labels-list",
        batches.BatchGenerator,
        (FLAT, [0, 1, 2, 3]),
        error=TypeError,
        match="labels must be a NumPy array.*got list",
    ),
    Case(
        "BatchGenerator-labels", batches.BatchGenerator, (FLAT, np.arange(3)), match="4 images, got 3 labels"
    ),
    Case("BatchGenerator-batch0", batches.BatchGenerator, (FLAT, LABELS4, 0), match="at least 1, got 0"),
    Case(
        "BatchGenerator-batch-float",
        batches.BatchGenerator,
        (FLAT, LABELS4, 2.5),
        error=TypeError,
        match="2.5",
    ),
    Case(
        "BatchGenerator-scalar",
        batches.BatchGenerator,
        (np.float32(1.0), LABELS4),
        error=TypeError,
        match=r"got (float32|shape \(\))",
    ),
    # --- the training loop, NumPy and TensorFlow ----------------------------------------------------
    *[
        case
        for name, fit in (("numpy", _numpy_fit), ("tf", _tf_fit))
        for case in (
            Case(
                f"fit-{name}-unflattened",
                fit,
                (np.zeros((4, 28, 28), np.float32), LABELS4),
                match=r"\(4, 28, 28\)",
            ),
            Case(
                f"fit-{name}-uint8",
                fit,
                (np.zeros((4, 784), np.uint8), LABELS4),
                error=TypeError,
                match="uint8",
            ),
            Case(f"fit-{name}-labels-range", fit, (FLAT, np.array([0, 1, 2, 10])), match="0 to 10"),
            Case(f"fit-{name}-labels-float", fit, (FLAT, np.zeros(4)), error=TypeError, match="float64"),
            Case(f"fit-{name}-labels-list", fit, (FLAT, [0, 1, 2, 3]), error=TypeError, match="list"),
            Case(f"fit-{name}-labels-count", fit, (FLAT, np.arange(3)), match="4 images but 3 labels"),
            Case(f"fit-{name}-batch0", fit, (FLAT, LABELS4), {"batch_size": 0}, match="at least 1, got 0"),
        )
    ],
    # --- descent_path: 2.4's exercise has the learner call it ---------------------------------------
    Case(
        "descent_path-loss-for-gradient",
        descent_path,
        (lambda p: float((p**2).sum()), np.ones(2)),
        {"learning_rate": 0.1, "steps": 1},
        match=r"gradient returned shape \(\) for a point of shape \(2,\)",
    ),
    Case(
        "descent_path-method",
        descent_path,
        (np.sin, 1.0),
        {"method": "adam", "learning_rate": 0.1, "steps": 1},
        match="'adam'",
    ),
    Case(
        "descent_path-lr0", descent_path, (np.sin, 1.0), {"learning_rate": 0.0, "steps": 1}, match="got 0.0"
    ),
    # --- the widgets ----------------------------------------------------------------------------------
    Case("digit_browser-rank2", w_data.digit_browser, (np.zeros((4, 4)), [0]), match=r"got shape \(4, 4\)"),
    Case("digit_browser-None", w_data.digit_browser, (None, [0]), match=r"got shape \(\)"),
    Case("crop_explorer-rank3", w_data.crop_explorer, (np.zeros((2, 4, 4)),), match=r"got shape \(2, 4, 4\)"),
    Case(
        "learning_rate_explorer-draw",
        w_gradient.learning_rate_explorer,
        (5,),
        error=TypeError,
        match="draw must be callable, got int",
    ),
    Case("explorer-draw", w_explorer.explorer, ([], "abc"), error=TypeError, match="got str"),
    Case("figure_png-str", w_explorer.figure_png, ("abc",), error=TypeError, match="got str"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_fails_clearly(case: Case) -> None:
    with pytest.raises(case.error, match=case.match) as info:
        case.func(*case.args, **case.kwargs)
    assert str(info.value), "the message must say what was wrong"
    matplotlib.pyplot.close("all")


# Edge inputs with a natural answer rather than an error, each stated in the function's docstring.
DOCUMENTED = [
    ("count_batches-zero-samples", lambda: batches.count_batches(0, 4), 0),
    ("iterate_batches-empty", lambda: len(list(batches.iterate_batches(np.zeros((0, 3)), 2))), 0),
    ("update_broadcast-unreadable", lambda: w_tensor.update_broadcast("(3, x)", "4")[1], None),
    (
        "update_broadcast-clash",
        lambda: w_tensor.update_broadcast("(2, 3)", "(2,)")[0],
        "(2, 3) with (2,) -> error: axis -1 has sizes 3 and 2, which are neither equal nor 1",
    ),
]


@pytest.mark.parametrize(("call", "expected"), [d[1:] for d in DOCUMENTED], ids=[d[0] for d in DOCUMENTED])
def test_documented_results_for_edge_inputs(call, expected) -> None:
    assert call() == expected
    matplotlib.pyplot.close("all")


# The exercise checks never raise at a learner. Every public check_* is swept: one taking only the
# answer gets the garbage directly; one that also takes data gets it from EXTRA_ARGS.
_images = np.zeros((3, 28, 28), np.uint8)
EXTRA_ARGS = {
    "check_array": lambda a: feedback.check_array(a, np.ones((2, 3))),
    "check_shape": lambda a: feedback.check_shape(a, (2, 3)),
    "check_value": lambda a: feedback.check_value(a, 4),
    "check_center_crop": lambda a: _check("check_center_crop")(a, _images),
    "check_independent_crop": lambda a: _check("check_independent_crop")(
        a, _images[0], slice(2, 5), slice(2, 5)
    ),
    "check_nth_batch": lambda a: _check("check_nth_batch")(a, _images, n=0, batch_size=2),
    "check_warmest_hour": lambda a: _check("check_warmest_hour")(a, np.zeros((2, 24, 3))),
    "check_confidence_on_mistakes": lambda a: _check("check_confidence_on_mistakes")(
        a, np.eye(3)[[1, 2, 0]], np.arange(3)
    ),
    "check_one_hot": lambda a: _check("check_one_hot")(a, np.arange(3)),
}


def _exercise_checks() -> dict[str, object]:
    found = {}
    for info in pkgutil.iter_modules(dlmath.exercises.__path__, "dlmath.exercises."):
        module = importlib.import_module(info.name)
        for name in getattr(module, "__all__", []):
            if name.startswith("check_"):
                found[name] = getattr(module, name)
    return found


def _check(name: str) -> object:
    return _exercise_checks()[name]


def _answer_only(check: object) -> bool:
    required = [
        p
        for p in inspect.signature(check).parameters.values()
        if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    return len(required) == 1


GARBAGE = {"None": None, "str": "abc", "ragged": RAGGED, "object": OBJECTS}
CHECKS = _exercise_checks()
EXERCISE_CASES = [(name, kind) for name in sorted(CHECKS) for kind in GARBAGE]


def test_every_check_that_takes_data_has_its_data_here() -> None:
    missing = [name for name, check in CHECKS.items() if not _answer_only(check) and name not in EXTRA_ARGS]
    assert not missing, f"add these exercise checks' extra arguments to EXTRA_ARGS: {missing}"
    assert len(CHECKS) >= 25, "the exercise checks were not found"


@pytest.mark.parametrize(("name", "kind"), EXERCISE_CASES, ids=[f"{n}-{k}" for n, k in EXERCISE_CASES])
def test_exercise_checks_answer_garbage_with_feedback(name: str, kind: str) -> None:
    call = EXTRA_ARGS.get(name, CHECKS[name])
    result = call(GARBAGE[kind])
    assert isinstance(result, feedback.Feedback)
    assert not result, f"{name} accepted {kind} input"
    assert len(result.message) > 10
