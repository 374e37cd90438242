from django.urls import path

from agilepa.agreements.prerequisites import views as prereq_views

urlpatterns = [
    path(
        "people/<int:person_id>/prerequisites/",
        prereq_views.person_prerequisites,
        name="prereq_person",
    ),
    path("prerequisites/", prereq_views.overview, name="prereq_overview"),
    path("equipment/", prereq_views.equipment, name="prereq_equipment"),
    path("training/", prereq_views.training, name="prereq_training"),
]
