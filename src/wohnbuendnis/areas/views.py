from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wohnbuendnis.areas import services
from wohnbuendnis.areas.forms import SubareaCommitForm, SubareaUploadForm
from wohnbuendnis.areas.models import Area
from wohnbuendnis.lib.views import object_permission_required


def area_list(request):
    roots = Area.objects.filter(parent__isnull=True).prefetch_related("children")
    return render(request, "areas/area_list.html", {"roots": roots})


def area_detail(request, pk: int):
    area = get_object_or_404(Area.objects.select_related("parent"), pk=pk)
    children = area.children.order_by("key")
    return render(
        request,
        "areas/area_detail.html",
        {
            "area": area,
            "ancestors": area.ancestors(),
            "children": children,
            "may_upload": request.user.has_perm("areas.upload_subareas", area),
        },
    )


@object_permission_required("areas.upload_subareas", Area, lookup="pk", url_kwarg="pk")
def subarea_upload(request, area: Area):
    """Step 1: upload a file and see what it would create and change (nothing is written)."""
    form = SubareaUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            sha = services.store_upload(uploaded)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            plan = services.preview_subareas(area, services.stored_upload(sha), uploaded.name)
            commit = SubareaCommitForm(initial={"sha": sha, "name": uploaded.name})
            return render(
                request,
                "areas/subarea_preview.html",
                {"area": area, "plan": plan, "commit": commit},
            )
    return render(request, "areas/subarea_upload.html", {"area": area, "form": form})


@require_POST
@object_permission_required("areas.upload_subareas", Area, lookup="pk", url_kwarg="pk")
def subarea_commit(request, area: Area):
    """Step 2: write the previewed file, all or nothing."""
    form = SubareaCommitForm(request.POST)
    if not form.is_valid():
        return redirect("areas:upload", pk=area.pk)
    try:
        data = services.stored_upload(form.cleaned_data["sha"])
        plan = services.commit_subareas(area, data, form.cleaned_data["name"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("areas:upload", pk=area.pk)
    messages.success(
        request,
        _("%(created)s Gebiete angelegt, %(updated)s geändert.")
        % {"created": len(plan.created), "updated": len(plan.updated)},
    )
    return redirect("areas:detail", pk=area.pk)
