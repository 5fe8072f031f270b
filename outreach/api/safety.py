"""The safety loop (DESIGN.md section 5): alerts from pairs, messages to pairs."""
from flask import g, jsonify, request
from flask_babel import gettext as _

from ..auth import api_roles
from ..errors import Invalid
from ..extensions import db
from ..parsers import decode
from ..services.people.teams import active_team_of
from ..services.safety import alerts, messages
from ..vocab import ALERT_KINDS
from . import bp
from .openapi import PATHS, json_ok, request_body, responses, schema_of


@bp.post("/alerts")
@api_roles("volunteer")
def post_alert():
    """A pair's help call or "all OK": 201 when new, 200 when replayed (with acknowledged_at), 409 on other content."""
    alert, status = alerts.record_alert(decode(alerts.AlertIn), g.user)
    db.session.commit()
    return jsonify(alerts.alert_json(alert)), status


@bp.get("/alerts")
@api_roles("coordinator", "volunteer")
def get_alerts():
    """Every alert for a coordinator; a volunteer sees only their own pair's (to learn one was acknowledged)."""
    open_only = _flag_arg("open")
    if g.user.role == "coordinator":
        rows = alerts.list_alerts(open_only=open_only)
    else:
        rows = alerts.list_alerts(open_only=open_only, team=active_team_of(g.user), user=g.user)
    return jsonify([alerts.alert_json(alert) for alert in rows])


def _flag_arg(name: str) -> bool:
    """A query flag: 1 turns it on, 0, empty or absent leaves it off; anything else is a 422."""
    value = request.args.get(name, "0")
    if value not in ("0", "1", ""):
        raise Invalid(_("'%(name)s' must be 1 or 0.", name=name), {name: _("must be 1 or 0")})
    return value == "1"


@bp.post("/alerts/<int:alert_id>/acknowledge")
@api_roles("coordinator")
def acknowledge_alert(alert_id: int):
    """The coordinator has the alert in hand (audited); acknowledging again changes nothing."""
    alert = alerts.acknowledge(g.user, alert_id)
    db.session.commit()
    return jsonify(alerts.alert_json(alert))


@bp.post("/messages")
@api_roles("coordinator")
def post_message():
    """A message to the pairs in team_ids, or to every active pair when team_ids is absent."""
    body = decode(messages.MessageIn)
    message = messages.send_message(g.user, body.text, body.team_ids)
    db.session.commit()
    return jsonify(messages.message_json(message)), 201


@bp.get("/messages")
@api_roles("coordinator", "volunteer")
def get_messages():
    """A volunteer's pair's messages (acknowledged_at is the pair's); every message for a coordinator."""
    if g.user.role == "coordinator":
        return jsonify([messages.message_json(message) for message in messages.all_messages()])
    return jsonify([messages.pair_message_json(message, recipient)
                    for message, recipient in messages.messages_for(g.user)])


@bp.post("/messages/<int:message_id>/acknowledge")
@api_roles("volunteer")
def acknowledge_message(message_id: int):
    """The volunteer's pair has read the message; 404 when it was not sent to the pair."""
    message, recipient = messages.acknowledge(g.user, message_id)
    db.session.commit()
    return jsonify(messages.pair_message_json(message, recipient))


WHEN = {"type": "string", "format": "date-time"}
MAYBE_WHEN = {"type": "string", "format": "date-time", "nullable": True}
ID = {"type": "integer", "minimum": 1}
ALERT = {
    "type": "object",
    "required": ["id", "client_id", "kind", "team_id", "user_id", "block_id", "sent_at", "received_at",
                 "acknowledged_at"],
    "properties": {"id": ID, "client_id": {"type": "string"}, "kind": {"type": "string", "enum": list(ALERT_KINDS)},
                   "team_id": {**ID, "nullable": True}, "user_id": ID, "block_id": {**ID, "nullable": True},
                   "sent_at": WHEN, "received_at": WHEN, "acknowledged_at": MAYBE_WHEN,
                   "acknowledged_by": {"type": "string", "nullable": True,
                                       "description": "the name of the coordinator who acknowledged it"}},
}
MESSAGE = {
    "type": "object", "required": ["id", "text", "sent_at", "team_ids", "acknowledged_at"],
    "properties": {
        "id": ID, "text": {"type": "string"}, "sent_at": WHEN, "team_ids": {"type": "array", "items": ID},
        "acknowledged_at": {**MAYBE_WHEN, "description": "a volunteer: when the pair acknowledged it; "
                                                         "a coordinator: when the last pair did, null until all have"},
        "acknowledgements": {"type": "array", "description": "coordinators only: each pair and when it acknowledged",
                             "items": {"type": "object", "properties": {
                                 "team_id": ID, "team_name": {"type": "string"}, "acknowledged_at": MAYBE_WHEN}}},
    },
}
OPEN = {"name": "open", "in": "query", "required": False, "allowEmptyValue": True,
        "description": "1: only help alerts not yet acknowledged", "schema": {"type": "string", "enum": ["0", "1"]}}
ALERT_ID = {"name": "alert_id", "in": "path", "required": True, "schema": ID}
MESSAGE_ID = {"name": "message_id", "in": "path", "required": True, "schema": ID}

PATHS["/alerts"] = {
    "post": {"summary": "A pair's safety signal, volunteers only (idempotent by client_id: 201 new, 200 replay "
                        "with acknowledged_at, 409 other content)",
             "requestBody": request_body(schema_of(alerts.AlertIn)),
             "responses": responses({**json_ok(ALERT, 201), **json_ok(ALERT)}, 400, 403, 409, 422)},
    "get": {"summary": "Alerts, newest first: all for coordinators, the own pair's for a volunteer",
            "parameters": [OPEN],
            "responses": responses(json_ok({"type": "array", "items": ALERT}), 403, 422)},
}
PATHS["/alerts/{alert_id}/acknowledge"] = {"post": {
    "summary": "The coordinator has the alert in hand (audited; again changes nothing)",
    "parameters": [ALERT_ID], "responses": responses(json_ok(ALERT), 403, 404)}}
PATHS["/messages"] = {
    "post": {"summary": "A message to pairs (coordinators): team_ids, or every active pair when absent",
             "requestBody": request_body(schema_of(messages.MessageIn)),
             "responses": responses(json_ok(MESSAGE, 201), 400, 403, 422)},
    "get": {"summary": "Messages, newest first: the own pair's for a volunteer, all for a coordinator",
            "responses": responses(json_ok({"type": "array", "items": MESSAGE}), 403)},
}
PATHS["/messages/{message_id}/acknowledge"] = {"post": {
    "summary": "The volunteer's pair has read the message (again changes nothing)",
    "parameters": [MESSAGE_ID], "responses": responses(json_ok(MESSAGE), 403, 404)}}
