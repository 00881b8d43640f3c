from django.shortcuts import get_object_or_404, render

from wohnbuendnis.areas.models import Area


def area_list(request):
    roots = Area.objects.filter(parent__isnull=True).prefetch_related("children")
    return render(request, "areas/area_list.html", {"roots": roots})


def area_detail(request, pk: int):
    area = get_object_or_404(Area.objects.select_related("parent"), pk=pk)
    children = area.children.order_by("key")
    return render(
        request,
        "areas/area_detail.html",
        {"area": area, "ancestors": area.ancestors(), "children": children},
    )
