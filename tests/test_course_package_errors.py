"""Bad course packages get a clear message naming the place, and change nothing."""

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page, Revision

from wagtail_peersupport.models import CoursePage, LoadRecord, ResourcesPage

pytestmark = pytest.mark.django_db

GOOD = {
    "format": 1,
    "course": {"title": "Listening Well"},
    "sessions": [
        {
            "title": "Active Listening",
            "aim": "To practise listening.",
            "lessons": [
                {
                    "title": "Being heard",
                    "body": [
                        {"type": "paragraph", "value": "<p>Read this.</p>"},
                        {"type": "heading", "value": {"text": "Questions", "level": "h2"}},
                        {
                            "type": "reflection_prompt",
                            "value": {"heading": "Reflection", "questions": ["How?"]},
                        },
                    ],
                }
            ],
        },
        {"title": "Endings", "aim": "To end well.", "lessons": []},
    ],
    "resources": {"title": "Useful Resources", "body": []},
}


def write(tmp_path, data, name="course.yaml"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False))
    return path


def state():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        LoadRecord.objects.count(),
        list(Page.objects.values_list("title", "live", "latest_revision_id").order_by("path")),
    )


def refused(*args, **options):
    before = state()
    with pytest.raises(CommandError) as excinfo:
        call_command("peersupport_load", *[str(a) for a in args], verbosity=0, **options)
    assert state() == before
    message = str(excinfo.value)
    assert message.startswith("Nothing was loaded.")
    return message


def changed(**edits):
    data = yaml.safe_load(yaml.safe_dump(GOOD))
    for path, value in edits.items():
        target = data
        *parents, last = path.split("/")
        for key in parents:
            target = target[int(key) if key.isdigit() else key]
        target[int(last) if last.isdigit() else last] = value
    return data


def test_a_good_package_loads(home, tmp_path):
    call_command("peersupport_load", str(write(tmp_path, GOOD)), parent=home.pk, verbosity=0)
    assert CoursePage.objects.get().title == "Listening Well"


def test_missing_file(home, tmp_path):
    message = refused(tmp_path / "nope.yaml", parent=home.pk)
    assert "nope.yaml: no such file" in message


def test_unparsable_file_names_the_line(home, tmp_path):
    path = write(tmp_path, "format: 1\ncourse:\n  title: A\n  intro: [unclosed\nsessions: []\n")
    message = refused(path, parent=home.pk)
    assert "line 5" in message and "not valid YAML" in message


def test_unknown_block_type_names_its_path(home, tmp_path):
    data = changed(**{"sessions/0/lessons/0/body/1/type": "carousel"})
    message = refused(write(tmp_path, data), parent=home.pk)
    assert "sessions[0].lessons[0].body[1]: unknown block type 'carousel'" in message


def test_invalid_block_value_names_the_field(home, tmp_path):
    data = changed(**{"sessions/0/lessons/0/body/2/value/questions": []})
    message = refused(write(tmp_path, data), parent=home.pk)
    assert "sessions[0].lessons[0].body[2].questions" in message


def test_missing_required_field(home, tmp_path):
    data = changed()
    del data["sessions"][1]["aim"]
    message = refused(write(tmp_path, data), parent=home.pk)
    assert "sessions[1].aim: this field is required" in message


def test_misspelt_field(home, tmp_path):
    data = changed()
    data["sessions"][0]["lesons"] = []
    message = refused(write(tmp_path, data), parent=home.pk)
    assert "sessions[0].lesons: unknown field 'lesons'" in message


def test_duplicate_slugs(home, tmp_path):
    data = changed(**{"sessions/1/title": "Active Listening"})
    message = refused(write(tmp_path, data), parent=home.pk)
    assert "sessions[1].slug: the slug 'active-listening' is already used by sessions[0]" in message


def test_not_a_course_package(home, tmp_path):
    message = refused(write(tmp_path, {"title": "A web page"}), parent=home.pk)
    assert "unknown field 'title'" in message
    message = refused(write(tmp_path, {"course": {"title": "x"}}), parent=home.pk)
    assert "format" in message


def test_unknown_locale(home, tmp_path):
    message = refused(write(tmp_path, GOOD), parent=home.pk, locale="xx")
    assert "--locale: unknown locale 'xx' (this site's locales: en)" in message


def test_parent_not_found(home, tmp_path):
    message = refused(write(tmp_path, GOOD), parent=999999)
    assert "--parent: there is no page with id 999999" in message


def test_slug_collision_with_a_page_outside_the_course(home, tmp_path):
    home.add_child(instance=Page(title="Our listening page", slug="listening-well"))
    message = refused(write(tmp_path, GOOD), parent=home.pk)
    assert "the slug 'listening-well' is already used" in message
    assert "'Our listening page'" in message


def test_a_late_error_undoes_everything_done_before_it(home, tmp_path):
    call_command("peersupport_load", str(write(tmp_path, GOOD)), parent=home.pk, verbosity=0)
    # The new file changes the course, then asks for a session whose slug the
    # resources page already has: the course change must be undone too.
    data = changed(**{"course/title": "Listening Well, revised", "course/slug": "listening-well"})
    data["sessions"].append({"title": "Useful Resources", "aim": "Clash."})
    message = refused(write(tmp_path, data), parent=home.pk, publish=True)
    assert "sessions[2].slug" in message
    assert CoursePage.objects.get().title == "Listening Well"
    assert ResourcesPage.objects.count() == 1
