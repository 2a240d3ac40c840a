"""The authentication backend: Django's `ModelBackend`, with a user's permissions read in one
query. Every page asks for them (the roles are permissions, `inquiries/roles.py`); Django reads
the user's own and their groups' permissions in two."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission


class OneQueryModelBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            name = ("content_type__app_label", "codename")
            if user_obj.is_superuser:
                rows = Permission.objects.order_by().values_list(*name)
            else:
                rows = (
                    Permission.objects.filter(user=user_obj)
                    .order_by()
                    .values_list(*name)
                    .union(Permission.objects.filter(group__user=user_obj).order_by().values_list(*name))
                    .order_by()
                )
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in rows}
        return user_obj._perm_cache
