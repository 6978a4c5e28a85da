"""Lontar application package.

Domain modules (``app.models``, ``app.services``) never import Flask; the web layer
lives in ``app.web``. ``create_app`` is re-exported lazily so that importing the
domain does not pull in the web stack.
"""


def create_app(settings=None, **overrides):
    from app.web.factory import create_app as _create_app

    return _create_app(settings, **overrides)
