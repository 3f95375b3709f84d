"""What the course loader remembers between runs."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["LoadRecord"]


class LoadRecord(models.Model):
    """What the course loader last wrote to a page.

    A re-run of ``peersupport_load`` compares a page with this fingerprint to
    tell the loader's own content from an editor's changes, which it keeps.
    """

    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("page"),
    )
    digest = models.CharField(_("content fingerprint"), max_length=64)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        verbose_name = _("course load record")
        verbose_name_plural = _("course load records")

    def __str__(self):
        return f"{self.page_id}: {self.digest[:12]}"
