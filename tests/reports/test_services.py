"""Generation, archive, integrity, signing and verification of reports."""

import datetime as dt
import hashlib
import io
import json
import zipfile

import pytest
from pypdf import PdfReader

from bollwerk.models import AuditEvent
from reports.models import Report
from reports.services.archive import report_download, report_release, report_verify
from reports.services.generation import report_generate_now, report_render, report_request
from tests.reports.conftest import pdf_text

pytestmark = pytest.mark.django_db


def _bytes(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def test_a_generated_report_is_archived_with_the_hash_of_its_bytes_and_a_manifest(
    org, officer, inventory
):
    report = report_generate_now(
        organization=org, report_type="inventory", audience="auditor", language="en", user=officer
    )
    data = _bytes(report.file)
    assert report.status == Report.Status.DONE and report.progress == 100
    assert report.sha256 == hashlib.sha256(data).hexdigest()
    assert report.pages >= 4
    assert report.manifest["report_id"] == str(report.public_id)
    assert report.manifest["organization"]["slug"] == org.slug
    assert report.manifest["generated_by"] == officer.email
    assert report.manifest["sha256"] == report.sha256
    assert str(org.pk) in report.file.name and str(report.public_id) in report.file.name
    event = AuditEvent.objects.get(action=AuditEvent.Action.REPORT_GENERATED)
    assert event.organization_id == org.pk and event.changes["sha256"] == report.sha256


def test_metadata_names_the_report_id_and_nothing_sensitive(org, inventory):
    report = report_generate_now(organization=org, report_type="inventory", audience="auditor")
    reader = PdfReader(io.BytesIO(_bytes(report.file)))
    meta = " ".join(str(v) for v in reader.metadata.values())
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert f"bollwerk-report:{report.public_id}" in meta
    for value in inventory.sensitive_values():
        assert value not in meta and value not in xmp
    assert "inventory" in report.download_name and org.slug not in report.download_name


def test_the_cover_contents_and_footer_are_there_in_german(org, inventory):
    report = report_generate_now(organization=org, report_type="inventory", audience="internal")
    text = pdf_text(_bytes(report.file))
    assert "VERTRAULICH" in text and "Inhalt" in text
    assert f"von {report.pages}" in text  # "Seite x von y"
    assert str(report.public_id) in text


def test_the_internal_report_shows_the_real_values(org, inventory):
    report = report_generate_now(organization=org, report_type="inventory", audience="internal")
    text = "".join(pdf_text(_bytes(report.file)).split())
    device = inventory.devices[1]
    for value in (device.ip, device.mac, device.zone, device.firmware):
        assert "".join(value.split()) in text


def test_rendering_twice_is_harmless(org, inventory):
    report = report_generate_now(organization=org, report_type="risk", audience="auditor")
    assert report_render(report_id=report.pk) is None
    assert Report.objects.get(pk=report.pk).sha256 == report.sha256


def test_a_failing_provider_marks_the_report_failed_with_the_error(org):
    from reports import sections

    def broken(ctx):
        raise RuntimeError("source down")

    with sections.temporarily("risk", broken, key="broken"):
        report = report_request(
            organization=org, report_type="risk", audience="auditor", enqueue=False
        )
        with pytest.raises(RuntimeError):
            report_render(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED and "source down" in report.error


def test_a_request_with_an_unknown_type_names_the_field_and_stores_nothing(org):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as err:
        report_request(organization=org, report_type="weather", audience="auditor")
    assert "report_type" in err.value.message_dict
    assert not Report.objects.exists()


def test_the_task_renders_the_queued_report_on_commit(
    org, officer, eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(
            organization=org, report_type="incident", audience="authority", user=officer
        )
    report.refresh_from_db()
    assert report.status == Report.Status.DONE and report.sha256


def test_verify_accepts_the_archived_file_and_rejects_a_changed_copy(org, inventory):
    report = report_generate_now(organization=org, report_type="compliance", audience="auditor")
    data = _bytes(report.file)
    assert report_verify(data=data).valid
    middle = len(data) // 2
    changed = report_verify(data=data[:middle] + bytes([data[middle] ^ 1]) + data[middle + 1 :])
    assert not changed.valid and changed.reason == "the file was changed after generation"
    assert not report_verify(data=b"%PDF-1.7 not ours").valid


def test_download_is_audited_and_release_needs_a_finished_auditor_report(org, inventory):
    report = report_generate_now(organization=org, report_type="risk", audience="authority")
    data, name, media_type = report_download(report=report)
    assert data == _bytes(report.file) and name.endswith(".pdf") and media_type == "application/pdf"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REPORT_DOWNLOADED).count() == 1
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        report_release(report=report)


def test_the_audit_pack_is_pdf_a_3b_with_redacted_text_evidence_and_a_zip_manifest(org, inventory):
    report = report_generate_now(organization=org, report_type="audit_pack", audience="auditor")
    pdf = _bytes(report.file)
    reader = PdfReader(io.BytesIO(pdf))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"pdfaid:part>3<" in xmp or b'pdfaid:part="3"' in xmp
    assert list(reader.attachments) == ["firewall-export.csv"], list(reader.attachments)
    archive = zipfile.ZipFile(io.BytesIO(_bytes(report.bundle)))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["sha256"] == report.sha256
    assert {f["name"] for f in manifest["files"]} == {
        f"{report.download_name}.pdf",
        "evidence/firewall-export.csv",
    }
    assert len(manifest["withheld"]) == 1  # the binary photo is not redactable
    csv = archive.read("evidence/firewall-export.csv").decode()
    assert inventory.devices[0].hostname not in csv and "HOST-" in csv
    assert archive.read(f"{report.download_name}.pdf") == pdf


@pytest.fixture
def signing(settings, tmp_path):
    """A self-signed certificate and key made now, configured for report signing."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Bollwerk test signer")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = tmp_path / "key.pem", tmp_path / "cert.pem"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    settings.BOLLWERK_REPORT_SIGNING_KEY = str(key_path)
    settings.BOLLWERK_REPORT_SIGNING_CERT = str(cert_path)
    return cert_path


def test_a_configured_certificate_signs_the_report_and_the_hash_covers_the_signed_bytes(
    org, signing
):
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    report = report_generate_now(organization=org, report_type="compliance", audience="auditor")
    data = _bytes(report.file)
    assert report.signed and report.sha256 == hashlib.sha256(data).hexdigest()
    _, _, der = pem.unarmor(signing.read_bytes())
    context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(der)])
    signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    status = validate_pdf_signature(signature, context)
    assert status.intact and status.valid and status.coverage.name == "ENTIRE_FILE"
    assert report_verify(data=data).valid


def test_half_a_signing_configuration_is_an_error_naming_the_setting(org, settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.BOLLWERK_REPORT_SIGNING_KEY = "/nonexistent/key.pem"
    report = report_request(organization=org, report_type="risk", audience="auditor", enqueue=False)
    with pytest.raises(ImproperlyConfigured, match="BOLLWERK_REPORT_SIGNING_CERT"):
        report_render(report_id=report.pk)
