"""The ``lontar`` command line."""
