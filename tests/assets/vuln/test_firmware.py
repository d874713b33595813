"""FirmwareVersion: vendor numbering, qualifiers, refusal of non-versions, order properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assets.vuln.errors import VersionSyntaxError
from assets.vuln.firmware import FirmwareVersion

V = FirmwareVersion.parse


@pytest.mark.parametrize(
    ("lower", "higher"),
    [
        ("1.9", "1.10"),
        ("4.4", "4.33"),
        ("V4.32", "V4.33"),
        ("V2.9", "V2.9 SP1"),
        ("V2.9 SP1", "V2.9 SP1 Update 1"),
        ("V2.9 SP1 Update 4", "V2.10"),
        ("V4.2 SP2", "V4.2 SP3"),
        ("V3.2.1", "V3.2.1a"),
        ("V3.2.1a", "V3.2.1b"),
        ("V3.2.1b", "V3.2.2"),
        ("V2.1 Update 3", "V2.1 Update 4"),
        ("V2.1", "V2.1 HF2"),
        ("V3.15 P017", "V3.15 P018"),
        ("MX-V4.0.2.33", "MX-V4.0.2.33.r2"),
        ("MX-V4.7.2.35-r1", "MX-V4.7.2.35-r2"),
        ("1.9-39", "1.9-40"),
        ("2.004.06", "2.4.7"),
    ],
)
def test_it_orders_vendor_versions(lower: str, higher: str) -> None:
    assert V(lower) < V(higher)
    assert V(higher) > V(lower)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("V4.0", "4"),
        ("v3.2", "V3.2"),
        ("MX-V4.0.1.15", "4.0.1.15"),
        ("V15.1 Upd 4", "V15.1 Update 4"),
        ("V14 SP1", "V14 Service Pack 1"),
    ],
)
def test_it_treats_spellings_of_one_version_as_equal(left: str, right: str) -> None:
    assert V(left) == V(right)
    assert hash(V(left)) == hash(V(right))


@pytest.mark.parametrize(
    "text", ["V23Q4", "SR540", "OSE4", "MCE_3.x", "", "   ", "latest", "V2.1 Foo 3", "V2.9 HF1 SP1"]
)
def test_it_refuses_texts_that_are_no_firmware_version(text: str) -> None:
    with pytest.raises(VersionSyntaxError):
        V(text)


def test_it_keeps_the_input_text_for_display() -> None:
    assert str(V(" V3.2.1a ")) == "V3.2.1a"


_QUALIFIER = st.sampled_from(
    ["", " SP1", " SP3", " Update 2", " Upd 4", " HF1", " P018", "-r2", "a", "b"]
)
_versions = st.builds(
    lambda prefix, numbers, qualifier: prefix + ".".join(map(str, numbers)) + qualifier,
    st.sampled_from(["", "V", "v", "MX-V"]),
    st.lists(st.integers(min_value=0, max_value=120), min_size=1, max_size=5),
    _QUALIFIER,
)


@given(_versions, _versions)
def test_order_is_total_and_antisymmetric(a: str, b: str) -> None:
    x, y = V(a), V(b)
    assert (x < y) + (x == y) + (x > y) == 1
    if x <= y and y <= x:
        assert x == y


@given(_versions, _versions, _versions)
def test_order_is_transitive(a: str, b: str, c: str) -> None:
    x, y, z = sorted([V(a), V(b), V(c)])
    assert x <= y <= z and x <= z


@given(
    st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=5),
    st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=5),
)
def test_numeric_components_order_like_integer_tuples(a: list[int], b: list[int]) -> None:
    width = max(len(a), len(b))
    pad_a, pad_b = a + [0] * (width - len(a)), b + [0] * (width - len(b))
    x, y = V(".".join(map(str, a))), V(".".join(map(str, b)))
    assert (x < y) == (pad_a < pad_b)
    assert (x == y) == (pad_a == pad_b)


@given(st.lists(st.integers(min_value=0, max_value=999), min_size=1, max_size=4), _QUALIFIER)
def test_the_prefix_does_not_change_the_version(numbers: list[int], qualifier: str) -> None:
    body = ".".join(map(str, numbers)) + qualifier
    assert V(body) == V("V" + body) == V("v" + body) == V("MX-V" + body)
