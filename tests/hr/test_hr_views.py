"""The portal's views, the one place its entitlements are applied: what the fixed twin gives
each role is what the README's table says, and the vulnerable twin gives more. Pure."""

from __future__ import annotations

from fixtures.hr.data import generate
from fixtures.hr.views import (
    PAYROLL_COLUMNS,
    directory_view,
    exports_view,
    me_view,
    payroll_csv,
    person_view,
    team_view,
    viewer_reviews,
)

DS = generate(1)
PRIVATE = {"privateEmail", "mobile", "personnummer", "homeAddress"}


def test_fixed_reviews_are_the_viewers_own_and_carry_no_managers_note() -> None:
    for key in ("employee1", "employee2", "manager"):
        viewer = DS.person(key)
        reviews = viewer_reviews(DS, viewer, "fixed")
        assert reviews and {r["employeeId"] for r in reviews} == {viewer.id}
        assert {r["managerNote"] for r in reviews} == {None}
    vulnerable = viewer_reviews(DS, DS.person("employee1"), "vulnerable")
    assert len({r["employeeId"] for r in vulnerable}) == 3 and all(
        r["managerNote"] for r in vulnerable
    )


def test_fixed_team_gives_a_manager_salaries_and_absences_but_no_diagnosis() -> None:
    manager = DS.person("manager")
    members = team_view(DS, manager, "fixed")["members"]
    assert all(
        m["employment"]["monthlySalary"] and m["employment"]["bankAccount"] is None for m in members
    )
    assert any(m["absences"] for m in members)
    assert {a["diagnosis"] for m in members for a in m["absences"]} == {None}
    assert {m[k] for m in members for k in PRIVATE} == {None}


def test_fixed_team_gives_an_employee_only_cards_and_her_own_record() -> None:
    me = DS.person("employee2")
    for member in team_view(DS, me, "fixed")["members"]:
        own = member["id"] == me.id
        assert (member["employment"] is not None) == own
        assert all((member[k] is not None) == own for k in PRIVATE)
        assert bool(member["absences"]) == own


def test_fixed_directory_people_and_exports_hold_no_one_elses_private_data() -> None:
    for key in ("employee1", "manager"):
        viewer = DS.person(key)
        for entry in directory_view(DS, viewer, "fixed"):
            assert (entry["id"] == viewer.id) == bool(PRIVATE & set(entry))
        boss = DS.persons[viewer.manager_id or ""]
        assert set(person_view(viewer, boss, "fixed")) == {
            "id",
            "employeeNumber",
            "name",
            "title",
            "workEmail",
            "workPhone",
        }
        assert set(me_view(DS, viewer, "fixed")["manager"]) == {
            "id",
            "name",
            "title",
            "workEmail",
            "workPhone",
        }
        assert exports_view(DS, viewer, "fixed") == []
    assert len(exports_view(DS, DS.person("hr"), "fixed")) == 2


def test_the_payroll_list_has_one_row_per_employee() -> None:
    lines = payroll_csv(DS).splitlines()
    assert lines[0].split(";") == list(PAYROLL_COLUMNS)
    assert len(lines) == 1 + len(DS.persons)
