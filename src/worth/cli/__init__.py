"""The ``worth`` command line."""
