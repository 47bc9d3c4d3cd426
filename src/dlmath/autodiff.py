"""Reverse-mode automatic differentiation on NumPy arrays, in miniature.

It does what ``tf.GradientTape`` does.

A :class:`Tensor` holds a value and, once :meth:`Tensor.backward` has run, the
gradient of a scalar with respect to that value. Each operation records its
inputs and a rule that turns the gradient of its output into gradients of its
inputs (the chain rule); ``backward`` visits the graph from the output back to
the leaves in reverse topological order and adds up those contributions.

>>> w = Tensor(np.array([[1.0, 2.0], [-3.0, 4.0]]), name="w")
>>> x = Tensor(np.array([[1.0, -1.0]]))
>>> b = Tensor(np.array([0.5, 0.0]), name="b")
>>> loss = mean(relu(x @ w + b))
>>> float(loss.value)
2.25
>>> loss.backward()
>>> w.grad.tolist(), b.grad.tolist()
([[0.5, 0.0], [-0.5, 0.0]], [0.5, 0.0])
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dlmath._checks import class_labels

__all__ = [
    "Tensor",
    "add",
    "graph_nodes",
    "matmul",
    "mean",
    "relu",
    "softmax_cross_entropy",
    "sum",
]

BackwardRule = Callable[[np.ndarray], np.ndarray]


class Tensor:
    """A graph node: a float64 ``value``; after ``backward``, a ``grad``.

    Tensors you create yourself are *leaves* (weights, inputs); operations
    create the others and remember their ``parents`` with one backward rule
    each.

    >>> t = Tensor([1.0, 2.0])
    >>> t.shape, t.grad is None
    ((2,), True)
    """

    def __init__(
        self,
        value: object,
        *,
        name: str = "",
        parents: tuple[tuple[Tensor, BackwardRule], ...] = (),
        op: str = "leaf",
    ) -> None:
        array = np.asarray(value)
        if not np.issubdtype(array.dtype, np.number) or np.issubdtype(
            array.dtype, np.complexfloating
        ):
            raise TypeError(
                f"a Tensor holds real numbers, got dtype {array.dtype}"
            )
        self.value: np.ndarray = array.astype(np.float64)
        self.grad: np.ndarray | None = None
        self.name = name
        self.op = op
        self.parents = parents

    @property
    def shape(self) -> tuple[int, ...]:
        return self.value.shape

    def __repr__(self) -> str:
        label = f" {self.name!r}" if self.name else ""
        return f"Tensor{label}(op={self.op}, shape={self.shape})"

    def __matmul__(self, other: Tensor) -> Tensor:
        return matmul(self, other)

    def __add__(self, other: Tensor) -> Tensor:
        return add(self, other)

    def backward(self, grad: np.ndarray | None = None) -> None:
        """Set ``.grad`` of each tensor this one depends on to d(self)/d(it).

        ``self`` must be a scalar unless ``grad`` (the gradient of some scalar
        with respect to ``self``, same shape) is given. Gradients of earlier
        ``backward`` calls are replaced.
        """
        if grad is None:
            if self.value.shape != ():
                raise ValueError(
                    "backward() without a grad needs a scalar, got shape "
                    f"{self.shape}; "
                    "reduce it with sum() or mean() first, or pass grad="
                )
            grad = np.ones(())
        grad = np.asarray(grad, dtype=np.float64)
        if grad.shape != self.shape:
            raise ValueError(
                f"grad has shape {grad.shape}, but this tensor has shape "
                f"{self.shape}"
            )
        order = _topological_order(self)
        for node in order:
            node.grad = np.zeros_like(node.value)
        self.grad = grad.copy()
        for node in reversed(
            order
        ):  # outputs before the inputs they were computed from
            for parent, rule in node.parents:
                parent.grad = parent.grad + rule(node.grad)


def _topological_order(root: Tensor) -> list[Tensor]:
    """Every tensor ``root`` depends on, each after all of its parents.

    An iterative depth-first search (no recursion limit on deep graphs).
    """
    order: list[Tensor] = []
    seen: set[int] = set()
    stack: list[tuple[Tensor, bool]] = [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        stack.extend(
            (parent, False)
            for parent, _ in node.parents
            if id(parent) not in seen
        )
    return order


def _as_tensor(x: object, what: str) -> Tensor:
    if isinstance(x, Tensor):
        return x
    raise TypeError(
        f"{what} must be a Tensor, got {type(x).__name__}; wrap arrays "
        "with Tensor(...)"
    )


def _unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum ``grad`` over the axes broadcasting added or stretched."""
    extra = grad.ndim - len(shape)
    grad = grad.sum(axis=tuple(range(extra))) if extra else grad
    stretched = tuple(
        axis
        for axis, n in enumerate(shape)
        if n == 1 and grad.shape[axis] != 1
    )
    return grad.sum(axis=stretched, keepdims=True) if stretched else grad


