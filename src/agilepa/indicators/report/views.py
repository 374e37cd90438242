"""The PIAO section 3.2 report's page (year picker, preview, downloads) and its three files.
HR only: other roles of the body get 403, users of another body 404 (core.decorators)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agilepa.core.access import Access
from agilepa.core.decorators import body_view
from agilepa.indicators import selectors, services
from agilepa.indicators.models import ReportSignature
from agilepa.indicators.report import document as report

YEARS_SHOWN = 5


def _year(request: HttpRequest) -> int:
    """The year asked for, else the current one (a bad value is not an error on a page)."""
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", ""))
        report.check_year(year, today)
    except ValueError:
        return today.year
    return year


@body_view()
def report_page(request: HttpRequest, access: Access) -> HttpResponse:
    selectors.require_report(access)
    year = _year(request)
    current = timezone.localdate().year
    years = sorted({*range(current - YEARS_SHOWN + 1, current + 1), year}, reverse=True)
    context = {
        "access": access,
        "year": year,
        "years": years,
        "r": report.build(access.body, year, with_charts=False),
        "header": report.table_header(),
        "signed": ReportSignature.objects.filter(body=access.body, year=year).exists(),
        "nav": "indicators",
    }
    return render(request, "indicators/report/page.html", context)


@body_view()
@require_POST
def report_sign(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    """HR signs the year's report with their name, or leaves it to the HR office."""
    selectors.require_report(access)
    try:
        report.check_year(year)
    except ValueError as exc:
        raise Http404(str(exc)) from exc
    services.set_report_signature(access, year, request.POST.get("signed") == "1")
    messages.success(request, _("Saved."))
    return redirect(f"{request.path.rsplit(f'{year}/sign/', 1)[0]}?year={year}")


def _download(access: Access, year: int, kind: str) -> HttpResponse:
    selectors.require_report(access)
    try:
        report.check_year(year)
    except ValueError as exc:
        raise Http404(str(exc)) from exc
    content, content_type, name = report.render(access.body, year, kind)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@body_view()
def report_pdf(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    return _download(access, year, "pdf")


@body_view()
def report_docx(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    return _download(access, year, "docx")


@body_view()
def report_xlsx(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    return _download(access, year, "xlsx")
