"""Is a value shown? Whole words of the folded visible text, indexed once per text."""

from __future__ import annotations

import random
from collections.abc import Iterable

import pytest

from leakcheck.extract import rendered as rendered_module
from leakcheck.extract.rendered import PREFIX, VisibleText, value_key
from leakcheck.models import Rendered
from leakcheck.textnorm import fold

YES, NO, UNKNOWN = Rendered.YES, Rendered.NO, Rendered.UNKNOWN


@pytest.mark.parametrize(
    ("text", "value", "expected"),
    [
        # A short value inside an unrelated word is not shown.
        ("Annual report 2026", "Ann", NO),
        ("Annual report · Ann", "Ann", YES),
        ("ANN", "ann", YES),
        # A number inside a longer number is not shown.
        ("CPR 0101901234", "1234", NO),
        ("Kundenummer 12345678", "1234", NO),
        ("CPR 010190-1234", "1234", NO),
        ("Pris: 2.350.000 kr.", "350", NO),
        ("Pris: 2.350.000 kr.", "350000", NO),
        ("Pris 3 250 000 kr", "250 000", NO),
        ("Pris 3 250 000 kr", "250000", NO),
        ("Pris 3\u00a0250\u00a0000 kr", "250000", NO),
        # ... while the same number written another way is.
        ("Pris: 2.350.000 kr.", "2350000", YES),
        ("Price: 2,350,000 DKK", "2350000", YES),
        ("Pris 3 250 000 kr", "3250000", YES),
        ("Pris 3\u00a0250\u00a0000 kr", "3 250 000", YES),
        ("Bud 3 250.000 kr", "250000", YES),
        ("CPR 010190-1234", "0101901234", YES),
        ("CPR 0101901234", "010190-1234", YES),
        ("Tlf. +45 12 34 56 78", "12345678", YES),
        ("Tlf. +45 12 34 56 78", "+4512345678", YES),
        ("Tlf. 12345678", "+45 12 34 56 78", NO),
        # A value that spans words matches whole words only.
        ("Køber: Ann Bergström", "Ann Berg", NO),
        ("Køber: Ann Bergström", "Ann Bergström", YES),
        ("Køber: Ann Berg.", "Ann Berg", YES),
        ("Køber:\n  ANN   BERG;", "Ann Berg", YES),
        ("Køber: Ann Berg-Dahl", "Ann Berg", NO),
        ("Køber: Anne-Marie Berg", "Marie Berg", NO),
        ("Køber: Anne-Marie Berg", "Anne-Marie Berg", YES),
        ("Bergström, Ann", "Ann Bergström", NO),
        ("Bo Dahl (køber)", "(Bo Dahl)", YES),
        # Longer values (past the index's prefix) follow the same rule.
        ("Adresse: Nørregade 12, 8000 Aarhus C", "Nørregade 12, 8000 Aarhus C", YES),
        ("Adresse: Nørregade 12, 8000 Aarhus C", "Nørregade 12, 8000 Aarh", NO),
        ("Adresse: Nørregade 12, 8000 Aarhus C", "rregade 12, 8000 Aarhus C", NO),
        ("Kontakt: bo.dahl@mail.example.", "bo.dahl@mail.example", YES),
        ("Kontakt: bo.dahl@mail.example.", "dahl@mail.example", NO),
        ("Kontakt: bo.dahl@mail.example.", "mail.example", YES),
        # Invisible characters a CMS puts inside words do not split them.
        ("Ejendoms\u00admægler Ann", "Ejendomsmægler", YES),
        ("Ejendoms\u00admægler Ann", "mægler", NO),
        ("Zero\u200bwidth", "zerowidth", YES),
        ("Sælger: Ann Berg\u200e", "Ann Berg", YES),
        # Composed and decomposed letters are the same letters.
        ("Køber: Ann Bergstro\u0308m", "Ann Bergström", YES),
        ("Køber: Ann Bergström", "Ann Bergstro\u0308m", YES),
        ("Køber: Anne\u0308 Berg", "Anne", NO),
    ],
)
def test_a_value_is_rendered_only_as_whole_words(text: str, value: str, expected: Rendered) -> None:
    assert VisibleText(text).rendered(value) is expected


def test_without_a_snapshot_or_a_comparable_value_nothing_is_known() -> None:
    assert VisibleText(None).rendered("Ann Berg") is UNKNOWN
    assert VisibleText.merged([VisibleText(None), VisibleText(None)]).rendered("Ann") is UNKNOWN
    assert VisibleText("Ann Berg · 12").rendered(" - ") is UNKNOWN
    assert VisibleText("Ann Berg + 12").rendered("+") is UNKNOWN
    assert VisibleText("").rendered("Ann") is NO


