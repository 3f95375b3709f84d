"""The admin view that translates a whole course, and gives translators its PO file."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Locale, Page

from .localize import CourseTranslationError, export_course_po, translate_course
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

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locales"].queryset = Locale.objects.exclude(pk=course.locale_id)


class TranslateCourseView(WagtailAdminTemplateMixin, FormView):
    form_class = TranslateCourseForm
    template_name = "wagtail_peersupport/admin/translate_course.html"
    header_icon = "wagtail-localize-language"

    def dispatch(self, request, page_id, *args, **kwargs):
        if not request.user.has_perm("wagtail_localize.submit_translation"):
            raise PermissionDenied
        page = get_object_or_404(Page, pk=page_id).specific
        if not isinstance(page, AbstractCoursePage):
            raise PermissionDenied
        self.course = page
        if "po" in request.GET:
            return self.download_po(request.GET["po"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Translate whole course")

    def get_page_subtitle(self):
        return self.course.title

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "course": self.course}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["course"] = self.course
        context["other_locales"] = Locale.objects.exclude(pk=self.course.locale_id)
        return context

    def form_valid(self, form):
        for locale in form.cleaned_data["locales"]:
            try:
                report = translate_course(self.course, locale.language_code, user=self.request.user)
            except CourseTranslationError as exc:
                messages.error(self.request, str(exc))
                return self.form_invalid(form)
            messages.success(self.request, report.summary())
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
