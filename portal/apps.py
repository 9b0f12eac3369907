from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    default_site = "portal.admin.PortalAdminSite"

    def ready(self):
        super().ready()
        from portal import checks  # noqa: F401 - registers the portal's deployment checks
