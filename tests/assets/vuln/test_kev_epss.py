"""KEV and EPSS parsing refuse bad input with the place named."""

from __future__ import annotations

import pytest

from assets.vuln import parse_epss, parse_kev
from assets.vuln.errors import AdvisoryError

EPSS = """#model_version:v2023.03.01,score_date:2025-08-25T00:00:00+0000
cve,epss,percentile
CVE-2021-44228,0.94358,0.99982
CVE-1999-0001,0.01,0.5
"""


def test_epss_csv_parses_after_its_model_line() -> None:
    scores = parse_epss(EPSS)
    assert scores["CVE-2021-44228"].epss == pytest.approx(0.94358)
    assert scores["CVE-1999-0001"].percentile == pytest.approx(0.5)


def test_epss_rejects_a_probability_out_of_range() -> None:
    with pytest.raises(AdvisoryError, match="row 2"):
        parse_epss("cve,epss,percentile\nCVE-2021-1,1.5,0.2\n", file="epss.csv")


def test_kev_rejects_an_entry_without_a_cve_id() -> None:
    with pytest.raises(AdvisoryError) as caught:
        parse_kev(
            {"vulnerabilities": [{"cveID": "nope", "dateAdded": "2024-01-01"}]}, file="kev.json"
        )
    assert caught.value.pointer == "/vulnerabilities/0/cveID"
