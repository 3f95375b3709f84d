from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailPeerSupportAppConfig(AppConfig):
    name = "wagtail_peersupport"
    label = "wagtail_peersupport"
    verbose_name = _("Peer support training")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The handlers need the site's models, which are ready only now.
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
