"""Permissions: ASGI components that let a request through or raise PermissionDenied."""

from lilya.permissions.base import DefinePermission, Permission

__all__ = ["DefinePermission", "Permission"]
