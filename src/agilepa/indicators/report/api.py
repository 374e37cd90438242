"""API routes of the PIAO section 3.2 report: the PDF/A, the DOCX and the XLSX annex (HR)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router
from ninja.errors import HttpError

from agilepa.core.access import get_access_or_404
from agilepa.core.api_types import Year
from agilepa.indicators import selectors
from agilepa.indicators.report import document as report

router = Router(tags=["indicators"])


def _file(request: HttpRequest, body: str, year: Year, kind: str) -> HttpResponse:
    access = get_access_or_404(request.user, body)
    selectors.require_report(access)
    try:
        report.check_year(year)
    except ValueError as exc:
        raise HttpError(422, str(exc)) from exc
    content, content_type, name = report.render(access.body, year, kind)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _openapi(content_type: str) -> dict:
    return {"responses": {200: {"content": {content_type: {}}}}}


@router.get(
    "/bodies/{body}/indicators/report/{year}.pdf",
    response={200: bytes},
    openapi_extra=_openapi(report.PDF),
)
def report_pdf(request: HttpRequest, body: str, year: Year) -> HttpResponse:
    """The PIAO section 3.2 of the year as PDF/A-3a, tagged (HR)."""
    return _file(request, body, year, "pdf")


@router.get(
    "/bodies/{body}/indicators/report/{year}.docx",
    response={200: bytes},
    openapi_extra=_openapi(report.DOCX),
)
def report_docx(request: HttpRequest, body: str, year: Year) -> HttpResponse:
    """The same document as an editable DOCX (HR)."""
    return _file(request, body, year, "docx")


@router.get(
    "/bodies/{body}/indicators/report/{year}.xlsx",
    response={200: bytes},
    openapi_extra=_openapi(report.XLSX),
)
def report_xlsx(request: HttpRequest, body: str, year: Year) -> HttpResponse:
    """The annex: every figure, the monthly trend and the catalogue (HR)."""
    return _file(request, body, year, "xlsx")
