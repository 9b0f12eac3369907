"""The admin site: the portal's name, and everything about people's accounts in one "Accounts" section."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

# Users, their e-mail addresses (allauth), second factors (allauth MFA) and groups: one place for staff.
ACCOUNT_APPS = ("accounts", "account", "mfa", "auth")


class PortalAdminSite(admin.AdminSite):
    site_header = _("GenAI Guideline Portal administration")
    site_title = _("GenAI Guideline Portal")
    index_title = _("Administration")

    def login(self, request, extra_context=None):
        """Staff log in through allauth like everyone else, so that its second factor and rate limits
        apply: the admin's own password form would skip both. It only ever redirects there."""
        return secure_admin_login(super().login)(request, extra_context)

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        accounts = [app for app in apps if app["app_label"] in ACCOUNT_APPS]
        if len(accounts) < 2:
            return apps
        merged = {
            **next((a for a in accounts if a["app_label"] == "accounts"), accounts[0]),
            "name": _("Accounts"),
            "models": sorted((m for a in accounts for m in a["models"]), key=lambda m: str(m["name"])),
        }
        others = [app for app in apps if app["app_label"] not in ACCOUNT_APPS]
        return sorted([merged, *others], key=lambda app: str(app["name"]).lower())


class PlainListTitle:
    """A list titled by what it lists ("Questions"), not "Select question to change": on read-only content
    that would promise an edit the admin then refuses."""

    def changelist_view(self, request, extra_context=None):
        title = capfirst(self.model._meta.verbose_name_plural)
        return super().changelist_view(request, {"title": title, **(extra_context or {})})
