"""WSGI entry point for gunicorn: settings come from the environment at start-up."""
from app import create_app

application = create_app()
