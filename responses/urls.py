urlpatterns = []
app_name = "responses"
