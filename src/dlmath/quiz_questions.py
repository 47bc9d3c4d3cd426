"""The book's self-check questions, keyed by section and number ("2.3.1").

Each checks an idea of its section right after the section teaches it,
asking the reader to use the idea on a case the chapter did not print. The
right option sits at a different letter from question to question, so that
its place gives nothing away. ``tests/unit/test_quiz_questions.py``
recomputes every answer that is a computation.

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
        # A reader who types the printed total of both layers lands here,
        # so the hint says first that only one layer counts.
        hint="The first layer only: count its kernel's entries (inputs x "
        "units), then add one bias for each of its units.",
        tolerance=0,
    ),
    "2.1.2": Choice(
        "A mini-batch of 128 flattened images goes through the network. "
        "What shape has the output of the last layer?",
        (
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
                "(128, 10)",
                "One row per image, as in the input, and one column per "
                "unit of the last layer: ten probabilities for each image.",
                correct=True,
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
                "It overfits, since it does better on the training data.",
                "Some gap is expected: the weights were fitted to those "
                "very images. Overfitting means that further training stops "
                "helping (or hurts) on new data, which takes a measurement "
                "after every epoch to see.",
            ),
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
                "A network with accuracy 0.97 on both would do better on "
                "new images, since it has no gap.",
                "How a network does on new images is measured by the test "
                "accuracy, and 0.98 beats 0.97. A small gap is not a goal "
                "in itself.",
            ),
        ),
    ),
    # --- 2.2 Data representations: tensors
    "2.2.1": Number(
        "How many numbers does `train_images[:50, 3:-5, 14:]` hold? "
        "(`train_images` has shape (60000, 28, 28).)",
        50 * 20 * 14,
        why="`:50` keeps 50 images; `3:-5` keeps rows 3 to 22, since -5 "
        "is 28 - 5 = 23 and 23 - 3 = 20; `14:` keeps columns 14 to 27, 14 "
        "of them. 50 x 20 x 14 = 14000.",
        hint="Find how many positions each axis keeps, stop - start, with "
        "a negative index -k read as 28 - k and a missing start or stop "
        "as the axis's beginning or end; then multiply the three counts.",
        tolerance=0,
    ),
    "2.2.2": Choice(
        "`images` has shape (100, 28, 28). `centre = images[:, 7:-7, "
        "7:-7]`, then `centre[0] = 0`. What happens to `images`?",
        (
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
            Option(
                "The 14 x 14 centre of its first image becomes 0.",
                "A basic slice is a view: it reads the same bytes as "
                "`images`, so writing into it writes into `images`, "
                "and only where the view looks.",
                correct=True,
            ),
        ),
    ),
    "2.2.3": Choice(
        "`train_images` has shape (60000, 28, 28). What shape has "
        "`train_images.mean(axis=0)`?",
        (
            Option(
                "(60000,)",
                "That would be one number per image, the mean over the "
                "pixel axes: `mean(axis=(1, 2))`.",
            ),
            Option(
                "(28, 28)",
                "The mean runs along axis 0, the samples, once for every "
                "pixel position, and axis 0 disappears: the mean image.",
                correct=True,
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
        "`clips` is a batch of 32 colour video clips, each 16 frames of "
        "64 x 64 pixels, laid out as (samples, frames, height, width, "
        "channels). What shape has `clips[:, 0]`?",
        (
            Option(
                "(16, 64, 64, 3)",
                "That is `clips[0]`, every frame of the first clip. Here "
                "`:` keeps every clip and the 0 indexes axis 1, the frames.",
            ),
            Option(
                "(32, 16, 64, 64)",
                "That is `clips[..., 0]`, one colour channel of every "
                "pixel. The 0 here indexes axis 1, the frames.",
            ),
            Option(
                "(32, 1, 64, 64, 3)",
                "An integer index removes its axis; the slice `0:1` would "
                "keep it, with length 1.",
            ),
            Option(
                "(32, 64, 64, 3)",
                "`:` keeps all 32 clips and the 0 picks one frame of each, "
                "removing the frames axis: the first frame of every clip, "
                "a batch of colour images of rank 4.",
                correct=True,
            ),
        ),
    ),
    # --- 2.3 Tensor operations
    "2.3.1": Choice(
        "What is the shape of `a + b` when `a` has shape (8, 1, 6) and "
        "`b` has shape (7, 1)?",
        (
            Option(
                "An error: the shapes do not broadcast.",
                "Compare the axes from the last one, after padding `b` on "
                "the left with a 1: on every axis the sizes are equal or "
                "one of them is 1.",
            ),
            Option(
                "(8, 7, 6)",
                "`b` is padded on the left to (1, 7, 1). Axis by axis from "
                "the last: 6 and 1 give 6, 1 and 7 give 7, 8 and 1 give 8.",
                correct=True,
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
        "`a` has shape (3, 4) and `b` has shape (5, 4); `b.T`, its "
        "transpose, has shape (4, 5). Which of these is a valid matrix "
        "product?",
        (
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
                "`a @ b.T`",
                "(3, 4) @ (4, 5): the last axis of `a` meets the first "
                "axis of `b.T`, both 4; the result has shape (3, 5).",
                correct=True,
            ),
            Option(
                "`a.T @ b.T`",
                "(4, 3) @ (4, 5): 3 and 4 differ.",
            ),
        ),
    ),
    "2.3.3": Number(
        "The matrix `[[2, 1], [1, 3]]` maps the unit square (area 1) to a "
        "parallelogram. What is the parallelogram's area?",
        5,
        why="The determinant a * d - b * c = 2 * 3 - 1 * 1 = 5 is the "
        "factor by which the map multiplies every area. The square's "
        "sides land on the matrix's columns, (2, 1) and (1, 3).",
        hint="The determinant of `[[a, b], [c, d]]`, `a * d - b * c`, is "
        "the factor by which the map changes areas.",
        tolerance=1e-9,
    ),
    "2.3.4": Choice(
        "Ten Dense layers are stacked with no activation between them. "
        "Where does the stack send the points of a straight line?",
        (
            Option(
                "Onto a straight line, or all onto one point.",
                "The stack is one affine map, `x @ W + b` with the "
                "collapsed kernel and bias, and an affine map keeps "
                "straight lines straight or squashes them to a point.",
                correct=True,
            ),
            Option(
                "Onto a curve, if the layers are wide enough.",
                "Width does not help: every layer is affine, so the whole "
                "stack is one affine map, and that keeps lines straight.",
            ),
            Option(
                "Onto a line with up to ten bends, one per layer.",
                "An affine layer bends nothing, and a chain of them is one "
                "affine map; a bend takes a non-linear activation between "
                "the layers, such as relu.",
            ),
        ),
    ),
    # --- 2.4 Gradient-based optimization
    "2.4.1": Choice(
        "At the current weights (two of them) the gradient of the loss is "
        "(3, -4). You may move the weights a small distance along one of "
        "these directions, each of length 1. Which one lowers the loss "
        "the most?",
        (
            Option(
                "(0.6, -0.8)",
                "The loss changes by about the distance times the dot "
                "product of the gradient with the direction: here "
                "3 * 0.6 + (-4) * (-0.8) = 5, the largest rise there is. "
                "This is the gradient's own direction.",
            ),
            Option(
                "(0.8, 0.6)",
                "The dot product with the gradient, 3 * 0.8 - 4 * 0.6, is "
                "0: this direction is perpendicular to the gradient, and "
                "to first order the loss does not change.",
            ),
            Option(
                "(-1, 0)",
                "It lowers the loss, with a dot product of -3 with the "
                "gradient, but another direction of length 1 does better.",
            ),
            Option(
                "(-0.6, 0.8)",
                "It is minus the gradient divided by its length, 5. Its "
                "dot product with the gradient is -0.6 * 3 + 0.8 * (-4) = "
                "-5, the most negative a direction of length 1 can give.",
                correct=True,
            ),
        ),
    ),
    "2.4.2": Choice(
        "On the curve with two valleys, why can a run with momentum cross "
        "the bump that stops plain gradient descent in the local minimum?",
        (
            Option(
                "Its steps are random, so it can jump out of the valley "
                "by chance.",
                "Nothing here is random: both runs follow the exact "
                "derivative of the curve. The difference is the velocity.",
            ),
            Option(
                "Momentum uses a larger learning rate.",
                "Both runs use the same learning rate. Momentum's step is "
                "larger on the way down because it adds each new gradient "
                "to a velocity it keeps from the earlier steps.",
            ),
            Option(
                "Its step adds up past gradients, so it still moves where "
                "the gradient is zero.",
                "The velocity is a decaying sum of the gradients seen on "
                "the way down; at the local minimum the new gradient is "
                "zero but the velocity is not, if the run gathered enough "
                "of it. It does not always: with a small learning rate or "
                "too little momentum the run stays, as panels of the grid "
                "show.",
                correct=True,
            ),
        ),
    ),
    "2.4.3": Number(
        "Gradient descent with learning rate 0.1 on the valley "
        "L(w) = (c / 2) w\u00b2 with curvature c = 15, whose minimum is at "
        "w = 0. Each step multiplies w by what number (with its sign)?",
        -0.5,
        why="The gradient is c w = 15 w, so one step gives "
        "w - 0.1 * 15 * w = (1 - 1.5) w = -0.5 w: the point lands on the "
        "other side of the minimum, half as far from it.",
        hint="Write one step, w minus the learning rate times the gradient "
        "c w, as a number times w, and keep that number's sign.",
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
        "For one image the network gives probability 0.5 to the correct "
        "digit, 0.3 to one wrong digit and 0.2 to another. What is the "
        "categorical cross-entropy for this image (natural logarithm, two "
        "decimals)?",
        0.69,
        why="Only the probability of the correct digit counts: "
        "-log(0.5) = 0.693. How the rest is spread does not matter.",
        hint="The loss of one image is -log(p), where p is the probability "
        "given to the correct digit.",
        tolerance=0.006,
    ),
    "2.5.2": Choice(
        "In RMSprop, weight A's recent gradients are 100 times as large as "
        "weight B's (and steady). How do their steps compare?",
        (
            Option(
                "A's step is 100 times as large.",
                "That is plain gradient descent. RMSprop divides each "
                "weight's step by the size of its recent gradients.",
            ),
            Option(
                "About the same size.",
                "Each step is divided by the root mean square of the "
                "weight's own recent gradients, so the factor 100 cancels.",
                correct=True,
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
