"""imr-desk: a review workstation for California IMR Final Determination letters."""

__version__ = "0.1.0"
