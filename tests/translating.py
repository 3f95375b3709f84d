"""What the translation tests share: fixtures, a course whose rich text has links, and
helpers that write a PO file, import it and check that a refused one changed nothing.

A test module gets the fixtures by naming them at its top level (pytest finds fixtures
by name in the module; an assignment, unlike an import, does not trouble the linter)::

    from tests import translating
    from tests.translating import LINKED, entry, import_po, write_po

    pytestmark = pytest.mark.django_db
    linked_course = translating.linked_course
"""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.safety import database_dump
from wagtail_peersupport.models import CoursePage

# The introduction of ``linked_course`` as a translator sees it in a PO file.
LINKED = 'Read <a id="a1">the Mind guide</a> and <a id="a2">the first session</a> first.'


@pytest.fixture
def admin_client(client):
    """A client logged in as a superuser."""
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def linked_course(course):
    """The course fixture, its introduction linking a website and one of its sessions."""
    session = course.get_children().first()
    course.introduction = (
        '<p>Read <a href="https://www.mind.org.uk/">the Mind guide</a> and '
        f'<a linktype="page" id="{session.pk}">the first session</a> first.</p>'
    )
    course.save_revision().publish()
    return CoursePage.objects.get(pk=course.pk)


def write_po(po, path):
    """Write the polib file ``po`` to ``path``; return the path."""
    path.write_text(str(po), encoding="utf-8")
    return path


def import_po(path, **options):
    """Import ``path`` with the command; return its summary, the last line it prints."""
    out, err = StringIO(), StringIO()
    call_command("peersupport_po", "import", str(path), stdout=out, stderr=err, **options)
    return out.getvalue().strip().splitlines()[-1]


def refused(path, **options):
    """Import ``path``, expect it refused with a one-line message, and nothing written."""
    before = database_dump()
    with pytest.raises(CommandError) as excinfo:
        import_po(path, **options)
    assert database_dump() == before
    message = str(excinfo.value)
    assert "\n" not in message
    assert str(path) in message
    return message


def translate_string(page, locale, translation, **string_filter):
    """Translate the one string of ``page``'s translation source that ``string_filter``
    picks (lookups on the string's ``data``, such as ``data__contains="Texas"``) into
    ``locale`` as ``translation``, as a translator would in wagtail-localize's editor."""
    from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

    source = TranslationSource.objects.get_for_instance(page)
    lookups = {f"string__{name}": value for name, value in string_filter.items()}
    segment = StringSegment.objects.get(source=source, **lookups)
    return StringTranslation.objects.create(
        translation_of=segment.string, locale=locale, context=segment.context, data=translation
    )


def entry(po, msgid):
    """The entry of ``po`` that translates ``msgid``."""
    return next(e for e in po if e.msgid == msgid and not e.obsolete)
