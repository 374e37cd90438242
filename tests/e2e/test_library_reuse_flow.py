"""An HR admin searches the network's library in Italian, reuses another body's model
Regolamento, and finds it as a draft among the versions of their own body's Regolamento."""

from __future__ import annotations

from playwright.sync_api import expect

from agilepa.community import services
from agilepa.community.models import Reuse
from agilepa.core.access import resolve_access
from agilepa.core.models import RoleKind
from agilepa.org.models import Membership, MembershipStatus
from tests.e2e.conftest import axe_violations
from tests.factories import NetworkFactory, UserFactory, grant
from tests.filebuilders import docx_bytes, upload


def test_hr_finds_a_model_regolamento_reuses_it_and_sees_the_draft(
    world, page_as, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    network = NetworkFactory(coordinator=world.b.body, name="Rete E2E", slug="rete-e2e")
    for body in (world.a.body, world.b.body):
        Membership.objects.create(
            network=network, body=body, applied_on="2026-01-10", status=MembershipStatus.ACTIVE
        )
    hr_b = grant(UserFactory(email="hr@b.it"), RoleKind.HR_ADMIN, body=world.b.body).user
    theme = network.tables.get(slug="disciplina-regolamenti")
    model = services.publish_material(
        resolve_access(hr_b, world.b.body),
        theme=theme,
        title="Regolamento tipo per il lavoro agile",
        summary="Il modello approvato dalla rete",
        kind="regulation",
        file=upload("modello.docx", docx_bytes("Articolo 1 Oggetto\nArticolo 2 Fasce orarie")),
    )
    services.publish_material(
        resolve_access(hr_b, world.b.body),
        theme=theme,
        title="Guida alla formazione",
        summary="Corsi per i dirigenti",
        kind="guide",
        text="Formazione",
    )
    slug = world.a.body.slug

    page = page_as("hr_admin")
    page.goto("/")
    expect(page.locator("h1")).to_contain_text(world.a.body.name)

    page.goto(f"/b/{slug}/library/")
    page.locator("#id_q").fill("regolamenti")
    page.locator("#library-search button[data-action=search]").click()
    results = page.locator("[data-materials] [data-material-id]")
    expect(results).to_have_count(1)
    expect(results.first).to_have_attribute("data-material-id", str(model.pk))
    assert axe_violations(page) == []

    results.first.locator("a").click()
    expect(page.locator(f"h1[data-material-id='{model.pk}']")).to_be_visible()
    expect(page.locator("[data-preview]")).to_contain_text("Articolo 2 Fasce orarie")
    assert axe_violations(page) == []

    page.locator("a[data-action=reuse]").click()
    page.locator("#reuse-form button[data-action=confirm-reuse]").click()
    expect(page.locator(f"[data-source-material='{model.pk}']")).to_be_visible()
    assert axe_violations(page) == []

    reuse = Reuse.objects.get(body=world.a.body)
    page.goto(f"/b/{slug}/regolamento/")
    row = page.locator("tr", has=page.locator(f"[data-regulation-id='{reuse.regulation_id}']"))
    expect(row.locator("[data-status=draft]")).to_be_visible()
    assert axe_violations(page) == []
