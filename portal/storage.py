from django.core.files.storage import FileSystemStorage, Storage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """Files with no URL at all: they are read only through permission-checked views."""

    def url(self, name):
        raise ValueError("This file is not accessible via a URL.")


class StorageAlias(Storage):
    """Whatever storage STORAGES[alias] configures at the moment of use.

    A FileField evaluates its storage once, when models load; going through the alias on every call
    lets the configuration (an S3 bucket in production, a temporary folder in tests) decide.
    """

    def __init__(self, alias: str):
        self.alias = alias

    @property
    def backend(self) -> Storage:
        return storages[self.alias]

    def deconstruct(self):
        return ("portal.storage.StorageAlias", (self.alias,), {})

    # What FieldFile and FileField call; each goes to the storage configured now.
    def generate_filename(self, filename):
        return self.backend.generate_filename(filename)

    def open(self, name, mode="rb"):
        return self.backend.open(name, mode)

    def save(self, name, content, max_length=None):
        return self.backend.save(name, content, max_length=max_length)

    def delete(self, name):
        return self.backend.delete(name)

    def exists(self, name):
        return self.backend.exists(name)

    def size(self, name):
        return self.backend.size(name)

    def path(self, name):
        return self.backend.path(name)

    def url(self, name):
        return self.backend.url(name)
