"""The password policy: long enough, not common, not the person's own name or email."""
import pytest

from outreach.errors import Invalid
from outreach.services.people.accounts import check_password_policy, common_passwords


def test_the_shipped_list_is_a_real_one():
    assert len(common_passwords()) > 19000 and "password123" in common_passwords()


@pytest.mark.parametrize("password, reason", [
    ("short", "too short"), ("123456789", "too short"), ("password123", "too common"), ("1234567890", "too common"),
    ("Qwertyuiop", "too common"), ("aaaaaaaaaaaa", "too common"), ("iloveyou123", "too common"),
])
def test_weak_passwords_are_refused(password, reason):
    with pytest.raises(Invalid) as refused:
        check_password_policy(password)
    assert refused.value.fields == {"password": reason}


def test_own_email_or_name_is_refused():
    with pytest.raises(Invalid):
        check_password_policy("maria.lopez1", email="maria.lopez1@example.org")
    with pytest.raises(Invalid):
        check_password_policy("Maria Lopez Jr", name="Maria Lopez Jr")


def test_a_long_uncommon_password_passes():
    check_password_policy("tarp-on-the-roof-7", email="a@example.org", name="Ann")


def test_create_user_command_applies_the_policy(runner):
    result = runner.invoke(args=["create-user", "weak@example.org", "--role", "coordinator", "--name", "W",
                                 "--password", "password123"])
    assert result.exit_code != 0 and "too common" in result.output
