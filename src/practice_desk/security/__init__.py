"""Keys: Argon2id, the wrapped-key file, and the OS keychain. Never imports storage or reports."""
