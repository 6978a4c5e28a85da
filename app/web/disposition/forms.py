"""The disposition form as WTForms: it parses the POST and carries what was typed back to the
page when the services refuse it (a past deadline must not lose the chosen recipients and the note).

The rules themselves (hierarchy, instructions, deadline) stay in ``app.services.disposition``,
whose refusals are translated; the form only checks nothing WTForms would word in English.
"""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField, TextAreaField

from app.services.registration import FIELD_LABELS


class DisposeForm(FlaskForm):
    positions = SelectMultipleField(validate_choice=False)
    instructions = SelectMultipleField(validate_choice=False)
    note = TextAreaField()
    deadline = StringField()

    def chosen_positions(self) -> set[str]:
        return {str(p) for p in self.positions.data or []}

    def chosen_instructions(self) -> set[str]:
        return set(self.instructions.data or [])


class RegisterForm(FlaskForm):
    """The registration form: every field as typed (the services validate and explain).
    Its fields are the service's field list, so the two cannot drift apart."""

    def typed(self) -> dict[str, str]:
        """Field name -> what was typed (the services' input, and what the page shows again)."""
        return {name: field.data or "" for name, field in self._fields.items() if name != "csrf_token"}


for _name in FIELD_LABELS:
    setattr(RegisterForm, _name, StringField())
