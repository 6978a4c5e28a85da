"""WSGI entry point for gunicorn: settings come from the environment at start-up.

A setting the app cannot use (e.g. no LONTAR_SECRET_KEY) stops the server with one
sentence and exit status 2, like the CLI, instead of a traceback per worker.
"""
import sys

from app import create_app
from config import SettingsError

try:
    application = create_app()
except SettingsError as exc:
    print(f"Configuration error: {exc}", file=sys.stderr)
    sys.exit(2)
