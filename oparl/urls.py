from django.urls import path, re_path

from oparl import views

app_name = "oparl"
urlpatterns = [
    path("", views.system, name="system"),
    path("body/", views.body_list, name="body_list"),
    path("body/<int:pk>/", views.body, name="body"),
    path("body/<int:pk>/organization/", views.organization_list, name="organization_list"),
    path("body/<int:pk>/person/", views.person_list, name="person_list"),
    path("body/<int:pk>/meeting/", views.meeting_list, name="meeting_list"),
    path("body/<int:pk>/paper/", views.paper_list, name="paper_list"),
    path("organization/<int:pk>/", views.organization, name="organization"),
    path("organization/<int:pk>/meeting/", views.organization_meeting_list, name="organization_meeting_list"),
    path("organization/department/<int:pk>/", views.department, name="department"),
    path("person/<int:pk>/", views.person, name="person"),
    path("membership/<int:committee_pk>/<int:user_pk>/", views.membership, name="membership"),
    path("meeting/<int:pk>/", views.meeting, name="meeting"),
    path("meeting/<int:pk>/location/", views.location, name="location"),
    path("paper/<int:pk>/", views.paper, name="paper"),
    path("paper/reply/<int:pk>/", views.reply_paper, name="reply_paper"),
    path("file/<int:pk>/", views.file, name="file"),
    path("file/<int:pk>/download/", views.file_download, name="file_download"),
    re_path(r"^(?P<rest>.*)$", views.not_found, name="not_found"),
]
