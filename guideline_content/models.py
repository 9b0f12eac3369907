"""The guideline as versioned content. Every row belongs to one GuidelineVersion and has a stable
`code` unique within it; assessments point at a version and its rows, never at "the latest".

Texts marked translatable in `translation.py` exist in English and Traditional Chinese
(django-modeltranslation adds the `_en` / `_zh_hant` columns).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from guideline_content import sectors
from guideline_content.crosswalks import CrosswalkRef, refs_of


def version_label(label: str, revision: int) -> str:
    """An edition's label with the questionnaire revision, e.g. "Guideline 1.1 · questionnaire revision 2"."""
    return _("Guideline %(label)s · questionnaire revision %(revision)s") % {
        "label": label,
        "revision": revision,
    }


class GuidelineVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=GuidelineVersion.Status.PUBLISHED)

    def current(self) -> "GuidelineVersion | None":
        """The newest published questionnaire revision of the newest edition: the default for new
        assessments and the public browser."""
        return self.published().order_by("-published_on", "-revision", "-pk").first()

    def newer_than(self, version: "GuidelineVersion") -> "GuidelineVersion | None":
        """What an assessment pinned to `version` could be copied onto: the newest published revision
        of its edition if there is a newer one, else the current version if it is newer."""
        newer = list(
            self.published()
            .filter(
                models.Q(edition=version.edition, revision__gt=version.revision)
                | models.Q(published_on__gt=version.published_on)
            )
            .order_by("-published_on", "-revision", "-pk")
        )
        same_edition = [v for v in newer if v.edition == version.edition]
        return (same_edition or newer or [None])[0]

    def newest_revisions(self) -> list["GuidelineVersion"]:
        """The newest published revision of each edition, newest edition first (one query)."""
        newest: dict[str, GuidelineVersion] = {}
        for version in self.published().order_by("-published_on", "-revision", "-pk"):
            newest.setdefault(version.edition, version)
        return list(newest.values())


class GuidelineVersion(models.Model):
    """One questionnaire revision of one guideline edition.

    The edition (its label, title, date, framework) is the DPO's and never changes; the questions,
    options, weights, mappings and triage are the portal's, numbered as revisions of that edition.
    Revision 1 is the edition's own data directory (its code is the edition's code); revision N >= 2
    lives in `<edition>-r<N>/` and inherits the edition's version.yaml and framework.yaml.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    label = models.CharField(_("version"), max_length=20)
    edition = models.SlugField(_("edition"), max_length=60)  # the code of the edition's revision 1
    revision = models.PositiveSmallIntegerField(_("questionnaire revision"), default=1)
    revision_published_on = models.DateField(_("revision published on"), null=True, blank=True)
    revision_notes = models.TextField(_("what changed and why"), blank=True)
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200)
    summary = models.TextField(_("summary"))
    legal_nature = models.TextField(_("legal nature"))
    tier_strategy_heading = models.CharField(_("tier measures heading"), max_length=100)
    published_on = models.DateField(_("published on"))
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    triage_method_note = models.TextField(_("triage method"))
    default_tier = models.ForeignKey(
        "RiskTier", verbose_name=_("default tier"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    default_tier_reason = models.TextField(_("default tier reason"))
    # SHA-256 of the validated content: reloading identical content is a no-op, changed content is not.
    content_digest = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    objects = GuidelineVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-revision"]
        verbose_name = _("guideline version")
        constraints = [
            models.UniqueConstraint(fields=["edition", "revision"], name="one_row_per_edition_revision"),
            models.CheckConstraint(condition=models.Q(revision__gte=1), name="revision_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.label} r{self.revision})"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def display_label(self) -> str:
        """The edition and questionnaire revision, e.g. "Guideline 1.1 · questionnaire revision 2"."""
        return version_label(self.label, self.revision)

    @property
    def order_key(self) -> tuple:
        """Sorts versions from oldest to newest: by edition date, then by revision."""
        return (self.published_on, self.revision)

    def is_newer_than(self, other: "GuidelineVersion") -> bool:
        return self.order_key > other.order_key


class VersionedItem(models.Model):
    """A row of one version's content, ordered as in the data files."""

    version = models.ForeignKey(GuidelineVersion, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("code"), max_length=60)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="%(app_label)s_%(class)s_unique_code"),
        ]

    def __str__(self) -> str:
        return self.code


class Role(VersionedItem):
    name = models.CharField(_("name"), max_length=100)
    definition = models.TextField(_("definition"))
    focus = models.TextField(_("focus"))
    section = models.CharField(_("section"), max_length=30)

    class Meta(VersionedItem.Meta):
        verbose_name = _("stakeholder role")


class SummarisedItem(VersionedItem):
    """A named part of the guideline's framework with a short summary and its section."""

    name = models.CharField(_("name"), max_length=100)
    summary = models.TextField(_("summary"))
    section = models.CharField(_("section"), max_length=30)

    class Meta(VersionedItem.Meta):
        abstract = True


class Dimension(SummarisedItem):
    class Meta(SummarisedItem.Meta):
        verbose_name = _("governance dimension")


class Principle(SummarisedItem):
    class Meta(SummarisedItem.Meta):
        verbose_name = _("governance principle")


class RiskTier(VersionedItem):
    rank = models.PositiveSmallIntegerField(_("rank"))  # higher is more severe
    name = models.CharField(_("name"), max_length=100)
    definition = models.TextField(_("definition"))
    examples = models.TextField(_("examples"))
    measures = models.TextField(_("measures"))  # one measure per line
    section = models.CharField(_("section"), max_length=30)

    class Meta(VersionedItem.Meta):
        ordering = ["-rank"]
        verbose_name = _("risk tier")

    @property
    def measure_list(self) -> list[str]:
        return [line for line in self.measures.splitlines() if line.strip()]


