"""HTML fragments for our pages, rendered from Jinja templates with autoescaping on."""

from .renderer import Renderer

__all__ = ["Renderer"]
