"""Coordinator forms (Flask-WTF, so every POST carries a CSRF token)."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    FloatField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..forms import Form
from ..services.gatherings.gatherings import MAX_TITLE
from ..services.safety.hazards import MAX_HAZARD
from ..services.safety.messages import MAX_TEXT


class ActionForm(Form):
    """An empty form: a POST-only button with its CSRF token."""


class VolunteerForm(Form):
    """A volunteer's staff record."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    staff_contact = StringField(_l("How staff reach them (phone or radio)"), validators=[Optional(), Length(max=200)])
    sms_phone = StringField(_l("Their own mobile number, for texting when data is down"),
                            validators=[Optional(), Length(max=40)])
    trained_on = DateField(_l("eCPR training date"), validators=[Optional()])
    languages = StringField(_l("Languages (e.g. en, es, vi)"), validators=[Optional(), Length(max=300)])
    password = PasswordField(_l("Password (leave empty to keep or to set later)"), validators=[Optional()])


class RosterForm(Form):
    """A CSV roster upload."""

    roster = FileField(_l("Roster (CSV)"), validators=[FileRequired()])


class PairForm(Form):
    """Name, two volunteers and a staging point."""

    name = StringField(_l("Pair name"), validators=[DataRequired(), Length(max=100)])
    first = SelectField(_l("First volunteer"), coerce=int)
    second = SelectField(_l("Second volunteer"), coerce=int)
    staging_label = StringField(_l("Staging point (what people call it)"), validators=[Optional(), Length(max=200)])
    staging_lat = FloatField(_l("Latitude"), validators=[Optional(), NumberRange(-90, 90)])
    staging_lon = FloatField(_l("Longitude"), validators=[Optional(), NumberRange(-180, 180)])


class PairEditForm(Form):
    """Rename a pair or move its staging point."""

    name = StringField(_l("Pair name"), validators=[DataRequired(), Length(max=100)])
    staging_label = StringField(_l("Staging point (what people call it)"), validators=[Optional(), Length(max=200)])
    staging_lat = FloatField(_l("Latitude"), validators=[Optional(), NumberRange(-90, 90)])
    staging_lon = FloatField(_l("Longitude"), validators=[Optional(), NumberRange(-180, 180)])


class MessageForm(Form):
    """A short message to pairs in the field: all, the pairs working in neighborhoods, or chosen pairs."""

    text = TextAreaField(_l("Message"), validators=[DataRequired(), Length(max=MAX_TEXT)])
    to = SelectMultipleField(_l("To"), validators=[DataRequired()])


class HazardResolveForm(Form):
    """How a block's hazard was cleared."""

    note = StringField(_l("How it was cleared"), validators=[DataRequired(), Length(max=MAX_HAZARD)])


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of checkboxes (a long multiple select is hard to use)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class GatheringForm(Form):
    """Plan a gathering: kind, title, time, a block or a place, two or more facilitators."""

    kind = SelectField(_l("Kind"))
    title = StringField(_l("Title (what people will see)"), validators=[DataRequired(), Length(max=MAX_TITLE)])
    starts_at = DateTimeLocalField(_l("Starts"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    ends_at = DateTimeLocalField(_l("Ends"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    place = SelectField(_l("Place"), coerce=int)
    block_code = StringField(_l("Or a block code"), validators=[Optional(), Length(max=24)])
    facilitators = CheckboxesField(_l("Facilitators (two or more)"), coerce=int)
    language = StringField(_l("Language (e.g. en, es, vi)"), validators=[Optional(), Length(max=30)])
    public = BooleanField(_l("Public: listed for the community"))
