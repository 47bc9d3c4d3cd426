"""Bad-input sweep (issue 9): every public callable of ``dlmath`` meets wrong input and fails clearly.

Each row of ``CASES`` calls one public function with one kind of bad input (wrong rank, wrong shape,
wrong dtype, NaN/inf where it matters, empty arrays, non-array input such as None, a string or a
ragged nested list) and names the exception it must raise and a regex its message must match: the
message has to say what it got (a shape, a dtype, a type name or the value) so a learner can fix the
call. Exercise checks never raise: ``EXERCISE_CASES`` feeds them garbage and wants a falsy Feedback
with a message. ``test_every_public_callable_is_swept_or_exempt`` keeps the table complete: a new
public function has to be added here or to ``EXEMPT`` with a reason.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field

import matplotlib
import numpy as np
import pytest

import dlmath
from dlmath import autodiff as ad
from dlmath import (
    batches,
    data,
    geometry,
    gradients,
    listing,
    metrics,
    naive,
    optimizers,
    synthetic,
    tiny_network,
)
from dlmath.exercises import data_representations as ex_data_representations
from dlmath.exercises import feedback as exercises
from dlmath.exercises import first_look as ex_first_look
from dlmath.exercises import gradient_optimization as ex_gradient_optimization
from dlmath.exercises import looking_back as ex_looking_back
from dlmath.exercises import tensor_operations as ex_tensor_operations
from dlmath.figures import descent as fig_descent
from dlmath.figures import digits as fig_digits
from dlmath.figures import geometry as fig_geometry
from dlmath.figures import graph as fig_graph
from dlmath.figures import layers as fig_layers
from dlmath.figures import metrics as fig_metrics
from dlmath.figures import network_shapes as fig_network_shapes
from dlmath.figures import shapes as fig_shapes
from dlmath.figures import tensors as fig_tensors
from dlmath.scratch import numpy as scratch_numpy
from dlmath.scratch import training as scratch_training

matplotlib.use("Agg")

RAGGED = [[1.0, 2.0], [3.0]]
OBJECTS = np.array([1.0, "a"], dtype=object)
M23 = np.ones((2, 3))
M33 = np.ones((3, 3))
V3 = np.ones(3)
NAN_M = np.array([[1.0, np.nan], [0.0, 1.0]])
INF_M = np.array([[1.0, np.inf], [0.0, 1.0]])
IMAGES = np.zeros((2, 4, 4), np.uint8)
FLAT = np.zeros((4, 784), np.float32)
LABELS4 = np.arange(4)

# What a message must contain when the input was ...
NAMES_RAGGED = r"inhomogeneous"  # NumPy's own words: "... inhomogeneous shape after 1 dimensions"
NAMES_STR = r"(dtype <U|'abc'|str\b)"
NAMES_NONE = r"(dtype object|NoneType|shape \(\))"
NAMES_OBJECT = r"dtype object"


@dataclass(frozen=True)
class Case:
    id: str
    func: object
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    error: type[BaseException] = ValueError
    match: str = ""


def _relu_sum(x: np.ndarray) -> float:
    return float(np.maximum(x, 0).sum())


def _two_layer_params(**changes: object) -> dict:
    params = {"w1": np.ones((3, 4)), "b1": np.zeros(4), "w2": np.ones((4, 2)), "b2": np.zeros(2)}
    params.update(changes)
    return params


def _model() -> scratch_numpy.NaiveSequential:
    return scratch_numpy.mnist_model(seed=0, hidden=8)


def _call_model(images: object) -> object:
    return _model()(images)


def _predict(images: object) -> object:
    return _model().predict(images)


def _loss_and_gradients(images: object, labels: object) -> object:
    return _model().loss_and_gradients(images, labels)


def _set_weights(values: object) -> object:
    return _model().set_weights(values)


def _fit(images: object, labels: object) -> object:
    return scratch_numpy.fit(_model(), images, labels, epochs=1, log=None)


def _rmsprop_apply(weights: object, grads: object) -> None:
    opt = scratch_numpy.RMSprop()
    opt.build([np.zeros(3, np.float32)])
    opt.apply(weights, grads)


def _representations(x: object) -> object:
    return tiny_network.TinyNetwork.random(seed=0).representations(x)


def _train_tiny(x: object, y: object) -> object:
    return tiny_network.train_tiny_network(tiny_network.TinyNetwork.random(seed=0), x, y, steps=1)


def _backward(value: object, grad: object) -> None:
    ad.Tensor(value).backward(grad)


def _list(generator_function: object, *args: object, **kwargs: object) -> list:
    return list(generator_function(*args, **kwargs))  # type: ignore[operator]


CASES = [
    # --- naive: loops over entries, so rank and dtype are checked first ---------------------------
    Case("naive_relu-rank1", naive.naive_relu, (V3,), match=r"matrix \(rank 2\), got shape \(3,\)"),
    Case("naive_relu-str", naive.naive_relu, ("abc",), error=TypeError, match=NAMES_STR),
    Case("naive_relu-None", naive.naive_relu, (None,), error=TypeError, match=NAMES_NONE),
    Case("naive_relu-ragged", naive.naive_relu, (RAGGED,), match=NAMES_RAGGED),
    Case("naive_relu-object", naive.naive_relu, (OBJECTS,), error=TypeError, match=NAMES_OBJECT),
    Case("naive_relu-complex", naive.naive_relu, (M23 * 1j,), error=TypeError, match="complex"),
    Case("naive_add-shapes", naive.naive_add, (M23, M33), match=r"\(2, 3\) and \(3, 3\)"),
    Case("naive_add-rank1", naive.naive_add, (V3, V3), match=r"got shape \(3,\)"),
    Case("naive_add-None", naive.naive_add, (None, M23), error=TypeError, match=NAMES_NONE),
    Case("naive_add-str", naive.naive_add, (M23, "abc"), error=TypeError, match=NAMES_STR),
    Case("naive_add-ragged", naive.naive_add, (RAGGED, RAGGED), match=NAMES_RAGGED),
    Case(
        "naive_add_matrix_and_vector-rank",
        naive.naive_add_matrix_and_vector,
        (V3, V3),
        match=r"got shape \(3,\)",
    ),
    Case(
        "naive_add_matrix_and_vector-length",
        naive.naive_add_matrix_and_vector,
        (M23, np.ones(2)),
        match=r"\(2, 3\).*\(2,\)",
    ),
    Case(
        "naive_add_matrix_and_vector-None",
        naive.naive_add_matrix_and_vector,
        (M23, None),
        error=TypeError,
        match=NAMES_NONE,
    ),
    Case("naive_vector_dot-lengths", naive.naive_vector_dot, (V3, np.ones(2)), match=r"\(3,\) and \(2,\)"),
    Case("naive_vector_dot-rank2", naive.naive_vector_dot, (M23, V3), match=r"got shape \(2, 3\)"),
    Case("naive_vector_dot-str", naive.naive_vector_dot, ("abc", V3), error=TypeError, match=NAMES_STR),
    Case(
        "naive_vector_dot-object", naive.naive_vector_dot, (OBJECTS, OBJECTS), error=TypeError, match="object"
    ),
    Case(
        "naive_matrix_vector_dot-inner",
        naive.naive_matrix_vector_dot,
        (M23, np.ones(2)),
        match=r"\(2, 3\).*\(2,\)",
    ),
    Case("naive_matrix_vector_dot-rank", naive.naive_matrix_vector_dot, (V3, V3), match=r"got shape \(3,\)"),
    Case("naive_matrix_dot-inner", naive.naive_matrix_dot, (M23, M23), match=r"\(2, 3\).*\(2, 3\)"),
    Case("naive_matrix_dot-rank3", naive.naive_matrix_dot, (np.ones((1, 2, 3)), M33), match=r"\(1, 2, 3\)"),
    Case("naive_matrix_dot-None", naive.naive_matrix_dot, (None, None), error=TypeError, match=NAMES_NONE),
    Case(
        "broadcast_result_shape-None",
        naive.broadcast_result_shape,
        (None, (2,)),
        error=TypeError,
        match="None",
    ),
    Case(
        "broadcast_result_shape-floats",
        naive.broadcast_result_shape,
        ((2.5,), (2,)),
        error=TypeError,
        match=r"2\.5",
    ),
    Case("broadcast_result_shape-negative", naive.broadcast_result_shape, ((-1,), (2,)), match=r"-1"),
    Case(
        "broadcast_result_shape-bool",
        naive.broadcast_result_shape,
        ((True,), (2,)),
        error=TypeError,
        match="True",
    ),
    Case(
        "broadcast_result_shape-clash",
        naive.broadcast_result_shape,
        ((2, 3), (4,)),
        match=r"\(2, 3\) and \(4,\)",
    ),
    Case("naive_broadcast_to-shrink", naive.naive_broadcast_to, (M23, (3,)), match=r"\(2, 3\)"),
    Case("naive_broadcast_to-str-shape", naive.naive_broadcast_to, (V3, "ab"), error=TypeError, match="'ab'"),
    Case(
        "naive_broadcast_to-None", naive.naive_broadcast_to, (None, (2,)), error=TypeError, match=NAMES_NONE
    ),
    # --- gradients ---------------------------------------------------------------------------------
    Case(
        "numerical_gradient-list",
        gradients.numerical_gradient,
        (_relu_sum, [1.0, 2.0]),
        error=TypeError,
        match="list",
    ),
    Case(
        "numerical_gradient-int",
        gradients.numerical_gradient,
        (_relu_sum, np.arange(3)),
        error=TypeError,
        match="int64",
    ),
    Case(
        "numerical_gradient-bool",
        gradients.numerical_gradient,
        (_relu_sum, np.ones(2, bool)),
        error=TypeError,
        match="bool",
    ),
    Case("numerical_gradient-nan", gradients.numerical_gradient, (_relu_sum, NAN_M), match="NaN"),
    Case("numerical_gradient-eps0", gradients.numerical_gradient, (_relu_sum, V3, 0.0), match="got 0"),
    Case(
        "numerical_gradient-vector_f",
        gradients.numerical_gradient,
        (lambda x: x, V3),
        match=r"scalar, got an array of shape \(3,\)",
    ),
    Case("central_difference-h0", gradients.central_difference, (np.sin, 1.0, 0.0), match="got 0"),
    Case(
        "central_difference-hNone",
        gradients.central_difference,
        (np.sin, 1.0, None),
        error=TypeError,
        match="None",
    ),
    Case("forward_difference-hneg", gradients.forward_difference, (np.sin, 1.0, -1e-3), match=r"-0\.001"),
    Case(
        "forward_difference-hstr",
        gradients.forward_difference,
        (np.sin, 1.0, "x"),
        error=TypeError,
        match="str",
    ),
    Case("relative_error-shapes", gradients.relative_error, (M23, M33), match=r"\(2, 3\) and \(3, 3\)"),
    Case("relative_error-str", gradients.relative_error, ("abc", "abc"), match="'abc'"),
    Case("relative_error-ragged", gradients.relative_error, (RAGGED, RAGGED), match=NAMES_RAGGED),
    Case("softmax-rank1", gradients.softmax, (V3,), match=r"got shape \(3,\)"),
    Case("softmax-str", gradients.softmax, (np.array([["a"]]),), error=TypeError, match="<U1"),
    Case("softmax-None", gradients.softmax, (None,), match=NAMES_NONE),
    Case(
        "softmax-empty-classes",
        gradients.softmax,
        (np.zeros((2, 0)),),
        match=r"at least one class, got shape \(2, 0\)",
    ),
    Case("cross_entropy-rank1", gradients.cross_entropy, (V3, LABELS4), match=r"got \(3,\)"),
    Case(
        "cross_entropy-float-labels",
        gradients.cross_entropy,
        (M23, np.zeros(2)),
        error=TypeError,
        match="float64",
    ),
    Case("cross_entropy-label-range", gradients.cross_entropy, (M23, np.array([0, 3])), match=r"from 0 to 3"),
    Case(
        "cross_entropy-label-count",
        gradients.cross_entropy,
        (M23, np.array([0])),
        match="got 2 samples but 1 labels",
    ),
    Case(
        "cross_entropy-empty-batch",
        gradients.cross_entropy,
        (np.zeros((0, 3)), np.zeros(0, int)),
        match=r"no samples.*\(0, 3\)",
    ),
    Case(
        "softmax_regression_gradients-inner",
        gradients.softmax_regression_gradients,
        (M23, np.zeros(3), M23, np.array([0, 1])),
        match=r"\(2, 3\), \(2, 3\)",
    ),
    Case(
        "softmax_regression_gradients-bias",
        gradients.softmax_regression_gradients,
        (M33, np.zeros(2), M23, np.array([0, 1])),
        match=r"\(3,\), got \(2,\)",
    ),
    Case(
        "softmax_regression_gradients-labels",
        gradients.softmax_regression_gradients,
        (M33, np.zeros(3), M23, [0.0, 1.0]),
        error=TypeError,
        match="float64",
    ),
    Case(
        "two_layer_forward_backward-missing",
        gradients.two_layer_forward_backward,
        ({"w1": M33}, M23, np.array([0, 1])),
        match=r"missing \['b1', 'b2', 'w2'\]",
    ),
    Case(
        "two_layer_forward_backward-w2",
        gradients.two_layer_forward_backward,
        (_two_layer_params(w2=np.ones((3, 2))), M23, np.array([0, 1])),
        match=r"\(4, classes\), got \(3, 2\)",
    ),
    Case(
        "two_layer_forward_backward-x-rank",
        gradients.two_layer_forward_backward,
        (_two_layer_params(), V3, np.array([0, 1])),
        match=r"got \(3,\), \(3, 4\)",
    ),
    Case(
        "two_layer_forward_backward-params-None",
        gradients.two_layer_forward_backward,
        (None, M23, np.array([0, 1])),
        error=TypeError,
        match="NoneType",
    ),
    # --- optimizers --------------------------------------------------------------------------------
    Case("sgd_step-shapes", optimizers.sgd_step, (M23, V3, 0.1), match=r"\(2, 3\), got \(3,\)"),
    Case("sgd_step-lr0", optimizers.sgd_step, (V3, V3, 0.0), match="got 0"),
    Case("sgd_step-str", optimizers.sgd_step, ("abc", V3, 0.1), match="'abc'"),
    Case("sgd_step-ragged", optimizers.sgd_step, (RAGGED, RAGGED, 0.1), match=NAMES_RAGGED),
    Case("sgd_step-lrNone", optimizers.sgd_step, (V3, V3, None), error=TypeError, match="None"),
    Case("momentum_step-velocity", optimizers.momentum_step, (V3, V3, M23, 0.1), match=r"got \(2, 3\)"),
    Case("momentum_step-momentum1", optimizers.momentum_step, (V3, V3, V3, 0.1, 1.0), match="got 1.0"),
    Case("rmsprop_step-mean_square", optimizers.rmsprop_step, (V3, V3, np.ones(2), 0.1), match=r"got \(2,\)"),
    Case("rmsprop_step-rho", optimizers.rmsprop_step, (V3, V3, V3, 0.1, -0.5), match=r"got -0\.5"),
    Case(
        "adam_step-moments",
        optimizers.adam_step,
        (V3, V3, (V3, np.ones(2)), 1, 0.1),
        match=r"got \(3,\) and \(2,\)",
    ),
    Case("adam_step-step0", optimizers.adam_step, (V3, V3, (V3, V3), 0, 0.1), match="got 0"),
    Case("adam_step-lr", optimizers.adam_step, (V3, V3, (V3, V3), 1, 0.0), match="got 0.0"),
    Case(
        "train-epochs", scratch_training.train, (lambda x, y: (0.0, 0), [(FLAT, LABELS4)], -1), match="got -1"
    ),
    Case(
        "train-batches",
        scratch_training.train,
        (lambda x, y: (0.0, 0), 4),
        error=TypeError,
        match="must yield",
    ),
    Case(
        "descent_path-method",
        optimizers.descent_path,
        (np.sin, 1.0),
        {"method": "adam", "learning_rate": 0.1, "steps": 1},
        match="'adam'",
    ),
    Case(
        "descent_path-steps",
        optimizers.descent_path,
        (np.sin, 1.0),
        {"learning_rate": 0.1, "steps": 2.5},
        match=r"2\.5",
    ),
    Case(
        "descent_path-gradient-shape",
        optimizers.descent_path,
        (lambda p: np.ones(2), 1.0),
        {"learning_rate": 0.1, "steps": 1},
        match=r"shape \(2,\) for a point of shape \(\)",
    ),
    Case("double_well-str", optimizers.double_well, ("abc",), match="'abc'"),
    Case("double_well_derivative-ragged", optimizers.double_well_derivative, (RAGGED,), match=NAMES_RAGGED),
    Case("ravine-shape", optimizers.ravine, (V3,), match=r"\(3,\)"),
    Case("ravine-scalar", optimizers.ravine, (1.0,), match=r"shape \(\)"),
    Case("ravine_gradient-shape", optimizers.ravine_gradient, (M23,), match=r"\(2, 3\)"),
    Case(
        "minibatch_sgd-rank",
        optimizers.minibatch_sgd_softmax_regression,
        (V3, np.array([0, 1, 2])),
        {"batch_size": 1, "learning_rate": 0.1, "steps": 1},
        match=r"got \(3,\)",
    ),
    Case(
        "minibatch_sgd-batch",
        optimizers.minibatch_sgd_softmax_regression,
        (M23, np.array([0, 1])),
        {"batch_size": 5, "learning_rate": 0.1, "steps": 1},
        match=r"\[1, 2\], got 5",
    ),
    Case(
        "minibatch_sgd-labels",
        optimizers.minibatch_sgd_softmax_regression,
        (M23, np.array([0.0, 1.0])),
        {"batch_size": 1, "learning_rate": 0.1, "steps": 1},
        error=TypeError,
        match="float64",
    ),
    Case(
        "minibatch_sgd-label-count",
        optimizers.minibatch_sgd_softmax_regression,
        (M23, np.array([0, 1, 1])),
        {"batch_size": 1, "learning_rate": 0.1, "steps": 1},
        match="got 2 samples but 3 labels",
    ),
    Case("plot_descent_on_curve-lr", fig_descent.plot_descent_on_curve, (0.0, 0.5), match="got 0"),
    Case("plot_descent_on_curve-momentum", fig_descent.plot_descent_on_curve, (0.1, 1.5), match=r"got 1\.5"),
    # --- metrics -----------------------------------------------------------------------------------
    Case("accuracy-lengths", metrics.accuracy, (LABELS4, np.arange(3)), match="4 labels but 3 predictions"),
    Case("accuracy-float", metrics.accuracy, (np.zeros(3), np.zeros(3)), error=TypeError, match="float64"),
    Case("accuracy-rank2", metrics.accuracy, (np.zeros((2, 2), int), np.zeros(2, int)), match=r"\(2, 2\)"),
    Case("accuracy-empty", metrics.accuracy, (np.zeros(0, int), np.zeros(0, int)), match="empty"),
    Case("accuracy-None", metrics.accuracy, (None, None), match=r"shape \(\)"),
    Case("accuracy-str", metrics.accuracy, ("abc", "abc"), match=r"shape \(\)"),
    Case(
        "confusion_matrix-range",
        metrics.confusion_matrix,
        (np.array([0, 5]), np.array([0, 1]), 3),
        match="got values from 0 to 5",
    ),
    Case(
        "confusion_matrix-negative",
        metrics.confusion_matrix,
        (np.array([0, -1]), np.array([0, 1]), 3),
        match="got values from -1 to",
    ),
    Case(
        "confusion_matrix-bool",
        metrics.confusion_matrix,
        (np.ones(2, bool), np.ones(2, bool)),
        error=TypeError,
        match="bool",
    ),
    Case("show_confusion_matrix-rank1", fig_metrics.show_confusion_matrix, (V3,), match=r"\(3,\)"),
    Case("show_confusion_matrix-nonsquare", fig_metrics.show_confusion_matrix, (M23,), match=r"\(2, 3\)"),
    Case(
        "show_confusion_matrix-str",
        fig_metrics.show_confusion_matrix,
        ([["a"]],),
        error=TypeError,
        match="<U1",
    ),
    # --- geometry ----------------------------------------------------------------------------------
    Case("apply_matrix-3x3", geometry.apply_matrix, (M33, np.ones((4, 2))), match=r"\(3, 3\)"),
    Case("apply_matrix-points", geometry.apply_matrix, (np.eye(2), V3), match=r"\(3,\)"),
    Case("apply_matrix-None", geometry.apply_matrix, (np.eye(2), None), match=r"shape \(\)"),
    Case("apply_matrix-str", geometry.apply_matrix, ("abc", np.ones((1, 2))), match="'abc'"),
    Case("apply_matrix-ragged", geometry.apply_matrix, (np.eye(2), RAGGED), match=NAMES_RAGGED),
    Case("apply_affine-offset", geometry.apply_affine, (np.eye(2), V3, np.ones((1, 2))), match=r"\(3,\)"),
    Case("relu-str", geometry.relu, ("abc",), match="'abc'"),
    Case("relu-ragged", geometry.relu, (RAGGED,), match=NAMES_RAGGED),
    Case("rotation_matrix-str", geometry.rotation_matrix, ("abc",), error=TypeError, match="str 'abc'"),
    Case("rotation_matrix-nan", geometry.rotation_matrix, (np.nan,), match="finite, got nan"),
    Case("scaling_matrix-None", geometry.scaling_matrix, (None, 1.0), error=TypeError, match="NoneType"),
    Case("shear_matrix-inf", geometry.shear_matrix, (np.inf,), match="finite, got inf"),
    Case("projection_matrix-zero", geometry.projection_matrix, ((0.0, 0.0),), match="zero"),
    Case(
        "projection_matrix-length3",
        geometry.projection_matrix,
        ((1.0, 0.0, 0.0),),
        match=r"\(2,\), got \[1\.0, 0\.0, 0\.0\]",
    ),
    Case("dense_stack-empty", geometry.dense_stack, (np.ones((1, 2)), []), match="at least one"),
    Case(
        "dense_stack-activation",
        geometry.dense_stack,
        (np.ones((1, 2)), [(np.eye(2), np.zeros(2))]),
        {"activation": "tanh"},
        match="'tanh'",
    ),
    Case(
        "dense_stack-inputs",
        geometry.dense_stack,
        (V3, [(np.eye(2), np.zeros(2))]),
        match=r"\(3,\).*\(2, 2\)",
    ),
    Case(
        "dense_stack-bias",
        geometry.dense_stack,
        (np.ones((1, 2)), [(np.eye(2), np.zeros(3))]),
        match=r"\(2, 2\) and \(3,\)",
    ),
    Case(
        "dense_stack-None-layers",
        geometry.dense_stack,
        (np.ones((1, 2)), None),
        error=TypeError,
        match="NoneType",
    ),
    Case(
        "collapse_dense_stack-chain",
        geometry.collapse_dense_stack,
        ([(M23, np.zeros(3)), (np.eye(2), np.zeros(2))],),
        match=r"\(2, 3\) then \(2, 2\)",
    ),
    Case(
        "collapse_dense_stack-not-pairs",
        geometry.collapse_dense_stack,
        ([M23],),
        match=r"got shapes \(3,\) and \(3,\)",
    ),
    Case("grid_lines-lines", geometry.grid_lines, (1.0, 0), match="got 0"),
    Case("grid_lines-samples", geometry.grid_lines, (1.0, 3, 1), match="got 3 and 1"),
    Case("plot_linear_map-matrix", fig_geometry.plot_linear_map, (M33,), match=r"\(3, 3\)"),
    Case("plot_translation-offset", fig_geometry.plot_translation, (np.ones((2, 2)), V3), match=r"\(3,\)"),
    Case("plot_relu_fold-points", fig_geometry.plot_relu_fold, (V3,), match=r"\(3,\)"),
    # --- tensors -----------------------------------------------------------------------------------
    Case("show_tensor_rank-str", fig_tensors.show_tensor_rank, ("abc",), error=TypeError, match="<U3"),
    Case("show_tensor_rank-None", fig_tensors.show_tensor_rank, (None,), error=TypeError, match=NAMES_OBJECT),
    Case(
        "show_tensor_rank-rank6",
        fig_tensors.show_tensor_rank,
        (np.ones((1,) * 6),),
        match=r"rank 6 \(1, 1, 1, 1, 1, 1\)",
    ),
    Case("show_tensor_rank-empty", fig_tensors.show_tensor_rank, (np.ones((2, 0)),), match=r"\(2, 0\)"),
    Case(
        "show_digit_at-rank2", fig_digits.show_digit_at, (np.ones((4, 4)), [0, 1, 2, 3], 0), match=r"\(4, 4\)"
    ),
    Case(
        "show_digit_at-labels", fig_digits.show_digit_at, (IMAGES, [0], 0), match="1 entries but there are 2"
    ),
    Case(
        "show_digit_at-index",
        fig_digits.show_digit_at,
        (IMAGES, [0, 1], 2),
        error=IndexError,
        match="index 2",
    ),
    Case(
        "show_digit_at-labels-None",
        fig_digits.show_digit_at,
        (IMAGES, None, 0),
        error=TypeError,
        match="NoneType",
    ),
    Case("show_crop-rank3", fig_digits.show_crop, (IMAGES, slice(0, 2), slice(0, 2)), match=r"\(2, 4, 4\)"),
    Case(
        "show_crop-not-slice", fig_digits.show_crop, (IMAGES[0], 1, slice(0, 2)), error=TypeError, match="int"
    ),
    Case(
        "show_crop-empty-slice",
        fig_digits.show_crop,
        (IMAGES[0], slice(2, 2), slice(0, 2)),
        match="selects nothing",
    ),
    Case("show_crop-step", fig_digits.show_crop, (IMAGES[0], slice(0, 4, 2), slice(0, 2)), match="step 2"),
    Case("count_batches-float", batches.count_batches, (10, 2.5), error=TypeError, match="float"),
    Case("count_batches-bool", batches.count_batches, (10, True), error=TypeError, match="bool"),
    Case("count_batches-zero", batches.count_batches, (10, 0), match="got 0"),
    Case("count_batches-negative-n", batches.count_batches, (-1, 2), match="got -1"),
    Case("count_batches-str-n", batches.count_batches, ("10", 2), error=TypeError, match="str"),
    Case("get_batch-scalar", batches.get_batch, (3.0, 0), match=r"rank 0"),
    Case(
        "get_batch-past-end",
        batches.get_batch,
        (np.arange(5), 3),
        {"batch_size": 2},
        error=IndexError,
        match="batch 3",
    ),
    Case("get_batch-None", batches.get_batch, (None, 0), match=r"rank 0|NoneType"),
    Case(
        "get_batch-n-float",
        batches.get_batch,
        (np.arange(5), 1.5),
        {"batch_size": 2},
        error=TypeError,
        match=r"float 1\.5",
    ),
    Case("iterate_batches-zero", _list, (batches.iterate_batches, np.arange(3), 0), match="got 0"),
    Case("iterate_batches-scalar", _list, (batches.iterate_batches, 7), match="rank 0"),
    Case("digit_features-rank2", synthetic.digit_features, (np.ones((4, 4)),), match=r"\(4, 4\)"),
    Case("digit_features-str", synthetic.digit_features, ("abc",), error=TypeError, match="<U3"),
    Case("digit_features-ragged", synthetic.digit_features, (RAGGED,), match=NAMES_RAGGED),
    Case("make_daily_series-days0", synthetic.make_daily_series, (0,), match="got 0"),
    Case("make_daily_series-str", synthetic.make_daily_series, ("365",), match="'365'"),
    Case("make_moving_digits-rank2", synthetic.make_moving_digits, (np.ones((4, 4)),), match=r"\(4, 4\)"),
    Case("make_moving_digits-empty", synthetic.make_moving_digits, (np.zeros((0, 4, 4)),), match="empty"),
    Case("make_moving_digits-too-big", synthetic.make_moving_digits, (IMAGES,), {"size": 3}, match="size 3"),
    Case(
        "make_moving_digits-None", synthetic.make_moving_digits, (None,), error=TypeError, match=NAMES_OBJECT
    ),
    # --- plotting ----------------------------------------------------------------------------------
    Case("show_digit-rank3", fig_digits.show_digit, (IMAGES,), match=r"\(2, 4, 4\)"),
    Case("show_digit-None", fig_digits.show_digit, (None,), error=TypeError, match=NAMES_OBJECT),
    Case("show_digit-str", fig_digits.show_digit, ("abc",), error=TypeError, match="<U3"),
    Case("show_digit-ragged", fig_digits.show_digit, (RAGGED,), match=NAMES_RAGGED),
    Case("show_digits-rank2", fig_digits.show_digits, (np.ones((4, 4)),), match=r"\(4, 4\)"),
    Case("show_digits-empty", fig_digits.show_digits, (np.zeros((0, 4, 4)),), match="empty"),
    Case("show_digits-labels", fig_digits.show_digits, (IMAGES, [1]), match="1 entries but there are 2"),
    Case("show_digits-ncols", fig_digits.show_digits, (IMAGES,), {"ncols": 0}, match="got 0"),
    Case("show_film_strip-rank2", fig_digits.show_film_strip, (np.ones((4, 4)),), match=r"\(4, 4\)"),
    Case("show_film_strip-empty", fig_digits.show_film_strip, (np.zeros((0, 4, 4)),), match="empty"),
    Case(
        "show_film_strip-object", fig_digits.show_film_strip, (OBJECTS,), error=TypeError, match=NAMES_OBJECT
    ),
    Case("show_image_channels-rank2", fig_digits.show_image_channels, (np.ones((4, 4)),), match=r"\(4, 4\)"),
    Case(
        "show_image_channels-names",
        fig_digits.show_image_channels,
        (np.ones((4, 4, 3)),),
        {"channel_names": ("r",)},
        match="1",
    ),
    Case(
        "show_image_channels-None",
        fig_digits.show_image_channels,
        (None,),
        error=TypeError,
        match=NAMES_OBJECT,
    ),
    # --- shape_figures -----------------------------------------------------------------------------
    Case("parse_shape-words", fig_shapes.parse_shape, ("(a, b)",), match=r"'\(a, b\)'"),
    Case("parse_shape-negative", fig_shapes.parse_shape, ("(-1, 2)",), match=r"'\(-1, 2\)'"),
    Case("parse_shape-None", fig_shapes.parse_shape, (None,), error=TypeError, match="got NoneType"),
    Case("parse_shape-float", fig_shapes.parse_shape, ("(2.5,)",), match=r"2\.5"),
    Case(
        "describe_broadcast-None",
        fig_shapes.describe_broadcast,
        (None, (2,)),
        error=TypeError,
        match="None",
    ),
    Case(
        "describe_broadcast-str",
        fig_shapes.describe_broadcast,
        ("ab", (2,)),
        error=TypeError,
        match="'a'|ab",
    ),
    Case(
        "plot_broadcast_shapes-None",
        fig_shapes.plot_broadcast_shapes,
        (None, (2,)),
        error=TypeError,
        match="None",
    ),
    Case(
        "plot_broadcast_shapes-negative",
        fig_shapes.plot_broadcast_shapes,
        ((-2,), (2,)),
        match=r"negative sizes, got \(-2,\)",
    ),
    Case("plot_matrix_product_shapes-zero", fig_shapes.plot_matrix_product_shapes, (0, 1, 1), match="a=0"),
    Case(
        "plot_matrix_product_shapes-row",
        fig_shapes.plot_matrix_product_shapes,
        (2, 2, 2),
        {"row": 5},
        match=r"\(5, 0\)",
    ),
    # --- tiny_network ------------------------------------------------------------------------------
    Case("make_moons-n0", synthetic.make_moons, (0,), match="got 0"),
    Case("make_moons-noise", synthetic.make_moons, (5,), {"noise": -1.0}, match=r"got -1\.0"),
    Case("make_moons-str", synthetic.make_moons, ("5",), error=TypeError, match="str"),
    Case("TinyNetwork.random-0", tiny_network.TinyNetwork.random, (0,), match="got 0"),
    Case("TinyNetwork.representations-shape", _representations, (V3,), match=r"\(3,\)"),
    Case("TinyNetwork.representations-str", _representations, ("abc",), match="'abc'"),
    Case("TinyNetwork.representations-ragged", _representations, (RAGGED,), match=NAMES_RAGGED),
    Case("train_tiny_network-y", _train_tiny, (np.ones((3, 2)), np.ones(2)), match=r"\(3, 2\) and \(2,\)"),
    Case("train_tiny_network-x", _train_tiny, (V3, V3), match=r"\(3,\) and \(3,\)"),
    Case(
        "plot_layers-x",
        fig_layers.plot_layers,
        (tiny_network.TinyNetwork.random(seed=0), V3, V3),
        match=r"\(3,\)",
    ),
    # --- autodiff ----------------------------------------------------------------------------------
    Case("Tensor-str", ad.Tensor, ("abc",), error=TypeError, match="dtype <U3"),
    Case("Tensor-None", ad.Tensor, (None,), error=TypeError, match=NAMES_OBJECT),
    Case("Tensor-ragged", ad.Tensor, (RAGGED,), match=NAMES_RAGGED),
    Case("Tensor-complex", ad.Tensor, (np.ones(2) * 1j,), error=TypeError, match="complex"),
    Case("Tensor-object", ad.Tensor, (OBJECTS,), error=TypeError, match=NAMES_OBJECT),
    Case("Tensor.backward-vector", _backward, (V3, None), match=r"scalar, got shape \(3,\)"),
    Case("Tensor.backward-grad-shape", _backward, (V3, np.ones(2)), match=r"\(2,\).*\(3,\)"),
    Case("matmul-ndarray", ad.matmul, (M23, ad.Tensor(M33)), error=TypeError, match="ndarray"),
    Case("matmul-rank1", ad.matmul, (ad.Tensor(V3), ad.Tensor(M33)), match=r"\(3,\) and \(3, 3\)"),
    Case("matmul-inner", ad.matmul, (ad.Tensor(M23), ad.Tensor(M23)), match=r"inner sizes 3 and 2"),
    Case("add-broadcast", ad.add, (ad.Tensor(M23), ad.Tensor(np.ones(2))), match=r"\(2, 3\) and \(2,\)"),
    Case("add-float", ad.add, (ad.Tensor(M23), 1.0), error=TypeError, match="float"),
    Case("relu-list", ad.relu, ([1.0],), error=TypeError, match="list"),
    Case("sum-None", ad.sum, (None,), error=TypeError, match="NoneType"),
    Case("mean-empty", ad.mean, (ad.Tensor(np.zeros((0, 3))),), match=r"\(0, 3\)"),
    Case("mean-str", ad.mean, ("abc",), error=TypeError, match="str"),
    Case(
        "softmax_cross_entropy-rank1",
        ad.softmax_cross_entropy,
        (ad.Tensor(V3), np.array([0])),
        match=r"\(3,\)",
    ),
    Case(
        "softmax_cross_entropy-float-labels",
        ad.softmax_cross_entropy,
        (ad.Tensor(M23), np.zeros(2)),
        error=TypeError,
        match="float64",
    ),
    Case(
        "softmax_cross_entropy-range",
        ad.softmax_cross_entropy,
        (ad.Tensor(M23), np.array([0, 3])),
        match="0 to 3",
    ),
    Case(
        "softmax_cross_entropy-empty",
        ad.softmax_cross_entropy,
        (ad.Tensor(np.zeros((0, 3))), np.zeros(0, int)),
        match="at least one",
    ),
    Case(
        "softmax_cross_entropy-count",
        ad.softmax_cross_entropy,
        (ad.Tensor(M23), np.array([0])),
        match="got 2 samples but 1 labels",
    ),
    Case("graph_nodes-ndarray", ad.graph_nodes, (V3,), error=TypeError, match="ndarray"),
    Case("plot_graph-None", fig_graph.plot_graph, (None,), error=TypeError, match="NoneType"),
    Case(
        "plot_network_shapes-one-size",
        fig_network_shapes.plot_network_shapes,
        kwargs={"sizes": (784,)},
        match=r"got \(784,\)",
    ),
    # --- scratch_numpy -----------------------------------------------------------------------------
    Case("NaiveDense-activation", scratch_numpy.NaiveDense, (2, 3, "tanh"), match="'tanh'"),
    Case("NaiveDense-size0", scratch_numpy.NaiveDense, (0, 3, "relu"), match="input_size=0"),
    Case("NaiveDense-size-str", scratch_numpy.NaiveDense, ("2", 3, "relu"), error=TypeError, match="str"),
    Case("NaiveSequential-empty", scratch_numpy.NaiveSequential, ([],), match="at least one"),
    Case(
        "NaiveSequential-chain",
        scratch_numpy.NaiveSequential,
        ([scratch_numpy.NaiveDense(2, 3, "relu"), scratch_numpy.NaiveDense(4, 2, "softmax")],),
        match="3 outputs.*4 inputs",
    ),
    Case(
        "NaiveSequential-last-relu",
        scratch_numpy.NaiveSequential,
        ([scratch_numpy.NaiveDense(2, 3, "relu")],),
        match="'relu'",
    ),
    Case("NaiveSequential-None", scratch_numpy.NaiveSequential, (None,), error=TypeError, match="NoneType"),
    Case("NaiveSequential.__call__-list", _call_model, ([[0.0] * 784],), error=TypeError, match="list"),
    Case(
        "NaiveSequential.__call__-shape",
        _call_model,
        (np.zeros((2, 28, 28), np.float32),),
        match=r"\(2, 28, 28\)",
    ),
    Case(
        "NaiveSequential.__call__-uint8",
        _call_model,
        (np.zeros((2, 784), np.uint8),),
        error=TypeError,
        match="uint8",
    ),
    Case("NaiveSequential.predict-shape", _predict, (np.zeros((2, 10), np.float32),), match=r"\(2, 10\)"),
    Case(
        "NaiveSequential.loss_and_gradients-labels",
        _loss_and_gradients,
        (FLAT, np.zeros(4)),
        error=TypeError,
        match="float64",
    ),
    Case(
        "NaiveSequential.loss_and_gradients-onehot",
        _loss_and_gradients,
        (FLAT, np.eye(4, 10, dtype=int)),
        match=r"\(4, 10\).*argmax",
    ),
    Case(
        "NaiveSequential.loss_and_gradients-count",
        _loss_and_gradients,
        (FLAT, np.arange(3)),
        match="4 images but 3 labels",
    ),
    Case("NaiveSequential.set_weights-count", _set_weights, ([V3],), match="expected 4 arrays, got 1"),
    Case("NaiveSequential.set_weights-shape", _set_weights, ([V3] * 4,), match=r"\(784, 8\), got \(3,\)"),
    Case("RMSprop-lr", scratch_numpy.RMSprop, (0.0,), match="got 0"),
    Case("RMSprop-rho", scratch_numpy.RMSprop, (0.01, 1.0), match="got 1.0"),
    Case(
        "RMSprop.apply-shape",
        _rmsprop_apply,
        ([np.zeros(3, np.float32)], [np.zeros(2, np.float32)]),
        match=r"\(2,\).*\(3,\)",
    ),
    Case(
        "BatchGenerator-list",
        scratch_numpy.BatchGenerator,
        ([1, 2], np.arange(2)),
        error=TypeError,
        match="got list",
    ),
    Case(
        "BatchGenerator-labels", scratch_numpy.BatchGenerator, (FLAT, np.arange(3)), match="4 images, got 3"
    ),
    Case("BatchGenerator-batch0", scratch_numpy.BatchGenerator, (FLAT, LABELS4, 0), match="got 0"),
    Case(
        "BatchGenerator-scalar",
        scratch_numpy.BatchGenerator,
        (np.float32(1.0), LABELS4),
        error=TypeError,
        match=r"got (float32|shape \(\))",
    ),
    Case("fit-shape", _fit, (np.zeros((4, 28, 28), np.float32), LABELS4), match=r"\(4, 28, 28\)"),
    Case("fit-labels-range", _fit, (FLAT, np.array([0, 1, 2, 10])), match="0 to 10"),
    Case("fit-labels-list", _fit, (FLAT, [0, 1, 2, 3]), error=TypeError, match="list"),
    Case("mnist_model-hidden0", scratch_numpy.mnist_model, (0, 0), match="output_size=0"),
    # --- listing (source shown in the chapters) --------------------------------------------------
    Case("source_listing-None", listing.source_listing, (None,), error=TypeError, match="NoneType"),
    Case("source_listing-str", listing.source_listing, ("abc",), error=TypeError, match="'abc'"),
    Case("source_listing-width", listing.source_listing, (len,), {"width": 5}, match="got 5"),
    Case(
        "source_listing-start", listing.source_listing, (_relu_sum,), {"start": "nowhere"}, match="'nowhere'"
    ),
    # --- data (the loader's file faults are in test_data.py) ----------------------------------------
    Case(
        "read_mnist-missing",
        data.read_mnist,
        ("/nonexistent/mnist.npz",),
        error=data.MnistError,
        match="mnist.npz",
    ),
    Case("read_mnist-None", data.read_mnist, (None,), error=TypeError, match="NoneType"),
    # --- exercises core ------------------------------------------------------------------------------
    Case(
        "check_shape-expected-None", exercises.check_shape, ((2, 3), None), error=TypeError, match="NoneType"
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_fails_clearly(case: Case) -> None:
    with pytest.raises(case.error, match=case.match) as info:
        case.func(*case.args, **case.kwargs)
    assert str(info.value), "the message must say what was wrong"
    matplotlib.pyplot.close("all")


# Documented results rather than errors: empty inputs that have a natural answer, and element-wise
# functions that accept any shape. Each is stated in the function's docstring or follows from it.
DOCUMENTED = [
    ("naive_relu-empty", lambda: naive.naive_relu(np.zeros((0, 3))).shape, (0, 3)),
    ("naive_add-empty", lambda: naive.naive_add(np.zeros((0, 2)), np.zeros((0, 2))).shape, (0, 2)),
    (
        "naive_matrix_dot-empty-inner",
        lambda: naive.naive_matrix_dot(np.zeros((2, 0)), np.zeros((0, 3))).tolist(),
        [[0.0] * 3] * 2,
    ),  # fmt: skip
    ("relative_error-empty", lambda: gradients.relative_error(np.zeros(0), np.zeros(0)), 0.0),
    (
        "confusion_matrix-empty",
        lambda: metrics.confusion_matrix(np.zeros(0, int), np.zeros(0, int), 2).tolist(),
        [[0, 0], [0, 0]],
    ),  # fmt: skip
    ("geometry.relu-any-shape", lambda: geometry.relu([-1.0, 2.0, -3.0]).tolist(), [0.0, 2.0, 0.0]),
    ("count_batches-zero-samples", lambda: batches.count_batches(0, 4), 0),
    ("iterate_batches-empty", lambda: len(list(batches.iterate_batches(np.zeros((0, 3)), 2))), 0),
    ("describe_broadcast-clash", lambda: "error" in fig_shapes.describe_broadcast((2,), (3,)), True),
    ("predict-no-images", lambda: _predict(np.zeros((0, 784), np.float32)).shape, (0,)),
    (
        "descent_path-zero-steps",
        lambda: optimizers.descent_path(np.sin, 1.0, learning_rate=0.1, steps=0).tolist(),
        [1.0],
    ),  # fmt: skip
]


@pytest.mark.parametrize(("call", "expected"), [d[1:] for d in DOCUMENTED], ids=[d[0] for d in DOCUMENTED])
def test_documented_results_for_edge_inputs(call, expected) -> None:
    assert call() == expected


# Exercise checks never raise at a learner: garbage in gives a falsy Feedback whose message says
# what came. Each check gets None, a string, a ragged list and an object array.
_images = np.zeros((3, 28, 28), np.uint8)
EXERCISE_CHECKS = {
    "check_shape": lambda a: exercises.check_shape(a, (2, 3)),
    "check_array": lambda a: exercises.check_array(a, M23),
    "check_value": lambda a: exercises.check_value(a, 4),
    "check_batch_generator": ex_data_representations.check_batch_generator,
    "check_center_crop": lambda a: ex_data_representations.check_center_crop(a, _images),
    "check_image_batch_shape": ex_data_representations.check_image_batch_shape,
    "check_independent_crop": lambda a: ex_data_representations.check_independent_crop(
        a, _images[0], slice(2, 5), slice(2, 5)
    ),
    "check_nth_batch": lambda a: ex_data_representations.check_nth_batch(a, _images, n=0, batch_size=2),
    "check_video_batch_bytes": ex_data_representations.check_video_batch_bytes,
    "check_warmest_hour": lambda a: ex_data_representations.check_warmest_hour(a, np.zeros((2, 24, 3))),
    "check_confidence_on_mistakes": lambda a: ex_first_look.check_confidence_on_mistakes(
        a, np.eye(3)[[1, 2, 0]], np.arange(3)
    ),
    "check_dense_param_count": ex_first_look.check_dense_param_count,
    "check_flat_shape": ex_first_look.check_flat_shape,
    "check_one_hot": lambda a: ex_first_look.check_one_hot(a, np.arange(3)),
    "check_preprocess": ex_first_look.check_preprocess,
    "check_momentum_update": ex_gradient_optimization.check_momentum_update,
    "check_mse_weight_gradient": ex_gradient_optimization.check_mse_weight_gradient,
    "check_bias_gradient": ex_gradient_optimization.check_bias_gradient,
    "check_gradient_shapes": ex_gradient_optimization.check_gradient_shapes,
    "check_hidden_gradient": ex_gradient_optimization.check_hidden_gradient,
    "check_largest_stable_learning_rate": ex_gradient_optimization.check_largest_stable_learning_rate,
    "check_confusion_matrix": ex_looking_back.check_confusion_matrix,
    "check_epoch_flops": ex_looking_back.check_epoch_flops,
    "check_relu_dense_backward": ex_looking_back.check_relu_dense_backward,
    "check_rmsprop_step": ex_looking_back.check_rmsprop_step,
    "check_broadcast_shape": ex_tensor_operations.check_broadcast_shape,
    "check_collapse_three": ex_tensor_operations.check_collapse_three,
    "check_dense_chain_shape": ex_tensor_operations.check_dense_chain_shape,
    "check_flattening_matrix": ex_tensor_operations.check_flattening_matrix,
    "check_projection": ex_tensor_operations.check_projection,
    "check_rotate_clockwise_and_triple": ex_tensor_operations.check_rotate_clockwise_and_triple,
}
GARBAGE = {"None": None, "str": "abc", "ragged": RAGGED, "object": OBJECTS}
EXERCISE_CASES = [(name, kind) for name in EXERCISE_CHECKS for kind in GARBAGE]


@pytest.mark.parametrize(("name", "kind"), EXERCISE_CASES, ids=[f"{n}-{k}" for n, k in EXERCISE_CASES])
def test_exercise_checks_answer_garbage_with_feedback(name: str, kind: str) -> None:
    feedback = EXERCISE_CHECKS[name](GARBAGE[kind])
    assert isinstance(feedback, exercises.Feedback)
    assert not feedback, f"{name} accepted {kind} input"
    assert len(feedback.message) > 10


# Public callables whose bad input is covered elsewhere, or that take no data input at all.
EXEMPT = {
    # Exercise data builders take no arguments: nothing to get wrong.
    "dlmath.exercises.gradient_optimization.mse_exercise_data": "no arguments",
    "dlmath.exercises.gradient_optimization.bias_gradient_exercise_data": "no arguments",
    "dlmath.exercises.looking_back.confusion_exercise_data": "no arguments",
    "dlmath.exercises.looking_back.rmsprop_exercise_data": "no arguments",
    "dlmath.geometry.f_shape": "no arguments",
    # Exceptions and exercise-result type, not functions taking data.
    "dlmath.data.MnistError": "exception class",
    "dlmath.data.MnistFileError": "exception class",
    "dlmath.data.MnistNotFoundError": "exception class",
    "dlmath.exercises.feedback.Feedback": "result type of the checks",
    # The loader's bad inputs are files and networks: tests/test_data.py injects each fault.
    "dlmath.data.default_cache_path": "no arguments; loader faults in test_data.py",
    "dlmath.data.download_mnist": "network and disk faults in test_data.py",
    "dlmath.data.find_mnist": "path faults in test_data.py",
    "dlmath.data.load_mnist": "path and file faults in test_data.py",
    # Keras callback: Keras calls it, never a learner.
    "dlmath.keras_callbacks.EpochLogger": "called by Keras, tested in tests/unit/test_keras_callbacks.py",
    # TensorFlow twin of scratch_numpy: it shares dlmath.scratch.layers and its own input checks are in
    # tests/unit/scratch/test_tf.py; importing TensorFlow here would add seconds to every run of this sweep.
    "dlmath.scratch.tf.NaiveDense": "TensorFlow module, tested in tests/unit/scratch/test_tf.py",
    "dlmath.scratch.tf.NaiveSequential": "TensorFlow module, tested in tests/unit/scratch/test_tf.py",
    "dlmath.scratch.tf.RMSprop": "TensorFlow module, tested in tests/unit/scratch/test_tf.py",
    "dlmath.scratch.tf.fit": "TensorFlow module, tested in tests/unit/scratch/test_tf.py",
    "dlmath.scratch.tf.mnist_model": "TensorFlow module, tested in tests/unit/scratch/test_tf.py",
    # Widget wiring: the callbacks they call are swept above; the widgets are tested in
    # test_widgets_*.py and in the browser tests.
    "dlmath.widgets.data_representations.crop_explorer": "wires fig_digits.show_crop (swept)",
    "dlmath.widgets.data_representations.digit_browser": "wires fig_digits.show_digit_at (swept)",
    "dlmath.widgets.gradient_optimization.learning_rate_explorer": "wires plot_descent_on_curve (swept)",
    "dlmath.widgets.gradient_optimization.render_png": "renders a swept callback to PNG (its own test)",
    "dlmath.exercises.feedback.is_blank": "takes any object: that is its job",
    "dlmath.exercises.feedback.as_number": "takes any object and answers None for what is not a number",
    "dlmath.exercises.feedback.as_shape": "takes any object and answers None for what is not a shape",
    "dlmath.exercises.feedback.as_float_array": "takes any object and answers None for what is not numbers",
    "dlmath.exercises.feedback.read_answer": "takes any answer; its Not yet is tested in test_feedback.py",
    "dlmath.exercises.feedback.no_answer": "a fixed reply; its text is tested by its doctest",
    "dlmath.widgets.explorer.explorer": "widget wiring; a non-callable draw is tested in its own test",
    "dlmath.widgets.explorer.figure_png": "a non-Figure is tested in its own test",
    "dlmath.widgets.tensor_operations.broadcast_explorer": "wires update_broadcast",
    "dlmath.widgets.tensor_operations.matrix_explorer": "wires update_matrix",
    "dlmath.widgets.tensor_operations.update_broadcast": "reports bad text in its output",
    "dlmath.widgets.tensor_operations.update_matrix": "floats from sliders, tested in its module",
}


def _qualified(func: object) -> str:
    if func is _list:
        return ""
    module = getattr(func, "__module__", "")
    return f"{module}.{func.__qualname__}".split(".<locals>")[0]  # type: ignore[attr-defined]


def _swept_names() -> set[str]:
    names = {_qualified(case.func) for case in CASES}
    names |= {"dlmath.batches.iterate_batches"}  # swept through _list
    wrappers = {  # the helpers above call these methods of public classes
        _call_model: "dlmath.scratch.numpy.NaiveSequential",
        _fit: "dlmath.scratch.numpy.fit",
        _rmsprop_apply: "dlmath.scratch.numpy.RMSprop",
        _representations: "dlmath.tiny_network.TinyNetwork",
        _train_tiny: "dlmath.tiny_network.train_tiny_network",
        _backward: "dlmath.autodiff.Tensor",
    }
    names |= {wrappers[case.func] for case in CASES if case.func in wrappers}
    names |= {n.rsplit(".", 1)[0] for n in list(names) if n.count(".") > 2}  # Class.method -> Class
    for name in EXERCISE_CHECKS:
        for module in (exercises, ex_data_representations, ex_first_look, ex_gradient_optimization,
                       ex_looking_back, ex_tensor_operations):  # fmt: skip
            if getattr(module, name, None) is not None:
                names.add(f"{module.__name__}.{name}")
    return names


def _public_callables() -> list[str]:
    found = []
    for info in pkgutil.walk_packages(dlmath.__path__, "dlmath."):
        if info.ispkg:  # a package's __init__ only re-exports what its modules define
            continue
        module = importlib.import_module(info.name) if info.name != "dlmath.scratch.tf" else None
        if module is None:  # do not import TensorFlow for a name check: read its __all__ from the source
            import ast

            source = importlib.util.find_spec(info.name).origin or ""
            tree = ast.parse(open(source, encoding="utf-8").read())
            names = next(
                ast.literal_eval(node.value)
                for node in tree.body
                if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "__all__"
            )
            found += [f"{info.name}.{n}" for n in names if not n.isupper()]
            continue
        for name in getattr(module, "__all__", []):
            value = getattr(module, name)
            if callable(value) and not name.isupper():
                found.append(f"{info.name}.{name}")
    return found


def test_every_public_callable_is_swept_or_exempt() -> None:
    swept = _swept_names()
    public = _public_callables()
    missing = [name for name in public if name not in swept and name not in EXEMPT]
    assert not missing, f"public callables with no bad-input case and no exemption: {missing}"
    stale = [name for name in EXEMPT if name not in public]
    assert not stale, f"exemptions for names that are not public any more: {stale}"


def test_sweep_figures(capsys) -> None:
    """Print the sweep's figures (shown with ``pytest -s``; the README quotes them)."""
    public = _public_callables()
    swept = [n for n in public if n in _swept_names()]
    print(
        f"bad-input sweep: {len(CASES)} raising cases, {len(EXERCISE_CASES)} exercise-garbage cases, "
        f"{len(DOCUMENTED)} documented edge results; {len(swept)} of {len(public)} public callables swept, "
        f"{len(EXEMPT)} exempt"
    )
    assert len(swept) + len(EXEMPT) == len(public)
