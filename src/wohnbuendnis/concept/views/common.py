"""What the concept's views share."""

# object_permission_required(..., **by_pk): the object is named by its primary key in the URL.
by_pk = {"lookup": "pk", "url_kwarg": "pk"}
