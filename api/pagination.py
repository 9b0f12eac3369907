"""Cursor pagination: stable pages while rows are added, and no COUNT over a big table."""

from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "-pk"


class NewestFirst(Cursor):
    ordering = ("-at", "-pk")
