"""Record a review of one session or lesson, in any language, synced or not.

A translation that wagtail-localize keeps in step with its source opens in the
translation editor, which does not offer the review fields; this view records a
review of any course page with review dates. It writes those three fields and
nothing else: the page's row, and the newer draft when there is one, so that
publishing the draft later keeps the review. It needs permission to edit the
page, is refused while someone else's lock holds it, and logs the review in the
page's history.
"""

import datetime

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateInput, ListingButton
from wagtail.log_actions import LogFormatter, log
from wagtail.models import Page

from .models.review import REVIEW_FIELDS, ReviewMixin

__all__ = [
    "RECORD_REVIEW_URL_NAME",
    "REVIEW_RECORDED",
    "RecordReviewForm",
    "RecordReviewView",
    "RecordReviewColumn",
    "can_record_review",
    "record_review",
    "record_review_url",
]

RECORD_REVIEW_URL_NAME = "wagtail_peersupport_record_review"
REVIEW_RECORDED = "wagtail_peersupport.review_recorded"


def has_review_dates(page):
    """Whether ``page`` (specific or not) is a page of its own with review dates.

    Aliases are left out: their content, dates included, is their source's.
    """
    model = page.specific_class
    return bool(model and issubclass(model, ReviewMixin) and page.alias_of_id is None)


def can_record_review(user, page):
    """Whether ``user`` may record a review of ``page``: they may edit it, and no one
    else's lock (or a workflow's) holds it."""
    if not has_review_dates(page):
        return False
    permissions = page.permissions_for_user(user)
    return permissions.can_edit() and not permissions.page_locked()


def record_review_url(page, next_url=None):
    url = reverse(RECORD_REVIEW_URL_NAME, args=[page.pk])
    if next_url:
        url += "?" + urlencode({"next": next_url})
    return url


def one_year_on(date):
    try:
        return date.replace(year=date.year + 1)
    except ValueError:  # 29 February
        return date.replace(year=date.year + 1, day=28)


def record_review(page, *, last_reviewed, next_review_due, reviewed_by, user=None):
    """Set ``page``'s review fields, and only those, in its row and its newer draft.

    The row is updated with a queryset update, so nothing else an editor or a
    translator wrote is saved over; a draft newer than the live page gets the same
    values, as Wagtail serialises them, so that publishing it keeps the review.
    """
    from .signal_handlers import invalidate

    values = {
        "last_reviewed": last_reviewed,
        "next_review_due": next_review_due,
        "reviewed_by": reviewed_by,
    }
    type(page).objects.filter(pk=page.pk).update(**values)
    for name, value in values.items():
        setattr(page, name, value)

    revision = page.latest_revision if page.has_unpublished_changes else None
    if revision is not None:
        for name, value in values.items():
            revision.content[name] = (
                value.isoformat() if isinstance(value, datetime.date) else value
            )
        revision.save(update_fields=["content"])

    log(
        instance=page,
        action=REVIEW_RECORDED,
        user=user,
        data={
            "last_reviewed": last_reviewed.isoformat() if last_reviewed else None,
            "next_review_due": next_review_due.isoformat() if next_review_due else None,
            "reviewed_by": reviewed_by,
        },
    )
    invalidate(page)
    return page


class RecordReviewForm(forms.Form):
    """The three review fields, with the model's labels and help."""

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        meta = type(page)._meta
        for name in REVIEW_FIELDS:
            widget = AdminDateInput if name != "reviewed_by" else None
            self.fields[name] = meta.get_field(name).formfield(widget=widget)
        self.fields["last_reviewed"].required = True

    def clean(self):
        cleaned = super().clean()
        last, due = cleaned.get("last_reviewed"), cleaned.get("next_review_due")
        if last and due and due < last:
            # The same rule, and words, as ReviewMixin.clean.
            self.add_error(
                "next_review_due",
                _("The next review can’t be due before the date the page was last reviewed."),
            )
        return cleaned


