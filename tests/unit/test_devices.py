"""A phone's name from its User-Agent (ua-parser): browser, system and model, or nothing."""
import pytest

from outreach.services.people.devices import describe
from outreach.services.people.tokens import DEVICE_PREFIX, LABEL_LENGTH, device_label

SAMSUNG = ("Mozilla/5.0 (Linux; Android 11; SM-A125F) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/120.0.6099.144 Mobile Safari/537.36")
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.1 Mobile/15E148 Safari/604.1")
# Chrome on Android 10+ sends a reduced User-Agent: "K" for the model, no maker.
REDUCED = ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 "
           "Mobile Safari/537.36")
FIREFOX = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0"


@pytest.mark.parametrize(("user_agent", "name"), [
    (SAMSUNG, "Chrome Mobile 120 · Android 11 · Samsung SM-A125F"),
    (IPHONE, "Mobile Safari 17 · iOS 17 · Apple iPhone"),
    (REDUCED, "Chrome Mobile 126 · Android 10"),
    (FIREFOX, "Firefox Mobile 128 · Android 14"),
])
def test_a_phone_is_named_by_browser_system_and_model(user_agent, name):
    assert describe(user_agent) == name


@pytest.mark.parametrize("user_agent", [None, "", "werkzeug/3.1", "x" * 5000, "\x00\x01"])
def test_a_user_agent_that_names_nothing_gives_no_name(user_agent):
    assert describe(user_agent) is None


def test_a_name_fits_the_token_label_behind_the_device_prefix():
    long_model = SAMSUNG.replace("SM-A125F", "SM-" + "A" * 300)
    label = device_label(describe(long_model))
    assert len(label) <= LABEL_LENGTH and label.startswith(DEVICE_PREFIX + "Chrome Mobile 120")
