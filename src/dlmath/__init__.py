"""dlmath: the helpers of the book on the math of neural networks.

Each module belongs to one chapter section: ``dlmath.data`` and
``dlmath.figures.digits`` to 2.1 and 2.2, and so on. Modules that need
TensorFlow import it themselves, so ``import dlmath`` stays fast.
"""

from dlmath.data import load_mnist
from dlmath.figures.digits import show_digit, show_digits

__all__ = ["load_mnist", "show_digit", "show_digits"]
__version__ = "0.1.0"
