from agilepa.core.access import Role, resolve_access
from agilepa.org.selectors import people_for


def test_each_role_resolves_in_its_own_body_and_none_in_a_foreign_one(world) -> None:
    expected = {
        "employee": {Role.EMPLOYEE},
        "manager": {Role.EMPLOYEE, Role.MANAGER},
        "hr_admin": {Role.HR_ADMIN},
        "observer": {Role.OBSERVER},
        "platform_admin": {Role.PLATFORM_ADMIN},
    }
    for name, roles in expected.items():
        access = resolve_access(world.users[name], world.a.body)
        assert access is not None and set(access.roles) == roles, name
    for name in ["employee", "manager", "hr_admin", "observer", "coordinator", "nobody"]:
        assert resolve_access(world.users[name], world.b.body) is None, name


def test_a_manager_sees_their_subtree_and_not_the_rest_of_the_body(world) -> None:
    access = resolve_access(world.users["manager"], world.a.body)
    visible = set(people_for(access).values_list("pk", flat=True))
    assert world.a.colleague.pk in visible
    assert world.a.employee_person.pk in visible
    assert world.a.outsider.pk not in visible


def test_an_employee_sees_only_themselves_and_an_observer_nobody(world) -> None:
    employee = resolve_access(world.users["employee"], world.a.body)
    assert list(people_for(employee).values_list("pk", flat=True)) == [world.a.employee_person.pk]
    observer = resolve_access(world.users["observer"], world.a.body)
    assert not people_for(observer).exists()
