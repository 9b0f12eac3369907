from django.contrib import admin
from django.urls import include, path

from accounts.views import choose_language
from portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/setlang/", choose_language, name="set_language"),
    path("guideline/", include("guideline_content.urls")),
    path("accounts/", include("allauth.urls")),
    path("accounts/api-tokens/", include("api.token_urls")),
    path("api/v1/", include("api.urls")),
    path("", include("assessments.urls")),
    path("", include("reviews.urls")),
    path("", include("audits.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "portal.views.server_error"
