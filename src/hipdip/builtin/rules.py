"""Built-in rules (a plugin like any other)."""
