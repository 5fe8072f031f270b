"""The packet prints to PDF in Chromium, with the pair's block codes on the map page itself."""
import io

from pypdf import PdfReader


def test_packet_prints_to_pdf_with_every_block_code_of_the_pair(
        page, sign_in, make_user, make_neighborhood, make_team, assign):
    hood = make_neighborhood(name="Lower Ninth Ward", bounds=(-90.02, 29.96, -90.005, 29.97))
    team = make_team(name="Magnolia", staging_lat=29.9605, staging_lon=-90.012, staging_label="Church lot")
    mine, theirs = hood.blocks[:7], hood.blocks[7:9]
    assign(team, mine)
    assign(make_team(name="Cypress"), theirs)
    sign_in(page, make_user("coordinator"))
    page.goto(f"/coordinator/teams/{team.id}/packet?date=2005-09-14&sheets=2")
    pdf = PdfReader(io.BytesIO(page.pdf(format="Letter")))
    pages = [p.extract_text() for p in pdf.pages]
    text = "\n".join(pages)
    map_page = next(p for p in pages if "Your blocks on the map" in p)
    for block in mine:
        assert block.code in map_page, f"{block.code} is not labelled on the printed map"
    for block in theirs:
        assert block.code not in text
    assert "050914-1" in text and "050914-2" in text
    assert "988" in pages[0] and team.members[0].name in pages[0]
    assert "Print" not in pages[0], "the on-screen options must not print"
    assert "Tally at the end of the shift" in pages[-1]
    # cover, map, block list, two log sheets, tally: each its own page
    assert len(pages) == 6
