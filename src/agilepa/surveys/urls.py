from django.urls import path

from agilepa.surveys import views

app_name = "surveys"
B = "b/<slug:body>/surveys"
C = f"{B}/campaigns/<int:survey_campaign_id>"
urlpatterns = [
    path(f"{B}/", views.campaigns, name="campaigns"),
    path(f"{B}/library/", views.library, name="library"),
    path(f"{B}/new/", views.survey_new, name="survey_new"),
    path(f"{B}/campaigns/new/", views.campaign_new, name="campaign_new"),
    path(f"{C}/", views.campaign, name="campaign"),
    path(f"{C}/waves/", views.wave_new, name="wave_new"),
    path(f"{C}/waves/<int:wave_id>/send/", views.wave_send, name="wave_send"),
    path(f"{C}/results/", views.results, name="results"),
    path(f"{C}/results.csv", views.export_csv, name="export_csv"),
    path(f"{C}/results.xlsx", views.export_xlsx, name="export_xlsx"),
    path(f"{C}/results.pdf", views.export_pdf, name="export_pdf"),
    # Public: the invitation's token is the credential, POSTed, never in the address (access
    # logs record addresses); no login, no body in the address.
    path("survey/", views.answer, name="answer"),
    path("survey/thanks/", views.thanks, name="thanks"),
]
