"""The SMS gateway endpoint (DESIGN section 9): Medic's cht-gateway protocol, HTTP Basic per gateway phone.

GET answers {"medic-gateway": true}. POST takes the texts the phone received and the status updates of
texts it sent, and answers the texts for it to send: the replies, and the queued messages to pairs.
Wrong credentials are a 401 and count against SMS_GATEWAY_LIMIT per address (ratelimit.reserve_attempts).

Also here: recognising an item made by text when the phone's outbox later syncs it over data
(its client_id starts with the #REF): answered 200 with the stored item, not stored again.
"""
import re
from typing import Annotated, Literal

import msgspec
from flask import Blueprint, g, jsonify, request
from flask_limiter.util import get_remote_address
from msgspec import Meta, Struct

from .. import ratelimit, scope
from ..errors import json_error
from ..extensions import csrf, db
from ..models import utcnow
from ..parsers import decode, one_line
from ..services.fieldwork import visits
from ..services.safety import alerts
from ..services.sms import gateways, grammar, inbox, outbox
from . import bp
from .openapi import PATHS, json_ok, request_body, responses, schema_of

sms_bp = Blueprint("sms", __name__, url_prefix="/api/v1/sms")
csrf.exempt(sms_bp)

Text = Annotated[str, Meta(max_length=20_000)]  # longer than a pair's text may be (1,600): answered, not a 422


class ReceivedText(Struct):
    """A text the gateway phone received (cht-gateway may add fields of its own: they are ignored)."""

    id: one_line(64, min_length=1, description="made by the gateway")
    sender: one_line(32, min_length=1, description="the sender's number") = msgspec.field(name="from")
    # Any text, control characters included: a text outside the grammar is answered by a reply, not a 422.
    content: Text = ""
    sms_sent: Annotated[int, Meta(ge=0, description="ms since the epoch")] | None = None
    sms_received: Annotated[int, Meta(ge=0, description="ms since the epoch")] | None = None


class StatusUpdate(Struct):
    """What became of a text we gave the phone to send."""

    id: one_line(64, min_length=1, description="the id we gave the text")
    status: Literal["PENDING", "SENT", "DELIVERED", "FAILED"]
    reason: one_line(1000) | None = None


class Poll(Struct):
    """A gateway's poll: what it received and status updates (each list may be null or absent)."""

    messages: Annotated[list[ReceivedText], Meta(max_length=500)] | None = None
    updates: Annotated[list[StatusUpdate], Meta(max_length=2000)] | None = None


def gateway_failed(response) -> bool:
    """Only refused credentials count against the limit: a gateway polling every few seconds must not."""
    return response.status_code == 401


GATEWAY_LIMITS = (ratelimit.Reserved("SMS_GATEWAY_LIMIT", get_remote_address, "sms-gateway-address"),)


@sms_bp.route("/medic-gateway", methods=["GET", "POST"])
@ratelimit.reserve_attempts(GATEWAY_LIMITS, gateway_failed)
def medic_gateway():
    """The gateway polls: GET says this is a medic-gateway endpoint; POST exchanges texts."""
    auth = request.authorization
    gateway = gateways.authenticate(auth.username or "", auth.password or "") if auth else None
    if gateway is None:
        body, status = json_error(401, "unauthorized", "Unknown or revoked gateway credentials (create-sms-gateway).")
        return body, status, {"WWW-Authenticate": 'Basic realm="outreach-sms"'}
    with scope.working_in(scope.ref(gateway_operation(gateway))):
        if request.method == "GET":
            return jsonify({"medic-gateway": True})
        poll = decode(Poll)
        gateway.last_seen_at = utcnow()
        for update in poll.updates or ():
            outbox.update(update.id, update.status, update.reason)
        replies = [inbox.receive(gateway, inbox.Incoming(text.id, text.sender, text.content, text.sms_sent))
                   for text in poll.messages or ()]
        sending = [{"id": reply.id, "to": reply.to, "content": reply.content} for reply in replies]
        sending += [{"id": text.id, "to": text.to, "content": text.content} for text in outbox.offer()]
        db.session.commit()
        return jsonify({"messages": sending})


def gateway_operation(gateway):
    """The operation a gateway belongs to."""
    from ..models import Operation
    return db.session.get(Operation, gateway.operation_id)


# ------------------------------------------------------------ synced over data

SYNCED = {"post_visit": "visit", "post_alert": "alert", "post_visits_batch": "batch"}
CLIENT_ID = re.compile(rb'"client_id"\s*:\s*"([0-9a-fA-F]{%d})' % grammar.REF_LENGTH)


@bp.before_request
def recognise_synced():
    """A visit or alert from the phone's outbox that was already taken by text (its client_id starts with that
    text's #REF) is answered as a replay (200), not stored again: one indexed look-up per post or batch."""
    kind = SYNCED.get((request.endpoint or "").rpartition(".")[2])
    caller = g.get("caller")
    # Only a volunteer with an SMS number can have texted (no look-up for everyone else: the intake budget).
    if kind is None or caller is None or not caller.texts or not request.is_json:
        return None
    if kind == "batch":
        if not inbox.texted_anything(caller.id):  # most senders never text: no need to read 500 client_ids
            return None
        refs = {ref.decode().lower() for ref in CLIENT_ID.findall(request.get_data(cache=True))}
        taken = inbox.synced_items(caller.id, refs) if refs else {}
        return _batch_with_synced(taken) if any(kind == "visit" for kind, _id in taken.values()) else None
    found = CLIENT_ID.search(request.get_data(cache=True))
    item = inbox.synced_item(caller.id, found.group(1).decode().lower()) if found else None
    if item is None or item[0] != kind:
        return None
    if kind == "alert":
        return jsonify(alerts.alert_json(alerts.get_alert(item[1]))), 200
    answer = visits.visit_json(visits.get_visit(item[1]))
    answer["redactions"] = {}
    return jsonify(answer), 200


def _batch_with_synced(taken: dict):
    """A batch some of whose visits were taken by text: those answered 200 with the stored visit's id, the rest
    stored by the visits service as the batch endpoint would. None (the endpoint's own way) for a bad body."""
    body = request.get_json(silent=True)
    items = body.get("visits") if isinstance(body, dict) and len(body) == 1 else None
    if not isinstance(items, list) or not 0 < len(items) <= visits.MAX_BATCH:
        return None
    results: list = [None] * len(items)
    rest = []
    for index, item in enumerate(items):
        client_id = item.get("client_id") if isinstance(item, dict) else None
        found = taken.get(client_id[:grammar.REF_LENGTH].lower()) if isinstance(client_id, str) else None
        if found is not None and found[0] == "visit":
            results[index] = visits.Result(200, client_id, visit_id=found[1])
        else:
            rest.append(index)
    stored = visits.record_batch([items[index] for index in rest], visits.author_for(g.caller)) if rest else []
    for index, result in zip(rest, stored, strict=True):
        results[index] = result
    db.session.commit()
    return jsonify({"results": [result.as_json(index) for index, result in enumerate(results)]})


PATHS["/sms/medic-gateway"] = {
    "get": {"summary": "An SMS gateway phone (HTTP Basic, create-sms-gateway) checks the endpoint",
            "responses": responses(json_ok({"type": "object"}), 401)},
    "post": {"summary": "An SMS gateway phone's poll (medic-gateway protocol): texts received and status updates "
                        "in, texts to send out",
             "requestBody": request_body(schema_of(Poll)),
             "responses": responses(json_ok({"type": "object"}), 400, 401, 422)},
}
