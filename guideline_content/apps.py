from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidelineContentConfig(AppConfig):
    name = "guideline_content"
    verbose_name = _("Guideline content")
