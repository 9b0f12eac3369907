"""Admin for the portal's staff: organisations and their AI systems can be corrected here; assessments,
results, reports and their audit trail are shown read-only, because they change only through the
services that keep their rules (state moves, audit events, immutable numbered reports)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from assessments import models as m
from portal.admin import PlainListTitle

# What an assessment's name is made of, fetched with the rows that show it.
ASSESSMENT_NAME = ("assessment__system", "assessment__role", "assessment__guideline_version")


class ShownNotChanged(PlainListTitle, admin.ModelAdmin):
    """Read-only: visible to staff, never added, changed or deleted from the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(admin.TabularInline):
    model = m.Membership
    fields = ("user", "role", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("members (managed by the organisation's owners in the portal)")

    def has_add_permission(self, request, obj=None):
        return False  # an organisation must keep an owner: roles change in the portal


class SystemInline(admin.TabularInline):
    model = m.AISystem
    fields = ("name", "sector", "deployment_status")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(m.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "sector", "size", "contact_email", "created_at")
    list_filter = ("sector", "size")
    search_fields = ("name", "business_registration_number", "contact_email")
    inlines = (MembershipInline, SystemInline)

    def has_add_permission(self, request):
        return False  # created in the portal, which makes its creator the first owner

    def has_delete_permission(self, request, obj=None):
        return False  # its assessments and reports are records that must stay


@admin.register(m.AISystem)
class AISystemAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "sector", "deployment_status", "updated_at")
    list_filter = ("sector", "deployment_status")
    list_select_related = ("organisation",)
    search_fields = ("name", "organisation__name")
    readonly_fields = ("organisation",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(m.Invitation)
class InvitationAdmin(ShownNotChanged):
    list_display = ("email", "organisation", "role", "invited_by", "expires_at", "accepted_at")
    list_select_related = ("organisation", "invited_by")
    search_fields = ("email", "organisation__name")
    exclude = ("token",)  # a secret: whoever holds it can join the organisation


@admin.register(m.Assessment)
class AssessmentAdmin(ShownNotChanged):
    list_display = ("__str__", "organisation", "system", "role", "guideline_version", "status", "tier")
    list_filter = ("status", "role__code", "guideline_version")
    list_select_related = ("organisation", "system", "role", "guideline_version", "tier")
    search_fields = ("system__name", "organisation__name")


@admin.register(m.AssessmentResult)
class AssessmentResultAdmin(ShownNotChanged):
    list_display = ("assessment", "revision", "method_version", "overall", "rating", "created_at")
    list_filter = ("rating", "method_version")
    list_select_related = ASSESSMENT_NAME
    exclude = ("charts",)


@admin.register(m.Report)
class ReportAdmin(ShownNotChanged):
    list_display = ("number", "assessment", "language", "status", "page_count", "requested_at")
    list_filter = ("status", "language")
    list_select_related = ASSESSMENT_NAME
    search_fields = ("number", "sha256")
    exclude = ("file", "package")  # private files: downloads go through the portal's permission check


@admin.register(m.AuditEvent)
class AuditEventAdmin(ShownNotChanged):
    list_display = ("at", "assessment", "action", "actor")
    list_filter = ("action",)
    list_select_related = (*ASSESSMENT_NAME, "actor")
