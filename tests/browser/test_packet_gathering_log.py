"""The packet's paper gathering log prints on one portrait page with every field of a report (issue 27 item 6)."""
import io
import subprocess
import unicodedata

from pypdf import PdfReader

from outreach.vocab import GATHERING_KINDS, GATHERING_TOPICS, REFERRALS, label


def test_the_gathering_log_is_one_portrait_page_with_the_reports_fields(page, sign_in, make_user, make_team,
                                                                        make_neighborhood, assign, make_gathering,
                                                                        tmp_path):
    ana, tuan = make_user(name="Ana Reyes"), make_user(name="Tuan Nguyen")
    team = make_team(name="Magnolia", members=[ana, tuan])
    block = make_neighborhood(name="Lower Ninth").blocks[0]
    assign(team, [block])
    circle = make_gathering(facilitators=[ana, tuan], block=block, title="Circle at the hall", starts_in_hours=0.5)
    sign_in(page, make_user("coordinator"))
    page.goto(f"/coordinator/teams/{team.id}/packet?sheets=1")
    pdf_bytes = page.pdf(format="Letter")
    (tmp_path / "packet.pdf").write_bytes(pdf_bytes)
    pdf = PdfReader(io.BytesIO(pdf_bytes))
    pages = [p.extract_text() for p in pdf.pages]
    logs = [number for number, text in enumerate(pages) if "Gathering log" in text]
    assert logs == [len(pages) - 1], "the gathering log is the packet's last page, and one page only"
    sheet = unicodedata.normalize("NFKC", pages[-1]).replace("\n", " ")  # PDF text has ligatures and breaks
    box = pdf.pages[-1].mediabox
    assert box.height > box.width, "the gathering log prints portrait"
    for slug in GATHERING_KINDS:
        assert str(label(slug, "gathering_kind")) in sheet
    for slug in (*GATHERING_TOPICS[:3], *REFERRALS[:3]):
        assert str(label(slug, "gathering_topic" if slug in GATHERING_TOPICS else "referral")) in sheet
    for field in ("People who came (estimate)", "Under 18", "Over 64", "Minutes", "Need", "How soon",
                  "Volunteers who practised", "What we would do differently"):
        assert field in sheet, field
    assert f"No. {circle.id}" in sheet and "Circle at the hall" in sheet
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(len(pages)), "-l", str(len(pages)),
                    str(tmp_path / "packet.pdf"), str(tmp_path / "gathering-log")], check=True)  # looked at
