"""A security officer scans loopback: an unknown listener is a finding until the asset exists.

Real nmap against a TCP listener this test opens on 127.0.0.1 (only loopback).
"""

import re
import shutil
import socket
import threading

import pytest
from playwright.sync_api import expect

from bollwerk.celery import app
from bollwerk.checks.models import Finding
from tests.conftest import need

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def eager_tasks():
    """No worker in this test: "run now" executes the task in the server thread."""
    app.set_current()
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def listener():
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                server.accept()[0].close()
            except OSError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(2)
    server.close()


def run_network_scan(page):
    page.goto("/checks/")
    page.get_by_role("button", name="Run network_scan now").click()
    page.wait_for_url(re.compile(r"/checks/runs/\d+/"))
    assert page.get_by_test_id("run-status").inner_text().strip() == "Succeeded"


def test_an_officer_scans_loopback_adds_the_unknown_host_and_sees_the_finding_resolved(
    page, login_as, officer, org, eager_tasks, listener
):
    need(shutil.which("nmap") is not None, "nmap is not installed")
    login_as(officer)
    page.goto("/checks/")
    row = page.locator("tr", has_text="Network scan")
    expect(row.get_by_text("crontab 30 2 * * *")).to_be_visible()

    page.goto("/assets/scans/scopes/new/")
    page.fill("#id_name", "Labor")
    page.fill("#id_networks", "10.0.0.0/24")
    page.fill("#id_ports", str(listener))
    page.get_by_role("button", name="Save").click()
    assert "10.0.0.0/24" in page.locator(".error").first.inner_text()  # outside the allowed list
    page.fill("#id_networks", "127.0.0.1/32")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Scan scope Labor saved.")).to_be_visible()

    run_network_scan(page)
    page.get_by_role("link", name="Host not in the inventory answered the scan").click()
    assert page.get_by_test_id("finding-status").inner_text().strip() == "Open"

    page.goto("/assets/scans/")
    page.locator("table a", has_text="#").first.click()
    hosts = page.locator("#scan-hosts")
    expect(hosts.get_by_text("127.0.0.1")).to_be_visible()
    expect(hosts.get_by_text(f"{listener}/tcp")).to_be_visible()
    expect(page.locator("#scan-findings").get_by_text("unknown_host")).to_be_visible()

    page.goto("/assets/new/")
    page.fill("#id_name", "Labor-Server")
    page.select_option("#id_kind", "server")
    page.select_option("#id_asset_class", "it")
    page.fill("#id_ip_addresses", "127.0.0.1")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/assets/\d+/"))

    run_network_scan(page)
    expect(page.get_by_text("scan_findings_resolved: 1")).to_be_visible()
    page.goto("/checks/findings/?status=resolved")
    page.get_by_role("link", name="Host not in the inventory answered the scan").click()
    assert page.get_by_test_id("finding-status").inner_text().strip() == "Resolved"
    assert not Finding.objects.exclude(status=Finding.Status.RESOLVED).exists()
