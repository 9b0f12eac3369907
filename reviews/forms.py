"""Input of the review pages: the queue's filters and the reviewer's and organisation's writing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from assessments.models import SECTOR_CHOICES, Assessment
from assessments.workflow import SENT_TO_DPO
from guideline_content.models import GuidelineVersion, RiskTier, Role

SORTS = [
    ("waiting", _("Waiting longest first")),
    ("recent", _("Sent most recently first")),
    ("organisation", _("Organisation")),
    ("score_low", _("Lowest score first")),
    ("score_high", _("Highest score first")),
]
UNDECIDED = "undecided"


def _blank(label):
    return [("", label)]


class PopulationFilterForm(forms.Form):
    """Which assessments sent to the DPO a page covers: the dashboard's filters, and part of the queue's."""

    tier = forms.ChoiceField(label=_("Risk tier"), required=False)
    role = forms.ChoiceField(label=_("Assessed as"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=_blank(_("Any")) + SECTOR_CHOICES)
    version = forms.ChoiceField(label=_("Guideline version"), required=False)
    sent_from = forms.DateField(
        label=_("Sent on or after"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sent_to = forms.DateField(
        label=_("Sent on or before"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Codes are shared across guideline versions: one choice per code, in the reader's language.
        tiers = dict(RiskTier.objects.order_by("-version__published_on", "rank").values_list("code", "name"))
        self.fields["tier"].choices = _blank(_("Any")) + list(tiers.items())
        roles = dict(Role.objects.order_by("-version__published_on", "order").values_list("code", "name"))
        self.fields["role"].choices = _blank(_("Any")) + list(roles.items())
        versions = GuidelineVersion.objects.published().values_list("code", "label")
        self.fields["version"].choices = _blank(_("Any")) + [
            (c, _("v%(label)s") % {"label": lb}) for c, lb in versions
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("sent_from"), cleaned.get("sent_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The period ends before it starts: swap the two dates."))
        return cleaned

    def labels(self, name: str) -> dict[str, str]:
        """Code -> label of a choice field, for naming the figures."""
        return {code: str(label) for code, label in self.fields[name].choices if code}


class QueueFilterForm(PopulationFilterForm):
    status = forms.ChoiceField(label=_("Status"), required=False)
    reviewer = forms.ChoiceField(label=_("Reviewer"), required=False)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    waiting_days = forms.IntegerField(
        label=_("Waiting longer than (days)"), required=False, min_value=0, max_value=3650
    )
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=SORTS)
    field_order = ["status", "tier", "role", "sector", "version", "sent_from", "sent_to", "reviewer"]

    def __init__(self, *args, staff: list[User], **kwargs):
        super().__init__(*args, **kwargs)
        statuses = [(s, label) for s, label in Assessment.Status.choices if s in SENT_TO_DPO]
        self.fields["status"].choices = [(UNDECIDED, _("Not yet decided")), ("", _("Any"))] + statuses
        self.fields["reviewer"].choices = (
            _blank(_("Anyone")) + [("none", _("Nobody yet"))] + [(str(u.pk), u.email) for u in staff]
        )

    def clean_status(self):
        # No status in the query means the default view of the queue: what is still to be decided.
        return self.cleaned_data["status"] if "status" in self.data else UNDECIDED


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 3}))
    question = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Your reply"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (the organisation reads it; it is printed in the report)"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Assign to"), queryset=User.objects.none(), empty_label=None)

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = staff
