"""hipdip's built-in plugins.

Each module here is a plugin written exactly as a third-party one would be:
it implements ``hipdip_register_*`` hooks with :data:`hipdip.hookimpl` and is
registered first by :func:`hipdip.plugins.make_plugin_manager`.
"""
