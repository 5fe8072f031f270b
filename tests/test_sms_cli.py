"""create-sms-gateway, revoke-sms-gateway and create-user --sms-phone (DESIGN section 4); the SMS log's retention."""
import re
from datetime import timedelta

from sqlalchemy import func, select

from outreach.extensions import db
from outreach.models import SmsGateway, SmsLog, User, utcnow
from tests.sms_gateway import GatewayPhone


def test_create_sms_gateway_prints_credentials_that_work_until_revoked(runner, client):
    made = runner.invoke(args=["create-sms-gateway", "Staging-North", "--url", "https://192.168.1.20:8443"])
    assert made.exit_code == 0, made.output
    assert "URL:      https://192.168.1.20:8443/api/v1/sms/medic-gateway" in made.output
    password = re.search(r"Password: (\S+)", made.output).group(1)
    assert f"https://staging-north:{password}@192.168.1.20:8443/api/v1/sms/medic-gateway" in made.output
    stored = db.session.scalar(select(SmsGateway))
    assert stored.name == "staging-north" and password not in stored.password_hash
    phone = GatewayPhone(client, "staging-north", password)
    assert client.get(phone.path, headers=phone.headers).status_code == 200
    assert runner.invoke(args=["create-sms-gateway", "staging-north"]).exit_code != 0  # taken
    assert runner.invoke(args=["revoke-sms-gateway", "staging-north"]).exit_code == 0
    assert client.get(phone.path, headers=phone.headers).status_code == 401


def test_create_user_takes_the_volunteers_sms_number_in_e164(runner):
    args = ["create-user", "walker@example.org", "--role", "volunteer", "--name", "Walker", "--password",
            "a long enough passphrase", "--sms-phone", "(504) 555-0123"]
    assert runner.invoke(args=args).exit_code == 0
    assert db.session.scalar(select(User.sms_phone)) == "+15045550123"
    bad = runner.invoke(args=[args[0], "other@example.org", *args[2:8], "--sms-phone", "12"])
    assert bad.exit_code != 0 and "not" in bad.output
    taken = runner.invoke(args=[args[0], "third@example.org", *args[2:8], "--sms-phone", "+1 504 555 0123"])
    assert taken.exit_code != 0 and "already" in taken.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_purge_erases_the_sms_log_with_the_notes(runner):
    gateway = SmsGateway(name="g", password_hash="x")
    db.session.add(gateway)
    db.session.flush()
    for days, message_id in ((40, "old"), (1, "new")):
        db.session.add(SmsLog(gateway_id=gateway.id, message_id=message_id, number_hash="n", text_hash="t",
                              kind="help", result="unmatched", reply="r", note="words",
                              received_at=utcnow() - timedelta(days=days)))
    db.session.commit()
    result = runner.invoke(args=["purge", "--older-than-days", "30"])
    assert "1 logged texts" in result.output
    assert list(db.session.scalars(select(SmsLog.message_id))) == ["new"]
