"""The admin view that translates a whole course, and gives translators its PO file.

It asks what wagtail-localize's own views ask: the ``submit_translation``
permission and permission to edit the course (see ``localize.permissions``), for
the form, the translation and the PO file alike; and permission to publish the
translated pages before it publishes them. The PO file is served on a GET and
writes nothing; translating happens only on a POST, which Django's CSRF
protection covers.
"""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Locale, Page

from .localize import (
    CourseTranslationError,
    can_publish_translation,
    can_translate_course,
    course_status,
    export_course_po,
    has_machine_translator,
    machine_translate_course,
    machine_translator_for,
    translate_course,
)
from .models import AbstractCoursePage


class TranslateCourseForm(forms.Form):
    locales = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Languages"),
        queryset=Locale.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "The course and every page below it are translated into each language you choose. "
            "Text already translated is kept; new text appears in the course's language "
            "until it is translated."
        ),
    )
    publish = forms.BooleanField(
        label=gettext_lazy("Publish the translated pages"),
        required=False,
        help_text=gettext_lazy(
            "Translated pages are published where the course's own page is live. "
            "Leave this unticked to save them as drafts for someone to check first."
        ),
    )

    machine = forms.BooleanField(
        label=gettext_lazy("Fill untranslated text with machine translation, as drafts for review"),
        required=False,
        help_text=gettext_lazy(
            "Text a person translated is kept. The pages are saved as drafts, with the "
            "machine's text marked as machine translation in the translation editor, "
            "for someone to check before publishing."
        ),
    )

    def __init__(self, *args, course, can_publish, **kwargs):
        super().__init__(*args, **kwargs)
        self.course = course
        self.fields["locales"].queryset = Locale.objects.exclude(pk=course.locale_id)
        if not can_publish:
            del self.fields["publish"]
        if not has_machine_translator():
            del self.fields["machine"]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("machine"):
            return cleaned
        if cleaned.get("publish"):
            self.add_error(
                "machine",
                _(
                    "Machine translations are saved as drafts for review: untick “Publish "
                    "the translated pages” to use them."
                ),
            )
        # Every language is checked first, so that nothing is written for a refused request.
        for locale in cleaned.get("locales") or []:
            try:
                machine_translator_for(self.course, locale.language_code)
            except CourseTranslationError as exc:
                self.add_error("machine", str(exc))
        return cleaned


class TranslateCourseView(WagtailAdminTemplateMixin, FormView):
    form_class = TranslateCourseForm
    template_name = "wagtail_peersupport/admin/translate_course.html"
    forbidden_template_name = "wagtail_peersupport/admin/forbidden.html"
    header_icon = "wagtail-localize-language"

    def dispatch(self, request, page_id, *args, **kwargs):
        page = get_object_or_404(Page, pk=page_id).specific
        if not isinstance(page, AbstractCoursePage):
            raise Http404
        self.course = page
        if not can_translate_course(request.user, page):
            return self.forbidden(
                _(
                    "Translating a course, or downloading its PO file, needs permission to "
                    "submit translations and to edit the course."
                )
            )
        if request.method == "GET" and "po" in request.GET:
            return self.download_po(request.GET["po"])
        return super().dispatch(request, *args, **kwargs)

    def other_locales(self):
        return Locale.objects.exclude(pk=self.course.locale_id)

    def publishable_locales(self):
        """The languages this user may publish the course's translation in."""
        if not hasattr(self, "_publishable"):
            self._publishable = {
                locale.pk
                for locale in self.other_locales()
                if can_publish_translation(self.request.user, self.course, locale)
            }
        return self._publishable

    def post(self, request, *args, **kwargs):
        if request.POST.get("publish"):
            # Checked before the form, so that nothing is written for a refused request.
            chosen = [value for value in request.POST.getlist("locales") if value.isdigit()]
            if not chosen or not {int(value) for value in chosen} <= self.publishable_locales():
                return self.forbidden(
                    _(
                        "You may not publish this course's translation into every language "
                        "you chose. Leave “Publish the translated pages” unticked to save the "
                        "translated pages as drafts."
                    )
                )
        return super().post(request, *args, **kwargs)

    def forbidden(self, reason):
        """A 403 response saying why, written before anything else is done.

        Wagtail's admin turns ``PermissionDenied`` into a redirect to the dashboard;
        a refused request here answers 403, as wagtail-localize's API views do.
        """
        context = {
            "page_title": self.get_page_title(),
            "page_subtitle": self.course.title,
            "header_icon": self.header_icon,
            "reason": reason,
        }
        return TemplateResponse(self.request, self.forbidden_template_name, context, status=403)

    def get_page_title(self):
        return _("Translate whole course")

    def get_page_subtitle(self):
        return self.course.title

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "course": self.course,
            "can_publish": bool(self.publishable_locales()),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["course"] = self.course
        context["other_locales"] = self.other_locales()
        context["status"] = course_status(self.course, user=self.request.user)
        context["status_report_url"] = reverse("wagtail_peersupport_translation_status")
        return context

    def form_valid(self, form):
        publish = form.cleaned_data.get("publish", False)
        machine = form.cleaned_data.get("machine", False)
        for locale in form.cleaned_data["locales"]:
            filled = None
            try:
                if machine:
                    report, filled = machine_translate_course(
                        self.course, locale.language_code, user=self.request.user
                    )
                else:
                    report = translate_course(
                        self.course, locale.language_code, user=self.request.user, publish=publish
                    )
            except CourseTranslationError as exc:
                messages.error(self.request, str(exc))
                return self.form_invalid(form)
            if report.kept or report.refused_links or report.held:
                messages.warning(self.request, report.summary())
            else:
                messages.success(self.request, report.summary())
            if filled is not None:
                (messages.warning if filled.not_translated else messages.success)(
                    self.request, filled.summary()
                )
        return redirect(reverse("wagtailadmin_explore", args=[self.course.pk]))

    def download_po(self, language_code):
        try:
            po = export_course_po(self.course, language_code)
        except CourseTranslationError as exc:
            messages.error(self.request, str(exc))
            return redirect(self.request.path)
        response = HttpResponse(str(po), content_type="text/x-gettext-translation; charset=utf-8")
        filename = f"{self.course.slug}-{language_code}.po"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
