"""Pages of the cooperative allocation: thin views over services and personal_data.

Households, vacancies, nominations and cost-coverage cases are addressed by opaque uuids; no
personal data appears in a URL. One module per aggregate: ``register``, ``cost_coverage``,
``vacancies`` (with nominations), ``configuration`` (priority list, audit, settings); ``shared``
holds the navigation and the lookup helpers. This package re-exports every view for the URLs.
"""

from wohnbuendnis.allocation.views.benefit_office import cost_coverage_case
from wohnbuendnis.allocation.views.configuration import (
    audit_page,
    scheme_list,
    settings_page,
)
from wohnbuendnis.allocation.views.cost_coverage import (
    cost_coverage_decide,
    cost_coverage_exception,
    cost_coverage_list,
    cost_coverage_request,
)
from wohnbuendnis.allocation.views.data_protection import access_log_page, household_letter
from wohnbuendnis.allocation.views.places import places_map, places_page, places_publish
from wohnbuendnis.allocation.views.register import (
    expiring_list,
    household_detail,
    household_export,
    household_list,
    household_register,
    household_status,
    household_verify,
    household_withdraw_consent,
)
from wohnbuendnis.allocation.views.register_import import (
    register_import,
    register_import_discard,
    register_import_preview,
    register_template,
)
from wohnbuendnis.allocation.views.vacancies import (
    nomination_decide,
    vacancy_batch_nominate,
    vacancy_detail,
    vacancy_list,
    vacancy_nominate,
    vacancy_report,
)

__all__ = [
    "access_log_page",
    "audit_page",
    "cost_coverage_case",
    "cost_coverage_decide",
    "cost_coverage_exception",
    "cost_coverage_list",
    "cost_coverage_request",
    "expiring_list",
    "household_detail",
    "household_export",
    "household_letter",
    "household_list",
    "household_register",
    "household_status",
    "household_verify",
    "household_withdraw_consent",
    "nomination_decide",
    "places_map",
    "places_page",
    "places_publish",
    "register_import",
    "register_import_discard",
    "register_import_preview",
    "register_template",
    "scheme_list",
    "settings_page",
    "vacancy_batch_nominate",
    "vacancy_detail",
    "vacancy_list",
    "vacancy_nominate",
    "vacancy_report",
]
