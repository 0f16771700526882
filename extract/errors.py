"""Errors for input that cannot be used at all. Problems inside a usable document are warnings."""


class KotoexError(Exception):
    """Base of kotoex's errors: an input that cannot be processed, with a message for people."""


class InputError(KotoexError):
    """The file cannot be read as a PDF."""


class NotAPdfError(InputError):
    pass


class EmptyPdfError(InputError):
    pass


class EncryptedPdfError(InputError):
    pass


class CorruptPdfError(InputError):
    pass
