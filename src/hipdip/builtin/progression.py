"""Built-in progression (a plugin like any other)."""
