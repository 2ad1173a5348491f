"""The slide-deck renderer's parts; `pipeline.render_deck.render_deck` is the entry point."""
