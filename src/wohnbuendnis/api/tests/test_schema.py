"""The API against its own OpenAPI document (schemathesis, in-process through Django's WSGI
handler, on the demo data): for every operation a bounded number of generated requests, each
answered without a server error, with a documented status, content type and body. The write
operations are called with a valid token of the right organisation, so the services' own
checks are reached too."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from wohnbuendnis.api.models import ApiToken
from wohnbuendnis.api.services import hash_token
from wohnbuendnis.api.tests.conftest import issue

pytestmark = pytest.mark.django_db

#: generated requests per operation: 11 operations × 20 take about 20 s of CPU
EXAMPLES = 20


def test_every_operation_keeps_to_the_openapi_document(city, settings_override):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    assert schema.raw_schema["openapi"].startswith("3.1")
    tokens = {
        "vacancies": issue(city, "vermieter", "vermieter", "vacancies")[1],
        "observations": issue(city, "fachamt", "fachamt", "observations")[1],
    }
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:
        _check(operation, tokens, city.slug)
    # the write operations were reached with the tokens (each call is logged)
    for raw in tokens.values():
        token = ApiToken.objects.get(token_hash=hash_token(raw))
        assert token.calls.count() >= EXAMPLES // 2, token.scopes


def _check(operation, tokens: dict[str, str], slug: str) -> None:
    """Generated requests for one operation; the alliance in the path is the demo city (an
    invented one gets a documented 404, tested in test_tokens)."""
    scope = next((name for name in tokens if operation.path.endswith(name)), None)
    headers = {"Authorization": f"Bearer {tokens[scope]}"} if scope else {}

    @settings(
        max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
        suppress_health_check=list(HealthCheck),
    )  # fmt: skip
    @given(case=operation.as_strategy())
    def check(case):
        if case.path_parameters and "slug" in case.path_parameters:
            case.path_parameters["slug"] = slug
        # A schema-valid request may still be refused by the services' rules (an area outside
        # the alliance, a date too far ahead): that is a documented 422, not a failure.
        case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

    check()


@pytest.fixture
def settings_override(settings):
    """No throttling of the generated calls, and the test's database connection kept open
    between them (as Django's test client does: the WSGI handler would close it after each
    request, which ends the test's transaction on PostgreSQL)."""
    settings.API_RATE_LIMIT = "1000000/m"
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
