"""Routes of the PIAO report, included under b/<slug:body>/indicators/report/."""

from django.urls import path

from agilepa.indicators.report import views

app_name = "indicators_report"
urlpatterns = [
    path("", views.report_page, name="page"),
    path("<int:year>/sign/", views.report_sign, name="sign"),
    path("<int:year>.pdf", views.report_pdf, name="pdf"),
    path("<int:year>.docx", views.report_docx, name="docx"),
    path("<int:year>.xlsx", views.report_xlsx, name="xlsx"),
]
