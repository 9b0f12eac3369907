"""Input for organisations, their members and the AI systems register."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import AISystem, Membership, Organisation

BRN_PATTERN = re.compile(r"[0-9]{8}")  # not \d: that also matches full-width and other digits


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "business_registration_number",
            "sector",
            "size",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        labels = {
            "name": _("Organisation name"),
            "business_registration_number": _("Business Registration number"),
            "sector": _("Sector"),
            "size": _("Size"),
            "contact_name": _("Contact person"),
            "contact_email": _("Contact e-mail"),
            "contact_phone": _("Contact phone"),
        }
        help_texts = {
            "business_registration_number": _(
                "Optional. The 8-digit Hong Kong Business Registration number."
            ),
            "contact_email": _("Where we write about this organisation's assessments."),
            "contact_phone": _("Optional."),
        }

    def clean_name(self) -> str:
        # One line: the name goes into e-mail subjects, where a line break is refused.
        return " ".join(self.cleaned_data["name"].split())

    def clean_business_registration_number(self) -> str:
        value = self.cleaned_data["business_registration_number"].strip()
        if value and not BRN_PATTERN.fullmatch(value):
            raise forms.ValidationError(
                _("Enter the 8 digits of the Business Registration number, without spaces or letters."),
                code="invalid_brn",
            )
        return value


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), help_text=_("We send the invitation link there."))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        initial=Membership.Role.EDITOR,
        help_text=_("Owners manage members; editors register systems and answer assessments; viewers read."),
    )


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class AISystemForm(forms.ModelForm):
    data_kinds = forms.MultipleChoiceField(
        label=_("Kinds of data it handles"),
        choices=AISystem.DataKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every kind that goes into the system or comes out of it."),
    )

    class Meta:
        model = AISystem
        fields = [
            "name",
            "purpose",
            "models_used",
            "providers",
            "users",
            "affected_people",
            "data_kinds",
            "sector",
            "deployment_status",
        ]
        labels = {
            "name": _("Name of the system"),
            "purpose": _("Purpose"),
            "models_used": _("Model(s) used"),
            "providers": _("Model or service provider(s)"),
            "users": _("Who uses it"),
            "affected_people": _("Who is affected by it"),
            "sector": _("Sector"),
            "deployment_status": _("Deployment status"),
        }
        help_texts = {
            "purpose": _("What the system does and what it is used for."),
            "models_used": _("For example: GPT-4o, Llama 3, an in-house model."),
            "providers": _("Who supplies the model or the service, for example a cloud provider."),
            "users": _("For example: customer service staff, the public."),
            "affected_people": _("People the outputs are about or who act on them."),
        }
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "users": forms.Textarea(attrs={"rows": 2}),
            "affected_people": forms.Textarea(attrs={"rows": 2}),
        }
