"""The book's self-check questions, keyed by section and number ("2.3.1").

Each checks an idea of its section right after the section teaches it;
``tests/unit/test_quiz_questions.py`` recomputes every answer that is a
computation.

>>> sorted({key.rsplit(".", 1)[0] for key in QUESTIONS})
['2.1', '2.2', '2.3', '2.4', '2.5']
"""

from __future__ import annotations

from dlmath.quiz import Choice, Number, Option, Question

__all__ = ["QUESTIONS"]

QUESTIONS: dict[str, Question] = {
    # --- 2.1 A first look at a neural network
    "2.1.1": Number(
        "How many numbers does the first Dense layer learn (the entries of "
        "its kernel and of its bias together)?",
        784 * 512 + 512,
        why="Its kernel has one row per input and one column per unit, "
        "784 x 512 = 401408 weights, plus one bias per unit: 401920.",
        hint="Count the kernel's entries (inputs x units), then add one "
        "bias for each of the 512 units.",
        tolerance=0,
    ),
    "2.1.2": Choice(
        "A mini-batch of 128 flattened images goes through the network. "
        "What shape has the output of the last layer?",
        (
            Option(
                "(128, 10)",
                "One row per image, as in the input, and one column per "
                "unit of the last layer: ten probabilities for each image.",
                correct=True,
            ),
            Option(
                "(10,)",
                "That is one image's output. The layer computes "
                "`x @ W + b` for the whole batch at once: one row per image.",
            ),
            Option(
                "(128, 512)",
                "That is the output of the first layer; the second one "
                "has 10 units.",
            ),
            Option(
                "(784, 10)",
                "That is the shape of a kernel with 784 inputs and 10 "
                "units, not of an output: outputs have one row per image.",
            ),
        ),
    ),
    "2.1.3": Choice(
        "A network reaches accuracy 0.99 on its training data and 0.98 on "
        "the test data, both measured once, after training. What can you "
        "conclude?",
        (
            Option(
                "It has a generalization gap; whether it overfits cannot "
                "be told from these two numbers.",
                "The gap is the difference between the two accuracies. "
                "Overfitting shows in how accuracy on held-back data moves "
                "from epoch to epoch, which one final measurement cannot "
                "show.",
                correct=True,
            ),
            Option(
                "It overfits, since it does better on the training data.",
                "Some gap is expected: the weights were fitted to those "
                "very images. Overfitting means that further training stops "
                "helping (or hurts) on new data, which takes a measurement "
                "after every epoch to see.",
            ),
            Option(
                "Nothing: the test accuracy should be equal to the "
                "training accuracy.",
                "Only data held back from training measures how the "
                "network does on new data, and some gap between the two is "
                "expected.",
            ),
        ),
    ),
    # --- 2.2 Data representations: tensors
    "2.2.1": Number(
        "How many numbers does `train_images[10:100, 7:-7, 7:-7]` hold? "
        "(`train_images` has shape (60000, 28, 28).)",
        90 * 14 * 14,
        why="The slice keeps 100 - 10 = 90 images and, on each of the "
        "other two axes, positions 7 to 20: 28 - 7 - 7 = 14. "
        "90 x 14 x 14 = 17640.",
        hint="Find how many positions each axis keeps (stop - start, "
        "with -7 read as 28 - 7), then multiply the three counts.",
        tolerance=0,
    ),
    "2.2.2": Choice(
        "`centre = images[:, 7:-7, 7:-7]`, then `centre[0] = 0`. What "
        "happens to `images`?",
        (
            Option(
                "The 14 x 14 centre of its first image becomes 0.",
                "A basic slice is a view: it reads the same bytes as "
                "`images`, so writing into it writes into `images`, "
                "and only where the view looks.",
                correct=True,
            ),
            Option(
                "Nothing: `centre` is a copy.",
                "A basic slice copies nothing; `np.shares_memory(centre, "
                "images)` is True. Only `.copy()` makes a copy.",
            ),
            Option(
                "Its whole first image becomes 0.",
                "`centre[0]` is the first image's 14 x 14 centre only; "
                "the border pixels are not part of the view.",
            ),
        ),
    ),
    "2.2.3": Choice(
        "`train_images` has shape (60000, 28, 28). What shape has "
        "`train_images.mean(axis=0)`?",
        (
            Option(
                "(28, 28)",
                "The mean runs along axis 0, the samples, once for every "
                "pixel position, and axis 0 disappears: the mean image.",
                correct=True,
            ),
            Option(
                "(60000,)",
                "That would be one number per image, the mean over the "
                "pixel axes: `mean(axis=(1, 2))`.",
            ),
            Option(
                "(1, 28, 28)",
                "The reduced axis stays, with length 1, only with "
                "`keepdims=True`.",
            ),
            Option(
                "()",
                "One number for the whole tensor is `mean()` without "
                "`axis=`.",
            ),
        ),
    ),
    "2.2.4": Choice(
        "A batch of 32 colour video clips, each 16 frames of 64 x 64 "
        "pixels with 3 colour channels. What is the batch's shape?",
        (
            Option(
                "(32, 16, 64, 64, 3)",
                "Samples first, then frames, height, width and channels: "
                "a batch of clips is rank 5.",
                correct=True,
            ),
            Option(
                "(16, 32, 64, 64, 3)",
                "The samples axis comes first: axis 0 picks a clip, then "
                "axis 1 a frame of it.",
            ),
            Option(
                "(32, 16, 3, 64, 64)",
                "That is the channels-first layout; this book (and Keras "
                "by default) puts the channels last.",
            ),
            Option(
                "(32, 16, 64, 64)",
                "That leaves out the channels axis: a colour pixel is 3 "
                "numbers.",
            ),
        ),
    ),
    # --- 2.3 Tensor operations
    "2.3.1": Choice(
        "What is the shape of `a + b` when `a` has shape (8, 1, 6) and "
        "`b` has shape (7, 1)?",
        (
            Option(
                "(8, 7, 6)",
                "`b` is padded on the left to (1, 7, 1). Axis by axis from "
                "the last: 6 and 1 give 6, 1 and 7 give 7, 8 and 1 give 8.",
                correct=True,
            ),
            Option(
                "An error: the shapes do not broadcast.",
                "Compare the axes from the last one, after padding `b` on "
                "the left with a 1: on every axis the sizes are equal or "
                "one of them is 1.",
            ),
            Option(
                "(8, 1, 6)",
                "The size-1 axis of `a` is stretched to 7, the size of `b` "
                "on that axis.",
            ),
            Option(
                "(8, 7, 1)",
                "On the last axis 6 and 1 give 6: the 1 is stretched.",
            ),
        ),
    ),
    "2.3.2": Choice(
        "`a` has shape (3, 4) and `b` has shape (5, 4). Which of these is "
        "a valid matrix product?",
        (
            Option(
                "`a @ b.T`",
                "(3, 4) @ (4, 5): the last axis of `a` meets the first "
                "axis of `b.T`, both 4; the result has shape (3, 5).",
                correct=True,
            ),
            Option(
                "`a @ b`",
                "(3, 4) @ (5, 4): the last axis of `a` (4) must equal the "
                "first axis of `b` (5).",
            ),
            Option(
                "`b @ a`",
                "(5, 4) @ (3, 4): 4 and 3 differ.",
            ),
            Option(
                "`a.T @ b.T`",
                "(4, 3) @ (4, 5): 3 and 4 differ.",
            ),
        ),
    ),
    "2.3.3": Number(
        "The matrix `[[2, 1], [0, 3]]` maps the unit square (area 1) to a "
        "parallelogram. What is the parallelogram's area?",
        6,
        why="The determinant a * d - b * c = 2 * 3 - 1 * 0 = 6 is the "
        "factor by which the map multiplies every area.",
        hint="The determinant `a * d - b * c` says how the map changes "
        "areas.",
        tolerance=1e-9,
    ),
    "2.3.4": Choice(
        "Ten Dense layers, stacked, none with an activation. What can the "
        "stack compute?",
        (
            Option(
                "Only what a single Dense layer without activation can: "
                "one affine map.",
                "An affine map followed by an affine map is one affine "
                "map, `x @ (W1 @ W2) + (b1 @ W2 + b2)`; so is any chain of "
                "them.",
                correct=True,
            ),
            Option(
                "More than one layer can, because it has more weights.",
                "More weights, but the same kind of map: the chain "
                "collapses into one kernel and one bias.",
            ),
            Option(
                "Any function, given enough units.",
                "Without a non-linear activation such as relu, every "
                "layer is affine and so is their composition; it cannot "
                "crease the plane.",
            ),
        ),
    ),
    # --- 2.4 Gradient-based optimization
    "2.4.1": Choice(
        "You may move the weights a small step of a fixed length. Which "
        "direction lowers the loss the most?",
        (
            Option(
                "Minus the gradient.",
                "The change is about the dot product of the gradient with "
                "the step, most negative when the step points against the "
                "gradient.",
                correct=True,
            ),
            Option(
                "The gradient.",
                "The gradient points where the loss rises fastest: a step "
                "along it raises the loss the most.",
            ),
            Option(
                "Perpendicular to the gradient.",
                "There the dot product with the gradient is zero: to first "
                "order the loss does not change.",
            ),
        ),
    ),
    "2.4.2": Choice(
        "On the curve of the learning-rate explorer, why can a run with "
        "momentum cross the bump that stops plain gradient descent in the "
        "local minimum?",
        (
            Option(
                "Its step adds up past gradients, so it still moves where "
                "the gradient is zero.",
                "The velocity is a decaying sum of the gradients seen on "
                "the way down; at the local minimum the new gradient is "
                "zero but the velocity is not, if the run gathered enough "
                "of it.",
                correct=True,
            ),
            Option(
                "Momentum uses a larger learning rate.",
                "The learning rate is the same; the step differs because "
                "it remembers earlier gradients.",
            ),
            Option(
                "Momentum always finds the global minimum.",
                "It does not: with a small learning rate, or too little "
                "momentum, the run stays in the local minimum, as panels "
                "of the grid show.",
            ),
        ),
    ),
    "2.4.3": Number(
        "Gradient descent with learning rate 0.1 on the valley "
        "L(w) = (c / 2) w\u00b2 with curvature c = 5. Each step multiplies "
        "the distance to the minimum by what factor?",
        0.5,
        why="The gradient is c w, so one step gives "
        "w - 0.1 * 5 * w = (1 - 0.5) w.",
        hint="Write one step, w minus the learning rate times the gradient "
        "c w, as a number times w.",
        tolerance=1e-9,
    ),
    "2.4.4": Choice(
        "A Dense layer computes `z = x @ W + b` with `x` of shape "
        "(128, 784) and `W` of shape (784, 512). What shape has the "
        "gradient of the loss with respect to `W`?",
        (
            Option(
                "(784, 512)",
                "A gradient has the shape of what it is taken with "
                "respect to: one number per weight. It is `x.T @ g`, "
                "(784, 128) @ (128, 512), with `g` the gradient with "
                "respect to `z`.",
                correct=True,
            ),
            Option(
                "(128, 512)",
                "That is the shape of `z` and of the gradient with "
                "respect to `z`, one number per output.",
            ),
            Option(
                "(128, 784)",
                "That is the shape of `x` and of the gradient with respect "
                "to `x`.",
            ),
            Option(
                "(512, 784)",
                "The gradient is arranged like `W` itself, (inputs, units).",
            ),
        ),
    ),
    # --- 2.5 Looking back
    "2.5.1": Number(
        "For one image the network gives the correct digit probability "
        "0.5. What is the categorical cross-entropy for this image "
        "(natural logarithm, two decimals)?",
        0.69,
        why="Only the probability of the correct digit counts: "
        "-log(0.5) = 0.693.",
        hint="The loss of one image is -log(p), where p is the probability "
        "given to the correct digit.",
        tolerance=0.006,
    ),
    "2.5.2": Choice(
        "In RMSprop, weight A's recent gradients are 100 times as large as "
        "weight B's (and steady). How do their steps compare?",
        (
            Option(
                "About the same size.",
                "Each step is divided by the root mean square of the "
                "weight's own recent gradients, so the factor 100 cancels.",
                correct=True,
            ),
            Option(
                "A's step is 100 times as large.",
                "That is plain gradient descent. RMSprop divides each "
                "weight's step by the size of its recent gradients.",
            ),
            Option(
                "A's step is 10 times as large (the square root of 100).",
                "The running mean is of squared gradients, and its square "
                "root brings them back to their own scale: 100 times "
                "larger, which cancels the factor 100 of the gradient.",
            ),
        ),
    ),
    "2.5.3": Number(
        "Five epochs of mini-batches of 128 over the 60000 training "
        "images, the last batch of each epoch shorter. How many weight "
        "updates is that?",
        5 * 469,
        why="60000 / 128 = 468.75, so each epoch has 469 batches (the last "
        "one of 96 images) and one update per batch: 5 x 469 = 2345.",
        hint="One update per batch. Count the batches of one epoch "
        "(rounding up for the shorter last one), then the epochs.",
        tolerance=0,
    ),
}
