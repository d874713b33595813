"""The standard checks: SBOM coverage and age, end of support, TLS certificates (real TLS server)."""

from __future__ import annotations

import datetime as dt
import ssl
import threading

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.utils import timezone

from assets.tls import TlsProbeError, tls_probe
from bollwerk.checks import services
from bollwerk.checks.models import CheckRun, Finding
from tests.assets.factories import AssetFactory, ProductFactory, SbomFactory, TlsEndpointFactory

pytestmark = pytest.mark.django_db


def run(org, name):
    done = services.check_run_now(organization=org, check_name=name, trigger="manual")
    assert done.status == CheckRun.Status.SUCCEEDED, done.error
    return done


def open_kinds(org, source):
    return sorted(
        Finding.objects.for_org(org)
        .filter(source=source)
        .exclude(status="resolved")
        .values_list("kind", flat=True)
    )


# --- SBOM ---------------------------------------------------------------------


def test_products_in_operation_need_a_current_sbom_of_their_version(org):
    missing = ProductFactory(organization=org, name="RTU firmware", version="2.1")
    AssetFactory(organization=org, product=missing, lifecycle="in_operation")
    planned_only = ProductFactory(organization=org, name="Planned", version="1")
    AssetFactory(organization=org, product=planned_only, lifecycle="planned")
    stale = ProductFactory(organization=org, name="SCADA", version="5")
    AssetFactory(organization=org, product=stale, lifecycle="in_operation")
    old = SbomFactory(organization=org, product=stale, metadata_component={"version": "5"})
    type(old).objects.filter(pk=old.pk).update(timestamp=timezone.now() - dt.timedelta(days=400))
    other = ProductFactory(organization=org, name="HMI", version="3.0")
    AssetFactory(organization=org, product=other, lifecycle="in_operation")
    SbomFactory(
        organization=org,
        product=other,
        metadata_component={"version": "2.9"},
        timestamp=timezone.now(),
    )
    good = ProductFactory(organization=org, name="Good", version="1")
    AssetFactory(organization=org, product=good, lifecycle="in_operation")
    SbomFactory(
        organization=org,
        product=good,
        metadata_component={"version": "1"},
        timestamp=timezone.now(),
    )
    done = run(org, "sbom_coverage_and_staleness")
    assert open_kinds(org, "sbom_coverage_and_staleness") == [
        "sbom_missing",
        "sbom_stale",
        "sbom_version_mismatch",
    ]
    assert done.counts["products_in_operation"] == 4


# --- end of support -------------------------------------------------------------


def test_assets_past_or_near_end_of_support_are_findings(org):
    today = timezone.localdate()
    past = AssetFactory(organization=org, end_of_support=today - dt.timedelta(days=1))
    near = AssetFactory(organization=org, end_of_support=today + dt.timedelta(days=179))
    AssetFactory(organization=org, end_of_support=today + dt.timedelta(days=181))
    AssetFactory(organization=org, end_of_support=None)
    AssetFactory(organization=org, end_of_support=today, lifecycle="decommissioned")
    run(org, "end_of_support")
    found = {
        f.asset_ref: (f.kind, f.severity)
        for f in Finding.objects.for_org(org).filter(source="end_of_support")
    }
    assert found == {
        str(past.pk): ("end_of_support_passed", "high"),
        str(near.pk): ("end_of_support_near", "medium"),
    }


# --- TLS ------------------------------------------------------------------------


def make_cert(tmp_path, *, days, bits=2048, algorithm=None):
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "leitstelle.test")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=days))
        .sign(key, algorithm or hashes.SHA256())
    )
    cert_path, key_path = tmp_path / f"c{days}{bits}.pem", tmp_path / f"k{days}{bits}.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
def tls_server(tmp_path):
    """``tls_server(days=..., bits=...)`` starts a TLS server on 127.0.0.1; returns its port."""
    servers = []

    def start(**cert_args):
        import socket

        cert, key = make_cert(tmp_path, **cert_args)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.set_ciphers("DEFAULT:@SECLEVEL=0")
        context.load_cert_chain(cert, key)
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        sock.settimeout(0.2)
        stop = threading.Event()

        def serve():
            while not stop.is_set():
                try:
                    conn, _ = sock.accept()
                except OSError:
                    continue
                try:
                    conn.settimeout(2)
                    with context.wrap_socket(conn, server_side=True) as tls:
                        tls.recv(1)
                except (OSError, ssl.SSLError):
                    pass

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        servers.append((stop, thread, sock))
        return sock.getsockname()[1]

    yield start
    for stop, thread, sock in servers:
        stop.set()
        thread.join(2)
        sock.close()


def test_a_certificate_expiring_in_10_days_and_a_short_key_are_findings(org, tls_server):
    soon = TlsEndpointFactory(organization=org, host="127.0.0.1", port=tls_server(days=10))
    weak = TlsEndpointFactory(
        organization=org, host="127.0.0.1", port=tls_server(days=365, bits=1024)
    )
    fine = TlsEndpointFactory(organization=org, host="localhost", port=tls_server(days=365))
    run(org, "tls_certificates")
    by_endpoint = {}
    for f in Finding.objects.for_org(org).filter(source="tls_certificates"):
        by_endpoint.setdefault(f.affected_objects[0]["id"], []).append(f.kind)
    assert by_endpoint == {
        str(soon.pk): ["tls_cert_expiring"],
        str(weak.pk): ["tls_weak_key"],
    }
    assert str(fine.pk) not in by_endpoint


def test_an_endpoint_outside_the_allowed_networks_is_refused_without_connecting(settings):
    from ipaddress import ip_network

    with pytest.raises(TlsProbeError, match="outside the allowed networks"):
        tls_probe(
            host="127.0.0.1",
            port=443,
            server_name="x",
            allowed=[ip_network("10.0.0.0/8")],
        )


def test_an_unreachable_endpoint_is_a_low_finding(org):
    TlsEndpointFactory(organization=org, host="127.0.0.1", port=1)
    run(org, "tls_certificates")
    assert open_kinds(org, "tls_certificates") == ["tls_unreachable"]
