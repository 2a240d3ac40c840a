from django import template

from responses.services import inquiry_progress as _inquiry_progress

register = template.Library()


@register.simple_tag
def inquiry_progress(inquiry) -> dict:
    """`{% inquiry_progress inquiry as progress %}` for the administration's view of an inquiry
    (one query). Only use it where the user is known to be in the administration."""
    return _inquiry_progress(inquiry)
