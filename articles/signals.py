"""Signals of the articles app."""

import django.dispatch

# Sent after an ImageAsset is saved, so that stored HTML that embeds it can be refreshed.
image_asset_changed = django.dispatch.Signal()
