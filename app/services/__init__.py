"""Domain services: plain Python functions over a SQLAlchemy session, no Flask.

The web views, the JSON API, the CLI and the Celery tasks all call these.
"""
