"""The folder import task: runs the service, and a second run imports nothing again."""

import pytest

from assets.advisories.models import Advisory
from assets.advisories.tasks import import_advisories_folder_task
from tests.assets.advisories.builders import osv, write

pytestmark = pytest.mark.django_db


def test_the_task_imports_a_folder_once(tmp_path):
    write(tmp_path, "a.json", osv())
    first = import_advisories_folder_task.apply(args=[str(tmp_path)]).get()
    second = import_advisories_folder_task.apply(args=[str(tmp_path)]).get()
    assert (first["imported"], second["imported"], second["skipped"]) == (1, 0, 0)
    assert Advisory.objects.count() == 1
