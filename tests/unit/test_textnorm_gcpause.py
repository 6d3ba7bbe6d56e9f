"""fold works per character (the judge folds word runs from folded words); GC pauses nest."""

from __future__ import annotations

import gc
import random

from leakcheck.gcpause import paused_gc
from leakcheck.textnorm import fold

ALPHABET = "aZøÆßİΣσς ΑΩ.,-'’\u00a0\u202f:/()@_=\"|x9²"


def test_fold_of_a_concatenation_is_the_concatenation_of_folds() -> None:
    rng = random.Random(5)
    for _ in range(5_000):
        a = "".join(rng.choices(ALPHABET, k=rng.randrange(0, 9)))
        b = "".join(rng.choices(ALPHABET, k=rng.randrange(0, 9)))
        assert fold(a + b) == fold(a) + fold(b), (a, b)


def test_fold_removes_separators_and_case() -> None:
    assert fold("010190-1234") == fold("0101901234") == "0101901234"
    assert fold("2.350.000 kr.") == "2350000kr"
    assert fold("Søren  SØRENSEN") == "sørensørensen"
    assert fold("Straße") == "strasse"


def test_gc_pauses_nest_and_restore() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # only the outermost pause re-enables
    assert gc.isenabled()
