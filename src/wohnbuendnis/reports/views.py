"""The reports page of an alliance: request a report, watch it being built, download it,
publish it; and the public list of published reports."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.lib.idempotency import AlreadySubmitted, create_once
from wohnbuendnis.lib.views import deny, object_permission_required, run_service
from wohnbuendnis.reports import forms, services, tasks
from wohnbuendnis.reports.models import Report, ReportStatus
from wohnbuendnis.reports.queries import published_reports
from wohnbuendnis.reports.render import CONTENT_TYPES


def report_view(perm: str):
    """Decorator: the alliance's report ``pk``, checked with ``perm`` on the report."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, slug: str, pk: int, *args, **kwargs):
            report = get_object_or_404(
                Report.objects.select_related("alliance", "author", "meeting"),
                alliance__slug=slug,
                pk=pk,
            )
            if not request.user.has_perm(perm, report):
                return deny(request)
            return view(request, report, *args, **kwargs)

        return wrapper

    return decorator


@object_permission_required("reports.view_reports", Alliance)
def index(request, alliance: Alliance):
    may_generate = request.user.has_perm("reports.generate", alliance)
    form = (
        forms.ReportForm(alliance, request.POST or None, user=request.user)
        if may_generate
        else None
    )
    if request.method == "POST":
        if form is None:
            return deny(request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = create_once(
                    request,
                    form,
                    lambda: tasks.start_report(
                        alliance,
                        request.user,
                        kind=data["kind"],
                        fmt=data["fmt"],
                        audience=data["audience"],
                        edition=data["edition"] if data["kind"] == "concept" else None,
                        year=data["year"] if data["kind"] in forms.YEAR_KINDS else None,
                        meeting=data["meeting"] if data["kind"] in forms.MEETING_KINDS else None,
                    ),
                    lambda report: reverse("reports:report", args=[alliance.slug, report.pk]),
                )
            except AlreadySubmitted as done:
                return done.response(request)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("reports:report", alliance.slug, report.pk)
    context = {
        "alliance": alliance,
        "form": form,
        "reports": [
            report
            for report in alliance.reports.select_related("author", "meeting")
            if request.user.has_perm("reports.view_report", report)
        ],
        "may_publish": request.user.has_perm("reports.publish", Report(alliance=alliance)),
    }
    return render(request, "reports/index.html", context)


@report_view("reports.view_report")
def report_detail(request, report: Report):
    context = {
        "alliance": report.alliance,
        "report": report,
        "may_publish": request.user.has_perm("reports.publish", report),
        # without JavaScript the page reloads itself until the report is finished
        "refresh": not report.finished,
    }
    return render(request, "reports/report.html", context)


@report_view("reports.view_report")
def report_status(request, report: Report):
    return render(request, "reports/_status.html", {"alliance": report.alliance, "report": report})


@report_view("reports.view_report")
def download(request, report: Report):
    if report.status != ReportStatus.DONE or not report.file:
        raise Http404
    with report.file.open("rb") as stored:  # a few MB: no open file left to a stream
        response = HttpResponse(stored.read(), content_type=CONTENT_TYPES[report.format])
    disposition = "inline" if report.format == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{report.file_name}"'
    return response


@require_POST
@report_view("reports.publish")
def publish(request, report: Report):
    published = request.POST.get("published") == "1"
    run_service(
        request,
        lambda: services.publish_report(report, request.user, published=published),
        _("Bericht veröffentlicht.") if published else _("Veröffentlichung zurückgenommen."),
    )
    return redirect("reports:report", report.alliance.slug, report.pk)


@object_permission_required("reports.view_published", Alliance)
def published(request, alliance: Alliance):
    reports = published_reports(alliance)
    return render(request, "reports/published.html", {"alliance": alliance, "reports": reports})
