"""System checks for the package's settings (``manage.py check``)."""

from django.core.checks import Error, Tags, register

from .page_types import SETTING, check_setting


@register(Tags.models)
def check_page_models(app_configs, **kwargs):
    return [
        Error(message, hint=f"See {SETTING} in the README.", id="wagtail_peersupport.E001")
        for message in check_setting()
    ]
