"""Helpers the view modules share."""

by_pk = {"lookup": "pk", "url_kwarg": "pk"}