def matmul(a: Tensor, b: Tensor) -> Tensor:
    """Matrix product of two rank-2 tensors, ``(n, k) @ (k, m) -> (n, m)``.

    >>> matmul(Tensor(np.ones((2, 3))), Tensor(np.ones((2, 3))))
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: matmul needs shapes (n, k) and (k, m); got (2, 3) and ...
    """
    a, b = (
        _as_tensor(a, "matmul's first operand"),
        _as_tensor(b, "matmul's second operand"),
    )
    if a.value.ndim != 2 or b.value.ndim != 2:
        raise ValueError(
            f"matmul needs two rank-2 tensors; got shapes {a.shape} and "
            f"{b.shape}"
        )
    if a.shape[1] != b.shape[0]:
        raise ValueError(
            f"matmul needs shapes (n, k) and (k, m); got {a.shape} and "
            f"{b.shape}: "
            f"inner sizes {a.shape[1]} and {b.shape[0]} differ"
        )
    a_value, b_value = a.value, b.value
    return Tensor(
        a_value @ b_value,
        parents=((a, lambda g: g @ b_value.T), (b, lambda g: a_value.T @ g)),
        op="matmul",
    )


def add(a: Tensor, b: Tensor) -> Tensor:
    """Element-wise sum with broadcasting; gradients are summed back to shape.

    >>> add(Tensor(np.ones((4, 3))), Tensor(np.ones(2)))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: add cannot broadcast shapes (4, 3) and (2,)...
    """
    a, b = (
        _as_tensor(a, "add's first operand"),
        _as_tensor(b, "add's second operand"),
    )
    try:
        out_shape = np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise ValueError(
            f"add cannot broadcast shapes {a.shape} and {b.shape}: "
            "trailing sizes must be equal or 1"
        ) from None
    a_shape, b_shape = a.shape, b.shape
    value = a.value + b.value
    assert value.shape == out_shape
    return Tensor(
        value,
        parents=(
            (a, lambda g: _unbroadcast(g, a_shape)),
            (b, lambda g: _unbroadcast(g, b_shape)),
        ),
        op="add",
    )


def relu(a: Tensor) -> Tensor:
    """``max(a, 0)`` element-wise; its derivative is 1 where ``a > 0``."""
    a = _as_tensor(a, "relu's input")
    positive = a.value > 0
    return Tensor(
        np.where(positive, a.value, 0.0),
        parents=((a, lambda g: g * positive),),
        op="relu",
    )


def sum(a: Tensor) -> Tensor:
    """The sum of all entries; each entry's gradient is the output's."""
    a = _as_tensor(a, "sum's input")
    shape = a.shape
    return Tensor(
        a.value.sum(),
        parents=((a, lambda g: np.broadcast_to(g, shape).copy()),),
        op="sum",
    )


def mean(a: Tensor) -> Tensor:
    """The mean of all entries; each gets the output's gradient / size."""
    a = _as_tensor(a, "mean's input")
    if a.value.size == 0:
        raise ValueError(
            f"mean of an empty tensor (shape {a.shape}) is undefined"
        )
    shape, size = a.shape, a.value.size
    return Tensor(
        a.value.mean(),
        parents=((a, lambda g: np.broadcast_to(g / size, shape).copy()),),
        op="mean",
    )


def softmax_cross_entropy(logits: Tensor, labels: np.ndarray) -> Tensor:
    """Mean cross-entropy of ``softmax(logits)`` against class ``labels``.

    ``logits`` has shape ``(batch, classes)``, ``labels`` shape ``(batch,)``
    with values in ``[0, classes)``. The gradient with respect to the logits
    is ``(softmax - one_hot) / batch``.

    >>> loss = softmax_cross_entropy(Tensor(np.zeros((1, 4))), np.array([2]))
    >>> bool(np.isclose(loss.value, np.log(4)))  # four equal classes
    True
    """
    logits = _as_tensor(logits, "softmax_cross_entropy's logits")
    if logits.value.ndim != 2:
        raise ValueError(
            "logits must have shape (batch, classes), got shape "
            f"{logits.shape}"
        )
    batch, classes = logits.shape
    labels = class_labels(labels, samples=batch, classes=classes)
    if batch == 0:
        raise ValueError("softmax_cross_entropy needs at least one sample")
    shifted = logits.value - logits.value.max(
        axis=1, keepdims=True
    )  # avoids overflow in exp
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(batch)
    loss = -log_probs[rows, labels].mean()
    delta = np.exp(log_probs)
    delta[rows, labels] -= 1.0
    delta /= batch
    return Tensor(
        loss,
        parents=((logits, lambda g: g * delta),),
        op="softmax_cross_entropy",
    )


def graph_nodes(root: Tensor) -> list[Tensor]:
    """Every tensor ``root`` was computed from: inputs first, ``root`` last.

    >>> [t.op for t in graph_nodes(relu(Tensor([1.0, -1.0])))]
    ['leaf', 'relu']
    """
    return _topological_order(_as_tensor(root, "graph_nodes' root"))
