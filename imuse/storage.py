"""Private file storage: uploads and generated documents live outside every public URL
and are served only by views that check the family (or staff)."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    # Read the setting at each use, so tests can point it at a temporary folder.
    @property
    def base_location(self):
        return str(settings.PRIVATE_ROOT)

    @property
    def location(self):
        return str(settings.PRIVATE_ROOT)

    @property
    def base_url(self):
        return None


private_storage = PrivateStorage()
