"""catalogue_diff tells which controls were added, removed, renamed or reworded."""

from __future__ import annotations

from compliance.catalogue import (
    Applicability,
    Catalogue,
    Control,
    Duty,
    LegalRef,
    LegalWeight,
    Text,
    catalogue_diff,
    catalogue_load,
)


def control(cid: str, statement: str = "s", replaces: tuple[str, ...] = ()) -> Control:
    return Control(
        id=cid,
        duty_id=cid.split(".")[0],
        statement=Text(f"{statement} (de)", statement),
        guidance=Text("g", "g"),
        evidence=Text("e", "e"),
        review_months=12,
        signal=None,
        legal_weight=LegalWeight.DERIVED,
        replaces=replaces,
    )


def catalogue(version: str, *controls: Control) -> Catalogue:
    by_duty: dict[str, list[Control]] = {}
    for c in controls:
        by_duty.setdefault(c.duty_id, []).append(c)
    duties = tuple(
        Duty(
            id=duty_id,
            title=Text("t", "t"),
            summary=Text("s", "s"),
            references=(LegalRef("BSIG", "§30"),),
            applies=frozenset({Applicability.ESSENTIAL}),
            measure=None,
            controls=tuple(cs),
        )
        for duty_id, cs in by_duty.items()
    )
    return Catalogue("test", version, "2026-01-01", duties)


def test_the_same_catalogue_has_no_changes():
    shipped = catalogue_load()
    diff = catalogue_diff(shipped, shipped)
    assert diff.unchanged
    assert all(diff.mapping[cid] == (cid,) for cid in shipped.control_ids)


def test_it_lists_added_and_removed_controls():
    old = catalogue("1", control("A.1"), control("A.2"))
    new = catalogue("2", control("A.1"), control("A.3"))
    diff = catalogue_diff(old, new)
    assert (diff.old_version, diff.new_version) == ("1", "2")
    assert diff.added == ("A.3",)
    assert diff.removed == ("A.2",)
    assert diff.mapping == {"A.1": ("A.1",), "A.2": ()}


def test_a_replaces_field_makes_a_rename_not_an_add_and_remove():
    old = catalogue("1", control("A.1"), control("A.2"))
    new = catalogue("2", control("A.1"), control("B.1", replaces=("A.2",)))
    diff = catalogue_diff(old, new)
    assert diff.added == ()
    assert diff.removed == ()
    assert [(r.old_id, r.new_ids) for r in diff.renamed] == [("A.2", ("B.1",))]
    assert diff.mapping["A.2"] == ("B.1",)


def test_a_split_maps_the_old_control_to_all_successors():
    old = catalogue("1", control("A.1"))
    new = catalogue("2", control("A.2", replaces=("A.1",)), control("A.3", replaces=("A.1",)))
    assert catalogue_diff(old, new).mapping == {"A.1": ("A.2", "A.3")}


def test_a_merge_maps_several_old_controls_to_one():
    old = catalogue("1", control("A.1"), control("A.2"))
    new = catalogue("2", control("A.9", replaces=("A.1", "A.2")))
    diff = catalogue_diff(old, new)
    assert diff.mapping == {"A.1": ("A.9",), "A.2": ("A.9",)}
    assert diff.added == ()


def test_a_replaces_entry_for_an_even_older_version_is_ignored():
    old = catalogue("2", control("A.1"))
    new = catalogue("3", control("A.1"), control("A.5", replaces=("Z.1",)))
    diff = catalogue_diff(old, new)
    assert diff.added == ("A.5",)
    assert diff.renamed == ()


def test_a_changed_statement_under_the_same_id_is_reported_as_reworded():
    old = catalogue("1", control("A.1", "old wording"))
    new = catalogue("2", control("A.1", "new wording"))
    diff = catalogue_diff(old, new)
    assert diff.reworded == ("A.1",)
    assert diff.mapping == {"A.1": ("A.1",)}


def test_a_control_that_keeps_its_id_but_moves_duty_is_reported_as_moved():
    old = catalogue("1", control("A.1"))
    moved = Control(**{**control("A.1").__dict__, "duty_id": "B"})
    new = Catalogue(
        "test",
        "2",
        "2026-01-01",
        (
            Duty(
                "B",
                Text("t", "t"),
                Text("s", "s"),
                (LegalRef("BSIG", "§30"),),
                frozenset({Applicability.ESSENTIAL}),
                None,
                (moved,),
            ),
        ),
    )
    assert catalogue_diff(old, new).moved == ("A.1",)
