"""Status and urgency colours stay apart for people with red-green colour blindness (issue 23, item 9).

Each colour of a vocabulary is passed through the Machado, Oliveira and Fernandes (2009)
simulation of full protanopia and deuteranopia (their published matrices, severity 1.0,
applied to linear RGB), turned into CIELAB (D65) and compared pairwise with CIEDE2000.
The CIEDE2000 code is checked against Sharma, Wu and Dalal's (2005) published test pairs.
"""
import itertools
import math

import numpy as np
import pytest

from outreach.vocab import BlockStatus, NeedUrgency

# Machado et al. 2009, Table 1, severity 1.0 (www.inf.ufrgs.br/~oliveira/pubs_files/CVD_Simulation).
SIMULATIONS = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "normal vision": np.eye(3),
}
# A CIEDE2000 difference of 12 reads as "another colour" at a glance on a map; 2 is barely noticeable.
THRESHOLD = {"protanopia": 12.0, "deuteranopia": 12.0, "normal vision": 20.0}
SRGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                        [0.2126729, 0.7151522, 0.0721750],
                        [0.0193339, 0.1191920, 0.9503041]])
D65 = np.array([0.95047, 1.0, 1.08883])


def linear_rgb(colour: str) -> np.ndarray:
    """#rrggbb -> linear-light RGB in 0..1."""
    channels = np.array([int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)


def cielab(linear: np.ndarray) -> tuple[float, float, float]:
    """Linear RGB -> CIELAB (D65 white)."""
    t = SRGB_TO_XYZ @ linear / D65
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return float(116 * f[1] - 16), float(500 * (f[0] - f[1])), float(200 * (f[1] - f[2]))


def seen_as(colour: str, simulation: str) -> tuple[float, float, float]:
    """The CIELAB colour a person with `simulation` sees for `colour`."""
    return cielab(np.clip(SIMULATIONS[simulation] @ linear_rgb(colour), 0, 1))


def ciede2000(lab1, lab2) -> float:
    """The CIEDE2000 colour difference (Sharma, Wu and Dalal 2005, equations 1-22; kL = kC = kH = 1)."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean ** 7 / (c_mean ** 7 + 25 ** 7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    h1 = math.degrees(math.atan2(b1, a1)) % 360 if c1 else 0.0
    h2 = math.degrees(math.atan2(b2, a2)) % 360 if c2 else 0.0
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    d_hue = 2 * math.sqrt(c1 * c2) * math.sin(math.radians(dh / 2))
    l_mean, c_mean = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        h_mean = h1 + h2
    elif abs(h1 - h2) <= 180:
        h_mean = (h1 + h2) / 2
    else:
        h_mean = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(h_mean - 30)) + 0.24 * math.cos(math.radians(2 * h_mean))
         + 0.32 * math.cos(math.radians(3 * h_mean + 6)) - 0.20 * math.cos(math.radians(4 * h_mean - 63)))
    rotation = 30 * math.exp(-((h_mean - 275) / 25) ** 2)
    r_c = 2 * math.sqrt(c_mean ** 7 / (c_mean ** 7 + 25 ** 7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c, s_h = 1 + 0.045 * c_mean, 1 + 0.015 * c_mean * t
    r_t = -math.sin(math.radians(2 * rotation)) * r_c
    dl, dc, dhue = (l2 - l1) / s_l, (c2 - c1) / s_c, d_hue / s_h
    return math.sqrt(dl ** 2 + dc ** 2 + dhue ** 2 + r_t * dc * dhue)


@pytest.mark.parametrize(("lab1", "lab2", "expected"), [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),  # Sharma et al. table 1, pair 1
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),  # pair 7
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),  # pair 17
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),  # pair 25
])
def test_ciede2000_matches_the_published_test_pairs(lab1, lab2, expected):
    assert ciede2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)
    assert ciede2000(lab2, lab1) == pytest.approx(expected, abs=1e-4)


def test_the_simulation_keeps_grey_grey_and_merges_red_with_green():
    grey = seen_as("#777777", "deuteranopia")
    assert abs(grey[1]) < 1 and abs(grey[2]) < 1
    # The classic confusion: pure red and a matching olive green look alike to a deuteranope.
    assert ciede2000(seen_as("#ff0000", "deuteranopia"), seen_as("#9c9c00", "deuteranopia")) < 12
    assert ciede2000(seen_as("#ff0000", "normal vision"), seen_as("#9c9c00", "normal vision")) > 30


def closest_pair(colours: dict[str, str], simulation: str) -> tuple[float, str, str]:
    """The two colours that look most alike under `simulation`, and how far apart they are."""
    return min((ciede2000(seen_as(a, simulation), seen_as(b, simulation)), x, y)
               for (x, a), (y, b) in itertools.combinations(colours.items(), 2))


@pytest.mark.parametrize("vocabulary", [BlockStatus, NeedUrgency], ids=lambda v: v.key)
@pytest.mark.parametrize("simulation", list(SIMULATIONS))
def test_every_two_colours_of_a_vocabulary_stay_apart(vocabulary, simulation):
    colours = vocabulary.colours()
    assert len(colours) == len(vocabulary), "every term has a colour"
    distance, first, second = closest_pair(colours, simulation)
    assert distance >= THRESHOLD[simulation], (
        f"{first} and {second} are {distance:.1f} apart (CIEDE2000) under {simulation}")
