"""A volunteer's own SMS number (DESIGN section 9): normalised to E.164 with `phonenumbers`, given with consent."""
import phonenumbers
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from ...errors import Invalid
from ...extensions import db
from ...models import User


def normalise(text: str, region: str | None = None) -> str:
    """The number in E.164 (+15045550123); Invalid when it is not a possible, valid number."""
    region = region or current_app.config["SMS_REGION"]
    try:
        number = phonenumbers.parse(text.strip(), region)
    except phonenumbers.NumberParseException as error:
        raise Invalid(_("This is not a phone number."), {"sms_phone": _("not a phone number")}) from error
    if not phonenumbers.is_valid_number(number):
        raise Invalid(_("This is not a valid phone number."), {"sms_phone": _("not a valid number")})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def set_number(person: User, text: str | None) -> None:
    """Give `person` this SMS number (None or blank: none); Invalid when it is another person's."""
    number = normalise(text) if text and text.strip() else None
    if number is not None:
        holder = db.session.scalar(select(User.id).where(User.sms_phone == number, User.id != person.id))
        if holder is not None:
            raise Invalid(_("This number is already another volunteer's."), {"sms_phone": _("already used")})
    person.sms_phone = number


def sender(number: str) -> User | None:
    """The active account whose SMS number this is (the gateway gives numbers as received)."""
    try:
        e164 = normalise(number)
    except Invalid:
        return None
    return db.session.scalar(select(User).where(User.sms_phone == e164, User.active.is_(True)))


def last_four(number: str) -> str:
    """The last four digits of a number: enough for a coordinator to match a call-back, not to dial it."""
    return "".join(char for char in number if char.isdigit())[-4:]
