"""Querying the page tree through the base page model, as Wagtail's own routing does."""

from wagtail.models import Page

__all__ = ["base_page_model", "base_pages"]


def base_page_model(page):
    """The topmost concrete page model of ``page`` (a page or a page type).

    Wagtail 8 routes and queries through ``Page.base_page_model``; Wagtail 7 has only
    ``Page`` itself.
    """
    cls = page if isinstance(page, type) else type(page)
    return getattr(cls, "base_page_model", Page)


def base_pages(page):
    """Every page of the tree ``page`` belongs to, as a queryset of its base page model."""
    return base_page_model(page).objects.all()
