"""The book's interactive explorers (ipywidgets), one module per notebook.

Each module is named after its notebook.
"""
