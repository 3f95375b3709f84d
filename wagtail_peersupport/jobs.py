"""Whole-course work started from the admin, run as django-tasks tasks.

``start_job`` records a ``CourseJob`` and enqueues ``run_course_job`` with its id.
With django-tasks' default immediate backend the task runs inside the request, as
the work always did; with a backend that has a worker (django-tasks-db's
``db_worker``) the request returns at once and the worker does the work, updating
the job's count of pages as it goes.

The work of a job is one transaction: a job that fails leaves the course and its
translations as they were, and is marked failed with its error. The count of pages
done is written on a connection of its own, so that it can be read while that
transaction runs; on SQLite, which lets one connection write at a time, it is
written when the job ends.
"""

import logging
import time
from datetime import timedelta
from functools import partial

from django.db import IntegrityError, connections, router, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task
from wagtail.models import Locale, Page

from . import conf
from .localize import (
    CourseTranslationError,
    can_publish_translation,
    can_translate_course,
    import_course_po,
    machine_translate_course,
    parse_po,
    translate_course,
)
from .models import CourseJob

__all__ = [
    "JobAlreadyRunning",
    "active_job",
    "give_up_stale_jobs",
    "latest_job",
    "run_course_job",
    "run_job",
    "start_job",
]

logger = logging.getLogger(__name__)

SUCCESS, WARNING = "success", "warning"

# The count of pages done is written at most this often while a job runs.
PROGRESS_INTERVAL = 0.5


class JobAlreadyRunning(Exception):
    """A job for this course is already queued or running."""


def give_up_stale_jobs(course):
    """Mark as failed the jobs of ``course`` queued or running for longer than the timeout.

    A worker that stopped mid-job (a restart, a crash) never finishes it; without this
    its course could never start another job. The work of a job is one transaction,
    so a job given up saved nothing unless it finished after all.
    """
    minutes = conf.job_timeout() // 60
    CourseJob.objects.filter(
        course_id=course.pk,
        status__in=CourseJob.ACTIVE,
        created_at__lt=timezone.now() - timedelta(seconds=conf.job_timeout()),
    ).update(
        status=CourseJob.Status.FAILED,
        finished_at=timezone.now(),
        error=ngettext(
            "no worker finished this job within %(minutes)d minute (is the task worker "
            "running?); it can be started again",
            "no worker finished this job within %(minutes)d minutes (is the task worker "
            "running?); it can be started again",
            minutes,
        )
        % {"minutes": minutes},
    )


def active_job(course):
    """The job queued or running for ``course``, or ``None``."""
    give_up_stale_jobs(course)
    return (
        CourseJob.objects.filter(course_id=course.pk, status__in=CourseJob.ACTIVE)
        .select_related("user")
        .first()
    )


def latest_job(course):
    """The last job started for ``course``, whatever its state, or ``None``."""
    return CourseJob.objects.filter(course_id=course.pk).select_related("user").first()


def start_job(course, kind, user, *, language_codes, publish=False, po_name="", po_content=""):
    """Record a job for ``course`` and enqueue it; return the job as it is after enqueuing.

    Raises ``JobAlreadyRunning``, and enqueues nothing, when a job for the course is
    already queued or running. With the immediate backend the returned job is
    finished; with a worker it is still queued.
    """
    give_up_stale_jobs(course)
    try:
        # A savepoint, so that a refused insert leaves a surrounding transaction usable.
        with transaction.atomic():
            job = CourseJob.objects.create(
                course_id=course.pk,
                kind=kind,
                user=user,
                language_codes=list(language_codes),
                publish=publish,
                po_name=po_name,
                po_content=po_content,
                interface_language=translation.get_language() or "",
            )
    except IntegrityError as exc:
        raise JobAlreadyRunning from exc
    try:
        run_course_job.enqueue(job.pk)
    except Exception as exc:
        _finish(job.pk, CourseJob.Status.FAILED, error=_("could not be queued: %s") % exc)
        raise
    job.refresh_from_db()
    return job


@task()
def run_course_job(job_id):
    """Do the work of the ``CourseJob`` ``job_id``; return its final status."""
    return run_job(job_id)


