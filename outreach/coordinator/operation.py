"""The operation's life cycle for its coordinators: close, archive, reopen (DESIGN section 7), each confirmed first.

The same moves as the close-operation, archive-operation and reopen-operation commands, through the same service.
"""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import scope
from ..extensions import db
from ..models import Operation
from ..services.operation import operations
from . import bp
from .forms import ActionForm

# Each move: the status it leads to, its button, and what it means for the people in the field.
MOVES = {
    "close": ("closed", _l("Close the operation"),
              _l("No new check-ins, assignments or pairs. Visits, help calls and field actions made on phones "
                 "before now are still taken when they sync late; later ones are refused.")),
    "archive": ("archived", _l("Archive the operation"),
                _l("As closed, and hidden from the operation picker. It is still listed and its exports still "
                   "work.")),
    "reopen": ("active", _l("Reopen the operation"),
               _l("It becomes active again: new pairs, assignments and check-ins are taken.")),
}


def this_operation() -> Operation:
    """The row of the operation being worked in."""
    return operations.by_slug(scope.current().slug)


def moves_from(operation: Operation) -> list[str]:
    """The moves open to an operation in its status, in MOVES' order."""
    allowed = operations.next_statuses(operation.status)
    return [move for move, (status, _button, _meaning) in MOVES.items() if status in allowed]


@bp.get("/operation")
def operation_page():
    """The operation: its name, status, whether it is a drill, and the moves open to it."""
    operation = this_operation()
    return render_template("coordinator/operation.html", operation=operation, moves=moves_from(operation),
                           MOVES=MOVES)


@bp.route("/operation/<any(close, archive, reopen):move>", methods=["GET", "POST"])
def operation_move(move: str):
    """GET asks to confirm, saying what the move means; POST makes it (audited) and goes back to the page."""
    operation = this_operation()
    if move not in moves_from(operation):
        abort(409, description=_("The operation is %(status)s: that cannot be done now.",
                                 status=operations.status_label(operation.status)))
    form = ActionForm()
    if form.validate_on_submit():
        operations.set_status(operation, MOVES[move][0], current_user)
        db.session.commit()
        flash(_("%(name)s is now %(status)s.", name=operation.name,
                status=operations.status_label(operation.status)), "info")
        return redirect(url_for(".operation_page"))
    return render_template("coordinator/operation_confirm.html", operation=operation, move=move,
                           button=MOVES[move][1], meaning=MOVES[move][2], form=form)
