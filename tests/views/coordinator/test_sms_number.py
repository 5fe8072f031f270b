"""A volunteer's own SMS number on their page (DESIGN section 9): normalised to E.164, one person's, for
coordinators only."""
from outreach.extensions import db
from outreach.models import User


def edit(client, volunteer, number):
    """Post the volunteer's page with this SMS number."""
    return client.post(f"/coordinator/volunteers/{volunteer.id}/edit", data={
        "name": volunteer.name, "email": volunteer.email, "sms_phone": number})


def test_a_coordinator_sets_a_volunteers_sms_number_and_sees_it(client, coordinator, make_user):
    volunteer = make_user("volunteer")
    assert edit(client, volunteer, "(504) 555-0123").status_code == 302
    db.session.expire_all()
    assert db.session.get(User, volunteer.id).sms_phone == "+15045550123"
    page = client.get(f"/coordinator/volunteers/{volunteer.id}/edit").get_data(as_text=True)
    assert 'value="+15045550123"' in page
    assert edit(client, volunteer, "").status_code == 302
    db.session.expire_all()
    assert db.session.get(User, volunteer.id).sms_phone is None


def test_a_wrong_or_taken_number_is_shown_on_the_form_and_nothing_saved(client, coordinator, make_user):
    first, second = make_user("volunteer"), make_user("volunteer")
    assert edit(client, first, "+15045550123").status_code == 302
    wrong = edit(client, second, "555")
    assert wrong.status_code == 422 and "not a" in wrong.get_data(as_text=True)
    taken = edit(client, second, "504 555 0123")
    assert taken.status_code == 422 and "already another volunteer" in taken.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, second.id).sms_phone is None


def test_a_volunteer_cannot_open_the_page_that_shows_numbers(client, make_user, login):
    volunteer = make_user("volunteer")
    login(volunteer)
    assert client.get(f"/coordinator/volunteers/{volunteer.id}/edit").status_code == 403
