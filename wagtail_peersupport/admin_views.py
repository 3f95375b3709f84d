"""The admin view that translates a whole course, and gives translators its PO file.

It asks what wagtail-localize's own views ask: the ``submit_translation``
permission and permission to edit the course (see ``localize.permissions``), for
the form, the translation, the PO file and its import alike; and permission to
publish the translated pages before it publishes them. The PO file is served on a
GET and writes nothing; translating and importing happen only on a POST, which
Django's CSRF protection covers. The work itself is a background job (see
``jobs``): the screen shows its progress while it runs, and its result after.
"""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Locale, Page

from .coursepackage.reader import SIZE_SETTING, max_package_bytes
from .jobs import WARNING, JobAlreadyRunning, active_job, latest_job, start_job
from .localize import (
    CourseTranslationError,
    can_publish_translation,
    can_translate_course,
    course_status,
    export_course_po,
    has_machine_translator,
    machine_translator_for,
    parse_po,
)
from .localize.po_import import check_course_po
from .models import AbstractCoursePage, CourseJob


def publish_field():
    """The choice to publish what a job translates, or to keep it as drafts."""
    return forms.BooleanField(
        label=gettext_lazy("Publish the translated pages"),
        required=False,
        help_text=gettext_lazy(
            "Translated pages are published where the course's own page is live. "
            "Leave this unticked to save them as drafts for someone to check first."
        ),
    )


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
    publish = publish_field()

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


class ImportPOForm(forms.Form):
    """A course PO file that came back from a translator, checked before it is queued."""

    po_file = forms.FileField(
        label=gettext_lazy("PO file"),
        help_text=gettext_lazy(
            "A PO file exported from this course and translated. Its language is read from "
            "the file. Fuzzy strings are left for review; text that is not safe is refused."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".po,text/x-gettext-translation"}),
    )
    publish = publish_field()

    def __init__(self, *args, course, can_publish, **kwargs):
        super().__init__(*args, **kwargs)
        self.course = course
        self.locale, self.text = None, ""
        if not can_publish:
            del self.fields["publish"]

    def clean_po_file(self):
        upload = self.cleaned_data["po_file"]
        name = upload.name
        if not name.lower().endswith(".po"):
            raise forms.ValidationError(
                _("%(name)s: choose a PO file, whose name ends in .po") % {"name": name}
            )
        limit = max_package_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _(
                    "%(name)s: the file is %(size)s, larger than the %(limit)s a PO file may "
                    "be (%(setting)s)"
                )
                % {
                    "name": name,
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(limit),
                    "setting": SIZE_SETTING,
                }
            )
        data = upload.read(limit + 1)
        try:
            po = parse_po(data, source=name)
            _course, self.locale = check_course_po(po, course=self.course, source=name)
        except CourseTranslationError as exc:
            raise forms.ValidationError(str(exc)) from exc
        self.text = data.decode("utf-8-sig")
        return upload


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
        if active_job(self.course) is not None:
            return self.refuse_second_job()
        if request.POST.get("action") == "import":
            return self.post_import()
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

    def post_import(self):
        # Checked before the file is read, then for its language once that is known,
        # so that nothing is written for a refused request.
        publish = bool(self.request.POST.get("publish"))
        if publish and not self.publishable_locales():
            return self.forbid_publishing(_("any language"))
        form = ImportPOForm(
            self.request.POST,
            self.request.FILES,
            course=self.course,
            can_publish=bool(self.publishable_locales()),
        )
        if not form.is_valid():
            # The translation form is shown as it was, not bound to the upload's data.
            translate_form = TranslateCourseForm(
                course=self.course, can_publish=bool(self.publishable_locales())
            )
            return self.render_to_response(
                self.get_context_data(form=translate_form, import_form=form)
            )
        if publish and form.locale.pk not in self.publishable_locales():
            return self.forbid_publishing(form.locale.get_display_name())
        return self.start(
            CourseJob.Kind.PO_IMPORT,
            language_codes=[form.locale.language_code],
            publish=publish,
            po_name=form.cleaned_data["po_file"].name,
            po_content=form.text,
        )

    def forbid_publishing(self, language):
        return self.forbidden(
            _(
                "You may not publish this course's translation into %(language)s. Leave "
                "“Publish the translated pages” unticked to save the imported pages as drafts."
            )
            % {"language": language}
        )

    def refuse_second_job(self):
        messages.error(
            self.request,
            _(
                "A job for this course is already queued or running. Wait until it has "
                "finished, then start another."
            ),
        )
        return redirect(self.request.path)

    def start(self, kind, **options):
        """Start a job; show its result if it is already done, or this screen if not."""
        try:
            job = start_job(self.course, kind, self.request.user, **options)
        except JobAlreadyRunning:
            return self.refuse_second_job()
        if job.status == CourseJob.Status.DONE:
            for level, text in job.results:
                (messages.warning if level == WARNING else messages.success)(self.request, text)
            return redirect(reverse("wagtailadmin_explore", args=[self.course.pk]))
        if job.status == CourseJob.Status.FAILED:
            messages.error(self.request, job.error)
        else:
            messages.info(
                self.request,
                _("The job is queued. This screen shows its progress, and its result when done."),
            )
        return redirect(self.request.path)

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
        context["active_job"] = job = active_job(self.course)
        context["last_job"] = job or latest_job(self.course)
        context["auto_refresh"] = self.request.GET.get("refresh") != "off"
        if "import_form" not in context:
            context["import_form"] = ImportPOForm(
                course=self.course, can_publish=bool(self.publishable_locales())
            )
        return context

    def form_valid(self, form):
        machine = form.cleaned_data.get("machine", False)
        return self.start(
            CourseJob.Kind.MACHINE if machine else CourseJob.Kind.TRANSLATE,
            language_codes=[locale.language_code for locale in form.cleaned_data["locales"]],
            publish=form.cleaned_data.get("publish", False),
        )

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
