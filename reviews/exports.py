"""Tables as CSV (UTF-8 with a byte-order mark, so that Excel reads Chinese) and as XLSX.

A spreadsheet runs a cell that starts with =, +, -, @, a tab or a carriage return as a formula
(CSV injection), and organisations write the names and texts that end up in these cells. Such a
cell gets a leading apostrophe, in both formats; numbers stay numbers.
"""

import csv
import io
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """A cell's value, safe to open in a spreadsheet: text that could run as a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(filename: str, headers: list, rows: Iterable[list]) -> StreamingHttpResponse:
    """Stream the table: a long queue never sits in memory whole."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow([neutralise(h) for h in headers])
        for row in rows:
            yield writer.writerow([neutralise(v) for v in row])

    response = StreamingHttpResponse((line.encode() for line in lines()), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(filename: str, title: str, headers: list, rows: Iterable[list]) -> HttpResponse:
    from openpyxl import Workbook  # imported on use: a web worker does not load it at start-up

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))
    sheet.append([neutralise(h) for h in headers])
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    data = io.BytesIO()
    workbook.save(data)
    response = HttpResponse(data.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def _sheet_title(title: str) -> str:
    # Excel refuses these characters in a sheet's name, and names longer than 31 characters.
    return "".join(" " if ch in "[]:*?/\\" else ch for ch in str(title))[:31] or "Sheet"
