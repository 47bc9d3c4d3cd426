"""Chapter 2.1's network rebuilt from scratch (section 2.5).

:mod:`dlmath.scratch.numpy` writes the backward pass by hand;
:mod:`dlmath.scratch.tf` lets ``tf.GradientTape`` derive it. Both share the
batching (:class:`dlmath.batches.BatchGenerator`) and the training loop
(:mod:`dlmath.scratch.training`). Import the one you need: this package does
not import TensorFlow.
"""