class RecordReviewView(WagtailAdminTemplateMixin, FormView):
    form_class = RecordReviewForm
    template_name = "wagtail_peersupport/admin/record_review.html"
    forbidden_template_name = "wagtail_peersupport/admin/forbidden.html"
    header_icon = "calendar-check"

    def dispatch(self, request, page_id, *args, **kwargs):
        page = get_object_or_404(Page, pk=page_id)
        if not has_review_dates(page):
            raise Http404
        self.page = page.specific
        permissions = self.page.permissions_for_user(request.user)
        if not permissions.can_edit():
            return self.forbidden(_("Recording a review of a page needs permission to edit it."))
        if permissions.page_locked():
            # The lock's own words: who locked it and when, or the workflow holding it.
            lock = self.page.get_lock()
            return self.forbidden(
                lock.get_message(request.user)
                or _("This page is locked, so its review can’t be recorded now.")
            )
        return super().dispatch(request, *args, **kwargs)

    def forbidden(self, reason):
        """A 403 response saying why (Wagtail's admin would redirect a ``PermissionDenied``)."""
        context = {
            "page_title": self.get_page_title(),
            "page_subtitle": self.page.title,
            "header_icon": self.header_icon,
            "reason": reason,
        }
        return TemplateResponse(self.request, self.forbidden_template_name, context, status=403)

    def get_page_title(self):
        return _("Record a review")

    def get_page_subtitle(self):
        return self.page.title

    def get_safe_next(self):
        """The ``next`` URL asked for, when it is on this site; else ""."""
        next_url = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if next_url and url_has_allowed_host_and_scheme(
            next_url,
            allowed_hosts={self.request.get_host()},
            require_https=self.request.is_secure(),
        ):
            return next_url
        return ""

    def get_next_url(self):
        """Where to go afterwards: ``next`` when it is on this site, else the report."""
        from .review_admin import REPORT_URL_NAME

        return self.get_safe_next() or reverse(REPORT_URL_NAME)

    def get_initial(self):
        today = timezone.localdate()
        return {
            "last_reviewed": today,
            "next_review_due": one_year_on(today),
            "reviewed_by": get_user_display_name(self.request.user),
        }

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "page": self.page}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context.update(
            {
                "page": self.page,
                "language": self.page.locale.get_display_name(),
                "action_url": self.request.path,
                "next_url": self.get_safe_next(),
                "cancel_url": self.get_next_url(),
                "submit_button_label": _("Record review"),
                "submit_button_active_label": _("Recording…"),
                "media": form.media,
            }
        )
        return context

    def form_valid(self, form):
        record_review(self.page, **form.cleaned_data, user=self.request.user)
        messages.success(
            self.request,
            _("Review of “%(title)s” recorded.") % {"title": self.page.get_admin_display_title()},
        )
        return redirect(self.get_next_url())


# Links to the view


class RecordReviewColumn(Column):
    """A "Record a review" link on each report row the user may edit."""

    cell_template_name = "wagtail_peersupport/admin/record_review_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context["request"]
        context["url"] = ""
        if can_record_review(request.user, instance):
            from .review_admin import REPORT_URL_NAME

            query = request.GET.copy()
            query.pop("export", None)
            back = reverse(REPORT_URL_NAME) + (f"?{query.urlencode()}" if query else "")
            context["url"] = record_review_url(instance, next_url=back)
        return context


def record_review_buttons(page, user, view_name=None, next_url=None):
    if can_record_review(user, page):
        yield ListingButton(
            gettext_lazy("Record a review"),
            record_review_url(page, next_url=next_url),
            priority=64,
            icon_name="calendar-check",
        )


hooks.register("register_page_header_buttons", record_review_buttons)
hooks.register("register_page_listing_more_buttons", record_review_buttons)


class ReviewRecordedFormatter(LogFormatter):
    label = gettext_lazy("Record a review")

    def format_message(self, log_entry):
        due = (log_entry.data or {}).get("next_review_due")
        if due:
            return _("Review recorded: next review due %(date)s") % {
                "date": date_format(datetime.date.fromisoformat(due), "j F Y")
            }
        return _("Review recorded")


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    actions.register_action(REVIEW_RECORDED)(ReviewRecordedFormatter)
