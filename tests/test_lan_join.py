"""`make lan`'s start-up lines and the join page's coordinator section say whether the database is copied
continuously, and how to have it copied (issue 29 item 5). The whole `make lan` runs in
tests/browser/test_lan_phone.py."""
import base64

import pytest

from outreach.lan import replica_banner, write_join_page
from tests.conftest import make_app

# ssl.PEM_cert_to_DER_cert only unwraps the base64; the page needs no real certificate to be written.
PEM = "-----BEGIN CERTIFICATE-----\n" + base64.b64encode(b"not a real certificate").decode() + \
      "\n-----END CERTIFICATE-----\n"


def join_page(tmp_path, **config) -> str:
    """The English join page, written for an app with `config`."""
    app = make_app(f"sqlite:///{tmp_path / 'o.sqlite'}", **config)
    write_join_page(tmp_path / "join", PEM, "https://outreach.lan:8443/", "http://outreach.lan:8080/", app)
    return (tmp_path / "join" / "index.html").read_text()


def test_without_a_replica_the_join_page_says_what_is_at_stake_and_how_to_keep_one(tmp_path):
    html = join_page(tmp_path)
    assert "For the coordinator" in html and "keeps no continuous copy" in html
    assert "OUTREACH_REPLICA=/media/usb/outreach make lan" in html


def test_with_a_replica_the_join_page_says_so_without_naming_where(tmp_path):
    html = join_page(tmp_path, REPLICA="/media/secret-stick/outreach")
    assert "keeps a continuous copy of the database" in html
    assert "secret-stick" not in html  # the join page is open to anyone on the Wi-Fi


@pytest.mark.parametrize("config, says", [
    ({}, "NO continuous copy of the database"),
    ({"REPLICA": "/media/usb/outreach"}, "Continuous copy of the database (Litestream) to /media/usb/outreach"),
    ({"SQLALCHEMY_DATABASE_URI": "postgresql://db/outreach"}, "PostgreSQL's streaming replication"),
])
def test_the_start_up_lines_say_where_the_copy_goes(config, says):
    settings = {"SQLALCHEMY_DATABASE_URI": "sqlite:////tmp/o.sqlite", **config}
    banner = replica_banner(settings)
    assert says in banner
    if not config:
        assert "OUTREACH_REPLICA=/media/usb/outreach make lan" in banner
