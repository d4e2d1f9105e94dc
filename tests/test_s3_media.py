"""Media on S3-compatible object storage (through django-storages; S3 simulated by moto)."""

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from moto import mock_aws

from articles.models import ImageAsset
from tests.conftest import image_bytes

pytestmark = pytest.mark.django_db
BUCKET = "revops-media"


@pytest.fixture
def s3(settings, monkeypatch):
    for name, value in (("AWS_ACCESS_KEY_ID", "test"), ("AWS_SECRET_ACCESS_KEY", "test"),
                        ("AWS_DEFAULT_REGION", "eu-west-3")):  # fmt: skip
        monkeypatch.setenv(name, value)
    with mock_aws():
        client = boto3.client("s3", region_name="eu-west-3")
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"}
        )
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {"bucket_name": BUCKET, "region_name": "eu-west-3",
                            "querystring_auth": False, "file_overwrite": False},
            },
        }  # fmt: skip
        yield client


def test_uploads_and_renditions_live_in_the_bucket(s3, staff_client, make_article, client):
    response = staff_client.post(
        "/admin-markdown/image/", {"image": SimpleUploadedFile("photo.png", image_bytes(1300, 700))}
    )
    assert response.status_code == 200
    asset = ImageAsset.objects.get()
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert f"images/{asset.pk}.png" in keys
    assert {r["name"] for r in asset.renditions} <= keys and len(asset.renditions) >= 6
    make_article(slug="s3", body=f"![Photo]({asset.pk})")
    html = client.get("/blog/s3/").content.decode()
    assert f"https://{BUCKET}.s3.amazonaws.com/renditions/{asset.pk}/" in html
    assert f"https://{BUCKET}.s3.amazonaws.com/images/{asset.pk}.png" in html
