"""Strings of Django and the libraries the app uses that their own German catalogues lack.

`makemessages` finds them here; the project's catalogue (LOCALE_PATHS) comes first, so the German
translation in `locale/de` applies wherever the library shows the string.
"""

from django.utils.translation import gettext_noop

LIBRARY_STRINGS = [
    gettext_noop("- Select an option -"),  # Django 6: BLANK_CHOICE_LABEL, the empty choice of a select
]