def test_merged_pages_show_what_any_page_shows_but_no_match_spans_two_pages() -> None:
    pages = [VisibleText("Sælger: Ann"), VisibleText(None), VisibleText("Berg og Bo Dahl")]
    role = VisibleText.merged(pages)
    assert role.rendered("Ann") is YES
    assert role.rendered("Bo Dahl") is YES
    assert role.rendered("Ann Berg") is NO
    assert VisibleText("Sælger: Ann\nBerg og Bo Dahl").rendered("Ann Berg") is YES


def test_value_key_folds_and_drops_what_surrounds_the_words() -> None:
    assert value_key("+45 12 34 56 78") == "4512345678"
    assert value_key("(Ann Berg)") == "annberg"
    assert value_key("bo@dahl.dk") == "bo@dahldk"
    assert value_key("Ejendoms\u00admægler") == "ejendomsmægler"
    assert value_key("—") == ""


def test_each_text_is_indexed_once_and_each_value_answered_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built: list[int] = []
    original = rendered_module._WordIndex

    class CountingIndex(original):
        def __init__(self, texts: Iterable[str]) -> None:
            built.append(1)
            super().__init__(texts)

    monkeypatch.setattr(rendered_module, "_WordIndex", CountingIndex)
    visible = VisibleText.merged(VisibleText(f"Side {n}: Bo Dahl{n}") for n in range(50))
    answers = [visible.rendered(f"Bo Dahl{n}") for n in range(50)] + [visible.rendered("Ann")]
    assert answers == [YES] * 50 + [NO]
    assert visible.rendered("Bo Dahl7") is YES
    assert built == [1]


def _words(text: str) -> list[tuple[int, int]]:
    parts = rendered_module._SPLIT.split(text)
    spans, position = [], 0
    for index, part in enumerate(parts):
        if index % 2:
            spans.append((position, position + len(part)))
        position += len(part)
    return spans


def _shown_by_brute_force(texts: list[str], value: str) -> bool:
    """The definition, quadratically: some run of whole words of one page folds to the key."""
    key = value_key(value)
    for text in texts:
        spans = _words(text)
        for i, (start, _) in enumerate(spans):
            if any(fold(text[start:end]) == key for _, end in spans[i:]):
                return True
    return False


@pytest.mark.parametrize("few", [rendered_module.FEW, 0], ids=["as-built", "always-refined"])
def test_the_index_answers_as_the_definition_does_on_random_texts(
    few: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Short and long keys, around the index's prefix length, on generated pages; again with
    every shared prefix refined (as a site's footer on hundreds of pages makes them)."""
    monkeypatch.setattr(rendered_module, "FEW", few)
    rng = random.Random(15)
    alphabet = ["ann", "berg", "bo", "dahl", "12", "34", "2.350", "000", "x", "ström", "a-b"]
    gaps = [" ", "  ", ", ", "\n", " · ", "@", "\t", " + "]
    lengths = set()
    for _ in range(40):
        texts = [
            "".join(rng.choice(alphabet) + rng.choice(gaps) for _ in range(rng.randrange(1, 12)))
            for _ in range(rng.randrange(1, 4))
        ]
        visible = VisibleText.merged(VisibleText(t) for t in texts)
        for _ in range(15):
            words = [rng.choice(alphabet) for _ in range(rng.randrange(1, 5))]
            value = rng.choice([" ", "", "-"]).join(words)
            expected = YES if _shown_by_brute_force(texts, value) else NO
            assert visible.rendered(value) is expected, (texts, value)
            lengths.add(len(value_key(value)))
    assert min(lengths) < PREFIX < max(lengths)  # both ways of looking a key up were taken


def test_a_footer_on_every_page_is_not_compared_once_per_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    footer = "Kontakt: +45 70 20 30 40 · estate@mail.example"
    visible = VisibleText.merged(VisibleText(f"Sag {n}: Villa\n{footer}") for n in range(300))
    compared: list[int] = []
    original = rendered_module._WordIndex.starts_any

    def counting(index: object, key: str, positions: Iterable[int]) -> bool:
        positions = list(positions)
        compared.append(len(positions))
        return original(index, key, positions)

    monkeypatch.setattr(rendered_module._WordIndex, "starts_any", counting)
    shown = ["+45 70 20 30 40", "4570203040", "+45 70 20 30 40 · estate@mail.example"]
    hidden = [f"+45 70 20 30 {n}" for n in range(41, 100)]
    hidden += ["+45 70 20 30 40 · estate@mail.exam", "+45 70 20 30 40 · estate@mail.example.dk"]
    assert [visible.rendered(v) for v in shown] == [YES] * len(shown)
    assert [visible.rendered(v) for v in hidden] == [NO] * len(hidden)
    assert max(compared, default=0) <= rendered_module.FEW
