"""Whole-course jobs that run in the background: translation, machine drafts, PO imports."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["CourseJob"]


class CourseJob(models.Model):
    """One whole-course job an editor started in the admin, and what came of it.

    At most one job per course is queued or running at a time: a unique constraint
    on the course, limited to those two states, refuses a second one even when two
    requests arrive together.
    """

    class Kind(models.TextChoices):
        TRANSLATE = "translate", _("Translation")
        MACHINE = "machine", _("Machine translation drafts")
        PO_IMPORT = "po_import", _("PO file import")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    course = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("course")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    language_codes = models.JSONField(_("languages"), default=list)
    publish = models.BooleanField(_("publish"), default=False)
    po_name = models.CharField(_("PO file name"), max_length=255, blank=True)
    po_content = models.TextField(_("PO file content"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    interface_language = models.CharField(
        _("interface language"),
        max_length=20,
        blank=True,
        help_text=_("The admin language of whoever started it, for the results."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    done = models.PositiveIntegerField(_("pages done"), default=0)
    total = models.PositiveIntegerField(_("pages in all"), default=0)
    results = models.JSONField(
        _("results"), default=list, help_text=_("[level, text] pairs: the reports' summaries")
    )
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    started_at = models.DateTimeField(_("running since"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("course job")
        verbose_name_plural = _("course jobs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course"],
                condition=models.Q(status__in=["queued", "running"]),
                name="wagtail_peersupport_one_active_job_per_course",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of page {self.course_id}: {self.get_status_display()}"

    @property
    def is_active(self):
        return self.status in self.ACTIVE

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0
