"""The web layer: Flask app factory, blueprints per area, JSON API, templates.

Views are thin: they parse input, check permissions and call domain services
(``app.services``, ``ingest``, ``search``) that know nothing about Flask.

How to add a blueprint
    1. Create ``app/web/<area>/__init__.py`` with ``bp = Blueprint("<area>", __name__,
       template_folder="templates", url_prefix="/<area>")`` and import your views module
       at the bottom of that file so its routes register on ``bp``.
    2. Add it to ``BLUEPRINTS`` in ``app/web/factory.py`` (disposition and retention are
       already registered).
    3. Protect every view: ``@login_required`` and/or ``@roles_required("admin", ...)``
       from ``app.web.security``; read documents only through
       ``get_readable_document_or_404(doc_id)`` (404 also for unreadable letters so that
       existence does not leak); use ``db_session()`` for the request's SQLAlchemy session
       and ``current_access()`` for the search ``AccessContext``.
    4. Templates: ``{% extends "base.html" %}``, fill ``{% block content %}``; put them in
       ``app/web/<area>/templates/<area>/...`` so names do not clash. A partial other pages
       may include (e.g. the document page) goes in ``<area>/partials/document_block.html``
       and receives ``document`` in its context.
    5. Add your dashboard tile or nav link: see ``NAV_ITEMS`` in ``app/web/navigation.py``.

How to add an API resource
    1. Create ``app/web/api/v1/<resource>.py``; ``from app.web.api.v1 import bp`` and define
       routes on it (paths are relative to ``/api/v1``).
    2. Use ``api_user()`` (token or session; the blueprint already refused anonymous
       requests with 401), ``api_error(code, message, status)`` for every refusal, and
       ``api_document_or_404(doc_id)`` for documents.
    3. Export ``OPENAPI_PATHS`` (a dict path -> OpenAPI path item, paths WITH the
       ``/api/v1`` prefix) and optionally ``OPENAPI_SCHEMAS`` (component schemas); list
       the module name in ``RESOURCES`` in ``app/web/api/v1/__init__.py``. They are merged
       into ``/api/v1/openapi.json``, which tests check against the running app with
       schemathesis, so describe every status you return.

How to add a translated string
    Write the msgid in English: ``_("Save")`` in Python (``from flask_babel import
    gettext as _``; ``lazy_gettext`` for module-level strings), ``{{ _("Save") }}`` in
    templates. Put its Indonesian translation in ``messages.id.po`` in your blueprint
    folder (standard .po entries), then run ``.venv/bin/python scripts/build_translations.py``
    and commit the regenerated ``app/translations/id/LC_MESSAGES/messages.{po,mo}``.
    ``tests/web/test_translations.py`` fails if a msgid has no Indonesian translation
    or the compiled catalog is stale.
"""