class Risk(VersionedItem):
    class Category(models.TextChoices):
        MODEL_LIMITATION = "model_limitation", _("Technical limitation of the model")
        SERVICE = "service", _("Service risk")
        ILLICIT_USE = "illicit_use", _("Illicit use")
        LIFECYCLE = "lifecycle", _("Lifecycle risk")
        GOVERNANCE = "governance", _("Governance risk")

    category = models.CharField(_("category"), max_length=30, choices=Category)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"))
    section = models.CharField(_("section"), max_length=30)

    class Meta(VersionedItem.Meta):
        verbose_name = _("risk")


class Reference(VersionedItem):
    title = models.CharField(_("title"), max_length=300)

    class Meta(VersionedItem.Meta):
        verbose_name = _("reference")


class Topic(VersionedItem):
    """One of the guideline's headings for a role (e.g. §3.1 'Establish a Data Team')."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(_("title"), max_length=200)
    section = models.CharField(_("section"), max_length=30)

    class Meta(VersionedItem.Meta):
        verbose_name = _("topic")


class Obligation(VersionedItem):
    class Criticality(models.TextChoices):
        ESSENTIAL = "essential", _("Essential")
        IMPORTANT = "important", _("Important")
        RECOMMENDED = "recommended", _("Recommended")

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="obligations")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="obligations")
    statement = models.TextField(_("statement"))
    rationale = models.TextField(_("why it matters"))
    section = models.CharField(_("guideline section"), max_length=30)
    criticality = models.CharField(_("criticality"), max_length=20, choices=Criticality)
    tiers = models.ManyToManyField(RiskTier, related_name="obligations", verbose_name=_("risk tiers"))
    # The guideline maps none of these: they are the portal's own reading.
    dimensions = models.ManyToManyField(Dimension, related_name="obligations", verbose_name=_("dimensions"))
    principles = models.ManyToManyField(Principle, related_name="obligations", verbose_name=_("principles"))
    risks = models.ManyToManyField(Risk, related_name="obligations", blank=True, verbose_name=_("risks"))
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    # [{"framework": slug, "ref": "...", "note": {"en": ..., "zh_hant": ...}?}]: the portal's own
    # mapping to other frameworks (guideline_content.crosswalks names them), never the DPO's.
    crosswalks = models.JSONField(_("crosswalks"), default=list, blank=True)
    unscored_reason = models.TextField(_("why it is not scored"), blank=True)

    class Meta(VersionedItem.Meta):
        verbose_name = _("obligation")

    @property
    def crosswalk_refs(self) -> list[CrosswalkRef]:
        return refs_of(self.crosswalks)


class AnswerScheme(VersionedItem):
    class Kind(models.TextChoices):
        YES_PARTLY_NO = "yes_partly_no", _("Yes / partly / no")
        MATURITY = "maturity", _("Maturity 0–4")
        CHOICE = "choice", _("Multiple choice")
        TEXT = "text", _("Free text")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    name = models.CharField(_("name"), max_length=100)

    class Meta(VersionedItem.Meta):
        verbose_name = _("answer scheme")


class Question(VersionedItem):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="questions")
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="questions")
    obligations = models.ManyToManyField(Obligation, related_name="questions", verbose_name=_("obligations"))
    text = models.TextField(_("question"))
    help = models.TextField(_("what good looks like"))
    evidence_examples = models.TextField(_("examples of evidence"), blank=True)  # one per line
    scheme = models.ForeignKey(AnswerScheme, on_delete=models.CASCADE, related_name="questions")
    weight = models.DecimalField(_("weight"), max_digits=4, decimal_places=2)
    allow_na = models.BooleanField(_("'not applicable' allowed"), default=False)
    applies_when = models.JSONField(_("applies when"), null=True, blank=True)

    class Meta(VersionedItem.Meta):
        verbose_name = _("question")

    @property
    def evidence_example_list(self) -> list[str]:
        return [line for line in self.evidence_examples.splitlines() if line.strip()]


class AnswerOption(models.Model):
    """An option of a fixed scheme (yes/partly/no, maturity) or of one choice question."""

    scheme = models.ForeignKey(AnswerScheme, on_delete=models.CASCADE, null=True, related_name="options")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, null=True, related_name="options")
    code = models.CharField(_("code"), max_length=60)
    label = models.CharField(_("label"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=4, null=True, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scheme__isnull=True) ^ models.Q(question__isnull=True),
                name="answer_option_has_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class TriageQuestion(VersionedItem):
    class Kind(models.TextChoices):
        BOOLEAN = "boolean", _("Yes / no")
        CHOICE = "choice", _("One choice")
        MULTI_CHOICE = "multi_choice", _("Several choices")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    text = models.TextField(_("question"))
    help = models.TextField(_("help"))

    class Meta(VersionedItem.Meta):
        verbose_name = _("triage question")

    @property
    def choices(self) -> list:
        """The options to offer: the portal's one sector list for the sector question, else its own."""
        if self.code == sectors.SECTOR_FACT and self.kind == self.Kind.CHOICE:
            return sectors.sector_options()
        return list(self.options.all())


class TriageOption(models.Model):
    question = models.ForeignKey(TriageQuestion, on_delete=models.CASCADE, related_name="options")
    code = models.CharField(_("code"), max_length=60)
    label = models.CharField(_("label"), max_length=200)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.code


class TierRule(VersionedItem):
    tier = models.ForeignKey(RiskTier, on_delete=models.CASCADE, related_name="rules")
    when = models.JSONField(_("condition"))
    reason = models.TextField(_("reason"))

    class Meta(VersionedItem.Meta):
        verbose_name = _("tier rule")
