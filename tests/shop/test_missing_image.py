"""Oscar's placeholder image is linked into MEDIA_ROOT by the first request that needs it."""

import os

import pytest
from django.core.exceptions import ImproperlyConfigured

from shop.catalogue.models import SharedMissingImage


def test_the_placeholder_is_linked_into_media_on_first_use(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    image = SharedMissingImage()
    assert os.path.exists(tmp_path / image.name)


def test_a_request_that_loses_the_race_to_link_it_still_succeeds(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path)
    real_symlink = os.symlink

    def another_request_got_there_first(source, target):
        real_symlink(source, target)
        raise FileExistsError(17, "File exists", target)

    monkeypatch.setattr(os, "symlink", another_request_got_there_first)
    image = SharedMissingImage()
    assert os.path.exists(tmp_path / image.name)


def test_a_media_root_it_cannot_write_is_still_reported(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path)

    def read_only(source, target):
        raise PermissionError(13, "Permission denied", target)

    monkeypatch.setattr(os, "symlink", read_only)
    with pytest.raises(ImproperlyConfigured):
        SharedMissingImage()
