# Search has no models of its own. This module is here because Django sends `post_migrate`
# only to apps with a models module, and search repairs its SQLite index then (search/apps.py).
