"""The Regolamento: everyone in the body reads it; HR adopts new versions, never looser."""

from __future__ import annotations

from agilepa.agreements.models import Activity, Regulation


def form(**overrides) -> dict:
    data = {
        "title": "Regolamento sul lavoro agile 2027",
        "adopted_on": "2026-11-20",
        "effective_from": "2027-01-01",
        "act_reference": "DGC 201/2026",
        "max_days_per_week": "2",
        "max_days_per_month": "8",
        "min_presence_percent": "51",
        "reachability_start": "09:30",
        "reachability_end": "13:00",
        "disconnection_start": "20:00",
        "disconnection_end": "07:30",
        "allowed_places": ["home", "hub"],
        "notice_days": "30",
        "notice_days_disabled": "90",
        "request_notice_days": "15",
        "max_duration_months": "12",
        "priority_order": "child_under_12\ncaregiver",
        "required_prerequisites": ["it_check"],
        "it_check_validity_months": "12",
        "remotable": "Istruttoria pratiche\nRedazione atti",
        "not_remotable": "Sportello al pubblico",
        "text": "",
    }
    data.update(overrides)
    return data


def test_every_role_of_the_body_reads_the_regulation(body_a, client_of) -> None:
    regulation = Regulation.objects.get()
    for role in ("employee", "observer", "manager"):
        page = client_of(role).get(f"/b/{body_a.a.body.slug}/regolamento/{regulation.pk}/")
        assert page.status_code == 200
        assert "Remote days per week, at most" in page.content.decode()


def test_hr_adopts_a_new_version_with_its_catalogue(body_a, client_of) -> None:
    response = client_of("hr_admin").post(f"/b/{body_a.a.body.slug}/regolamento/new/", form())
    assert response.status_code == 302
    latest = Regulation.objects.get(version=2)
    assert latest.priority_order == ["child_under_12", "caregiver"]
    assert set(Activity.objects.filter(regulation=latest).values_list("name", "remotable")) == {
        ("Istruttoria pratiche", True),
        ("Redazione atti", True),
        ("Sportello al pubblico", False),
    }


def test_a_looser_value_is_refused_citing_the_rule(body_a, client_of) -> None:
    response = client_of("hr_admin").post(
        f"/b/{body_a.a.body.slug}/regolamento/new/",
        form(notice_days="10", min_presence_percent="40"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "cannot be shorter than 30 days" in html and "L. 81/2017 art. 19 c. 2" in html
    assert "DM Ministro PA 8 ottobre 2021" in html
    assert Regulation.objects.count() == 1


def test_only_hr_adopts_a_version(body_a, client_of) -> None:
    url = f"/b/{body_a.a.body.slug}/regolamento/new/"
    assert client_of("manager").post(url, form()).status_code == 403
    assert Regulation.objects.count() == 1


def test_the_model_texts_download_as_markdown(body_a, client_of) -> None:
    client = client_of("employee")
    regolamento = client.get(f"/b/{body_a.a.body.slug}/regolamento/models/regolamento.md")
    assert regolamento["Content-Type"].startswith("text/markdown")
    assert "L. 22 maggio 2017, n. 81" in regolamento.content.decode()
    accordo = client.get(f"/b/{body_a.a.body.slug}/regolamento/models/accordo.md").content.decode()
    assert "Potere di controllo" in accordo
    assert "art. 22 L. 81/2017" in accordo
    assert client.get(f"/b/{body_a.a.body.slug}/regolamento/models/x.md").status_code == 404


def test_the_catalogue_can_exclude_an_activity_for_one_unit(body_a, client_of) -> None:
    from agilepa.agreements import selectors, services
    from tests.factories import make_agreement

    response = client_of("hr_admin").post(
        f"/b/{body_a.a.body.slug}/regolamento/new/",
        form(
            effective_from="2026-01-15",
            remotable="Istruttoria pratiche\nSERV1: Certificati online",
            not_remotable="serv1: Istruttoria pratiche",
        ),
    )
    assert response.status_code == 302
    latest = Regulation.objects.get(version=2)
    unit_rows = Activity.objects.filter(regulation=latest, unit=body_a.a.service)
    assert set(unit_rows.values_list("name", "remotable")) == {
        ("Certificati online", True),
        ("Istruttoria pratiche", False),
    }
    # In the Servizio the activity is excluded; elsewhere in the body it is allowed.
    inside = body_a.a.employee_person
    assert selectors.remotable_activities(latest, inside) == ["Certificati online"]
    assert selectors.remotable_activities(latest, body_a.a.outsider) == ["Istruttoria pratiche"]
    agreement = make_agreement(inside, activities=["Istruttoria pratiche"])
    assert "activity_not_remotable" in {v.code for v in services.check(agreement)}


def test_an_unknown_unit_code_in_the_catalogue_is_refused(body_a, client_of) -> None:
    response = client_of("hr_admin").post(
        f"/b/{body_a.a.body.slug}/regolamento/new/", form(not_remotable="NOPE1: Sportello")
    )
    assert response.status_code == 200
    assert "No unit with code NOPE1" in response.content.decode()
    assert Regulation.objects.count() == 1
