from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config.views import favicon

urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("", include("inquiries.urls")),
    path("", include("responses.urls")),
    path("", include("portal.urls")),
    path("oparl/v1/", include("oparl.urls")),
    path("", include("search.urls")),
    path("", include("accessibility.urls")),
    path("anmelden/", auth_views.LoginView.as_view(), name="login"),
    path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
