"""A complete, translatable peer support training course for Wagtail sites."""

__version__ = "0.1.0"
