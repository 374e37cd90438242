"""The agreement as a document to sign: the body's template, its preview and the PDF/A."""
