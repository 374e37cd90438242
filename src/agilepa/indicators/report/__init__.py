"""The PIAO section 3.2 report of a body and a year: its contents and charts, the page and
the downloads (PDF/A, DOCX, XLSX)."""
