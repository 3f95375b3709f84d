from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailPeerSupportAppConfig(AppConfig):
    name = "wagtail_peersupport"
    label = "wagtail_peersupport"
    verbose_name = _("Peer support training")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
