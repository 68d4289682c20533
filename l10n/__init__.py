"""l10n — offline translation and localization toolkit for newsrooms."""

__version__ = "0.1.0"
