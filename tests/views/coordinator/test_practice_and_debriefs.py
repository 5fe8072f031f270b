"""Practice keeps the pairs ready, and care for the carers (issue 27, items 3 and 4), on the coordinator's pages."""
from datetime import date, timedelta

from outreach.extensions import db
from outreach.services.safety import shifts


def test_the_volunteers_page_lists_who_is_due_for_practice_with_a_link_to_plan_a_circle(client, coordinator,
                                                                                        make_user):
    make_user(name="Long Ago Trained", trained_on=date.today() - timedelta(days=500))
    make_user(name="Newly Trained")
    page = client.get("/coordinator/volunteers").data.decode()
    start = page.index("Due for eCPR practice")
    due = page[start:page.index("</section>", start)]
    assert "Long Ago Trained" in due and "never practised since training" in due and "Newly Trained" not in due
    assert "Plan a practice circle for them" in due and "gatherings?practice=1#plan" in due


def test_nobody_due_shows_no_practice_box(client, coordinator, make_user):
    make_user(name="Newly Trained")
    assert "Due for eCPR practice" not in client.get("/coordinator/volunteers").data.decode()


def test_forming_a_pair_on_the_page_warns_of_a_member_due_for_practice(client, coordinator, make_user):
    old, new = make_user(name="Alma Old", trained_on=date.today() - timedelta(days=400)), make_user(name="Ray New")
    answer = client.post("/coordinator/pairs/new", data={"name": "Magnolia", "first": old.id, "second": new.id},
                         follow_redirects=True)
    page = answer.data.decode()
    assert "Pair Magnolia is formed" in page
    assert "Alma Old was trained over a year ago and has not practised eCPR since." in page


def test_the_dashboard_offers_a_debrief_when_volunteers_checked_out_not_ok(client, coordinator, make_user):
    shaken, fine = make_user(name="Shaken Walker"), make_user(name="Fine Walker")
    for volunteer, answer in ((shaken, "shaken"), (fine, "ok")):
        shifts.check_in(volunteer, 2)
        shifts.check_out(volunteer, answer, False)
    db.session.commit()
    page = client.get("/coordinator/dashboard").data.decode()
    offer = page[page.index('id="debrief-offer"'):page.index('id="fulfil-bursts"')]
    assert "Shaken Walker" in offer and "Fine Walker" not in offer
    assert "Plan a volunteer debrief" in offer and "gatherings?kind=volunteer_debrief#plan" in offer


def test_no_debrief_is_offered_when_everyone_checked_out_ok(client, coordinator, make_user):
    fine = make_user(name="Fine Walker")
    shifts.check_in(fine, 2)
    shifts.check_out(fine, "ok", False)
    db.session.commit()
    assert 'id="debrief-offer"' not in client.get("/coordinator/dashboard").data.decode()
