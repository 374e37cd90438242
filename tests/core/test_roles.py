import json

from agilepa.core.access import Role, resolve_access
from agilepa.core.models import RoleAssignment, RoleKind, User


def test_hr_gives_an_observer_role_to_a_new_address_who_is_invited(
    world, mailoutbox, client_as
) -> None:
    response = client_as("hr_admin").post(
        f"/b/{world.a.body.slug}/roles/", {"email": "cug@a.it", "kind": "observer", "unit": ""}
    )
    assert response.status_code == 302
    user = User.objects.get(email="cug@a.it")
    assert resolve_access(user, world.a.body).roles == {Role.OBSERVER}
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["cug@a.it"]
    assert "/account/password/reset/" in mailoutbox[0].body


def test_a_manager_role_needs_a_unit_and_then_covers_its_subtree(world, client_as) -> None:
    client = client_as("hr_admin")
    refused = client.post(
        f"/b/{world.a.body.slug}/roles/", {"email": "vice@a.it", "kind": "manager", "unit": ""}
    )
    assert refused.status_code == 422
    assert "needs a unit" in refused.content.decode()
    client.post(
        f"/b/{world.a.body.slug}/roles/",
        {"email": "vice@a.it", "kind": "manager", "unit": world.a.other_area.pk},
    )
    access = resolve_access(User.objects.get(email="vice@a.it"), world.a.body)
    assert access.is_manager and access.managed_paths == (world.a.other_area.path,)


def test_a_unit_of_another_body_is_not_accepted_for_a_manager(world, client_as) -> None:
    response = client_as("hr_admin").post(
        f"/api/v1/bodies/{world.a.body.slug}/roles",
        json.dumps({"email": "x@a.it", "kind": "manager", "unit_id": world.b.area.pk}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert not RoleAssignment.objects.filter(user__email="x@a.it").exists()


def test_hr_cannot_remove_their_own_hr_role(world, client_as) -> None:
    own = RoleAssignment.objects.get(user=world.users["hr_admin"], kind=RoleKind.HR_ADMIN)
    response = client_as("hr_admin").post(
        f"/b/{world.a.body.slug}/roles/{own.pk}/revoke/", follow=True
    )
    assert "cannot remove your own" in response.content.decode()
    assert RoleAssignment.objects.filter(pk=own.pk).exists()


def test_hr_removes_an_observer_role(world, client_as) -> None:
    observer = RoleAssignment.objects.get(kind=RoleKind.OBSERVER, body=world.a.body)
    response = client_as("hr_admin").delete(
        f"/api/v1/bodies/{world.a.body.slug}/roles/{observer.pk}"
    )
    assert response.status_code == 204
    assert resolve_access(world.users["observer"], world.a.body) is None


def test_inviting_a_person_links_a_login_and_sends_the_invitation(
    world, mailoutbox, client_as
) -> None:
    person = world.a.colleague
    response = client_as("hr_admin").post(
        f"/api/v1/bodies/{world.a.body.slug}/people/{person.pk}/login"
    )
    assert response.status_code == 201
    person.refresh_from_db()
    assert person.user.email == person.email
    assert resolve_access(person.user, world.a.body).roles == {Role.EMPLOYEE}
    assert mailoutbox[0].to == [person.email]
    again = client_as("hr_admin").post(
        f"/api/v1/bodies/{world.a.body.slug}/people/{person.pk}/login"
    )
    assert again.status_code == 422
    assert "already has a login" in again.json()["detail"]


def test_hr_invites_a_person_from_their_page(world, mailoutbox, client_as) -> None:
    person = world.a.colleague
    page = client_as("hr_admin").get(f"/b/{world.a.body.slug}/people/{person.pk}/")
    invite_url = f"/b/{world.a.body.slug}/people/{person.pk}/invite/"
    assert invite_url in page.content.decode()
    response = client_as("hr_admin").post(invite_url, follow=True)
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.user is not None and len(mailoutbox) == 1


def test_a_refused_role_keeps_the_chosen_unit_and_the_queries_do_not_grow_with_units(
    world, client_as
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_unit

    client = client_as("hr_admin")
    url = f"/b/{world.a.body.slug}/roles/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(20):
        make_unit(world.a.body, f"X{n}", parent=world.a.root)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert " selected>" not in page  # nothing chosen yet
    refused = client.post(
        url, {"email": "not an address", "kind": "manager", "unit": world.a.other_area.pk}
    ).content.decode()
    assert f'<option value="{world.a.other_area.pk}" selected>' in refused
    assert refused.count(" selected>") == 2  # the role and the unit
