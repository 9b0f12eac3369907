from django import forms
from django.utils.translation import gettext_lazy as _


class ObligationFilterForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), required=False)
    dimension = forms.ChoiceField(label=_("Dimension"), required=False)

    def __init__(self, data, *, roles, dimensions):
        super().__init__(data)
        self.fields["role"].choices = [("", _("All roles")), *((r.code, r.name) for r in roles)]
        self.fields["dimension"].choices = [
            ("", _("All dimensions")),
            *((d.code, d.name) for d in dimensions),
        ]
