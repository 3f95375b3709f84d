"""Whole-course jobs from the admin: translation, machine drafts and PO imports, recorded
as ``CourseJob`` rows, with django-tasks' immediate backend (the default), so each runs
inside the request that starts it."""

import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision
from wagtail_localize.models import StringTranslation

from tests import translating
from tests.test_translation_permissions import make_user
from wagtail_peersupport import jobs
from wagtail_peersupport.jobs import JobAlreadyRunning, run_job, start_job
from wagtail_peersupport.localize import (
    course_pages,
    export_course_po,
    import_course_po,
    parse_po,
)
from wagtail_peersupport.models import CourseJob
from wagtail_peersupport.sample import make_course

pytestmark = pytest.mark.django_db
admin_client = translating.admin_client

DUMMY = "wagtail_localize.machine_translators.dummy.DummyTranslator"
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def translate_url(course):
    return reverse("wagtail_peersupport_translate_course", args=[course.pk])


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def shown_messages(response):
    texts = [" ".join(li.get_text(" ").split()) for li in soup_of(response).select(".messages li")]
    # Wagtail's admin adds a link to the form's first error after an error message.
    return [text.removesuffix(" Go to the first error") for text in texts]


def job_section(response):
    section = soup_of(response).find("section", class_="ps-course-job")
    return section, " ".join(section.get_text(" ").split()) if section else ""


def everything_but_jobs():
    """The database as an import or a translation could change it, jobs left out."""
    out = io.StringIO()
    call_command(
        "dumpdata", "wagtailcore.page", "wagtailcore.revision", "wagtail_localize",
        "wagtail_peersupport", exclude=["wagtail_peersupport.coursejob"], stdout=out,
    )  # fmt: skip
    return out.getvalue()


def translated_po(course, code="cy", count=3):
    """The course's PO file with its first ``count`` plain strings translated, as bytes."""
    po = export_course_po(course, code)
    plain = [e for e in po if "<" not in e.msgid and not e.msgctxt.endswith("|slug")]
    for item in plain[:count]:
        item.msgstr = f"[{code}] {item.msgid}"
    return str(po).encode("utf-8"), [item.msgid for item in plain[:count]]


def upload(client, course, data, name="course-cy.po", **fields):
    return client.post(
        translate_url(course),
        {"action": "import", "po_file": SimpleUploadedFile(name, data), **fields},
        follow=True,
    )


# The three kinds of job, run in the request -----------------------------------------------


def test_translation_is_recorded_and_its_result_shown(course, locales, admin_client):
    response = admin_client.post(
        translate_url(course), {"locales": [locales["cy"].pk]}, follow=True
    )
    [message] = shown_messages(response)
    assert message.startswith(
        "Translated 'Peer Support Training' into Welsh (cy): 11 pages created"
    )

    job = CourseJob.objects.get()
    pages = len(course_pages(course))
    assert (job.kind, job.status, job.language_codes) == ("translate", "done", ["cy"])
    assert job.user.get_username() == "admin"
    assert (job.done, job.total) == (pages, pages)
    assert job.results == [["success", message]]
    assert job.started_at <= job.finished_at
    assert len(course_pages(course.get_translation(locales["cy"]))) == pages

    section, text = job_section(admin_client.get(translate_url(course)))
    assert section["data-job-status"] == "done"
    assert "Last result" in text and "Started by admin on " in text
    assert message in text
    # The form is offered again for the next run.
    assert soup_of(admin_client.get(translate_url(course))).find("input", attrs={"name": "locales"})


def test_revisions_are_attributed_to_who_started_the_job(course, locales, client):
    editor = make_user("editor", "Editors")
    client.force_login(editor)
    client.post(translate_url(course), {"locales": [locales["cy"].pk]})
    welsh = course_pages(course.get_translation(locales["cy"]))
    assert welsh
    latest = Revision.objects.filter(pk__in=[page.latest_revision_id for page in welsh])
    assert set(latest.values_list("user__username", flat=True)) == {"editor"}


def test_machine_drafts_are_recorded_with_both_summaries(course, locales, admin_client, settings):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {"CLASS": DUMMY}
    response = admin_client.post(
        translate_url(course), {"locales": [locales["cy"].pk, locales["es"].pk], "machine": "on"},
        follow=True,
    )  # fmt: skip
    shown = shown_messages(response)
    job = CourseJob.objects.get()
    assert job.kind == "machine" and job.status == "done"
    assert [text for _level, text in job.results] == shown
    assert len(shown) == 4
    assert shown[1].startswith("Machine-translated ") and "into Welsh" in shown[1]
    assert shown[3].startswith("Machine-translated ") and "into Spanish" in shown[3]
    pages = len(course_pages(course))
    assert (job.done, job.total) == (2 * pages, 2 * pages)
    assert StringTranslation.objects.filter(translation_type="machine", locale=locales["es"])


