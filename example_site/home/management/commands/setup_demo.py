"""Prepare the example site for a first look: home page, the course, an admin login."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page, Site

from home.models import HomePage
from wagtail_peersupport.coursepackage import load_course, read_package, shipped_course_path

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "changeme"  # noqa: S105 - a local demo login, printed for the user


class Command(BaseCommand):
    help = "Set up the example site: its home page, the shipped course and an admin user."

    @transaction.atomic
    def handle(self, *args, **options):
        home = self.ensure_home_page()
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
