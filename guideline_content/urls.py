from django.urls import path

from guideline_content import views

app_name = "guideline"
urlpatterns = [
    path("", views.overview, name="index"),
    path("changes/", views.changes, name="changes"),
    path("<slug:code>/", views.overview, name="version"),
    path("<slug:code>/obligations/", views.obligations, name="obligations"),
    path("<slug:code>/triage/", views.triage, name="triage"),
]
