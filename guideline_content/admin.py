"""Admin: draft versions are editable; published ones are read-only (a change means a new version)."""

from django.contrib import admin
from django.db import models
from modeltranslation.admin import TranslationAdmin

from guideline_content import models as m
from portal.admin import PlainListTitle


def _is_published(obj) -> bool:
    if obj is None:
        return False
    version = obj if isinstance(obj, m.GuidelineVersion) else obj.version
    return version.is_published


def _any_draft(request) -> bool:
    if not hasattr(request, "_guideline_has_draft"):  # asked once per model on the index: one query
        request._guideline_has_draft = m.GuidelineVersion.objects.exclude(
            status=m.GuidelineVersion.Status.PUBLISHED
        ).exists()
    return request._guideline_has_draft


class FrozenWhenPublished(PlainListTitle):
    """Read-only for content of published versions; content is added by `load_guideline`, not here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is None:  # the index and list pages: "Change" only while some version is a draft
            return super().has_change_permission(request) and _any_draft(request)
        return super().has_change_permission(request, obj) and not _is_published(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _is_published(obj)


@admin.register(m.GuidelineVersion)
class GuidelineVersionAdmin(FrozenWhenPublished, TranslationAdmin):
    list_display = (
        "code",
        "label",
        "revision",
        "published_on",
        "revision_published_on",
        "status",
        "loaded_at",
    )
    # the edition and revision number come from the data directory, like the code
    readonly_fields = ("code", "edition", "revision", "status", "content_digest", "loaded_at", "default_tier")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class VersionContentAdmin(FrozenWhenPublished, TranslationAdmin):
    list_filter = ("version",)
    search_fields = ("code",)
    readonly_fields = ("version", "code")


@admin.register(m.Obligation)
class ObligationAdmin(VersionContentAdmin):
    list_display = ("code", "role", "criticality", "section", "version")
    list_filter = ("version", "role__code", "criticality")
    list_select_related = ("role", "version")
    filter_horizontal = ("tiers", "dimensions", "principles", "risks")


@admin.register(m.Question)
class QuestionAdmin(VersionContentAdmin):
    list_display = ("code", "role", "dimension", "scheme", "weight", "version")
    list_filter = ("version", "role__code", "dimension__code")
    list_select_related = ("role", "dimension", "scheme", "version")
    filter_horizontal = ("obligations",)


for model in (
    m.Role,
    m.Dimension,
    m.Principle,
    m.RiskTier,
    m.Risk,
    m.Topic,
    m.TriageQuestion,
    m.TierRule,
    m.AnswerScheme,
    m.Reference,
):
    admin.site.register(
        model,
        type(
            f"{model.__name__}Admin",
            (VersionContentAdmin,),
            {"list_display": ("code", "version"), "list_select_related": ("version",)},
        ),
    )
