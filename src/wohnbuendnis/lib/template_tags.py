"""Template builtins (registered in settings.TEMPLATES): KERN UX classes for form widgets."""

from django import forms, template

register = template.Library()

_SELECTS = (forms.Select, forms.SelectMultiple)
_CHECKS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


@register.simple_tag
def kern_widget(field: forms.BoundField) -> str:
    """Render a widget with the KERN class for its kind; errors are linked for screen readers."""
    widget = field.field.widget
    if isinstance(widget, _CHECKS):
        css = "kern-form-check__checkbox"
    elif isinstance(widget, _SELECTS):
        css = "kern-form-input__select"
    else:
        css = "kern-form-input__input"
    attrs = {"class": css + (f" {css}--error" if field.errors else "")}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        described.append(f"{field.auto_id}_error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)
