"""Layer 1: PDF → positioned words, drawn rules and fills, text lines and table cells."""
from .errors import CorruptPdfError, EmptyPdfError, EncryptedPdfError, InputError, KotoexError, NotAPdfError
from .pdf import Fill, Page, Rule, Word, file_sha256, iter_pages, open_document

__all__ = ["CorruptPdfError", "EmptyPdfError", "EncryptedPdfError", "InputError", "KotoexError", "NotAPdfError",
           "Fill", "Page", "Rule", "Word", "file_sha256", "iter_pages", "open_document"]
