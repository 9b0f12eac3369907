"""Which content fields exist in both languages (django-modeltranslation adds _en and _zh_hant)."""

from modeltranslation.translator import TranslationOptions, register

from guideline_content import models


@register(models.GuidelineVersion)
class GuidelineVersionTranslation(TranslationOptions):
    fields = (
        "title",
        "publisher",
        "summary",
        "legal_nature",
        "tier_strategy_heading",
        "triage_method_note",
        "default_tier_reason",
        "revision_notes",
    )


@register(models.Role)
class RoleTranslation(TranslationOptions):
    fields = ("name", "definition", "focus")


@register([models.Dimension, models.Principle])
class NamedSummaryTranslation(TranslationOptions):
    fields = ("name", "summary")


@register(models.RiskTier)
class RiskTierTranslation(TranslationOptions):
    fields = ("name", "definition", "examples", "measures")


@register(models.Risk)
class RiskTranslation(TranslationOptions):
    fields = ("name", "description")


@register([models.Reference, models.Topic])
class TitleTranslation(TranslationOptions):
    fields = ("title",)


@register(models.Obligation)
class ObligationTranslation(TranslationOptions):
    fields = ("statement", "rationale", "unscored_reason")


@register(models.AnswerScheme)
class AnswerSchemeTranslation(TranslationOptions):
    fields = ("name",)


@register(models.Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "help", "evidence_examples")


@register(models.AnswerOption)
class AnswerOptionTranslation(TranslationOptions):
    fields = ("label", "description")


@register(models.TriageQuestion)
class TriageQuestionTranslation(TranslationOptions):
    fields = ("text", "help")


@register(models.TriageOption)
class TriageOptionTranslation(TranslationOptions):
    fields = ("label",)


@register(models.TierRule)
class TierRuleTranslation(TranslationOptions):
    fields = ("reason",)
