"""Reuse: a model Regolamento becomes a draft Regolamento of the user's own body (never in
force), a model agreement goes into the body's document template; the link to the source
material and version is kept; only HR of the body may reuse."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from agilepa.agreements.models import DocumentTemplate, Regulation
from agilepa.agreements.services import regulation_in_force
from agilepa.community import services
from agilepa.community.models import Reuse
from agilepa.core.access import PermissionDeniedForRole
from agilepa.core.models import User
from tests.filebuilders import docx_bytes, upload


def model(community, kind="regulation", **kwargs):
    fields = {
        "theme": community.tables["disciplina-regolamenti"],
        "title": "Regolamento tipo della rete",
        "summary": "Il modello",
        "kind": kind,
        "file": upload("modello.docx", docx_bytes("Art. 1 Oggetto\nArt. 2 Fasce")),
    }
    fields.update(kwargs)
    return services.publish_material(community.hr_b, **fields)


def test_a_model_regolamento_becomes_a_draft_of_the_own_body(world, community):
    in_force = Regulation.objects.create(
        body=world.a.body,
        version=1,
        title="Regolamento vigente",
        adopted_on="2025-01-01",
        effective_from="2025-01-01",
        allowed_places=["home", "hub"],
    )
    material = model(community)
    services.add_version(community.hr_b, material, text="Art. 1 Oggetto (rivisto)")

    reuse = services.reuse_material(community.hr_a, material)

    draft = reuse.regulation
    assert draft.body == world.a.body
    assert draft.is_draft
    assert draft.version == 2
    assert draft.text == "Art. 1 Oggetto (rivisto)"
    assert draft.allowed_places == ["home", "hub"]
    assert reuse.version.number == 2 and reuse.material == material
    # A draft is never in force: agreements keep following the adopted version.
    assert regulation_in_force(world.a.body.pk, timezone.localdate()) == in_force


def test_the_draft_shows_in_the_regulation_list_with_its_source(world, community):
    material = model(community)
    client = Client()
    client.force_login(world.users["hr_admin"])
    response = client.post(f"/b/{world.a.body.slug}/library/{material.pk}/reuse/")
    reuse = Reuse.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/b/{world.a.body.slug}/regolamento/{reuse.regulation_id}/"
    listing = client.get(f"/b/{world.a.body.slug}/regolamento/").content.decode()
    assert 'data-status="draft"' in listing
    detail = client.get(response["Location"]).content.decode()
    assert f'data-source-material="{material.pk}"' in detail
    assert "Art. 1 Oggetto" in Regulation.objects.get(pk=reuse.regulation_id).text


def test_adopting_a_new_version_from_the_draft_is_not_a_draft(world, community):
    model(community)
    services.reuse_material(community.hr_a, model(community, title="Altro"))
    client = Client()
    client.force_login(world.users["hr_admin"])
    form = client.get(f"/b/{world.a.body.slug}/regolamento/new/").context["form"]
    assert form.instance.is_draft is False


def test_a_model_agreement_fills_the_document_template_and_keeps_the_old_clauses(world, community):
    DocumentTemplate.objects.create(body=world.a.body, clauses="Clausole precedenti")
    material = model(community, kind="model_agreement", title="Accordo tipo")
    reuse = services.reuse_material(community.hr_a, material)
    template = DocumentTemplate.objects.get(body=world.a.body)
    assert template.clauses.startswith("Art. 1 Oggetto")
    assert "Accordo tipo" in template.clauses
    assert reuse.replaced_text == "Clausole precedenti"
    assert reuse.document_template == template


def test_only_hr_reuses(world, community):
    material = model(community)
    with pytest.raises(PermissionDeniedForRole):
        services.reuse_material(community.employee_a, material)
    client = Client()
    client.force_login(world.users["employee"])
    assert client.post(f"/b/{world.a.body.slug}/library/{material.pk}/reuse/").status_code == 403
    assert not Regulation.objects.filter(body=world.a.body).exists()


def test_a_material_the_body_cannot_see_cannot_be_reused(world, community):
    material = model(community, visibility="body")
    with pytest.raises(PermissionDeniedForRole):
        services.reuse_material(community.hr_a, material)
    client = Client()
    client.force_login(world.users["hr_admin"])
    response = client.post(f"/api/v1/bodies/{world.a.body.slug}/materials/{material.pk}/reuse")
    assert response.status_code == 404


def test_a_guide_is_not_reusable(community):
    guide = model(community, kind="guide")
    with pytest.raises(ValidationError, match="Only a Regolamento"):
        services.reuse_material(community.hr_a, guide)


def test_the_api_reuses_and_answers_the_draft(world, community):
    material = model(community)
    client = Client()
    client.force_login(User.objects.get(email="hr@a.it"))
    response = client.post(f"/api/v1/bodies/{world.a.body.slug}/materials/{material.pk}/reuse")
    assert response.status_code == 201
    body = response.json()
    assert Regulation.objects.get(pk=body["regulation_id"]).is_draft
    assert body["version"] == 1
