"""Where documents are stored: a folder by default, an S3-compatible bucket by configuration."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from django.conf import settings

SHOW_STORAGE = (
    "import json; from config.settings import base; "
    "d = base.STORAGES['default']; "
    "options = {k: str(v) for k, v in d['OPTIONS'].items()}; "
    "print(json.dumps({'backend': d['BACKEND'], 'options': options, "
    "'media_url': getattr(base, 'MEDIA_URL', None)}))"
)


def _storage_with(**environment) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONTINUUM_DOCUMENTS_S3")}
    env.update(environment)
    done = subprocess.run(
        [sys.executable, "-c", SHOW_STORAGE],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def test_documents_go_to_a_folder_under_the_var_dir_by_default(tmp_path):
    storage = _storage_with(CONTINUUM_VAR_DIR=str(tmp_path))
    assert storage["backend"] == "django.core.files.storage.FileSystemStorage"
    assert storage["options"]["location"] == str(tmp_path / "media")
    assert storage["media_url"] is None  # no public URL serves uploaded files


def test_a_bucket_puts_documents_in_a_private_s3_compatible_store():
    storage = _storage_with(
        CONTINUUM_DOCUMENTS_S3_BUCKET="continuum-documents",
        CONTINUUM_DOCUMENTS_S3_ENDPOINT_URL="https://minio.example.gov",
    )
    assert storage["backend"] == "storages.backends.s3.S3Storage"
    assert storage["options"]["bucket_name"] == "continuum-documents"
    assert storage["options"]["endpoint_url"] == "https://minio.example.gov"
    assert storage["options"]["default_acl"] == "private"
    assert storage["options"]["file_overwrite"] == "False"


def test_the_s3_backend_can_be_built_without_a_network():
    from storages.backends.s3 import S3Storage

    store = S3Storage(bucket_name="continuum-documents", endpoint_url="https://minio.example.gov")
    assert store.bucket_name == "continuum-documents"
