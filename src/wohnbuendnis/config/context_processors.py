from django.conf import settings
from django.http import HttpRequest


def platform(request: HttpRequest) -> dict[str, object]:
    """What every page needs to know about the instance (the demo shows a banner)."""
    if settings.DEMO:
        return {"demo_mode": True, "demo_password": settings.DEMO_PASSWORD}
    return {"demo_mode": False}
