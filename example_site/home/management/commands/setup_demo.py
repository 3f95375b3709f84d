"""Prepare the example site for a first look: home page, a course, an admin login."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page, Site

from home.models import HomePage
from wagtail_peersupport.models import CoursePage
from wagtail_peersupport.sample import make_course

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "changeme"  # noqa: S105 - a local demo login, printed for the user


class Command(BaseCommand):
    help = "Set up the example site: its home page, a demo course and an admin user."

    @transaction.atomic
    def handle(self, *args, **options):
        home = self.ensure_home_page()
        if not CoursePage.objects.descendant_of(home).exists():
            course = make_course(
                home, title="Peer Support Training", sessions=3, lessons_per_session=2
            )
            self.stdout.write(f"Created the course {course.title!r} at {course.url}")
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
