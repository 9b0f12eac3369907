from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment


class DateInput(forms.DateInput):
    input_type = "date"


class DpoGrantForm(forms.Form):
    """A DPO administrator gives an auditor access to the one assessment on screen."""

    email = forms.EmailField(label=_("Auditor's e-mail"), max_length=254)
    until = forms.DateField(
        label=_("Last day of access (optional)"),
        required=False,
        widget=DateInput,
        help_text=_("Leave empty for access until it is revoked."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_grant_%s")  # the organisation page has another e-mail field
        super().__init__(*args, **kwargs)

    def clean_until(self):
        until = self.cleaned_data.get("until")
        if until is not None and until < timezone.localdate():
            raise forms.ValidationError(_("The last day of access cannot be in the past."))
        return until


class GrantForm(DpoGrantForm):
    """An owner gives an auditor access to one submitted assessment, or to all of them."""

    assessment = forms.ModelChoiceField(
        queryset=Assessment.objects.none(),
        required=False,
        label=_("Access to"),
        empty_label=_("All submitted assessments of the organisation, now and later"),
    )
    field_order = ["email", "assessment", "until"]

    def __init__(self, *args, assessments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessment"].queryset = assessments
        self.fields["assessment"].label_from_instance = lambda a: (
            f"{a.system.name} — {a.role.name} ({a.guideline_version.label}, {a.get_status_display()})"
        )
