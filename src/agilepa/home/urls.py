from django.urls import path

from agilepa.home import views

app_name = "home"
urlpatterns = [
    path("b/<slug:body>/home/", views.body_home, name="body"),
    path("home/", views.network_home, name="networks"),
]
