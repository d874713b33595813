"""JSF signature verification: documents signed at test time with generated keys."""

from __future__ import annotations

import copy
import json

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from assets.procurement.models import ClaimAnswer
from assets.procurement.services import offer_create
from assets.procurement.signature import jsf_sign, jsf_verify, public_jwk
from assets.services.sbom import sbom_import

LARAVEL = "sboms/cyclonedx/bom-examples_laravel-7.12.0.cdx-1.4.json"


def _keys():
    ec_key = ec.generate_private_key(ec.SECP256R1())
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ed_key = ed25519.Ed25519PrivateKey.generate()
    return [("ES256", ec_key), ("RS256", rsa_key), ("Ed25519", ed_key)]


@pytest.fixture
def document(external_data):
    return json.loads((external_data / LARAVEL).read_text())


@pytest.mark.parametrize("algorithm,key", _keys(), ids=["ES256", "RS256", "Ed25519"])
def test_valid_tampered_and_wrong_key(document, algorithm, key):
    signed = jsf_sign(document, key, algorithm=algorithm, public_jwk=public_jwk(key.public_key()))
    check = jsf_verify(signed)
    assert check.state == "valid", check.reason
    assert check.algorithms == [algorithm]

    tampered = copy.deepcopy(signed)
    tampered["components"][0]["version"] = "v9.9.9"
    assert jsf_verify(tampered).state == "invalid"
    assert "does not match" in jsf_verify(tampered).reason

    # key order and whitespace do not matter (JCS), so a re-serialised copy still verifies
    reordered = json.loads(json.dumps(signed, indent=3, sort_keys=True))
    assert jsf_verify(reordered).state == "valid"

    other = _keys()[[a for a, _ in _keys()].index(algorithm)][1]
    swapped = copy.deepcopy(signed)
    swapped["signature"]["publicKey"] = public_jwk(other.public_key())
    assert jsf_verify(swapped).state == "invalid"


def test_absent_and_malformed(document):
    assert jsf_verify(document).state == "absent"
    broken = {**document, "signature": {"algorithm": "ES256", "value": "AAAA"}}
    assert "no embedded public key" in jsf_verify(broken).reason
    key = ec.generate_private_key(ec.SECP256R1())
    signed = jsf_sign(document, key, algorithm="ES256", public_jwk=public_jwk(key.public_key()))
    signed["signature"]["algorithm"] = "XS999"
    assert jsf_verify(signed).state == "invalid"


@pytest.mark.django_db
def test_signed_sbom_claim_verified_and_tampered_contradicted(org, document, tmp_path):
    from assets.models import Product, Supplier

    supplier = Supplier.objects.create(organization=org, name="Laravel LLC")
    product = Product.objects.create(
        organization=org, supplier=supplier, name="laravel", version="7.12.0"
    )
    key = ec.generate_private_key(ec.SECP256R1())
    signed = jsf_sign(document, key, algorithm="ES256", public_jwk=public_jwk(key.public_key()))
    path = tmp_path / "signed.cdx.json"
    path.write_text(json.dumps(signed))
    sbom_import(org=org, file=path, product=product)
    offer = offer_create(org=org, supplier=supplier, product=product)
    answer = ClaimAnswer.objects.get(offer=offer, claim_id="SBOM-02")
    assert answer.state == ClaimAnswer.State.VERIFIED_DATA, answer.summary
    assert answer.evidence["signature"]["algorithms"] == ["ES256"]

    signed["metadata"]["timestamp"] = "2030-01-01T00:00:00Z"  # altered after signing
    path.write_text(json.dumps(signed))
    sbom_import(org=org, file=path, product=product)
    from assets.procurement.services import offer_claims_verify

    offer_claims_verify(offer=offer)
    answer.refresh_from_db()
    assert answer.state == ClaimAnswer.State.CONTRADICTED
    assert "does not match" in answer.summary
