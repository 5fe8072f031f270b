"""Coordinator pages for areas: upload GeoJSON or an OpenStreetMap extract, split into blocks, set priorities."""
from flask import current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms import BooleanField, FloatField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ..errors import DomainError
from ..extensions import db
from ..forms import Form
from ..services.areas import areas, osm
from ..services.areas.geo import LEVELS
from ..vocab import AreaLevel
from . import bp


class UploadForm(Form):
    """A GeoJSON file and how to read it."""

    file = FileField(_l("GeoJSON file"), validators=[FileRequired(_l("Choose a GeoJSON file."))])
    level = SelectField(_l("The file holds"), choices=[SelectChoice(level, AreaLevel.label(level)) for level in LEVELS])
    name_property = StringField(_l("Name property (leave empty to detect it)"),
                                validators=[Optional(), Length(max=100)])
    priority_property = StringField(_l("Priority property, a number such as population (optional)"),
                                    validators=[Optional(), Length(max=100)])
    repair = BooleanField(_l("Repair invalid shapes instead of refusing the file"))


class OsmUploadForm(Form):
    """An OpenStreetMap extract (.osm.pbf) and whether to take its neighbourhoods too."""

    extract = FileField(_l("OpenStreetMap extract (.osm.pbf)"),
                        validators=[FileRequired(_l("Choose an .osm.pbf file."))])
    neighborhoods = BooleanField(_l("Also import its named neighbourhood and suburb outlines"))


class SplitForm(Form):
    """Which neighborhoods to split, and how finely."""

    neighborhood = SelectField(_l("Neighborhood"), coerce=int)
    block_size_m = IntegerField(_l("Block size in metres"), validators=[Optional(), NumberRange(10, 5000)])
    target_blocks = IntegerField(_l("or about this many blocks each"), validators=[Optional(), NumberRange(1, 5000)])
    along_streets = BooleanField(_l("Cut along the imported streets (needs a block size)"))

    def validate(self, extra_validators=None) -> bool:
        """Exactly one of a size and a count."""
        if not super().validate(extra_validators):
            return False
        if (self.block_size_m.data is None) == (self.target_blocks.data is None):
            self.block_size_m.errors.append(_("Give a block size or a number of blocks, not both."))
            return False
        return True


class PriorityForm(Form):
    """A neighborhood's priority."""

    priority = FloatField(_l("Priority"), validators=[InputRequired(), NumberRange(-1e6, 1e6)])


def wants_json() -> bool:
    """The upload script asks for JSON, so it can show progress and stay on the page."""
    return request.accept_mimetypes.best == "application/json"


def neighborhood_choices() -> list[SelectChoice]:
    """0 for all, then every neighborhood by name."""
    return [SelectChoice(0, _("All neighborhoods"))] + [SelectChoice(hood_id, name)
                                                        for hood_id, name in areas.neighborhood_names()]


def render_areas(upload=None, split=None, osm_upload=None, status=200):
    """The areas page with its forms (those given keep their input and errors)."""
    split = split or SplitForm(formdata=None)
    split.neighborhood.choices = neighborhood_choices()
    return render_template("coordinator/areas.html", upload=upload or UploadForm(formdata=None), split=split,
                           osm_upload=osm_upload or OsmUploadForm(formdata=None),
                           priority=PriorityForm(formdata=None), hoods=areas.list_neighborhoods(),
                           counts=areas.block_counts(), streets=areas.street_count(),
                           max_bytes=current_app.config["MAX_CONTENT_LENGTH"]), status


@bp.get("/areas")
def areas_page():
    """Neighborhoods with their blocks and priority, and the import and split forms."""
    return render_areas()


@bp.post("/areas/import")
def import_areas():
    """Import an uploaded GeoJSON file; all or nothing."""
    form = UploadForm()
    return run_import(form, form.file, "upload", lambda: areas.import_areas(
        form.file.data.read(), form.level.data, form.name_property.data or None,
        form.priority_property.data or None, form.repair.data, actor=current_user))


@bp.post("/areas/import-osm")
def import_osm():
    """Import an uploaded OpenStreetMap extract: streets, places and, if asked, neighborhoods; all or nothing."""
    form = OsmUploadForm()
    return run_import(form, form.extract, "osm_upload", lambda: osm.import_extract(
        form.extract.data.read(), form.neighborhoods.data, actor=current_user))


def run_import(form, file_field, form_name: str, do_import):
    """Run an upload's import all or nothing: its summary and warnings flashed, or the refusal beside the file."""
    if form.validate_on_submit():
        try:
            result = do_import()
        except DomainError as error:
            db.session.rollback()
            file_field.errors.append(error.message)
        else:
            db.session.commit()
            flash(result.summary(), "info")
            for warning in result.warnings:
                flash(warning, "warning")
            return done(url_for("coordinator.areas_page"))
    if wants_json():
        return jsonify({"errors": form.errors}), 422
    return render_areas(**{form_name: form}, status=422)


def done(target: str):
    """Where to go after a change: a redirect, or its address for the upload script."""
    return jsonify({"redirect": target}) if wants_json() else redirect(target)


@bp.post("/areas/split")
def split_areas():
    """Split one neighborhood, or all, into blocks."""
    form = SplitForm()
    form.neighborhood.choices = neighborhood_choices()
    if form.validate_on_submit():
        try:
            hoods = None if form.neighborhood.data == 0 else [areas.get_neighborhood(form.neighborhood.data)]
            result = areas.split_neighborhoods(hoods, form.block_size_m.data, form.target_blocks.data,
                                               along_streets=form.along_streets.data, actor=current_user)
        except DomainError as error:
            db.session.rollback()
            form.neighborhood.errors.append(error.message)
        else:
            db.session.commit()
            flash(result.summary(), "info")
            return redirect(url_for("coordinator.areas_page"))
    return render_areas(split=form, status=422)


@bp.post("/areas/<int:hood_id>/priority")
def set_priority(hood_id: int):
    """Set a neighborhood's priority (and its blocks')."""
    hood = areas.get_neighborhood(hood_id)
    form = PriorityForm()
    if not form.validate_on_submit():
        flash(_("Priority must be a number between -1,000,000 and 1,000,000."), "error")
        return redirect(url_for("coordinator.areas_page"))
    areas.set_neighborhood_priority(hood, form.priority.data, actor=current_user)
    db.session.commit()
    flash(_("Priority of %(name)s is now %(priority)g.", name=hood.name, priority=form.priority.data), "info")
    return redirect(url_for("coordinator.areas_page"))


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """An upload over MAX_CONTENT_LENGTH: say so plainly (the page itself may not be ours to show yet)."""
    limit_mb = current_app.config["MAX_CONTENT_LENGTH"] / (1024 * 1024)
    if request.endpoint == "coordinator.import_osm":
        message = _("The extract is larger than the upload limit of %(limit)g MB. Nothing was imported. "
                    "Import it with the import-osm command.", limit=limit_mb)
    else:
        message = _("The file is larger than the upload limit of %(limit)g MB. Nothing was imported. "
                    "Split the file, simplify its shapes, or import it with the import-areas command.",
                    limit=limit_mb)
    if wants_json():
        return jsonify({"errors": {"file": [message]}}), 413
    return render_template("error.html", status=413, message=message), 413
