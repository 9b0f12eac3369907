"""Forms of the assessment flow: starting, triage, one question's answer, copying."""

from django import forms
from django.utils.translation import gettext_lazy as _

from guideline_content.models import GuidelineVersion, TriageQuestion

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class StartAssessmentForm(forms.Form):
    role = forms.ChoiceField(label=_("Assessed as"))
    version = forms.ChoiceField(label=_("Guideline version"))

    def __init__(self, *args, roles, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role.code, role.name) for role in roles]
        self.fields["version"].choices = [(v.code, v.display_label) for v in versions]


class TriageForm(forms.Form):
    """One field per triage question of the assessment's guideline version."""

    def __init__(self, *args, questions, initial_facts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        facts = initial_facts or {}
        for question in self.questions:
            options = [(o.code, o.label) for o in question.choices]
            if question.kind == TriageQuestion.Kind.BOOLEAN:
                field = forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect)
                value = facts.get(question.code)
                initial = None if value is None else ("yes" if value else "no")
            elif question.kind == TriageQuestion.Kind.CHOICE:
                field = forms.ChoiceField(choices=[("", _("Choose…")), *options])
                initial = facts.get(question.code)
            else:
                field = forms.MultipleChoiceField(
                    choices=options, widget=forms.CheckboxSelectMultiple, required=False
                )
                initial = facts.get(question.code)
            field.label, field.help_text, field.initial = question.text, question.help, initial
            self.fields[question.code] = field

    def facts(self) -> dict:
        """The cleaned answers as triage facts (booleans, option codes, lists of option codes)."""
        kinds = {q.code: q.kind for q in self.questions}
        return {
            code: (value == "yes") if kinds[code] == TriageQuestion.Kind.BOOLEAN else value
            for code, value in self.cleaned_data.items()
        }


class AnswerForm(forms.Form):
    """One question's answer as posted by autosave or by the whole-section form (with a prefix)."""

    value = forms.CharField(required=False, strip=False)
    not_applicable = forms.BooleanField(required=False)
    na_reason = forms.CharField(required=False, strip=False)
    comment = forms.CharField(required=False, strip=False)
    version = forms.IntegerField(required=False, min_value=0)

    def has_input(self) -> bool:
        """Whether the user entered anything at all (call after is_valid)."""
        data = self.cleaned_data
        texts = (data["value"], data["na_reason"], data["comment"])
        return data["not_applicable"] or any(text.strip() for text in texts)


class EvidenceForm(forms.Form):
    """One question's file in the section form (prefixed with the question code)."""

    file = forms.FileField(label=_("Attach a file"))


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: GuidelineVersion) -> str:
        return f"{obj.display_label} ({obj.published_on:%Y-%m})"


class CopyForm(forms.Form):
    version = VersionChoiceField(
        queryset=GuidelineVersion.objects.published(),
        to_field_name="code",
        empty_label=None,
        label=_("Guideline version for the new assessment"),
    )
