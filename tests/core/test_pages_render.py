"""Every page renders in Italian (the default) and in English."""

import pytest
from django.test import Client

from tests.core.page_checks import english_words, htmx_problems
from tests.routes import site_routes

# Pages that take a token or answer only POST, and files, are reached by their own tests.
SKIP = {
    "healthz",  # plain text for monitoring: tests/core/test_healthz.py
    "readyz",  # JSON for monitoring: tests/core/test_readyz.py
    "favicon",  # a redirect to the icon
    # The installable app's manifest (JSON) and service worker: tests/core/test_installable_app.py.
    "manifest",
    "service_worker",
    "logout",
    "logout_everywhere",
    "set_language",
    "password_reset_confirm",
    "token_revoke",
    "role_revoke",
    "person_invite",
    "org:membership_action",
    "org:membership_protocol",
    "agreements:check",
    "agreements:action",
    # POST only, and a file: tests/agreements/ (the communications to the Ministry).
    "agreements:communication_sent",
    "agreements:communication_export",
    # POST only: tests/agreements/ (the derogation).
    "agreements:derogation_decide",
    # Files, not pages: the PDF and the model texts have their own tests.
    "agreements:document",
    "agreements:document_preview",
    "agreements:document_model",
    "planning:plan_cell",
    # An htmx fragment of <option>s: tests/org/test_home_municipality.py.
    "org:municipality_options",
    "planning:publish",
    "planning:feed",
    "planning:export",
    "planning:decide",
    "spaces:cancel",
    # A floor plan's image, not a page: tests/spaces/test_floor_plans.py.
    "spaces:floor_plan_file",
    "spaces:room_cancel",
    "objectives:state",
    "objectives:export",
    "objectives:template",
    # Login through a provider, the second factor and the passkey ceremonies (JSON): their own
    # tests in tests/identity/ (the reset is a platform admin's page).
    "identity:start",
    "identity:callback",
    "identity:recovery_codes",
    "identity:reset",
    "otp_webauthn:credential-registration-begin",
    "otp_webauthn:credential-registration-complete",
    "otp_webauthn:credential-authentication-begin",
    "otp_webauthn:credential-authentication-complete",
    "otp_webauthn:js-i18n-catalog",
    # A person's own log and a manager's week (the HR admin here is neither):
    # tests/objectives/test_activity_log.py.
    "objectives:activity",
    "objectives:activity_week",
    # A person's own page (the HR admin here has none): tests/planning/test_settings_pages.py.
    "planning:preferences",
    "org:home",  # tests/org/test_home_municipality.py
    # A person's own page (HR has none) and a file: tests/audit/.
    "audit:mine",
    "audit:export",
    # A person's own page (the HR admin here has none), POST-only routes, files and a
    # coordinator's page: tests/measurement/.
    "measurement:mine",
    "measurement:export",
    "measurement:campaign_join",
    "measurement:campaign_pledge",
    "measurement:public_csv",
    "measurement:network",
    # POST only, files, and the public pages of an invitation's token: tests/surveys/.
    "surveys:wave_new",
    "surveys:wave_send",
    "surveys:export_csv",
    "surveys:export_xlsx",
    "surveys:export_pdf",
    "surveys:answer",
    # POST only, calendar files and a coordinator's page: tests/events/, tests/maturity/.
    "events:register",
    "events:cancel",
    "events:ics",
    "events:public_ics",
    "maturity:start",
    "maturity:network",
    # POST only, files, a calendar feed and a coordinator's pages: tests/community/.
    "community:material_delete",
    "community:material_download",
    "community:public_download",
    "community:table_feed",
    "community:table_join",
    "community:table_member_add",
    "community:meeting_register",
    "community:network_tables",
    "community:network_table",
    "community:network_meeting",
    # Files, not pages: tests/indicators/test_report_access.py, tests/indicators/test_pages.py.
    "indicators:open_data",
    # POST only, and a network coordinator's page: tests/indicators/test_pages.py and
    # test_opendata_opt_in.py.
    "indicators:refresh",
    "indicators:opt_in",
    "indicators:open_data_opt_in",
    "indicators:network",
    "indicators_report:sign",
    "indicators_report:pdf",
    "indicators_report:docx",
    "indicators_report:xlsx",
    # POST only, files, and a network coordinator's pages: tests/awards/.
    "awards:call_organise",
    "awards:attachment",
    "awards:network_calls",
    "awards:network_call",
    "awards:network_attachment",
    "awards:jury_attachment",
    # A person's own page and files (the HR admin here has none), POST only: tests/rights/.
    # A network coordinator's home (the HR admin here coordinates none): tests/home/.
    "home:networks",
    "rights:me",
    "rights:me_json",
    "rights:me_pdf",
    "rights:rectify",
    "rights:decide",
    # POST only, and a file: tests/privacy/.
    "privacy:acknowledge",
    "privacy:register",
}

EXPECTED = {
    "it": ("Vai al contenuto", "Dichiarazione di accessibilità"),
    "en": ("Go to content", "Accessibility statement"),
}


# Pages whose English words are quoted, not the interface's: the instruments' bibliographic
# sources (authors, journal titles) in the survey library.
QUOTES_ENGLISH = {"surveys:library"}


@pytest.mark.parametrize("language", ["it", "en"])
def test_every_page_renders_in_both_languages(matrix, language: str) -> None:
    """Each page renders, in its language; its htmx attributes parse (htmx would otherwise
    report a syntax error in the console only), and an Italian page has no English word left."""
    world, own, _foreign = matrix
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(world.users["hr_admin"])
    problems = []
    for template, name in site_routes():
        if name in SKIP:
            continue
        response = client.get("/" + own.fill(template), follow=True)
        assert response.status_code == 200, f"{name}: {response.status_code}"
        html = response.content.decode()
        assert f'<html lang="{language}"' in html, name
        for text in EXPECTED[language]:
            assert text in html, f"{name} in {language}: missing {text!r}"
        problems += [f"{name}: {p}" for p in htmx_problems(html)]
        if language == "it" and name not in QUOTES_ENGLISH:
            problems += [f"{name}: English in “{w}”" for w in english_words(html)]
    assert problems == []


def test_italian_is_the_default_language_of_the_site(settings) -> None:
    from agilepa import settings as project_settings

    settings.LANGUAGE_CODE = project_settings.LANGUAGE_CODE
    html = Client().get("/accessibility/").content.decode()
    assert '<html lang="it"' in html
    assert "Dichiarazione di accessibilità" in html
