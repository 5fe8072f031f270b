"""Coordinator pages to register mutual-aid groups and their members."""
from functools import partial

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import EmailField, PasswordField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..errors import DomainError
from ..extensions import db
from ..forms import Form
from ..models import AidGroup
from ..services.mutual_aid import aid_groups
from ..services.people import accounts
from ..vocab import NEED_CATEGORIES, NeedCategory
from . import bp


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of checkboxes (easier on a phone than a multi-select)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class GroupForm(Form):
    """A group's name, the categories it serves, and how staff reach it."""

    name = StringField(_l("Group name"), validators=[DataRequired(), Length(max=200)])
    categories = CheckboxesField(_l("Needs it can meet"),
                                 choices=[SelectChoice(c, NeedCategory.label(c)) for c in NEED_CATEGORIES])
    contact = StringField(_l("How staff reach the group (phone, radio channel)"),
                          validators=[Optional(), Length(max=200)])


class MemberForm(Form):
    """A new aid member's account."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password (at least 10 characters)"), validators=[DataRequired()])


def _group_fields(form: GroupForm) -> dict:
    """The service's arguments from the group form."""
    return {"name": form.name.data, "categories": form.categories.data or [], "contact": form.contact.data}


def submit_group(form: GroupForm, save) -> tuple[AidGroup | None, int]:
    """Save a valid submitted group form with `save`; (the group or None, status for re-showing the form)."""
    if not form.validate_on_submit():
        return None, 422 if form.is_submitted() else 200
    try:
        group = save(current_user, **_group_fields(form))
    except DomainError as error:
        db.session.rollback()
        form.name.errors.append(error.message)
        return None, error.status
    db.session.commit()
    return group, 200


@bp.route("/aid-groups", methods=["GET", "POST"])
def aid_groups_page():
    """All groups, and a form to register one."""
    form = GroupForm()
    group, status = submit_group(form, aid_groups.create_group)
    if group:
        flash(_("Group %(name)s registered. Now add its members.", name=group.name), "info")
        return redirect(url_for("coordinator.aid_group_page", group_id=group.id))
    return render_template("coordinator/aid_groups.html", form=form,
                           groups=aid_groups.groups_overview()), status


@bp.route("/aid-groups/<int:group_id>", methods=["GET", "POST"])
def aid_group_page(group_id: int):
    """One group: edit it, see and add its members."""
    group = db.get_or_404(AidGroup, group_id)
    form = GroupForm(obj=group)
    saved, status = submit_group(form, partial(aid_groups.update_group, group=group))
    if saved:
        flash(_("Group saved."), "info")
        return redirect(url_for("coordinator.aid_group_page", group_id=group.id))
    return render_group(group, form, MemberForm(formdata=None), status)


def render_group(group: AidGroup, form: GroupForm, member_form: MemberForm, status: int):
    """The group page with its member list."""
    return render_template("coordinator/aid_group.html", group=group, form=form,
                           member_form=member_form, members=aid_groups.group_members(group)), status


@bp.post("/aid-groups/<int:group_id>/members")
def add_aid_member(group_id: int):
    """Make an aid account in this group."""
    group = db.get_or_404(AidGroup, group_id)
    member_form = MemberForm()
    if not member_form.validate_on_submit():
        return render_group(group, GroupForm(obj=group, formdata=None), member_form, 422)
    try:
        password_hash = accounts.new_password_hash(member_form.password.data, email=member_form.email.data,
                                                   name=member_form.name.data)
        aid_groups.add_member(current_user, group, email=member_form.email.data, name=member_form.name.data,
                              password_hash=password_hash)
    except DomainError as error:
        db.session.rollback()
        field = next(iter(error.fields), "email")
        getattr(member_form, field, member_form.email).errors.append(error.message)
        return render_group(group, GroupForm(obj=group, formdata=None), member_form, error.status)
    db.session.commit()
    flash(_("%(name)s can now sign in and claim needs for %(group)s.",
            name=member_form.name.data, group=group.name), "info")
    return redirect(url_for("coordinator.aid_group_page", group_id=group.id))
