"""The interface is fully translated, and the compiled catalogues match their sources."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "wagtail_peersupport"
LANGUAGES = ["cy", "es", "ar"]


def catalogue(language, suffix="po"):
    return PACKAGE / "locale" / language / "LC_MESSAGES" / f"django.{suffix}"


def translations(entries):
    """(context, msgid) -> translation(s) of the translated entries, to compare po and mo."""
    return {
        (e.msgctxt, e.msgid): (
            tuple(sorted(e.msgstr_plural.items())) if e.msgid_plural else e.msgstr
        )
        for e in entries
        if e.msgid and not e.obsolete and "fuzzy" not in e.flags
    }


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The msgids Django's makemessages finds in the package's templates and Python today."""
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext is not installed: install GNU gettext (Debian package 'gettext')")
    copy = tmp_path_factory.mktemp("extract") / "wagtail_peersupport"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "course"))
    (copy / "locale").mkdir()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    env["PYTHONPATH"] = str(PACKAGE.parent)
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "en", "--no-location"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    po = polib.pofile(str(copy / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    return {(e.msgctxt, e.msgid) for e in po if e.msgid}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_interface_string_is_in_the_catalogue(extracted, language):
    shipped = {
        (e.msgctxt, e.msgid) for e in polib.pofile(str(catalogue(language))) if not e.obsolete
    }
    missing = sorted(msgid for _ctx, msgid in extracted - shipped)
    assert missing == [], f"{language}: run 'make messages' and translate: {missing[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(language):
    po = polib.pofile(str(catalogue(language)))
    untranslated = [
        e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)
    ]
    assert untranslated == []
    assert po.metadata["Language"] == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(language):
    po = translations(polib.pofile(str(catalogue(language))))
    mo = translations(polib.mofile(str(catalogue(language, "mo"))))
    assert mo == po, f"{language}: django.mo is out of date; run 'make messages'"
