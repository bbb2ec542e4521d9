"""The value model engine: pure Python, numpy and scipy; no web framework, no database.

Everything here is a function of its inputs so it can be tested alone and used from a notebook.
Importing Django (or anything from ``worth.apps`` / ``worth.site``) here is forbidden and checked by
``tests/test_layers.py``.
"""
