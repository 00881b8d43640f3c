"""Template builtins (registered in settings.TEMPLATES): KERN UX classes for form widgets."""

from django import forms, template
from django.utils.html import format_html

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
    html = field.as_widget(attrs=attrs)
    if isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple):
        # KERN draws the box and the arrow of a select on this wrapper
        return format_html('<div class="kern-form-input__select-wrapper">{}</div>', html)
    return html


@register.filter
def choice_list(field: forms.BoundField) -> bool:
    """Whether the field is a list of radio buttons or checkboxes (drawn as a fieldset)."""
    return isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)


@register.filter
def radio_list(field: forms.BoundField) -> bool:
    widget = field.field.widget  # (CheckboxSelectMultiple is a RadioSelect in Django)
    return isinstance(widget, forms.RadioSelect) and not isinstance(
        widget, forms.CheckboxSelectMultiple
    )
