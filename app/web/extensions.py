"""Flask extensions, each bound to an app through ``init_app`` in the factory.

The Limiter is built per app (see factory) so two apps in one process do not share
counters; the others keep no per-app state on the object.
"""
from __future__ import annotations

from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
