from django import forms
from django.utils.translation import gettext_lazy as _

from guideline_content.crosswalks import framework_choices


class ObligationFilterForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), required=False)
    dimension = forms.ChoiceField(label=_("Dimension"), required=False)
    framework = forms.ChoiceField(label=_("Mapped to (portal's own mapping)"), required=False)

    def __init__(self, data, *, roles, dimensions):
        super().__init__(data)
        self.fields["role"].choices = [("", _("All roles")), *((r.code, r.name) for r in roles)]
        self.fields["dimension"].choices = [
            ("", _("All dimensions")),
            *((d.code, d.name) for d in dimensions),
        ]
        self.fields["framework"].choices = [("", _("Any or no other framework")), *framework_choices()]
