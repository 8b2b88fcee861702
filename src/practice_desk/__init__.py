"""Practice Desk: an offline, encrypted practice manager for therapy and coaching."""

__version__ = "0.1.0"
APP_NAME = "Practice Desk"
