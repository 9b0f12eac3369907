"""Cursor pagination: stable pages while rows are added, and no COUNT over a big table."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "-pk"

    def get_page_size(self, request) -> int:
        """A page size outside 1–100 is a bad request, not silently replaced (as the schema says)."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError(
                {"page_size": [_("A whole number from 1 to %(n)s.") % {"n": self.max_page_size}]}
            )
        return int(raw)

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound:  # DRF answers 404; a cursor is a query parameter, so it is a bad request
            raise ValidationError({"cursor": [_("This cursor is not one this API gave out.")]}) from None

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_page_size})
        return parameters


class NewestFirst(Cursor):
    ordering = ("-at", "-pk")
