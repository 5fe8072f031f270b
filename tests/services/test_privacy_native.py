"""The compiled scrubber (scripts/build_scrubber.py, mypyc) gives the answers of its Python sources, and a build
older than the sources is never loaded."""
import json
import os
import random
import subprocess
import sys

import pytest

from outreach.services.privacy import native
from tests.unit.test_privacy_recall import training_sets

ROOT = native.PACKAGE.parents[2]
# Scrubs the notes on stdin in a fresh process (no places learned by other tests) and prints the answers.
SCRUB_ALL = """
import json, sys
from outreach.services.privacy import native, scrub
answers = [[found.text, found.redactions] for found in map(scrub, json.load(sys.stdin))]
print(json.dumps({"compiled": native.running_compiled(), "answers": answers}))
"""


def notes() -> list[str]:
    """Every training note, the intake benchmark's notes, and the first thousand in capitals and in lower case."""
    sys.path.insert(0, str(ROOT / "bench"))
    from bench.harness import note

    texts = [item.text for notes in training_sets().values() for item in notes]
    chance = random.Random(24)
    texts += [text for text in (note(chance) for _ in range(4000)) if text]
    return texts + [text.upper() for text in texts[:1000]] + [text.lower() for text in texts[:1000]]


def scrubbed(texts: list[str], interpreted: bool) -> dict:
    """The answers of a fresh process, run from the Python sources when `interpreted`."""
    environment = {**os.environ, "OUTREACH_INTERPRETED_SCRUBBER": "1" if interpreted else "0"}
    finished = subprocess.run([sys.executable, "-c", SCRUB_ALL], input=json.dumps(texts), capture_output=True,
                              text=True, cwd=ROOT, env=environment, check=True, timeout=300)
    return json.loads(finished.stdout)


def test_the_compiled_scrubber_answers_as_its_sources_do():
    if native.compiled_folder() is None:
        pytest.skip("the scrubber is not compiled here (no C compiler, or sources changed): run `make native`")
    texts = notes()
    compiled, interpreted = scrubbed(texts, interpreted=False), scrubbed(texts, interpreted=True)
    assert compiled["compiled"] and not interpreted["compiled"]
    differ = [(text, want, got) for text, want, got in zip(texts, interpreted["answers"], compiled["answers"])
              if want != got]
    assert len(compiled["answers"]) == len(texts) > 8000
    assert differ == []


def test_a_build_is_loaded_only_while_its_stamp_matches_the_sources(tmp_path, monkeypatch):
    stamp = tmp_path / "SOURCES"
    monkeypatch.setattr(native, "STAMP", stamp)
    monkeypatch.delenv("OUTREACH_INTERPRETED_SCRUBBER", raising=False)
    assert native.compiled_folder() is None  # never built
    stamp.write_text("0" * 64 + "\n")
    assert native.compiled_folder() is None  # built from other sources
    stamp.write_text(native.source_digest() + "\n")
    assert native.compiled_folder() == str(native.COMPILED)
    monkeypatch.setenv("OUTREACH_INTERPRETED_SCRUBBER", "1")
    assert native.compiled_folder() is None  # asked for the sources
