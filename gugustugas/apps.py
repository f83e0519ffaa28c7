from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GugusTugasConfig(AppConfig):
    name = "gugustugas"
    verbose_name = _("Task forces")
