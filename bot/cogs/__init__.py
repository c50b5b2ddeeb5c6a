"""One cog per concern; each is thin: validate, call bot.actions, send the Reply."""
