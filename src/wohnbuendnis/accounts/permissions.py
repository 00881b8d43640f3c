"""What the platform's IT administration (Django superusers) may do: accounts, not cases.

Django lets an active superuser pass every permission check. In wohnbuendnis the IT
administration runs the accounts, the alliances' structure (organisations, people, roles,
bodies) and the areas through the Django admin; it holds no right in the alliances' work
(allocation register, minutes, concept, monitoring, forecasts) unless a role in the matrix
(docs/roles-and-permissions.md) gives it one. So for a permission of a *case app* only the role
predicates in ``<app>/rules.py`` count: the superuser shortcut and Django's model permissions
(which a superuser holds all of, and which can be handed out in the admin) are ignored.
"""

from __future__ import annotations

from django.apps import apps

# Our apps whose data the IT administration looks after (account administration).
ACCOUNT_ADMINISTRATION_APPS = frozenset({"accounts", "alliance", "areas"})


def is_case_permission(perm: str) -> bool:
    """``perm`` ("<app>.<name>") belongs to one of our apps outside account administration.

    Every wohnbuendnis app added later is a case app unless it is named above.
    """
    label = perm.partition(".")[0]
    if label in ACCOUNT_ADMINISTRATION_APPS:
        return False
    try:
        config = apps.get_app_config(label)
    except LookupError:  # a rule of an app label that is not installed: ours by convention
        return True
    return config.name.startswith("wohnbuendnis.")