def run_job(job_id):
    """Do the work of the queued ``CourseJob`` ``job_id``, as the user who started it.

    A job that is no longer queued (it ran already, or was taken by another worker)
    is left alone. Returns the job's final status.
    """
    claimed = CourseJob.objects.filter(pk=job_id, status=CourseJob.Status.QUEUED).update(
        status=CourseJob.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    job = CourseJob.objects.select_related("user").get(pk=job_id)
    progress = _Progress(job)
    try:
        with translation.override(job.interface_language or None):
            try:
                course = Page.objects.get(pk=job.course_id).specific
                user = _user_for(job, course)
                with transaction.atomic():
                    results = RUNNERS[job.kind](job, course, user, progress)
            except CourseTranslationError as exc:
                _finish(job_id, CourseJob.Status.FAILED, error=str(exc), done=progress.done)
                return CourseJob.Status.FAILED
            except Exception as exc:
                logger.exception("Course job %s failed", job_id)
                error = _("the job stopped with an unexpected error (%(error)s); nothing was saved")
                error %= {"error": f"{type(exc).__name__}: {exc}"}
                _finish(job_id, CourseJob.Status.FAILED, error=error, done=progress.done)
                raise
    finally:
        progress.close()
    _finish(
        job_id, CourseJob.Status.DONE, results=results, done=progress.total, total=progress.total
    )
    return CourseJob.Status.DONE


def _finish(job_id, status, *, done=None, total=None, results=(), error=""):
    changes = {"status": status, "finished_at": timezone.now(), "results": list(results)}
    changes["error"] = error
    if done is not None:
        changes["done"] = done
    if total is not None:
        changes["total"] = total
    CourseJob.objects.filter(pk=job_id).update(**changes)


def _user_for(job, course):
    """The user who started ``job``, if they still exist and may still do it."""
    user = job.user
    if user is None or not user.is_active:
        raise CourseTranslationError(
            _("the person who started this job no longer has an account; start it again")
        )
    if not can_translate_course(user, course):
        raise CourseTranslationError(
            _("%(user)s may no longer translate this course") % {"user": user.get_username()}
        )
    if job.publish:
        for locale in Locale.objects.filter(language_code__in=job.language_codes):
            if not can_publish_translation(user, course, locale):
                raise CourseTranslationError(
                    _("%(user)s may no longer publish this course in %(language)s")
                    % {"user": user.get_username(), "language": locale.get_display_name()}
                )
    return user


def _translate(job, course, user, progress, *, machine=False):
    """Translate the course into each of the job's languages; machine drafts with ``machine``."""
    results = []
    pages = Page.objects.descendant_of(course, inclusive=True).count()
    progress.start(pages * len(job.language_codes))
    for code in job.language_codes:
        filled = None
        if machine:
            report, filled = machine_translate_course(
                course, code, user=user, progress=progress.line
            )
        else:
            report = translate_course(
                course, code, user=user, publish=job.publish, progress=progress.line
            )
        warn = report.kept or report.refused_links or report.held
        results.append([WARNING if warn else SUCCESS, report.summary()])
        if filled is not None:
            results.append([WARNING if filled.not_translated else SUCCESS, filled.summary()])
    return results


def _po_import(job, course, user, progress):
    # The file was checked when it was uploaded; it is parsed again, the same way,
    # so that what is imported is exactly what was checked.
    po = parse_po(job.po_content.encode("utf-8"), source=job.po_name)
    [code] = job.language_codes
    report = import_course_po(
        po,
        course=course,
        language_code=code,
        publish=job.publish,
        user=user,
        source=job.po_name,
        step=progress.step,
    )
    return [[WARNING if report.rejected or report.kept else SUCCESS, report.summary()]]


RUNNERS = {
    CourseJob.Kind.TRANSLATE: _translate,
    CourseJob.Kind.MACHINE: partial(_translate, machine=True),
    CourseJob.Kind.PO_IMPORT: _po_import,
}


class _Progress:
    """Counts a job's pages and writes the count where the admin can read it meanwhile.

    ``translate_course`` reports each page of the course once, kept pages too, so
    each ``line`` is one page done; ``import_course_po`` says ``step(number, total)``.
    """

    def __init__(self, job):
        self.job_id, self.done, self.total = job.pk, 0, 0
        self.written_at = 0.0
        alias = router.db_for_write(CourseJob)
        self.connection = None
        if connections[alias].vendor != "sqlite":
            self.connection = connections.create_connection(alias)

    def start(self, total):
        self.total = total
        self.write(force=True)

    def line(self, _text):
        self.done += 1
        self.write(force=self.done == self.total)

    def step(self, number, total):
        self.done, self.total = number, total
        self.write(force=number == total)

    def write(self, force=False):
        now = time.monotonic()
        if self.connection is None or (not force and now - self.written_at < PROGRESS_INTERVAL):
            return
        self.written_at = now
        meta = CourseJob._meta
        quote = self.connection.ops.quote_name
        # Names from the model, quoted by the database backend; the values are parameters.
        sql = "UPDATE {} SET {} = %s, {} = %s WHERE {} = %s".format(  # noqa: S608
            quote(meta.db_table),
            quote(meta.get_field("done").column),
            quote(meta.get_field("total").column),
            quote(meta.pk.column),
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [self.done, self.total, self.job_id])

    def close(self):
        if self.connection is not None:
            self.connection.close()
