"""Settings for the read-only management commands, which manage.py selects for them alone.

`diff_guideline` reads the guideline's data files and prints; it touches no database, signs nothing
and sends nothing, so it must not need the production secrets (SECRET_KEY, DATABASE_URL...) that
portal/settings.py rightly refuses to start without when DEBUG is off. These settings hold none of
them: no database is configured (a query would fail loudly) and SECRET_KEY is unset (Django raises
if anything tried to sign with it). Only what the command uses is here: the app that defines it and
the two languages with their translations.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

# Management commands run by manage.py with these settings instead of portal.settings.
READ_ONLY_COMMANDS = frozenset({"diff_guideline"})

DEBUG = False
INSTALLED_APPS = ["modeltranslation", "guideline_content"]
DATABASES: dict = {}
USE_I18N = True
USE_TZ = True
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hant", _("Traditional Chinese"))]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
LOCALE_PATHS = [BASE_DIR / "locale"]
