"""Bad course package files: a one-line message naming the file and the place, a non-zero
exit, and a database left exactly as it was.

The corpus is tests/bad_files/packages/: each file's first line says what the message must
contain (``# expect: …``). The largest files (a 50 MB package, one value of several
megabytes) are made by the tests instead of being kept in the repository.
"""

from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.bad_files import write_large_package
from tests.safety import database_dump
from tests.test_course_package_errors import GOOD as PACKAGE
from wagtail_peersupport.coursepackage import read_package

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parent / "bad_files" / "packages"
BAD = sorted(path for path in CORPUS.iterdir() if not path.name.endswith("-good.yaml"))
# A good package, to spoil in one place.
GOOD = {
    **PACKAGE,
    "sessions": [PACKAGE["sessions"][0]],
}


def expected(path):
    first = path.read_bytes().split(b"\n", 1)[0].decode("ascii")
    assert first.startswith("# expect: "), path
    return first.removeprefix("# expect: ")


@pytest.fixture
def loaded(home, tmp_path):
    """A course already on the site, so a bad file for it has something to spoil."""
    path = tmp_path / "good.yaml"
    path.write_text(yaml.safe_dump(GOOD), encoding="utf-8")
    call_command("peersupport_load", str(path), parent=home.pk, publish=True, verbosity=0)
    return home


def refused(path, parent, **options):
    before = database_dump()
    with pytest.raises(CommandError) as excinfo:
        call_command("peersupport_load", str(path), parent=parent.pk, verbosity=0, **options)
    assert database_dump() == before
    message = str(excinfo.value)
    assert message.startswith("Nothing was loaded.")
    assert "\n" not in message
    assert len(message) < 600, message
    return message


def test_the_corpus_covers_what_it_should():
    names = {path.stem for path in BAD}
    assert len(BAD) >= 30
    for needed in ("alias-bomb", "deep-lists", "truncated", "invalid-utf8", "mapping-as-block-type",
                   "number-as-slug", "list-as-session-title", "duplicate-slugs"):  # fmt: skip
        assert needed in names


@pytest.mark.parametrize("path", BAD, ids=[path.stem for path in BAD])
def test_a_bad_file_is_refused_with_its_place_and_changes_nothing(loaded, path):
    message = refused(path, loaded, publish=True)
    assert str(path) in message
    assert expected(path) in message


def test_a_byte_order_mark_is_accepted(home):
    report = read_package(CORPUS / "bom-good.yaml")
    assert report["course"]["title"] == "Listening Well"
    call_command("peersupport_load", str(CORPUS / "bom-good.yaml"), parent=home.pk, verbosity=0)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(loaded, tmp_path):
    path = write_large_package(tmp_path / "huge.yaml", megabytes=50)
    assert path.stat().st_size > 50 * 1024 * 1024
    message = refused(path, loaded)
    assert "larger than the 10.0 MB a course package may be" in message
    assert "WAGTAIL_PEERSUPPORT_MAX_PACKAGE_SIZE" in message


def test_the_size_limit_is_a_setting(loaded, tmp_path, settings):
    settings.WAGTAIL_PEERSUPPORT_MAX_PACKAGE_SIZE = 100
    path = tmp_path / "small.yaml"
    path.write_text(yaml.safe_dump(GOOD), encoding="utf-8")
    assert "larger than the 0.0 MB" in refused(path, loaded)


def test_values_quoted_in_messages_are_shortened(loaded, tmp_path):
    data = yaml.safe_load(yaml.safe_dump(GOOD))
    data["sessions"][0]["lessons"][0]["body"][0]["type"] = "carousel" * 500_000
    path = tmp_path / "long.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    message = refused(path, loaded)
    assert "sessions[0].lessons[0].body[0]: unknown block type 'carouselcarousel" in message


def test_a_missing_file_and_an_unknown_locale(loaded, tmp_path):
    assert "nope.yaml: no such file" in refused(tmp_path / "nope.yaml", loaded)
    path = tmp_path / "good.yaml"
    path.write_text(yaml.safe_dump(GOOD), encoding="utf-8")
    assert "--locale: unknown locale 'xx'" in refused(path, loaded, locale="xx")
