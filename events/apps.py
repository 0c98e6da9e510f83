from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from django.conf import settings

        from lib import untrusted

        # The report size limit is a setting; lib/ reads it through this hook (it imports no Django).
        untrusted.set_report_limit(lambda: settings.REPORT_MAX_BYTES)
