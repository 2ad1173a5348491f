"""samling: builds a leadership programme's deck, guide, worksheets and poster from one source."""

__version__ = "0.1.0"
