"""Every figure of the book, one module per subject.

The math modules never import matplotlib. A function that draws one panel
takes ``ax=None`` (a new figure when None) and returns the matplotlib
``Axes`` it drew on; one that lays out several panels returns the
``Figure``.
"""
