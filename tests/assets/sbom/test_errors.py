"""The one exception type: a single line naming the file, the place and the problem."""

from __future__ import annotations

from assets.sbom import SbomError, ValidationIssue
from assets.sbom.errors import shorten


def test_it_names_file_pointer_and_message():
    error = SbomError(
        "bom.json", 'schema violation: 5 is not of type "string"', "/components/3/purl"
    )
    assert (
        str(error) == 'bom.json at /components/3/purl: schema violation: 5 is not of type "string"'
    )


def test_it_adds_the_line_for_xml():
    error = SbomError("bom.xml", "bad", "/bom/components/component[2]/purl", 17)
    assert str(error) == "bom.xml at /bom/components/component[2]/purl (line 17): bad"


def test_it_names_the_document_root_as_slash():
    assert str(SbomError("bom.json", "not an object", "")) == "bom.json at /: not an object"


def test_it_is_always_one_line():
    error = SbomError("bom.json", "first line\nsecond line\n\n  third")
    assert "\n" not in str(error)
    assert str(error) == "bom.json: first line second line third"


def test_it_shortens_huge_messages_in_the_middle():
    text = "start " + "x" * 5000 + " end"
    short = shorten(text)
    assert len(short) <= 300
    assert short.startswith("start") and short.endswith("end")


def test_it_counts_further_issues():
    issues = [
        ValidationIssue("/a", "one"),
        ValidationIssue("/b", "two"),
        ValidationIssue("/c", "three"),
    ]
    error = SbomError.from_issues("f.json", issues)
    assert str(error) == "f.json at /a: schema violation: one (and 2 more problems)"


def test_an_issue_reads_with_its_line():
    assert str(ValidationIssue("/bom/components", "oops", 3)) == "/bom/components (line 3): oops"
