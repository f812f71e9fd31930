"""Built-in schemes (a plugin like any other)."""
