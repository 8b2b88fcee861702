"""The encrypted SQLCipher database. Never imports security or reports."""
