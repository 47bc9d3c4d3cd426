"""The book's interactive explorers (ipywidgets), one module per notebook, named after it."""
