"""Unit tests of the nda_lab package; they need NumPy only (torch tests skip without torch)."""
