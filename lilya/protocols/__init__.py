"""Structural protocols that user middleware, permissions and auth backends implement."""
