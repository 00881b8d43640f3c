"""Deferred acceptance against the Rosetta Code "Stable marriage problem" 10 × 10 instance.

Source: https://rosettacode.org/wiki/Stable_marriage_problem — its stable matching is unique, so
men proposing and women proposing must both find it.
"""

from __future__ import annotations

import numpy as np

from wohnbuendnis.analytics.allocation import deferred_acceptance

MEN = {
    "abe": "abi eve cath ivy jan dee fay bea hope gay",
    "bob": "cath hope abi dee eve fay bea jan ivy gay",
    "col": "hope eve abi dee bea fay ivy gay cath jan",
    "dan": "ivy fay dee gay hope eve jan bea cath abi",
    "ed": "jan dee bea cath fay eve abi ivy hope gay",
    "fred": "bea abi dee gay eve ivy cath jan hope fay",
    "gav": "gay eve ivy bea cath abi dee hope jan fay",
    "hal": "abi eve hope fay ivy cath jan bea gay dee",
    "ian": "hope cath dee gay bea abi fay ivy jan eve",
    "jon": "abi fay jan gay eve bea dee cath ivy hope",
}
WOMEN = {
    "abi": "bob fred jon gav ian abe dan ed col hal",
    "bea": "bob abe col fred gav dan ian ed jon hal",
    "cath": "fred bob ed gav hal col ian abe dan jon",
    "dee": "fred jon col abe ian hal gav dan bob ed",
    "eve": "jon hal fred dan abe gav col ed ian bob",
    "fay": "bob abe ed ian jon dan fred gav col hal",
    "gay": "jon gav hal fred bob abe col ed dan ian",
    "hope": "gav jon bob abe ian dan hal ed col fred",
    "ivy": "ian col hal gav fred bob abe ed jon dan",
    "jan": "ed hal gav abe bob jon col ian fred dan",
}
EXPECTED = {
    "abe": "ivy",
    "bob": "cath",
    "col": "dee",
    "dan": "fay",
    "ed": "jan",
    "fred": "bea",
    "gav": "gay",
    "hal": "eve",
    "ian": "hope",
    "jon": "abi",
}


def _solve(proposers: dict[str, str], receivers: dict[str, str]) -> dict[str, str]:
    p_names, r_names = list(proposers), list(receivers)
    prefs = [[r_names.index(name) for name in proposers[p].split()] for p in p_names]
    rank = np.array(
        [[receivers[r].split().index(p) for p in p_names] for r in r_names], dtype=np.int64
    )
    match = deferred_acceptance(prefs, rank)
    return {p_names[p]: r_names[int(r)] for p, r in enumerate(match)}


def test_men_proposing_finds_the_published_matching() -> None:
    assert _solve(MEN, WOMEN) == EXPECTED


def test_women_proposing_finds_the_same_unique_matching() -> None:
    by_woman = _solve(WOMEN, MEN)
    assert {man: woman for woman, man in by_woman.items()} == EXPECTED


def test_the_matching_has_no_blocking_pair() -> None:
    for man, prefs in MEN.items():
        wished = prefs.split()
        for woman in wished[: wished.index(EXPECTED[man])]:
            husband = next(m for m, w in EXPECTED.items() if w == woman)
            ranking = WOMEN[woman].split()
            assert ranking.index(husband) < ranking.index(man), (man, woman)


def test_a_receiver_prefers_the_better_proposer() -> None:
    # Both proposers want receiver 0; it ranks proposer 1 first, so proposer 0 moves on.
    match = deferred_acceptance([[0, 1], [0]], np.array([[1, 0], [0, 1]], dtype=np.int64))
    assert match.tolist() == [1, 0]
    # With one common priority (the allocation key) the lower value wins.
    assert deferred_acceptance([[0], [0]], np.array([5, 2], dtype=np.int64)).tolist() == [-1, 0]
