"""Prepare the example site for a first look: home page, the course, an admin login."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Locale, Page, Site

from home.models import HomePage
from wagtail_peersupport.coursepackage import load_course, read_package, shipped_course_path
from wagtail_peersupport.models import SupportContact

# Real UK services; each entry says when its details were last checked.
UK_SUPPORT_CONTACTS = [
    {
        "name": "Samaritans",
        "audience": "Anyone who is struggling to cope, about anything",
        "phone": "116 123",
        "website": "https://www.samaritans.org/",
        "opening_hours": "24 hours a day, every day. Free to call.",
    },
    {
        "name": "Shout",
        "audience": "Anyone in the UK who prefers to text",
        "text_number": "85258",
        "text_message": "SHOUT",
        "website": "https://giveusashout.org/",
        "opening_hours": "24 hours a day, every day. Free to text.",
    },
    {
        "name": "NHS 111",
        "audience": "Urgent mental health help from the NHS, for you or someone you care for",
        "phone": "111",
        "phone_note": "then choose option 2 for mental health",
        "website": "https://111.nhs.uk/",
        "opening_hours": "24 hours a day, every day.",
    },
]
CONTACTS_CHECKED = datetime.date(2026, 11, 23)

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "changeme"  # noqa: S105 - a local demo login, printed for the user


class Command(BaseCommand):
    help = "Set up the example site: its home page, the shipped course and an admin user."

    @transaction.atomic
    def handle(self, *args, **options):
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
            Locale.objects.get_or_create(language_code=code)
        home = self.ensure_home_page()
        self.ensure_support_contacts()
        # Loading is idempotent: a second run leaves the course (and any edits) as it is.
        report = load_course(read_package(shipped_course_path()), home, publish=True)
        self.stdout.write(report.summary())
        User = get_user_model()
        if not User.objects.filter(username=ADMIN_USERNAME).exists():
            User.objects.create_superuser(ADMIN_USERNAME, "admin@example.org", ADMIN_PASSWORD)
        self.stdout.write(
            self.style.SUCCESS(
                "Example site ready: http://127.0.0.1:8000/ - admin at "
                f"http://127.0.0.1:8000/admin/ (user {ADMIN_USERNAME!r}, "
                f"password {ADMIN_PASSWORD!r})"
            )
        )

    def ensure_support_contacts(self):
        english = Locale.objects.get(language_code="en")
        for order, details in enumerate(UK_SUPPORT_CONTACTS, 1):
            SupportContact.objects.get_or_create(
                locale=english,
                name=details["name"],
                defaults={**details, "last_checked": CONTACTS_CHECKED, "sort_order": order},
            )

    def ensure_home_page(self):
        site = Site.objects.get(is_default_site=True)
        root = site.root_page.specific
        if isinstance(root, HomePage):
            return root
        # Replace the placeholder page that a new Wagtail database starts with.
        placeholder = root
        placeholder.slug = "welcome-placeholder"
        placeholder.save(update_fields=["slug"])
        home = Page.get_first_root_node().add_child(
            instance=HomePage(
                title="Example Mental Health Charity",
                slug="home",
                introduction="Free peer support training for people with lived experience.",
            )
        )
        site.root_page = home
        site.save()
        placeholder.delete()
        return home
