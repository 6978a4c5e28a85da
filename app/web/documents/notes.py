"""Notes on the letter page: the panel's data, adding a note, deleting one's own."""
from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from app.models import Document
from app.services import notes
from app.web.documents import bp
from app.web.domain_messages import localize
from app.web.security import current_access, current_db_user, db_session, get_readable_document_or_404, login_required


class NoteForm(FlaskForm):
    text = TextAreaField(_l("Note"), validators=[DataRequired(_l("Write the note first.")),
                                                 Length(max=notes.MAX_NOTE)])


def notes_panel(doc: Document) -> dict:
    """For the letter page template: the notes, the form, who the reader is."""
    return {"notes": notes.list_notes(db_session(), current_access(), doc), "form": NoteForm(),
            "user_id": current_db_user().id, "author_name": notes.author_name}


def _back(doc_id: int):
    return redirect(url_for("documents.detail", doc_id=doc_id) + "#notes")


@bp.post("/<int:doc_id>/notes")
@login_required
def add_note(doc_id: int):
    doc = get_readable_document_or_404(doc_id)
    form = NoteForm()
    if not form.validate_on_submit():
        flash(_("Not saved: %(reason)s", reason=" ".join(str(e) for errs in form.errors.values() for e in errs)), "error")
        return _back(doc.id)
    try:
        notes.add_note(db_session(), current_access(), doc, current_db_user(), form.text.data)
        db_session().commit()
        flash(_("Note added."), "success")
    except notes.NoteError as exc:
        db_session().rollback()
        flash(_("Not saved: %(reason)s", reason=localize(exc)), "error")
    return _back(doc.id)


@bp.post("/<int:doc_id>/notes/<int:note_id>/delete")
@login_required
def delete_note(doc_id: int, note_id: int):
    doc = get_readable_document_or_404(doc_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        notes.delete_note(db_session(), current_access(), doc, current_db_user(), note_id)
        db_session().commit()
        flash(_("Note deleted."), "success")
    except notes.NoteNotFound:
        db_session().rollback()
        abort(404)
    except notes.NoteError as exc:
        db_session().rollback()
        flash(_("Not deleted: %(reason)s", reason=localize(exc)), "error")
    return _back(doc.id)
