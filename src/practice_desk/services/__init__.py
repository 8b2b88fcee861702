"""Use cases and transaction boundaries. The only layer that combines storage, security and
reports; the UI and the CLI talk to this layer alone."""
