"""Pure rules and entities. Imports only the standard library."""