def test_po_file_is_imported_from_the_admin(course, locales, admin_client):
    data, strings = translated_po(course)
    response = upload(admin_client, course, data)
    [message] = shown_messages(response)
    assert message.startswith("Imported 3 strings into ")
    assert "saved as drafts, nothing was published" in message

    job = CourseJob.objects.get()
    assert (job.kind, job.status, job.language_codes, job.publish) == (
        "po_import",
        "done",
        ["cy"],
        False,
    )
    assert job.po_name == "course-cy.po"
    assert job.done == job.total > 0
    stored = set(
        StringTranslation.objects.filter(locale=locales["cy"]).values_list("data", flat=True)
    )
    assert stored == {f"[cy] {text}" for text in strings}
    assert not course.get_translation(locales["cy"]).live

    _section, text = job_section(admin_client.get(translate_url(course)))
    assert message in text


def test_po_file_is_published_when_asked(course, locales, admin_client):
    data, _strings = translated_po(course)
    upload(admin_client, course, data, publish="on")
    assert CourseJob.objects.get().publish
    assert course.get_translation(locales["cy"]).title == "[cy] Peer Support Training"
    assert course.get_translation(locales["cy"]).live


def test_hostile_markup_in_an_uploaded_file_is_rejected(course, locales, admin_client):
    po = export_course_po(course, "cy")
    translating.entry(po, "Peer Support Training").msgstr = "Hyfforddiant<script>alert(1)</script>"
    translating.entry(po, "The aim of session 1.").msgstr = "Nod sesiwn 1."
    response = upload(admin_client, course, str(po).encode("utf-8"))
    [message] = shown_messages(response)
    assert "rejected 1: " in message and "(markup that is not allowed: <script>)" in message
    stored = set(StringTranslation.objects.values_list("data", flat=True))
    assert stored == {"Nod sesiwn 1."}


# Bad PO files are refused in the request -------------------------------------------------


def bad_files(course, settings):
    good, _strings = translated_po(course)
    other = make_course(course.get_parent(), title="Listening Well", sessions=1)
    other_po, _strings = translated_po(other)
    text = good.decode()
    return [
        ("course-cy.txt", good, "course-cy.txt: choose a PO file, whose name ends in .po"),
        ("course-cy.po", good[: good.index(b"msgstr") + 12],
         "course-cy.po, line"),
        ("course-cy.po", good.replace(b"Peer Support", b"\xe9 Support", 1),
         "course-cy.po, line"),
        ("other-cy.po", other_po,
         "other-cy.po, header: this PO file is for the course 'Listening Well'"),
        ("course-xx.po", text.replace('"Language: cy\\n"', '"Language: xx\\n"').encode(),
         "course-xx.po, header: unknown locale 'xx'"),
        ("course-en.po", text.replace('"Language: cy\\n"', '"Language: en\\n"').encode(),
         "course-en.po, header: 'Peer Support Training' is already in English (en)"),
    ]  # fmt: skip


def test_bad_po_files_are_refused_at_once_and_nothing_is_queued(
    course, locales, admin_client, settings
):
    cases = bad_files(course, settings)
    before = everything_but_jobs()
    for name, data, expected in cases:
        response = upload(admin_client, course, data, name=name)
        assert response.status_code == 200, name
        errors = [e.get_text(" ") for e in soup_of(response).select(".error-message")]
        assert len(errors) == 1 and expected in errors[0], (name, errors)
    assert not CourseJob.objects.exists()
    assert everything_but_jobs() == before


def test_a_file_over_the_size_limit_is_refused(course, locales, admin_client, settings):
    settings.WAGTAIL_PEERSUPPORT_MAX_PACKAGE_SIZE = 2048
    response = upload(admin_client, course, b"\xff" * 4096)
    errors = " ".join(e.get_text(" ") for e in soup_of(response).select(".error-message"))
    assert "course-cy.po: the file is 4.0\xa0KB, larger than the 2.0\xa0KB" in errors
    assert not CourseJob.objects.exists()


# One job at a time -----------------------------------------------------------------------


@pytest.fixture
def running(course, db):
    admin = get_user_model().objects.create_superuser("other", "other@example.org", "pw")
    return CourseJob.objects.create(
        course=course, kind="translate", language_codes=["es"], user=admin, status="running",
        done=12, total=552,
    )  # fmt: skip


