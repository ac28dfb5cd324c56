from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("profile/preferences/", views.communication_preferences, name="preferences"),
    path("profile/data/", views.personal_data, name="data"),
    path("profile/export/", views.request_export, name="export"),
    path("profile/export/<str:token>/", views.download_export, name="export-download"),
    path("profile/delete/", views.DeleteAccountView.as_view(), name="delete"),
]
