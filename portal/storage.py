from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """Files with no URL at all: they are read only through permission-checked views."""

    def url(self, name):
        raise ValueError("This file is not accessible via a URL.")
