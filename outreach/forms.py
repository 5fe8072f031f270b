"""The base of every page form: its text fields take whole characters only, as the API's contracts do.

A browser sends a lone surrogate as the replacement character, but a form can carry
any control character ("%00"), which PostgreSQL refuses to store: each text field
answers it with a form error instead (parsers.broken_text, the rule of the API's
free_text and one_line). Multi-line fields (TextAreaField) keep tab and line breaks.
"""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import StopValidation

from .parsers import broken_text


def whole_text(form, field) -> None:
    """Refuse control characters (line breaks too, outside multi-line fields) and lone surrogates."""
    if isinstance(field.data, str) and broken_text(field.data, multiline=isinstance(field, TextAreaField)):
        raise StopValidation(_l("This text contains a control character or a broken character; "
                                "please type it again."))


class Form(FlaskForm):
    """A page form (CSRF from Flask-WTF) whose every text field is checked by `whole_text` first."""

    class Meta(FlaskForm.Meta):
        def bind_field(self, form, unbound_field, options):
            """Put `whole_text` ahead of a text field's own validators."""
            if issubclass(unbound_field.field_class, StringField):  # TextArea, Email, Password... too
                options["validators"] = [whole_text, *(unbound_field.kwargs.get("validators") or ())]
            return super().bind_field(form, unbound_field, options)
