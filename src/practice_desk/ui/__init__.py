"""PySide6 widgets. Talks to services only; never to storage, security or reports."""
