"""The Discord bot: slash commands over the retrieval core."""
