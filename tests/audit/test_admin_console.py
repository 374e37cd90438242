"""Platform administrators read the whole trail in the console, and can change none of it."""

from __future__ import annotations

import pytest
from django.test import Client

from agilepa.audit import services as audit
from agilepa.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_a_platform_admin_reads_every_bodys_entries_in_the_console(world) -> None:
    audit.record("person.update", body=world.a.body, label="Entry of body A")
    audit.record("person.update", body=world.b.body, label="Entry of body B")
    client = Client()
    client.force_login(world.users["platform_admin"])
    page = client.get("/admin/audit/auditentry/")
    assert page.status_code == 200
    assert "Entry of body A" in page.content.decode()
    assert "Entry of body B" in page.content.decode()
    filtered = client.get("/admin/audit/auditentry/", {"body__id__exact": world.a.body.pk})
    assert "Entry of body B" not in filtered.content.decode()


def test_the_console_cannot_add_change_or_delete_an_entry(world) -> None:
    entry = audit.record("person.update", body=world.a.body, label="Kept")
    client = Client()
    client.force_login(world.users["platform_admin"])
    assert client.get("/admin/audit/auditentry/add/").status_code == 403
    change = f"/admin/audit/auditentry/{entry.pk}/change/"
    assert client.get(change).status_code == 200  # read-only view
    client.post(change, {"object_label": "Changed", "action": "x"})
    assert (
        client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    client.post(
        "/admin/audit/auditentry/",
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    entry.refresh_from_db()
    assert entry.object_label == "Kept"
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