def test_a_running_job_shows_its_progress_instead_of_the_forms(
    course, locales, admin_client, running
):
    response = admin_client.get(translate_url(course))
    soup = soup_of(response)
    bar = soup.find("progress")
    assert (bar["value"], bar["max"]) == ("12", "552")
    label = soup.find("label", attrs={"for": bar["id"]})
    assert label.get_text(strip=True) == "12 of 552 pages"
    section, text = job_section(response)
    assert section["data-job-status"] == "running"
    assert "Translation in progress" in text and "Started by other on " in text
    assert soup.find("input", attrs={"name": "locales"}) is None
    assert soup.find("input", attrs={"name": "po_file"}) is None
    assert soup.find("meta", attrs={"http-equiv": "refresh"})["content"] == "10"
    # Someone who would rather the screen stayed still can say so.
    still = soup_of(admin_client.get(translate_url(course), {"refresh": "off"}))
    assert still.find("meta", attrs={"http-equiv": "refresh"}) is None
    assert still.find("progress") is not None


def test_a_second_start_is_refused_while_one_runs(course, locales, admin_client, running):
    for data in (
        {"locales": [locales["cy"].pk]},
        {"action": "import", "po_file": SimpleUploadedFile("c.po", translated_po(course)[0])},
    ):
        response = admin_client.post(translate_url(course), data, follow=True)
        assert response.redirect_chain[-1][0] == translate_url(course)
        assert shown_messages(response) == [
            "A job for this course is already queued or running. Wait until it has finished, "
            "then start another."
        ]
    assert list(CourseJob.objects.all()) == [running]
    assert course.get_translation_or_none(locales["cy"]) is None


def test_the_database_refuses_a_second_active_job_even_in_a_race(course, locales, running):
    with pytest.raises(IntegrityError), transaction.atomic():
        CourseJob.objects.create(course=course, kind="translate", language_codes=["cy"])
    # start_job, which two requests may reach together, says so and enqueues nothing.
    with pytest.raises(JobAlreadyRunning):
        start_job(course, "translate", None, language_codes=["cy"])
    assert CourseJob.objects.count() == 1
    assert course.get_translation_or_none(locales["cy"]) is None
    # Finished jobs do not count.
    CourseJob.objects.filter(pk=running.pk).update(status="done")
    CourseJob.objects.create(course=course, kind="translate", language_codes=["cy"])


def test_a_job_no_worker_finished_is_given_up_so_another_can_start(
    course, locales, admin_client, running, settings
):
    settings.WAGTAIL_PEERSUPPORT_JOB_TIMEOUT = 3600
    CourseJob.objects.filter(pk=running.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=59)
    )
    assert soup_of(admin_client.get(translate_url(course))).find("progress") is not None
    CourseJob.objects.filter(pk=running.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=61)
    )
    response = admin_client.get(translate_url(course))
    assert soup_of(response).find("input", attrs={"name": "locales"}) is not None
    running.refresh_from_db()
    assert running.status == "failed"
    assert running.error == (
        "no worker finished this job within 60 minutes (is the task worker running?); "
        "it can be started again"
    )
    admin_client.post(translate_url(course), {"locales": [locales["cy"].pk]})
    assert course.get_translation_or_none(locales["cy"]) is not None


# Permissions -----------------------------------------------------------------------------


def test_users_without_permission_start_nothing(course, locales, client):
    data, _strings = translated_po(course)
    client.force_login(make_user("translator"))  # no page permissions
    assert client.post(translate_url(course), {"locales": [locales["cy"].pk]}).status_code == 403
    response = client.post(
        translate_url(course), {"action": "import", "po_file": SimpleUploadedFile("c.po", data)}
    )
    assert response.status_code == 403
    assert not CourseJob.objects.exists()
    assert not StringTranslation.objects.exists()


def test_publishing_an_import_needs_publish_permission(course, locales, client):
    data, _strings = translated_po(course)
    client.force_login(make_user("editor", "Editors"))
    form = soup_of(client.get(translate_url(course))).find("input", attrs={"name": "po_file"})
    assert form is not None
    assert form.find_parent("form").find("input", attrs={"name": "publish"}) is None
    response = client.post(
        translate_url(course),
        {"action": "import", "publish": "on", "po_file": SimpleUploadedFile("c.po", data)},
    )
    assert response.status_code == 403
    assert not CourseJob.objects.exists()
    # As drafts it is allowed.
    upload(client, course, data)
    assert CourseJob.objects.get().status == "done"
    assert not course.get_translation(locales["cy"]).live


def test_a_job_whose_user_was_deleted_does_nothing(course, locales):
    user = make_user("gone", "Editors")
    job = CourseJob.objects.create(
        course=course, kind="translate", language_codes=["cy"], user=user
    )
    user.delete()
    assert run_job(job.pk) == "failed"
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.error == "the person who started this job no longer has an account; start it again"
    assert course.get_translation_or_none(locales["cy"]) is None


