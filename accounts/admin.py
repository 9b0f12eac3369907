from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.sessions import privileges_changed


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Portal"), {"fields": ("kind",)}))
    list_display = ("username", "email", "kind", "is_staff")
    list_filter = ("kind", *BaseUserAdmin.list_filter)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A change to the kind or the admin flags ends the account's sessions (accounts/sessions.py);
        # an administrator editing their own account keeps this one, under a new key.
        privileges_changed(request, obj)
