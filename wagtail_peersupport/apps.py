from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailPeerSupportAppConfig(AppConfig):
    name = "wagtail_peersupport"
    label = "wagtail_peersupport"
    verbose_name = _("Peer support training")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Both need the site's models, which are ready only now.
        from . import checks  # noqa: F401  (registers the system checks)
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