def test_a_job_whose_user_lost_permission_does_nothing(course, locales):
    user = make_user("editor", "Editors")
    job = CourseJob.objects.create(
        course=course, kind="translate", language_codes=["cy"], user=user
    )
    user.groups.clear()
    user = get_user_model().objects.get(pk=user.pk)
    assert run_job(job.pk) == "failed"
    job.refresh_from_db()
    assert job.error == "editor may no longer translate this course"
    assert course.get_translation_or_none(locales["cy"]) is None


def test_a_job_runs_only_once(course, locales, admin_client):
    admin_client.post(translate_url(course), {"locales": [locales["cy"].pk]})
    job = CourseJob.objects.get()
    revisions = Revision.objects.count()
    assert run_job(job.pk) is None  # no longer queued
    assert Revision.objects.count() == revisions


# Failures --------------------------------------------------------------------------------


def test_a_failing_job_is_marked_failed_and_changes_nothing(course, locales, admin_client, request):
    spanish = []

    def fail_on_the_third_spanish_page(sender, instance, **kwargs):
        if instance.content.get("locale") == locales["es"].pk:
            spanish.append(instance)
            if len(spanish) == 3:  # Welsh is done, Spanish is under way
                raise RuntimeError("disk full")

    post_save.connect(fail_on_the_third_spanish_page, sender=Revision)
    request.addfinalizer(
        lambda: post_save.disconnect(fail_on_the_third_spanish_page, sender=Revision)
    )
    before = everything_but_jobs()
    response = admin_client.post(
        translate_url(course), {"locales": [locales["cy"].pk, locales["es"].pk]}, follow=True
    )
    assert len(spanish) == 3
    expected = (
        "the job stopped with an unexpected error (RuntimeError: disk full); nothing was saved"
    )
    assert shown_messages(response) == [expected]
    job = CourseJob.objects.get()
    assert (job.status, job.error, job.results) == ("failed", expected, [])
    assert everything_but_jobs() == before
    assert course.get_translation_or_none(locales["cy"]) is None

    section, text = job_section(admin_client.get(translate_url(course)))
    assert section["data-job-status"] == "failed"
    assert f"Translation failed, and nothing was saved: {expected}" in text
    # And the course may be translated again.
    admin_client.post(translate_url(course), {"locales": [locales["cy"].pk]})
    assert CourseJob.objects.first().status == "done"
    assert course.get_translation(locales["cy"]).title == "Peer Support Training"


def test_a_translator_failing_is_a_failed_job_with_its_message(
    course, locales, admin_client, settings
):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "tests.test_machine_translation.UnavailableTranslator"
    }
    before = everything_but_jobs()
    response = admin_client.post(
        translate_url(course), {"locales": [locales["cy"].pk], "machine": "on"}, follow=True
    )
    [message] = shown_messages(response)
    assert "could not translate “Peer Support Training”: service unavailable" in message
    assert CourseJob.objects.get().error == message
    assert everything_but_jobs() == before


# Progress --------------------------------------------------------------------------------


def test_po_import_says_how_far_it_has_got(course, locales):
    data, _strings = translated_po(course, count=100)
    steps, lines = [], []
    import_course_po(parse_po(data), progress=lines.append, step=lambda n, t: steps.append((n, t)))
    total = steps[-1][1]
    assert steps == [(number, total) for number in range(1, total + 1)]
    assert len(lines) <= total


# The enqueueing request, with a worker to do the work ------------------------------------


def enqueue_queries(client, course, locales, settings):
    settings.TASKS = DATABASE_BACKEND
    with CaptureQueriesContext(connection) as queries:
        response = client.post(translate_url(course), {"locales": [locales["cy"].pk]})
    assert response.status_code == 302
    assert response["Location"] == translate_url(course)
    return len(queries)


def test_enqueueing_does_not_grow_with_the_course(home, locales, admin_client, settings):
    from django_tasks_db.models import DBTaskResult

    small = make_course(home, title="Small", sessions=1, lessons_per_session=10)
    large = make_course(home, title="Large", sessions=2, lessons_per_session=50)
    assert enqueue_queries(admin_client, small, locales, settings) == enqueue_queries(
        admin_client, large, locales, settings
    )
    assert list(CourseJob.objects.values_list("status", flat=True)) == ["queued", "queued"]
    assert (
        DBTaskResult.objects.filter(task_path="wagtail_peersupport.jobs.run_course_job").count()
        == 2
    )
    assert not small.get_translations().exists() and not large.get_translations().exists()
    assert jobs.active_job(large).language_codes == ["cy"]
